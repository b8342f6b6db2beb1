// Ops whose every output element is one input element (or a fill value): repeat, tile, flip,
// roll, tril, triu, gather, index_select, masked_select, F.pad (constant), plus F.one_hot.
// Each builds a map from output position to input position (-1 = fill); the backward of all of
// them adds the gradient back through that map, as PyTorch's scatter/index_add/sum-over-tiles do.
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import type { GradFnName } from '../autograd/formulas';
import { allocate, castValue } from '../dtype';
import { TorchError } from '../errors';
import { broadcastShapes, contiguousStrides, numel, wrapDim } from '../shape';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';
import { expand } from './views';

/** Builds the output from the input through `map` and records `name` with the map saved. */
function mapped(name: GradFnName, op: string, a: Tensor, shape: number[], map: Int32Array, fill = 0): Tensor {
  notifyOp(op);
  const x = contiguousData(a);
  const out = allocate(a.dtype, map.length);
  const f = castValue(a.dtype, fill);
  for (let i = 0; i < map.length; i++) out[i] = map[i] < 0 ? f : x[map[i]];
  const t = new Tensor(out, shape, a.dtype);
  return record(name, [a], [t], [], { map: Array.from(map) });
}

/** Iterates the multi-indices of `shape` in row-major order. */
function forEachIndex(shape: readonly number[], fn: (idx: number[], flat: number) => void): void {
  const n = numel(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    fn(idx, flat);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

/** `a.repeat(*reps)`. e.g. `repeat(x, [2, 3])` */
export function repeat(a: Tensor, reps: readonly number[]): Tensor {
  if (reps.length < a.ndim) {
    throw new TorchError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor', { kind: 'shape', op: 'repeat', pyType: 'RuntimeError' });
  }
  const lead = reps.length - a.ndim;
  const inShape = [...new Array<number>(lead).fill(1), ...a.shape];
  const shape = inShape.map((s, d) => s * reps[d]);
  const strides = contiguousStrides(inShape);
  const map = new Int32Array(numel(shape));
  forEachIndex(shape, (idx, flat) => {
    let p = 0;
    for (let d = 0; d < idx.length; d++) p += (idx[d] % inShape[d]) * strides[d];
    map[flat] = p;
  });
  return mapped('RepeatBackward0', 'repeat', a, shape, map);
}

/** `torch.tile(a, reps)`: repeat with reps padded by leading ones. */
export function tile(a: Tensor, reps: readonly number[]): Tensor {
  const r = reps.length < a.ndim ? [...new Array<number>(a.ndim - reps.length).fill(1), ...reps] : reps;
  return repeat(a, r);
}

/** `torch.flip(a, dims)`. */
export function flip(a: Tensor, dims: readonly number[]): Tensor {
  const flipped = new Array<boolean>(a.ndim).fill(false);
  for (const d of dims) {
    const w = wrapDim(d, a.ndim, 'flip');
    if (flipped[w]) throw new TorchError(`dims has duplicates, original flip dims size=${dims.length}, but unique flip dims size=${new Set(dims.map((x) => wrapDim(x, a.ndim))).size}`, { kind: 'dim', op: 'flip', pyType: 'RuntimeError' });
    flipped[w] = true;
  }
  const strides = contiguousStrides(a.shape);
  const map = new Int32Array(a.numel());
  forEachIndex(a.shape, (idx, flat) => {
    let p = 0;
    for (let d = 0; d < idx.length; d++) p += (flipped[d] ? a.shape[d] - 1 - idx[d] : idx[d]) * strides[d];
    map[flat] = p;
  });
  return mapped('FlipBackward0', 'flip', a, a.shape.slice(), map);
}

/** `torch.roll(a, shifts, dims)`; without dims the flattened tensor is rolled. */
export function roll(a: Tensor, shifts: number | readonly number[], dims: number | readonly number[] | null = null): Tensor {
  const sh = typeof shifts === 'number' ? [shifts] : shifts;
  const n = a.numel();
  const map = new Int32Array(n);
  if (dims === null || (Array.isArray(dims) && dims.length === 0)) {
    if (sh.length !== 1) throw new TorchError('shifts and dimensions must align. shifts: ' + sh.length + ', dims:0', { kind: 'value', op: 'roll', pyType: 'RuntimeError' });
    for (let i = 0; i < n; i++) map[i] = (((i - sh[0]) % n) + n) % n;
    return mapped('RollBackward0', 'roll', a, a.shape.slice(), map);
  }
  const ds = (typeof dims === 'number' ? [dims] : dims).map((d) => wrapDim(d, a.ndim, 'roll'));
  if (ds.length !== sh.length) throw new TorchError(`shifts and dimensions must align. shifts: ${sh.length}, dims:${ds.length}`, { kind: 'value', op: 'roll', pyType: 'RuntimeError' });
  const shift = new Array<number>(a.ndim).fill(0);
  ds.forEach((d, i) => (shift[d] += sh[i]));
  const strides = contiguousStrides(a.shape);
  forEachIndex(a.shape, (idx, flat) => {
    let p = 0;
    for (let d = 0; d < idx.length; d++) {
      const s = a.shape[d];
      p += ((((idx[d] - shift[d]) % s) + s) % s) * strides[d];
    }
    map[flat] = p;
  });
  return mapped('RollBackward0', 'roll', a, a.shape.slice(), map);
}

function triangle(a: Tensor, k: number, lower: boolean): Tensor {
  const op = lower ? 'tril' : 'triu';
  if (a.ndim < 2) throw new TorchError(`${op}: input tensor must have at least 2 dimensions`, { kind: 'shape', op, pyType: 'RuntimeError' });
  const map = new Int32Array(a.numel());
  const r = a.ndim - 2;
  forEachIndex(a.shape, (idx, flat) => {
    const diff = idx[r + 1] - idx[r];
    map[flat] = (lower ? diff <= k : diff >= k) ? flat : -1;
  });
  return mapped(lower ? 'TrilBackward0' : 'TriuBackward0', op, a, a.shape.slice(), map);
}

/** `torch.tril(a, diagonal=0)`. */
export function tril(a: Tensor, diagonal = 0): Tensor {
  return triangle(a, diagonal, true);
}

/** `torch.triu(a, diagonal=0)`. */
export function triu(a: Tensor, diagonal = 0): Tensor {
  return triangle(a, diagonal, false);
}

function checkIndex(op: string, index: Tensor): void {
  if (index.dtype !== 'int64') throw new TorchError(`${op}(): Expected dtype int64 for index`, { kind: 'dtype', op, pyType: 'RuntimeError' });
}

/** `torch.gather(a, dim, index)`. */
export function gather(a: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex('gather', index);
  const d = wrapDim(dim, Math.max(a.ndim, 1), 'gather');
  if (index.ndim !== a.ndim) throw new TorchError('Index tensor must have the same number of dimensions as input tensor', { kind: 'shape', op: 'gather', pyType: 'RuntimeError' });
  for (let k = 0; k < a.ndim; k++) {
    if (k !== d && index.shape[k] > a.shape[k]) {
      throw new TorchError(`Size does not match at dimension ${k} expected index [${index.shape.join(', ')}] to be smaller than self [${a.shape.join(', ')}] apart from dimension ${d}`, { kind: 'shape', op: 'gather', pyType: 'RuntimeError' });
    }
  }
  const ix = contiguousData(index);
  const strides = contiguousStrides(a.shape);
  const map = new Int32Array(index.numel());
  forEachIndex(index.shape, (idx, flat) => {
    const v = ix[flat];
    if (v < 0 || v >= a.shape[d]) throw new TorchError(`index ${v} is out of bounds for dimension ${d} with size ${a.shape[d]}`, { kind: 'index', op: 'gather', pyType: 'RuntimeError' });
    let p = 0;
    for (let k = 0; k < idx.length; k++) p += (k === d ? v : idx[k]) * strides[k];
    map[flat] = p;
  });
  return mapped('GatherBackward0', 'gather', a, index.shape.slice(), map);
}

/** `torch.index_select(a, dim, index)`. */
export function indexSelect(a: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex('index_select', index);
  if (index.ndim > 1) throw new TorchError('index_select(): Index is supposed to be a vector', { kind: 'shape', op: 'index_select', pyType: 'IndexError' });
  const d = wrapDim(dim, Math.max(a.ndim, 1), 'index_select');
  const ix = contiguousData(index);
  const shape = a.shape.slice();
  if (a.ndim > 0) shape[d] = ix.length;
  const strides = contiguousStrides(a.shape);
  const map = new Int32Array(numel(shape));
  forEachIndex(shape, (idx, flat) => {
    let p = 0;
    for (let k = 0; k < idx.length; k++) {
      if (k !== d) {
        p += idx[k] * strides[k];
        continue;
      }
      let v = ix[idx[k]];
      if (v < -a.shape[d] || v >= a.shape[d]) throw new TorchError(`index out of range in self`, { kind: 'index', op: 'index_select', pyType: 'IndexError' });
      if (v < 0) v += a.shape[d];
      p += v * strides[k];
    }
    map[flat] = p;
  });
  return mapped('IndexSelectBackward0', 'index_select', a, shape, map);
}

/** `torch.masked_select(a, mask)`: the elements where the (broadcast) mask is true, as 1-D. */
export function maskedSelect(a: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new TorchError(`masked_select: expected BoolTensor for mask`, { kind: 'dtype', op: 'masked_select', pyType: 'RuntimeError' });
  const shape = broadcastShapes(a.shape, mask.shape, 'masked_select');
  const m = contiguousData(expand(mask, shape));
  const aStrides = a.shape.length === 0 ? [] : contiguousStrides(a.shape);
  const lead = shape.length - a.ndim;
  const picks: number[] = [];
  forEachIndex(shape, (idx, flat) => {
    if (!m[flat]) return;
    let p = 0;
    for (let k = 0; k < a.ndim; k++) p += (a.shape[k] === 1 ? 0 : idx[k + lead]) * aStrides[k];
    picks.push(p);
  });
  return mapped('MaskedSelectBackward0', 'masked_select', a, [picks.length], Int32Array.from(picks));
}

/** `a[mask]` for a bool mask over a's leading dims: the selected rows, stacked (IndexBackward0). */
export function boolMaskIndex(a: Tensor, mask: Tensor): Tensor {
  for (let d = 0; d < mask.ndim; d++) {
    if (d >= a.ndim || mask.shape[d] !== a.shape[d]) {
      throw new TorchError(`The shape of the mask [${mask.shape.join(', ')}] at index ${d} does not match the shape of the indexed tensor [${a.shape.join(', ')}] at index ${d}`, { kind: 'index', op: 'index', pyType: 'IndexError' });
    }
  }
  const m = contiguousData(mask);
  const inner = numel(a.shape.slice(mask.ndim));
  const picks: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i]) for (let j = 0; j < inner; j++) picks.push(i * inner + j);
  return mapped('IndexBackward0', 'index', a, [picks.length / Math.max(inner, 1), ...a.shape.slice(mask.ndim)], Int32Array.from(picks));
}

/** `F.pad(a, pad, mode='constant', value=0)`: pads (left, right) pairs from the last dim back. */
export function pad(a: Tensor, pads: readonly number[], value = 0): Tensor {
  if (pads.length % 2 !== 0) throw new TorchError('Padding length must be divisible by 2', { kind: 'value', op: 'pad', pyType: 'RuntimeError' });
  if (pads.length / 2 > a.ndim) throw new TorchError('Padding length too large', { kind: 'value', op: 'pad', pyType: 'RuntimeError' });
  const before = new Array<number>(a.ndim).fill(0);
  const shape = a.shape.slice();
  for (let i = 0; i < pads.length / 2; i++) {
    const d = a.ndim - 1 - i;
    before[d] = pads[2 * i];
    shape[d] += pads[2 * i] + pads[2 * i + 1];
    if (shape[d] < 0) throw new TorchError(`The input size ${a.shape[d]}, plus negative padding ${pads[2 * i]} and ${pads[2 * i + 1]} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`, { kind: 'value', op: 'pad', pyType: 'RuntimeError' });
  }
  const strides = contiguousStrides(a.shape);
  const map = new Int32Array(numel(shape));
  forEachIndex(shape, (idx, flat) => {
    let p = 0;
    for (let d = 0; d < idx.length; d++) {
      const j = idx[d] - before[d];
      if (j < 0 || j >= a.shape[d]) {
        p = -1;
        break;
      }
      p += j * strides[d];
    }
    map[flat] = p;
  });
  return mapped('ConstantPadNdBackward0', 'constant_pad_nd', a, shape, map, value);
}

/** `F.one_hot(index, num_classes=-1)`: int64, no gradient. */
export function oneHot(index: Tensor, numClasses = -1): Tensor {
  if (index.dtype !== 'int64') throw new TorchError('one_hot is only applicable to index tensor.', { kind: 'dtype', op: 'one_hot', pyType: 'RuntimeError' });
  const ix = contiguousData(index);
  let n = numClasses;
  if (n === -1) {
    if (ix.length === 0) throw new TorchError('Can not infer total number of classes from empty tensor.', { kind: 'value', op: 'one_hot', pyType: 'RuntimeError' });
    n = 0;
    for (const v of ix) n = Math.max(n, v + 1);
  }
  const out = allocate('int64', ix.length * n);
  for (let i = 0; i < ix.length; i++) {
    if (ix[i] < 0) throw new TorchError('Class values must be non-negative.', { kind: 'value', op: 'one_hot', pyType: 'RuntimeError' });
    if (ix[i] >= n) throw new TorchError('Class values must be smaller than num_classes.', { kind: 'value', op: 'one_hot', pyType: 'RuntimeError' });
    out[i * n + ix[i]] = 1;
  }
  return new Tensor(out, [...index.shape, n], 'int64');
}

/** The backward shared by the ops above: adds `g` back through the saved map. */
export function scatterThroughMap(g: Tensor, map: ArrayLike<number>, inShape: number[]): Tensor {
  const gd = contiguousData(g);
  const out = allocate(g.dtype, numel(inShape));
  for (let i = 0; i < map.length; i++) if (map[i] >= 0) out[map[i]] += gd[i];
  return new Tensor(out, inShape, g.dtype);
}
