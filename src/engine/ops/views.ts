// View ops: results share storage with their input (strided views), as in PyTorch.
import { record } from '../autograd/record';
import { legacyTypeName } from '../dtype';
import { notifyOp } from '../autograd/observers';
import { TorchError } from '../errors';
import { inferSize, numel, shapeStr, wrapDim } from '../shape';
import { copyData, viewOf } from '../storage';
import { Tensor } from '../tensor';

/** `a.transpose(d0, d1)`. e.g. `transpose(x, 0, 1)` */
export function transpose(a: Tensor, dim0: number, dim1: number): Tensor {
  notifyOp('transpose');
  const n = a.ndim;
  const d0 = wrapDim(dim0, n, 'transpose');
  const d1 = wrapDim(dim1, n, 'transpose');
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  if (n > 0) {
    [shape[d0], shape[d1]] = [shape[d1], shape[d0]];
    [strides[d0], strides[d1]] = [strides[d1], strides[d0]];
  }
  return record('TransposeBackward0', [a], [viewOf(a, shape, strides, a.offset)], [], { dim0: d0, dim1: d1 });
}

/**
 * `transpose_(d0, d1)` as ATen's RNN/GRU apply it to their fresh output (batch_first): the same
 * view as `transpose`, under PyTorch's in-place node name `TransposeBackward1`.
 */
export function transposeInPlaceResult(a: Tensor, dim0: number, dim1: number): Tensor {
  const d0 = wrapDim(dim0, a.ndim, 'transpose_');
  const d1 = wrapDim(dim1, a.ndim, 'transpose_');
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  [shape[d0], shape[d1]] = [shape[d1], shape[d0]];
  [strides[d0], strides[d1]] = [strides[d1], strides[d0]];
  return record('TransposeBackward1', [a], [viewOf(a, shape, strides, a.offset)], [], { dim0: d0, dim1: d1 });
}

/** `a.t()`: transpose of a tensor of at most 2 dims. e.g. `t(w)` */
export function t(a: Tensor): Tensor {
  notifyOp('t');
  if (a.ndim > 2) {
    throw new TorchError(`t() expects a tensor with <= 2 dimensions, but self is ${a.ndim}D`, { kind: 'dim', op: 't', pyType: 'RuntimeError' });
  }
  const two = a.ndim === 2;
  const shape = two ? [a.shape[1], a.shape[0]] : a.shape.slice();
  const strides = two ? [a.strides[1], a.strides[0]] : a.strides.slice();
  return record('TBackward0', [a], [viewOf(a, shape, strides, a.offset)]);
}

/** `a.permute(dims)`. e.g. `permute(x, [1, 0, 2])` */
export function permute(a: Tensor, dims: readonly number[]): Tensor {
  notifyOp('permute');
  const n = a.ndim;
  if (dims.length !== n) {
    throw new TorchError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${n} is not equal to len(dims) = ${dims.length}`,
      { kind: 'shape', op: 'permute' },
    );
  }
  const ds = dims.map((d) => wrapDim(d, n, 'permute'));
  if (new Set(ds).size !== n) throw new TorchError('permute(): duplicate dims are not allowed.', { kind: 'dim', op: 'permute', pyType: 'RuntimeError' });
  const out = viewOf(
    a,
    ds.map((d) => a.shape[d]),
    ds.map((d) => a.strides[d]),
    a.offset,
  );
  return record('PermuteBackward0', [a], [out], [], { dims: ds });
}

/** `a.expand(*sizes)`; -1 keeps a size. e.g. `expand(x, [3, 4])` */
export function expand(a: Tensor, sizes: readonly number[]): Tensor {
  notifyOp('expand');
  const n = sizes.length;
  if (n < a.ndim) {
    throw new TorchError(
      `expand(${legacyTypeName(a.dtype)}{${shapeStr(a.shape)}}, size=${shapeStr(sizes)}): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${a.ndim})`,
      { kind: 'shape', op: 'expand', shapes: [a.shape.slice(), sizes.slice()] },
    );
  }
  const shape = new Array<number>(n);
  const strides = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const ai = i - (n - a.ndim);
    const want = sizes[i];
    if (ai < 0) {
      if (want < 0) {
        throw new TorchError(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`, {
          kind: 'shape',
          op: 'expand',
        });
      }
      shape[i] = want;
      strides[i] = 0;
      continue;
    }
    const have = a.shape[ai];
    if (want === -1 || want === have) {
      shape[i] = have;
      strides[i] = a.strides[ai];
    } else if (have === 1) {
      shape[i] = want;
      strides[i] = 0;
    } else {
      throw new TorchError(
        `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${shapeStr(sizes)}.  Tensor sizes: ${shapeStr(a.shape)}`,
        { kind: 'shape', op: 'expand', shapes: [a.shape.slice(), sizes.slice()] },
      );
    }
  }
  return record('ExpandBackward0', [a], [viewOf(a, shape, strides, a.offset)]);
}

/**
 * Strides for viewing (shape, strides) as `newShape` without copying, or null (ATen's computeStride).
 */
export function viewStrides(shape: readonly number[], strides: readonly number[], newShape: readonly number[]): number[] | null {
  const total = numel(shape);
  const out = new Array<number>(newShape.length);
  if (total === 0) return shape.length === newShape.length && shape.every((d, i) => d === newShape[i]) ? strides.slice() : contiguousOf(newShape);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}

function contiguousOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** `a.view(*shape)`: a view with another shape, or PyTorch's error when strides forbid it. e.g. `view(x, [3, 2])` */
export function view(a: Tensor, shape: readonly number[]): Tensor {
  notifyOp('view');
  const size = inferSize(shape, a.numel(), 'view');
  const strides = viewStrides(a.shape, a.strides, size);
  if (strides === null) {
    throw new TorchError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
      { kind: 'shape', op: 'view', shapes: [a.shape.slice(), size] },
    );
  }
  return record('ViewBackward0', [a], [viewOf(a, size, strides, a.offset)]);
}

/** `a.reshape(*shape)`: a view when strides allow, otherwise a copy. e.g. `reshape(x, [-1])` */
export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  notifyOp('reshape');
  const size = inferSize(shape, a.numel(), 'reshape');
  const strides = viewStrides(a.shape, a.strides, size);
  if (strides !== null) return record('ReshapeAliasBackward0', [a], [viewOf(a, size, strides, a.offset)]);
  return unsafeView(clone(a), size);
}

/** `torch._unsafe_view`: a view of a fresh contiguous tensor, named as PyTorch names it. */
export function unsafeView(a: Tensor, size: number[]): Tensor {
  const out = viewOf(a, size, contiguousOf(size), a.offset);
  out.base = null;
  return record('UnsafeViewBackward0', [a], [out]);
}

/** `a.clone()`: a contiguous copy that keeps the graph. e.g. `clone(x)` */
export function clone(a: Tensor): Tensor {
  notifyOp('clone');
  return record('CloneBackward0', [a], [new Tensor(copyData(a), a.shape.slice(), a.dtype)]);
}

/** `a.contiguous()`: `a` itself when already contiguous, else a copy. e.g. `contiguous(x.t())` */
export function contiguous(a: Tensor): Tensor {
  return a.isContiguous() ? a : clone(a);
}

/** `a.unsqueeze(dim)`. e.g. `unsqueeze(x, 0)` */
export function unsqueeze(a: Tensor, dim: number): Tensor {
  notifyOp('unsqueeze');
  const d = wrapDim(dim, a.ndim + 1, 'unsqueeze');
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  const stride = d < a.ndim ? a.shape[d] * a.strides[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  return record('UnsqueezeBackward0', [a], [viewOf(a, shape, strides, a.offset)], [], { dim: d });
}

/** `a.squeeze()` (all size-1 dims) or `a.squeeze(dim)`. e.g. `squeeze(x, 1)` */
export function squeeze(a: Tensor, dim?: number): Tensor {
  notifyOp('squeeze');
  if (dim === undefined) {
    const keep = a.shape.map((s) => s !== 1);
    const out = viewOf(
      a,
      a.shape.filter((_, i) => keep[i]),
      a.strides.filter((_, i) => keep[i]),
      a.offset,
    );
    return record('SqueezeBackward0', [a], [out]);
  }
  const d = wrapDim(dim, a.ndim, 'squeeze');
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  if (a.ndim > 0 && shape[d] === 1) {
    shape.splice(d, 1);
    strides.splice(d, 1);
  }
  return record('SqueezeBackward1', [a], [viewOf(a, shape, strides, a.offset)], [], { dim: d });
}

/** `squeeze_(dim)` as matmul uses it on its fresh result: same view, PyTorch's in-place node name. */
export function squeezeInPlaceResult(a: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, a.ndim, 'squeeze_');
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  shape.splice(d, 1);
  strides.splice(d, 1);
  return record('SqueezeBackward3', [a], [viewOf(a, shape, strides, a.offset)], [], { dim: d });
}

/** `a.select(dim, index)`, what `a[i]` does. e.g. `select(x, 0, -1)` */
export function select(a: Tensor, dim: number, index: number): Tensor {
  notifyOp('select');
  if (a.ndim === 0) throw new TorchError('select() cannot be applied to a 0-dim tensor.', { kind: 'dim', op: 'select' });
  const d = wrapDim(dim, a.ndim, 'select');
  const size = a.shape[d];
  if (index < -size || index >= size) {
    throw new TorchError(`select(): index ${index} out of range for tensor of size ${shapeStr(a.shape)} at dimension ${d}`, {
      kind: 'index',
      op: 'select',
    });
  }
  const i = index < 0 ? index + size : index;
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  shape.splice(d, 1);
  strides.splice(d, 1);
  return record('SelectBackward0', [a], [viewOf(a, shape, strides, a.offset + i * a.strides[d])], [], { dim: d, index: i });
}

/** `a[start:end:step]` along `dim` (Python slice semantics, clamped). e.g. `slice(x, 1, 0, null, 2)` */
export function slice(a: Tensor, dim: number, start: number | null = null, end: number | null = null, step = 1): Tensor {
  notifyOp('slice');
  const d = wrapDim(dim, a.ndim, 'slice');
  if (step <= 0) throw new TorchError('step must be greater than zero', { kind: 'value', op: 'slice', pyType: 'ValueError' });
  const size = a.shape[d];
  const clampIdx = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    const w = v < 0 ? v + size : v;
    return Math.min(Math.max(w, 0), size);
  };
  const s = clampIdx(start, 0);
  const e = Math.max(clampIdx(end, size), s);
  const len = Math.ceil((e - s) / step);
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  shape[d] = len;
  strides[d] = a.strides[d] * step;
  return record('SliceBackward0', [a], [viewOf(a, shape, strides, a.offset + s * a.strides[d])], [], {
    dim: d,
    start: s,
    end: e,
    step,
  });
}

/** `a.narrow(dim, start, length)`. e.g. `narrow(x, 0, 1, 2)` */
export function narrow(a: Tensor, dim: number, start: number, length: number): Tensor {
  if (a.ndim === 0) throw new TorchError('narrow() cannot be applied to a 0-dim tensor.', { kind: 'dim', op: 'narrow', pyType: 'RuntimeError' });
  const d = wrapDim(dim, a.ndim, 'narrow');
  const size = a.shape[d];
  const s = start === size ? start : wrapDim(start, size, 'narrow');
  if (length < 0 || s > size - length) {
    throw new TorchError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`, { kind: 'shape', op: 'narrow' });
  }
  return slice(a, d, s, s + length, 1);
}

/** `torch.unbind(a, dim)`: the slices along `dim`, all outputs of one UnbindBackward0. e.g. `unbind(x, 0)` */
export function unbind(a: Tensor, dim = 0): Tensor[] {
  notifyOp('unbind');
  const d = wrapDim(dim, a.ndim, 'unbind');
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  shape.splice(d, 1);
  strides.splice(d, 1);
  const outs: Tensor[] = [];
  for (let i = 0; i < a.shape[d]; i++) outs.push(viewOf(a, shape.slice(), strides.slice(), a.offset + i * a.strides[d]));
  record('UnbindBackward0', [a], outs, [], { dim: d });
  return outs;
}

/** `a.detach()`: shares storage, leaves the graph. e.g. `h = h.detach()` */
export function detach(a: Tensor): Tensor {
  const out = viewOf(a, a.shape.slice(), a.strides.slice(), a.offset);
  out.base = null; // shares storage and version counter, but PyTorch does not count it as a view
  return out;
}

/** `a.flatten(start, end)`. e.g. `flatten(x)` */
export function flatten(a: Tensor, startDim = 0, endDim = -1): Tensor {
  if (a.ndim === 0) return reshape(a, [1]);
  const s = wrapDim(startDim, a.ndim, 'flatten');
  const e = wrapDim(endDim, a.ndim, 'flatten');
  if (s === e) return a;
  const shape = [...a.shape.slice(0, s), numel(a.shape.slice(s, e + 1)), ...a.shape.slice(e + 1)];
  return reshape(a, shape);
}
