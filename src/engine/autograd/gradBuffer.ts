// Summing the gradients that meet in one buffer slot during backward. A sum keeps the layout of
// its operands when they share one (e.g. the transposed W_hh gradients arriving through
// TBackward0 at every step), so adding the next one is a single pass over the storage.
import { allocate } from '../dtype';
import { gemmAccumulate, type MatrixView, type OutputView } from '../kernels/matmul';
import { addStridedInto } from '../kernels/strided';
import { notifyOp } from './observers';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';

/** Whether `t`'s elements fill `[offset, offset + numel)` of its storage exactly once (any dim order). */
function isDense(t: Tensor): boolean {
  const nd = t.shape.length;
  if (nd === 0) return true;
  if (nd === 1) return t.strides[0] === 1 || t.shape[0] <= 1;
  if (nd === 2) {
    const [n0, n1] = t.shape;
    const [s0, s1] = t.strides;
    return (s1 === 1 && (s0 === n1 || n0 <= 1)) || (s0 === 1 && (s1 === n0 || n1 <= 1));
  }
  return t.isContiguous();
}

function sameLayout(a: Tensor, b: Tensor): boolean {
  const sa = a.strides;
  const sb = b.strides;
  if (sa.length !== sb.length) return false;
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i] || a.shape[i] !== b.shape[i]) return false;
  return true;
}

/** A fresh tensor holding a + b (same shape), laid out as `a` when both share a dense layout. */
export function sumGrads(a: Tensor, b: Tensor): Tensor {
  const n = a.numel();
  const out = allocate(a.dtype, n);
  if (sameLayout(a, b) && isDense(a)) {
    const x = a.storage;
    const y = b.storage;
    const xo = a.offset;
    const yo = b.offset;
    for (let i = 0; i < n; i++) out[i] = x[xo + i] + y[yo + i];
    return new Tensor(out, a.shape.slice(), a.dtype, a.strides.slice(), 0);
  }
  const x = contiguousData(a);
  const y = contiguousData(b);
  for (let i = 0; i < n; i++) out[i] = x[i] + y[i];
  return new Tensor(out, a.shape.slice(), a.dtype);
}

/** dst += g in place, for a `dst` made by `sumGrads` (dense, offset 0). */
export function addGradInto(dst: Tensor, g: Tensor): void {
  const d = dst.storage;
  if (sameLayout(dst, g) || (g.isContiguous() && dst.isContiguous())) {
    const src = g.storage;
    const o = g.offset;
    for (let i = 0; i < d.length; i++) d[i] += src[o + i];
  } else if (dst.isContiguous()) {
    addStridedInto(d, g.storage, g.shape, g.strides, g.offset);
  } else {
    // dst dense in another dim order: walk g in dst's storage order
    const perm = dst.shape.map((_, i) => i).sort((p, q) => dst.strides[q] - dst.strides[p]);
    addStridedInto(d, g.storage, perm.map((i) => g.shape[i]), perm.map((i) => g.strides[i]), g.offset);
  }
}

/** The 2-D `t` transposed, sharing its storage (an internal view: no graph, no version counter shared). */
export function viewTransposed(t: Tensor): Tensor {
  return new Tensor(t.storage, [t.shape[1], t.shape[0]], t.dtype, [t.strides[1], t.strides[0]], t.offset);
}

// Views of the operands, filled per call (gemmAccumulate keeps no reference past its return).
const VA: MatrixView = { data: new Float64Array(0), offset: 0, rowStride: 0, colStride: 0 };
const VB: MatrixView = { data: new Float64Array(0), offset: 0, rowStride: 0, colStride: 0 };
const VOUT: OutputView = { data: new Float64Array(0), offset: 0, rowStride: 0, colStride: 0 };

function mat<V extends MatrixView | OutputView>(t: Tensor, into: V): V {
  into.data = t.storage as Float32Array | Float64Array;
  into.offset = t.offset;
  into.rowStride = t.strides[0];
  into.colStride = t.strides[1];
  return into;
}

/**
 * Adds `a @ b` into the gradient buffer `out` in place: what adding the tensor `mm(a, b)` into it
 * gives, without that tensor. False, doing nothing, when shapes or dtypes do not fit.
 */
export function mmInto(out: Tensor, a: Tensor, b: Tensor): boolean {
  const d = out.dtype;
  if (out.ndim !== 2 || a.ndim !== 2 || b.ndim !== 2 || (d !== 'float32' && d !== 'float64') || a.dtype !== d || b.dtype !== d) return false;
  const [m, k] = a.shape;
  const n = b.shape[1];
  if (b.shape[0] !== k || out.shape[0] !== m || out.shape[1] !== n) return false;
  notifyOp('mm');
  gemmAccumulate(m, n, k, mat(a, VA), mat(b, VB), mat(out, VOUT));
  return true;
}
