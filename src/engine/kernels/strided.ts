// Loops that move elements between strided views and contiguous buffers.
import type { Storage } from '../dtype';

/**
 * Copies the strided view (shape, strides, offset) of `src` into contiguous `out`.
 * e.g. a transposed 2x3 view becomes its row-major 3x2 copy.
 */
export function gatherStrided(
  src: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  out: Storage,
): void {
  const nd = shape.length;
  if (nd === 0) {
    out[0] = src[offset];
    return;
  }
  if (nd === 1) {
    const n = shape[0];
    const s = strides[0];
    for (let i = 0, p = offset; i < n; i++, p += s) out[i] = src[p];
    return;
  }
  if (nd === 2) {
    const [n0, n1] = shape;
    const [s0, s1] = strides;
    let k = 0;
    for (let i = 0; i < n0; i++) {
      let p = offset + i * s0;
      for (let j = 0; j < n1; j++, p += s1) out[k++] = src[p];
    }
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  const total = out.length;
  let p = offset;
  for (let k = 0; k < total; k++) {
    out[k] = src[p];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      p += strides[d];
      if (idx[d] < shape[d]) break;
      p -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** Writes contiguous `src` into the strided view (shape, strides, offset) of `dst`. */
export function scatterStrided(
  src: ArrayLike<number>,
  dst: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
  const nd = shape.length;
  if (nd === 0) {
    dst[offset] = src[0];
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  const total = src.length;
  let p = offset;
  for (let k = 0; k < total; k++) {
    dst[p] = src[k];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      p += strides[d];
      if (idx[d] < shape[d]) break;
      p -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/**
 * Strides that read a contiguous tensor of `shape` as if broadcast to `outShape` (0 on broadcast dims).
 * e.g. `broadcastReadStrides([3, 1], [2, 3, 4])` is `[0, 1, 0]`
 */
export function broadcastReadStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const nd = outShape.length;
  const out = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const o = nd - shape.length + i;
    out[o] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return out;
}

/** dst[k] += the k-th element (row-major) of the strided view (shape, strides, offset) of `src`. */
export function addStridedInto(
  dst: Storage,
  src: ArrayLike<number>,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
  const nd = shape.length;
  const total = dst.length;
  if (nd === 2) {
    const [n0, n1] = shape;
    const [s0, s1] = strides;
    let k = 0;
    for (let i = 0; i < n0; i++) {
      let p = offset + i * s0;
      for (let j = 0; j < n1; j++, p += s1) dst[k++] += src[p];
    }
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  let p = offset;
  for (let k = 0; k < total; k++) {
    dst[k] += src[p];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      p += strides[d];
      if (idx[d] < shape[d]) break;
      p -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}
