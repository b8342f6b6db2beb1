// Elementwise loops over contiguous buffers, with broadcasting for binary ops.
import type { Storage } from '../dtype';
import { broadcastReadStrides } from './strided';

/** Applies `f` to every element of `x` into `out`. e.g. `mapUnary(x, out, Math.exp)` */
export function mapUnary(x: ArrayLike<number>, out: Storage, f: (v: number) => number): void {
  const n = out.length;
  // the hot activations get loops of their own, so the call is direct (and inlined)
  if (f === Math.tanh) for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
  else if (f === Math.exp) for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
  else for (let i = 0; i < n; i++) out[i] = f(x[i]);
}

/**
 * Applies `f` elementwise to contiguous `a` (shape aShape) and `b` (shape bShape) broadcast to
 * `outShape`, into contiguous `out`. e.g. a [3,1] + [4] add writes a [3,4] result.
 */
export function mapBinary(
  a: ArrayLike<number>,
  aShape: readonly number[],
  b: ArrayLike<number>,
  bShape: readonly number[],
  outShape: readonly number[],
  out: Storage,
  f: (x: number, y: number) => number,
): void {
  const n = out.length;
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const y = b[0];
    for (let i = 0; i < n; i++) out[i] = f(a[i], y);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const x = a[0];
    for (let i = 0; i < n; i++) out[i] = f(x, b[i]);
    return;
  }
  const nd = outShape.length;
  const sa = broadcastReadStrides(aShape, outShape);
  const sb = broadcastReadStrides(bShape, outShape);
  const idx = new Array<number>(nd).fill(0);
  let pa = 0;
  let pb = 0;
  for (let k = 0; k < n; k++) {
    out[k] = f(a[pa], b[pb]);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      pa += sa[d];
      pb += sb[d];
      if (idx[d] < outShape[d]) break;
      pa -= sa[d] * outShape[d];
      pb -= sb[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

/** Same-shape fast add `out = a + alpha * b`. e.g. used to accumulate gradients. */
export function addInto(a: ArrayLike<number>, b: ArrayLike<number>, out: Storage, alpha = 1): void {
  const n = out.length;
  if (alpha === 1) for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
  else for (let i = 0; i < n; i++) out[i] = a[i] + alpha * b[i];
}

/** Like mapBinary with three broadcast operands. e.g. `where(cond, a, b)` */
export function mapTernary(
  a: ArrayLike<number>,
  aShape: readonly number[],
  b: ArrayLike<number>,
  bShape: readonly number[],
  c: ArrayLike<number>,
  cShape: readonly number[],
  outShape: readonly number[],
  out: Storage,
  f: (x: number, y: number, z: number) => number,
): void {
  const n = out.length;
  const nd = outShape.length;
  const sa = broadcastReadStrides(aShape, outShape);
  const sb = broadcastReadStrides(bShape, outShape);
  const sc = broadcastReadStrides(cShape, outShape);
  const idx = new Array<number>(nd).fill(0);
  let pa = 0;
  let pb = 0;
  let pc = 0;
  for (let k = 0; k < n; k++) {
    out[k] = f(a[pa], b[pb], c[pc]);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      pa += sa[d];
      pb += sb[d];
      pc += sc[d];
      if (idx[d] < outShape[d]) break;
      pa -= sa[d] * outShape[d];
      pb -= sb[d] * outShape[d];
      pc -= sc[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

/** The arithmetic ops with dedicated loops (no per-element callback). */
export type ArithOp = 'add' | 'sub' | 'mul' | 'div';

/**
 * `out = a op b` for equal lengths, or with `a`/`b` of length 1 (a scalar operand), without a
 * per-element function call; returns false when the operands need general broadcasting.
 */
export function arithFast(op: ArithOp, a: ArrayLike<number>, b: ArrayLike<number>, out: Storage, alpha = 1): boolean {
  const n = out.length;
  const an = a.length;
  const bn = b.length;
  if (an === n && bn === n) {
    switch (op) {
      case 'add':
        if (alpha === 1) for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
        else for (let i = 0; i < n; i++) out[i] = a[i] + alpha * b[i];
        return true;
      case 'sub':
        if (alpha === 1) for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
        else for (let i = 0; i < n; i++) out[i] = a[i] - alpha * b[i];
        return true;
      case 'mul':
        for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
        return true;
      case 'div':
        for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
        return true;
    }
  }
  if (an === n && bn === 1) {
    const y = alpha * b[0];
    switch (op) {
      case 'add':
        for (let i = 0; i < n; i++) out[i] = a[i] + y;
        return true;
      case 'sub':
        for (let i = 0; i < n; i++) out[i] = a[i] - y;
        return true;
      case 'mul':
        for (let i = 0; i < n; i++) out[i] = a[i] * b[0];
        return true;
      case 'div':
        for (let i = 0; i < n; i++) out[i] = a[i] / b[0];
        return true;
    }
  }
  return false;
}
