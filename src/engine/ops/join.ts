// Joining and splitting: cat, stack, split, chunk (and the unsafe_split LSTM/GRU cells use).
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import { allocate, promoteTypes } from '../dtype';
import { TorchError } from '../errors';
import { numel, shapeStr, wrapDim } from '../shape';
import { contiguousData, viewOf } from '../storage';
import { Tensor } from '../tensor';

function rawCat(tensors: readonly Tensor[], d: number, op: string): Tensor {
  const ref = tensors[0];
  const shape = ref.shape.slice();
  let total = 0;
  let dtype = ref.dtype;
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.ndim !== ref.ndim) {
      throw new TorchError(
        `Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`,
        { kind: 'shape', op, shapes: tensors.map((x) => x.shape.slice()) },
      );
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new TorchError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list.`,
          { kind: 'shape', op, shapes: tensors.map((x) => x.shape.slice()) },
        );
      }
    }
    total += t.shape[d];
    dtype = promoteTypes(dtype, t.dtype);
  }
  shape[d] = total;
  let outer = 1;
  for (let k = 0; k < d; k++) outer *= shape[k];
  let inner = 1;
  for (let k = d + 1; k < shape.length; k++) inner *= shape[k];
  const out = allocate(dtype, numel(shape));
  const rowLen = total * inner;
  let col = 0;
  for (const t of tensors) {
    const src = contiguousData(t);
    const len = t.shape[d] * inner;
    for (let o = 0; o < outer; o++) {
      const from = o * len;
      const to = o * rowLen + col;
      for (let j = 0; j < len; j++) out[to + j] = src[from + j];
    }
    col += len;
  }
  return new Tensor(out, shape, dtype);
}

/** `torch.cat(tensors, dim)`. e.g. `cat([a, b], 0)` */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  notifyOp('cat');
  if (tensors.length === 0) throw new TorchError('torch.cat(): expected a non-empty list of Tensors', { kind: 'value', op: 'cat', pyType: 'RuntimeError' });
  const d = wrapDim(dim, tensors[0].ndim, 'cat');
  const out = rawCat(tensors, d, 'cat');
  return record('CatBackward0', tensors, [out], [], { dim: d, sizes: tensors.map((t) => t.shape[d]) });
}

/** `torch.stack(tensors, dim)`. e.g. `stack(outputs, 0)` */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  notifyOp('stack');
  if (tensors.length === 0) throw new TorchError('stack expects a non-empty TensorList', { kind: 'value', op: 'stack', pyType: 'RuntimeError' });
  const ref = tensors[0];
  const d = wrapDim(dim, ref.ndim + 1, 'stack');
  for (let i = 1; i < tensors.length; i++) {
    const s = tensors[i].shape;
    if (s.length !== ref.ndim || s.some((v, k) => v !== ref.shape[k])) {
      throw new TorchError(
        `stack expects each tensor to be equal size, but got ${shapeStr(ref.shape)} at entry 0 and ${shapeStr(s)} at entry ${i}`,
        { kind: 'shape', op: 'stack', shapes: tensors.map((x) => x.shape.slice()) },
      );
    }
  }
  const expanded = tensors.map((t) => {
    const shape = t.shape.slice();
    shape.splice(d, 0, 1);
    return new Tensor(contiguousData(t), shape, t.dtype);
  });
  const out = rawCat(expanded, d, 'stack');
  return record('StackBackward0', tensors, [out], [], { dim: d });
}

function splitSizesOf(size: number, splitSize: number): number[] {
  const sizes: number[] = [];
  for (let s = 0; s < size; s += splitSize) sizes.push(Math.min(splitSize, size - s));
  if (sizes.length === 0) sizes.push(0);
  return sizes;
}

function splitViews(a: Tensor, sizes: readonly number[], d: number): Tensor[] {
  const outs: Tensor[] = [];
  let start = 0;
  for (const len of sizes) {
    const shape = a.shape.slice();
    shape[d] = len;
    outs.push(viewOf(a, shape, a.strides.slice(), a.offset + start * a.strides[d]));
    start += len;
  }
  return outs;
}

/** `torch.split(a, splitSize | sizes, dim)`. e.g. `split(x, 2, 0)` */
export function split(a: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  notifyOp('split');
  const d = wrapDim(dim, a.ndim, 'split');
  if (typeof splitSize === 'number') {
    const sizes = splitSizesOf(a.shape[d], splitSize);
    const outs = splitViews(a, sizes, d);
    record('SplitBackward0', [a], outs, [], { dim: d, sizes });
    return outs;
  }
  const total = splitSize.reduce((x, y) => x + y, 0);
  if (total !== a.shape[d]) {
    throw new TorchError(
      `split_with_sizes expects split_sizes to sum exactly to ${a.shape[d]} (input tensor's size at dimension ${d}), but got split_sizes=${shapeStr(splitSize)}`,
      { kind: 'shape', op: 'split' },
    );
  }
  const outs = splitViews(a, splitSize, d);
  record('SplitWithSizesBackward0', [a], outs, [], { dim: d, sizes: splitSize.slice() });
  return outs;
}

/** `torch.chunk(a, chunks, dim)`. e.g. `chunk(gates, 4, 1)` */
export function chunk(a: Tensor, chunks: number, dim = 0): Tensor[] {
  const d = wrapDim(dim, a.ndim, 'chunk');
  return split(a, Math.ceil(a.shape[d] / chunks), d);
}

/** `torch.unsafe_split`, what PyTorch's LSTM/GRU cells use (grad_fn `UnsafeSplitBackward0`). */
export function unsafeSplit(a: Tensor, splitSize: number, dim = 0): Tensor[] {
  notifyOp('unsafe_split');
  const d = wrapDim(dim, a.ndim, 'unsafe_split');
  const sizes = splitSizesOf(a.shape[d], splitSize);
  const outs = splitViews(a, sizes, d);
  record('UnsafeSplitBackward0', [a], outs, [], { dim: d, sizes });
  return outs;
}

/** `torch.unsafe_chunk`. e.g. `unsafeChunk(gates, 4, 1)` */
export function unsafeChunk(a: Tensor, chunks: number, dim = 0): Tensor[] {
  const d = wrapDim(dim, a.ndim, 'unsafe_chunk');
  return unsafeSplit(a, Math.ceil(a.shape[d] / chunks), d);
}
