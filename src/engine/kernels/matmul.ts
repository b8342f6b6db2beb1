// Matrix multiply over strided operands, accumulating in float64. Operands are packed into
// reusable float64 scratch buffers so the inner loops are monomorphic; a faster kernel
// (blocked, WASM-SIMD) can replace this file without touching graph code.
import type { Storage } from '../dtype';

/** A strided 2-D operand: element (i, j) is `data[offset + i*rowStride + j*colStride]`. */
export interface MatrixView {
  data: ArrayLike<number>;
  offset: number;
  rowStride: number;
  colStride: number;
}

let scratchA: Float64Array = new Float64Array(1024);
let scratchB: Float64Array = new Float64Array(4096);
let scratchC: Float64Array = new Float64Array(1024);

function grow(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

/** Packs an r×c view row-major (or transposed, c×r, when `transpose`) into `dst`. */
function pack(v: MatrixView, r: number, c: number, dst: Float64Array, transpose: boolean): void {
  const d = v.data;
  if (!transpose) {
    for (let i = 0, k = 0; i < r; i++) {
      let p = v.offset + i * v.rowStride;
      for (let j = 0; j < c; j++, p += v.colStride) dst[k++] = d[p];
    }
  } else {
    for (let j = 0, k = 0; j < c; j++) {
      let p = v.offset + j * v.colStride;
      for (let i = 0; i < r; i++, p += v.rowStride) dst[k++] = d[p];
    }
  }
}

/** C(m×n) = A(m×k)·B(k×n), all row-major float64; four rows of A share each load of B. */
function gemmRows(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  C.fill(0, 0, m * n);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    for (let p = 0; p < k; p++) {
      const a0 = A[i * k + p];
      const a1 = A[(i + 1) * k + p];
      const a2 = A[(i + 2) * k + p];
      const a3 = A[(i + 3) * k + p];
      const q = p * n;
      for (let j = 0; j < n; j++) {
        const b = B[q + j];
        C[r0 + j] += a0 * b;
        C[r1 + j] += a1 * b;
        C[r2 + j] += a2 * b;
        C[r3 + j] += a3 * b;
      }
    }
  }
  for (; i < m; i++) {
    const r = i * n;
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      const q = p * n;
      for (let j = 0; j < n; j++) C[r + j] += a * B[q + j];
    }
  }
}

/** C(m×n) = A(m×k)·BTᵀ for BT stored n×k row-major: dot products along contiguous rows. */
function gemmDots(m: number, n: number, k: number, A: Float64Array, BT: Float64Array, C: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const ra = i * k;
    for (let j = 0; j < n; j++) {
      const rb = j * k;
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      for (; p + 2 <= k; p += 2) {
        s0 += A[ra + p] * BT[rb + p];
        s1 += A[ra + p + 1] * BT[rb + p + 1];
      }
      if (p < k) s0 += A[ra + p] * BT[rb + p];
      C[i * n + j] = s0 + s1;
    }
  }
}

/** C(m×n) = A·B reading A row-major (unit column stride) and B row-major, without packing. */
function gemmRowMajor(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: Float64Array): void {
  const ad = A.data;
  const bd = B.data;
  C.fill(0, 0, m * n);
  const bs = B.rowStride;
  for (let i = 0; i < m; i++) {
    const r = i * n;
    const ar = A.offset + i * A.rowStride;
    let p = 0;
    // four rows of B per pass over C, each product still added in order of p
    for (; p + 4 <= k; p += 4) {
      const a0 = ad[ar + p];
      const a1 = ad[ar + p + 1];
      const a2 = ad[ar + p + 2];
      const a3 = ad[ar + p + 3];
      const q0 = B.offset + p * bs;
      const q1 = q0 + bs;
      const q2 = q1 + bs;
      const q3 = q2 + bs;
      for (let j = 0; j < n; j++) C[r + j] = C[r + j] + a0 * bd[q0 + j] + a1 * bd[q1 + j] + a2 * bd[q2 + j] + a3 * bd[q3 + j];
    }
    for (; p < k; p++) {
      const a = ad[ar + p];
      const q = B.offset + p * bs;
      for (let j = 0; j < n; j++) C[r + j] += a * bd[q + j];
    }
  }
}

/** C(m×n) = A·B for a row-major A and a transposed B (unit row stride): dot products, no packing. */
function gemmDotsStrided(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: Float64Array): void {
  const ad = A.data;
  const bd = B.data;
  for (let i = 0; i < m; i++) {
    const ra = A.offset + i * A.rowStride;
    for (let j = 0; j < n; j++) {
      const rb = B.offset + j * B.colStride;
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      for (; p + 2 <= k; p += 2) {
        s0 += ad[ra + p] * bd[rb + p];
        s1 += ad[ra + p + 1] * bd[rb + p + 1];
      }
      if (p < k) s0 += ad[ra + p] * bd[rb + p];
      C[i * n + j] = s0 + s1;
    }
  }
}

/** A(m×k)·B(k×n) into the float64 scratch buffer (row-major m×n), which it returns. */
function product(m: number, n: number, k: number, A: MatrixView, B: MatrixView): Float64Array {
  scratchC = grow(scratchC, m * n);
  const aRowMajor = A.colStride === 1 || k === 1;
  const bRowMajor = B.colStride === 1 || n === 1;
  const bTransposed = B.rowStride === 1 || k === 1;
  if (aRowMajor && bTransposed && !bRowMajor) gemmDotsStrided(m, n, k, A, B, scratchC);
  else if (aRowMajor && bRowMajor && m < 4) gemmRowMajor(m, n, k, A, B, scratchC);
  else {
    scratchA = grow(scratchA, m * k);
    scratchB = grow(scratchB, k * n);
    pack(A, m, k, scratchA, false);
    const dots = B.rowStride === 1 && B.colStride !== 1 && n > 0;
    pack(B, k, n, scratchB, dots);
    if (dots) gemmDots(m, n, k, scratchA, scratchB, scratchC);
    else gemmRows(m, n, k, scratchA, scratchB, scratchC);
  }
  return scratchC;
}

/** gemm for k = 1 (a column times a row): each entry is one product, written straight to `out`. */
function outerProduct(m: number, n: number, A: MatrixView, B: MatrixView, out: Storage, outOffset: number, alpha: number, beta: number, bias: MatrixView | null): void {
  const ad = A.data;
  const bd = B.data;
  const bs = B.colStride;
  for (let i = 0; i < m; i++) {
    const a = ad[A.offset + i * A.rowStride];
    const o = outOffset + i * n;
    let q = B.offset;
    // `+ 0` as the accumulating kernels start from 0: a product of -0 is stored as +0
    if (bias === null || beta === 0) {
      if (alpha === 1) for (let j = 0; j < n; j++, q += bs) out[o + j] = a * bd[q] + 0;
      else for (let j = 0; j < n; j++, q += bs) out[o + j] = alpha * (a * bd[q] + 0);
    } else {
      const bb = bias.offset + i * bias.rowStride;
      const bdata = bias.data;
      for (let j = 0; j < n; j++, q += bs) out[o + j] = beta * bdata[bb + j * bias.colStride] + alpha * (a * bd[q] + 0);
    }
  }
}

/**
 * out[outOffset + i*n + j] = beta·bias(i, j) + alpha·Σ_k A(i, k)·B(k, j) for an m×k A and a k×n B.
 * `bias` is read through its own strides (0 strides broadcast a bias vector). Small products and
 * unit-stride layouts run in place; larger ones are packed so four rows share each load of B.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  A: MatrixView,
  B: MatrixView,
  out: Storage,
  outOffset = 0,
  alpha = 1,
  beta = 0,
  bias: MatrixView | null = null,
): void {
  if (k === 1) {
    outerProduct(m, n, A, B, out, outOffset, alpha, beta, bias);
    return;
  }
  const C = product(m, n, k, A, B);
  for (let i = 0; i < m; i++) {
    const o = outOffset + i * n;
    if (bias === null || beta === 0) {
      if (alpha === 1) for (let j = 0; j < n; j++) out[o + j] = C[i * n + j];
      else for (let j = 0; j < n; j++) out[o + j] = alpha * C[i * n + j];
    } else {
      const bb = bias.offset + i * bias.rowStride;
      const bd = bias.data;
      for (let j = 0; j < n; j++) out[o + j] = beta * bd[bb + j * bias.colStride] + alpha * C[i * n + j];
    }
  }
}

/** A strided float output of `gemmAccumulate`: element (i, j) is `data[offset + i*rowStride + j*colStride]`. */
export interface OutputView {
  data: Float32Array | Float64Array;
  offset: number;
  rowStride: number;
  colStride: number;
}

/**
 * out(i, j) += A·B(i, j), the product rounded to out's dtype before the addition: what computing
 * `gemm` into a fresh tensor and adding that tensor into `out` gives, without the tensor.
 */
export function gemmAccumulate(m: number, n: number, k: number, A: MatrixView, B: MatrixView, out: OutputView): void {
  const d = out.data;
  const rs = out.rowStride;
  const cs = out.colStride;
  const f32 = d instanceof Float32Array;
  if (k === 1) {
    const ad = A.data;
    const bd = B.data;
    for (let i = 0; i < m; i++) {
      const a = ad[A.offset + i * A.rowStride];
      let q = B.offset;
      let o = out.offset + i * rs;
      // `+ 0` as in outerProduct; fround as the store into a float32 tensor would round
      if (f32 && cs === 1 && B.colStride === 1) for (let j = 0; j < n; j++) d[o + j] += Math.fround(a * bd[q + j] + 0);
      else if (f32) for (let j = 0; j < n; j++, q += B.colStride, o += cs) d[o] += Math.fround(a * bd[q] + 0);
      else for (let j = 0; j < n; j++, q += B.colStride, o += cs) d[o] += a * bd[q] + 0;
    }
    return;
  }
  const C = product(m, n, k, A, B);
  for (let i = 0; i < m; i++) {
    let o = out.offset + i * rs;
    if (f32) for (let j = 0; j < n; j++, o += cs) d[o] += Math.fround(C[i * n + j]);
    else for (let j = 0; j < n; j++, o += cs) d[o] += C[i * n + j];
  }
}
