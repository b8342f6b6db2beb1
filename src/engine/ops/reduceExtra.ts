// More reductions: argmin, amax/amin, prod, cumsum, norm, var/std, logsumexp.
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import { allocate, isFloating, type DType } from '../dtype';
import { TorchError } from '../errors';
import { numel, wrapDim } from '../shape';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';
import { min as minDim } from './reduce';
import { permute } from './views';

/** Which dims a `dim` argument reduces (all when null/empty). */
export function reduceMaskOf(a: Tensor, dims: number | readonly number[] | null | undefined, op: string): boolean[] {
  const all = dims === null || dims === undefined || (typeof dims !== 'number' && dims.length === 0);
  const mask = new Array<boolean>(a.ndim).fill(all);
  if (all) return mask;
  for (const d of typeof dims === 'number' ? [dims] : dims) {
    const w = wrapDim(d, a.ndim, op);
    if (a.ndim === 0) continue;
    if (mask[w]) throw new TorchError(`dim ${w} appears multiple times in the list of dims`, { kind: 'dim', op, pyType: 'RuntimeError' });
    mask[w] = true;
  }
  return mask;
}

interface Groups {
  /** input values, each group's `n` reduced elements contiguous */
  x: ArrayLike<number>;
  n: number;
  groups: number;
  shape: number[];
}

/** The input laid out as [groups, n] over the reduced dims, and the output shape. */
function groupsOf(a: Tensor, mask: boolean[], keepdim: boolean): Groups {
  const kept: number[] = [];
  const red: number[] = [];
  for (let d = 0; d < a.ndim; d++) (mask[d] ? red : kept).push(d);
  const x = contiguousData(permute(a.detach(), [...kept, ...red]));
  let n = 1;
  for (const d of red) n *= a.shape[d];
  const shape: number[] = [];
  for (let d = 0; d < a.ndim; d++) {
    if (!mask[d]) shape.push(a.shape[d]);
    else if (keepdim) shape.push(1);
  }
  return { x, n, groups: numel(shape), shape };
}

function floatOnly(op: string, a: Tensor): DType {
  if (!isFloating(a.dtype)) {
    throw new TorchError(`${op}(): input dtype should be either floating point or complex dtypes. Got ${a.dtype === 'int64' ? 'Long' : 'Bool'} instead.`, { kind: 'dtype', op, pyType: 'RuntimeError' });
  }
  return a.dtype;
}

/** `torch.argmin(a, dim, keepdim)`. e.g. `argmin(x, 1)` */
export function argmin(a: Tensor, dim?: number, keepdim = false): Tensor {
  if (a.dtype === 'bool') throw new TorchError(`"argmin_cpu" not implemented for 'Bool'`, { kind: 'dtype', op: 'argmin', pyType: 'RuntimeError' });
  if (dim === undefined) {
    const x = contiguousData(a);
    let bi = 0;
    for (let i = 1; i < x.length && x[bi] === x[bi]; i++) if (x[i] !== x[i] || x[i] < x[bi]) bi = i;
    return new Tensor(Float64Array.of(bi), [], 'int64');
  }
  const [, i] = minDim(a, dim, keepdim);
  return i;
}

function extremeDims(a: Tensor, dims: number | readonly number[] | null | undefined, keepdim: boolean, wantMax: boolean): Tensor {
  const op = wantMax ? 'amax' : 'amin';
  notifyOp(op);
  const mask = reduceMaskOf(a, dims, op);
  const { x, n, groups, shape } = groupsOf(a, mask, keepdim);
  if (n === 0) throw new TorchError(`${op}(): Expected reduction dim to have non-zero size.`, { kind: 'shape', op, pyType: 'IndexError' });
  const out = allocate(a.dtype, groups);
  for (let g = 0; g < groups; g++) {
    let best = x[g * n];
    for (let j = 1; j < n && best === best; j++) {
      const v = x[g * n + j];
      if (v !== v || (wantMax ? v > best : v < best)) best = v;
    }
    out[g] = best;
  }
  const t = new Tensor(out, shape, a.dtype);
  return record(wantMax ? 'AmaxBackward0' : 'AminBackward0', [a], [t], [a, t], { mask: mask.map(Number), keepdim });
}

/** `torch.amax(a, dim=(), keepdim=False)`: max over dims, ties share the gradient. */
export function amax(a: Tensor, dims: number | readonly number[] | null = null, keepdim = false): Tensor {
  return extremeDims(a, dims, keepdim, true);
}

/** `torch.amin(a, dim=(), keepdim=False)`. */
export function amin(a: Tensor, dims: number | readonly number[] | null = null, keepdim = false): Tensor {
  return extremeDims(a, dims, keepdim, false);
}

/** `torch.prod(a)` or `torch.prod(a, dim, keepdim)`. */
export function prod(a: Tensor, dim?: number, keepdim = false): Tensor {
  notifyOp('prod');
  const all = dim === undefined;
  const mask = all ? new Array<boolean>(a.ndim).fill(true) : reduceMaskOf(a, dim, 'prod');
  const { x, n, groups, shape } = groupsOf(a, mask, keepdim && !all);
  const dtype: DType = isFloating(a.dtype) ? a.dtype : 'int64';
  const out = allocate(dtype, groups);
  for (let g = 0; g < groups; g++) {
    let p = 1;
    for (let j = 0; j < n; j++) p *= x[g * n + j];
    out[g] = p;
  }
  const t = new Tensor(out, shape, dtype);
  if (all) return record('ProdBackward0', [a], [t], [a, t]);
  return record('ProdBackward1', [a], [t], [a, t], { dim: wrapDim(dim, Math.max(a.ndim, 1)), keepdim });
}

/** `torch.cumsum(a, dim)`. e.g. `cumsum(x, 1)` */
export function cumsum(a: Tensor, dim: number): Tensor {
  notifyOp('cumsum');
  const d = wrapDim(dim, Math.max(a.ndim, 1), 'cumsum');
  const dtype: DType = isFloating(a.dtype) ? a.dtype : 'int64';
  const out = cumsumData(contiguousData(a), a.shape, d, dtype, false);
  const t = new Tensor(out, a.shape.slice(), dtype);
  return record('CumsumBackward0', [a], [t], [], { dim: d });
}

/** Cumulative sums of contiguous `x` along `d` (from the end when `reverse`). */
export function cumsumData(x: ArrayLike<number>, shape: readonly number[], d: number, dtype: DType, reverse: boolean): ReturnType<typeof allocate> {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= shape[i];
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i];
  const n = shape[d] ?? 1;
  const out = allocate(dtype, x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let jj = 0; jj < n; jj++) {
        const j = reverse ? n - 1 - jj : jj;
        const p = o * n * inner + j * inner + i;
        acc += x[p];
        out[p] = acc;
      }
    }
  }
  return out;
}

/** `torch.norm(a, p=2, dim=None, keepdim=False)` / `a.norm(...)`: the vector p-norm over dims. */
export function norm(a: Tensor, p = 2, dims: number | readonly number[] | null = null, keepdim = false): Tensor {
  notifyOp('norm');
  const dtype = floatOnly('linalg.vector_norm', a);
  const mask = reduceMaskOf(a, dims, 'norm');
  const { x, n, groups, shape } = groupsOf(a, mask, keepdim);
  const out = allocate(dtype, groups);
  for (let g = 0; g < groups; g++) {
    let acc = 0;
    if (p === Infinity) {
      for (let j = 0; j < n; j++) {
        const v = Math.abs(x[g * n + j]);
        if (v !== v || v > acc) acc = v;
        if (acc !== acc) break;
      }
    } else if (p === 2) {
      for (let j = 0; j < n; j++) acc += x[g * n + j] * x[g * n + j];
      acc = Math.sqrt(acc);
    } else if (p === 1) {
      for (let j = 0; j < n; j++) acc += Math.abs(x[g * n + j]);
    } else if (p === 0) {
      for (let j = 0; j < n; j++) acc += x[g * n + j] !== 0 ? 1 : 0;
    } else {
      for (let j = 0; j < n; j++) acc += Math.pow(Math.abs(x[g * n + j]), p);
      acc = Math.pow(acc, 1 / p);
    }
    out[g] = acc;
  }
  const t = new Tensor(out, shape, dtype);
  return record('NormBackward1', [a], [t], [a, t], { p, mask: mask.map(Number), keepdim });
}

/** `torch.var(a, dim, unbiased/correction, keepdim)`. */
export function variance(a: Tensor, dims: number | readonly number[] | null = null, correction = 1, keepdim = false): Tensor {
  return varStd(a, dims, correction, keepdim, false);
}

/** `torch.std(a, dim, unbiased/correction, keepdim)`. */
export function std(a: Tensor, dims: number | readonly number[] | null = null, correction = 1, keepdim = false): Tensor {
  return varStd(a, dims, correction, keepdim, true);
}

function varStd(a: Tensor, dims: number | readonly number[] | null, correction: number, keepdim: boolean, isStd: boolean): Tensor {
  const op = isStd ? 'std' : 'var';
  notifyOp(op);
  const dtype = floatOnly(op, a);
  const mask = reduceMaskOf(a, dims, op);
  const { x, n, groups, shape } = groupsOf(a, mask, keepdim);
  const out = allocate(dtype, groups);
  for (let g = 0; g < groups; g++) {
    // Welford, as ATen's CPU var/std kernels
    let mean = 0;
    let m2 = 0;
    for (let j = 0; j < n; j++) {
      const v = x[g * n + j];
      const delta = v - mean;
      mean += delta / (j + 1);
      m2 += delta * (v - mean);
    }
    const v = m2 / Math.max(0, n - correction);
    out[g] = isStd ? Math.sqrt(v) : v;
  }
  const t = new Tensor(out, shape, dtype);
  return record(isStd ? 'StdBackward0' : 'VarBackward0', [a], [t], isStd ? [a, t] : [a], { mask: mask.map(Number), keepdim, correction, count: n });
}

/** `torch.logsumexp(a, dim, keepdim=False)`. */
export function logsumexp(a: Tensor, dims: number | readonly number[], keepdim = false): Tensor {
  notifyOp('logsumexp');
  const dtype: DType = isFloating(a.dtype) ? a.dtype : 'float32';
  const mask = reduceMaskOf(a, dims, 'logsumexp');
  const { x, n, groups, shape } = groupsOf(a, mask, keepdim);
  const out = allocate(dtype, groups);
  for (let g = 0; g < groups; g++) {
    let m = -Infinity;
    for (let j = 0; j < n; j++) {
      const v = x[g * n + j];
      if (v !== v || v > m) m = v;
      if (m !== m) break;
    }
    if (Math.abs(m) === Infinity) m = 0;
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(x[g * n + j] - m);
    out[g] = Math.log(s) + m;
  }
  const t = new Tensor(out, shape, dtype);
  return record('LogsumexpBackward0', [a], [t], [a, t], { mask: mask.map(Number), keepdim });
}
