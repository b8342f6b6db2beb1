// Reductions: sum, mean, max/min (all elements, along a dim, elementwise maximum), norms.
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import type { TensorMeta } from '../autograd/node';
import { allocate, isFloating, type DType } from '../dtype';
import { TorchError } from '../errors';
import { extremeAlong, sumDims } from '../kernels/reduce';
import { numel, sameShape, wrapDim } from '../shape';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';
import { broadcastBinary } from './arith';
import { resultType } from './promote';
import { emptyTensor } from './result';

/** A dim argument: one dim, several, or all (null/undefined). */
export type Dims = number | readonly number[] | null | undefined;

function reduceMask(a: Tensor, dims: Dims, op: string): boolean[] {
  const mask = new Array<boolean>(a.ndim).fill(dims === null || dims === undefined);
  if (dims === null || dims === undefined) return mask;
  const list = typeof dims === 'number' ? [dims] : dims;
  if (list.length === 0) return mask.fill(true);
  for (const d of list) {
    const w = wrapDim(d, a.ndim, op);
    if (a.ndim > 0) {
      if (mask[w]) throw new TorchError(`dim ${w} appears multiple times in the list of dims`, { kind: 'dim', op, pyType: 'RuntimeError' });
      mask[w] = true;
    }
  }
  return mask;
}

function reducedShape(a: Tensor, mask: boolean[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let d = 0; d < a.ndim; d++) {
    if (!mask[d]) out.push(a.shape[d]);
    else if (keepdim) out.push(1);
  }
  return out;
}

function sumDType(d: DType): DType {
  return isFloating(d) ? d : 'int64';
}

function rawSum(a: Tensor, mask: boolean[], keepdim: boolean): Tensor {
  notifyOp('sum');
  const shape = reducedShape(a, mask, keepdim);
  const dtype = sumDType(a.dtype);
  const out = allocate(dtype, numel(shape));
  sumDims(contiguousData(a), a.shape, mask, out);
  return new Tensor(out, shape, dtype);
}

/** `torch.sum(a)` or `a.sum(dim, keepdim)`. e.g. `sum(x, 1, true)` */
export function sum(a: Tensor, dim?: Dims, keepdim = false): Tensor {
  const all = dim === undefined || dim === null;
  const mask = reduceMask(a, dim, 'sum');
  const out = rawSum(a, mask, keepdim && !all);
  if (all) return record('SumBackward0', [a], [out]);
  return record('SumBackward1', [a], [out], [], { mask: mask.map(Number), keepdim });
}

/** `torch.mean(a)` or `a.mean(dim, keepdim)`. e.g. `mean(x, -1, true)` */
export function mean(a: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (!isFloating(a.dtype)) {
    throw new TorchError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${a.dtype === 'int64' ? 'Long' : 'Bool'}`,
      { kind: 'dtype', op: 'mean' },
    );
  }
  const all = dim === undefined || dim === null;
  const mask = reduceMask(a, dim, 'mean');
  const out = rawSum(a, mask, keepdim && !all);
  let count = 1;
  for (let d = 0; d < a.ndim; d++) if (mask[d]) count *= a.shape[d];
  const s = out.storage;
  for (let i = 0; i < s.length; i++) s[i] = s[i] / count;
  if (all) return record('MeanBackward0', [a], [out], [], { count });
  return record('MeanBackward1', [a], [out], [], { mask: mask.map(Number), keepdim, count });
}

/**
 * Sums a gradient down to `meta`'s shape (undoing broadcasting) and casts to its dtype.
 * e.g. a [3, 4] gradient for a [4] input becomes its column sums
 */
export function sumToShape(g: Tensor, meta: TensorMeta): Tensor {
  const target = meta.shape;
  let r = g;
  if (!sameShape(g.shape, target) && g.numel() === numel(target) && g.isContiguous()) {
    // only size-1 dims differ (e.g. a [1, 32] gradient for a [32] bias): nothing to sum
    r = new Tensor(g.storage, target.slice(), g.dtype, undefined, g.offset);
  } else if (!sameShape(g.shape, target)) {
    const lead = g.ndim - target.length;
    const mask = g.shape.map((s, d) => d < lead || (target[d - lead] === 1 && s !== 1));
    r = rawSum(g, mask, true);
    const s = r.storage;
    r = new Tensor(s, target.slice(), r.dtype);
  }
  if (r.dtype !== meta.dtype) {
    const out = allocate(meta.dtype, r.numel());
    out.set(contiguousData(r));
    r = new Tensor(out, target.slice(), meta.dtype);
  }
  return r;
}

function splitAround(a: Tensor, d: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= a.shape[i];
  for (let i = d + 1; i < a.ndim; i++) inner *= a.shape[i];
  return [outer, a.shape[d] ?? 1, inner];
}

function extreme(a: Tensor, dim: number | undefined, keepdim: boolean, wantMax: boolean): Tensor | [Tensor, Tensor] {
  const op = wantMax ? 'max' : 'min';
  notifyOp(op);
  if (dim === undefined) {
    if (a.numel() === 0) {
      throw new TorchError(
        `${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
        { kind: 'shape', op },
      );
    }
    const x = contiguousData(a);
    const vals = allocate(a.dtype, 1);
    const idx = new Float64Array(1);
    extremeAlong(x, 1, x.length, 1, vals, idx, wantMax);
    const out = new Tensor(vals, [], a.dtype);
    return record(wantMax ? 'MaxBackward1' : 'MinBackward1', [a], [out], [a, out]);
  }
  const d = wrapDim(dim, a.ndim, op);
  const [outer, n, inner] = splitAround(a, d);
  if (n === 0) throw new TorchError(`${op}(): Expected reduction dim ${d} to have non-zero size.`, { kind: 'shape', op, pyType: 'IndexError' });
  const shape = a.shape.slice();
  if (a.ndim > 0) {
    if (keepdim) shape[d] = 1;
    else shape.splice(d, 1);
  }
  const values = emptyTensor(shape, a.dtype);
  const indices = emptyTensor(shape.slice(), 'int64');
  extremeAlong(contiguousData(a), outer, n, inner, values.storage, indices.storage, wantMax);
  record(wantMax ? 'MaxBackward0' : 'MinBackward0', [a], [values], [indices], { dim: d, keepdim });
  return [values, indices];
}

/** `torch.max(a)`: the largest element as a 0-d tensor. e.g. `max(x)` */
export function max(a: Tensor): Tensor;
/** `torch.max(a, dim, keepdim)`: `[values, indices]`. e.g. `const [v, i] = max(x, 1)` */
export function max(a: Tensor, dim: number, keepdim?: boolean): [Tensor, Tensor];
export function max(a: Tensor, dim?: number, keepdim = false): Tensor | [Tensor, Tensor] {
  return extreme(a, dim, keepdim, true);
}

/** `torch.min(a)` or `torch.min(a, dim, keepdim)`. e.g. `min(x)` */
export function min(a: Tensor): Tensor;
export function min(a: Tensor, dim: number, keepdim?: boolean): [Tensor, Tensor];
export function min(a: Tensor, dim?: number, keepdim = false): Tensor | [Tensor, Tensor] {
  return extreme(a, dim, keepdim, false);
}

/** `torch.argmax(a, dim)`. e.g. `argmax(logits, 1)` */
export function argmax(a: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) {
    const x = contiguousData(a);
    const v = allocate(a.dtype, 1);
    const i = new Float64Array(1);
    extremeAlong(x, 1, x.length, 1, v, i, true);
    return new Tensor(i, [], 'int64');
  }
  const [, indices] = extreme(a, dim, keepdim, true) as [Tensor, Tensor];
  return indices;
}

/** `torch.maximum(a, b)` (also `torch.max(a, b)`), NaN-propagating. e.g. `maximum(x, y)` */
export function maximum(a: Tensor, b: Tensor): Tensor {
  // ATen: std::max(a, b), i.e. `a < b ? b : a`: on ties (0. and -0.) the first argument
  const out = broadcastBinary('maximum', a, b, (x, y) => (x !== x || y !== y ? NaN : x < y ? y : x), resultType(a, b));
  return record('MaximumBackward0', [a, b], [out], [a, b]);
}

/** `torch.minimum(a, b)`, NaN-propagating. e.g. `minimum(x, y)` */
export function minimum(a: Tensor, b: Tensor): Tensor {
  // ATen: std::min(a, b), i.e. `b < a ? b : a`: on ties the first argument
  const out = broadcastBinary('minimum', a, b, (x, y) => (x !== x || y !== y ? NaN : y < x ? y : x), resultType(a, b));
  return record('MinimumBackward0', [a, b], [out], [a, b]);
}
