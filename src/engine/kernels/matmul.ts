// Matrix multiply over strided operands, accumulating in float64.
// A faster kernel (blocked, WASM-SIMD) can replace `gemm` without touching graph code.
import type { Storage } from '../dtype';

/** A strided 2-D operand: element (i, j) is `data[offset + i*rowStride + j*colStride]`. */
export interface MatrixView {
  data: ArrayLike<number>;
  offset: number;
  rowStride: number;
  colStride: number;
}

/**
 * out[i*n + j] = beta * bias(i, j) + alpha * Σ_k A(i, k)·B(k, j), for an m×k A and a k×n B.
 * `bias` is read through its own strides (0 strides broadcast a bias vector).
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
  const acc = new Float64Array(n);
  const ad = A.data;
  const bd = B.data;
  for (let i = 0; i < m; i++) {
    const aRow = A.offset + i * A.rowStride;
    if (B.colStride === 1 || B.rowStride !== 1) {
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const a = ad[aRow + p * A.colStride];
        let q = B.offset + p * B.rowStride;
        const cs = B.colStride;
        for (let j = 0; j < n; j++, q += cs) acc[j] += a * bd[q];
      }
    } else {
      // B is column-major (a transposed weight): dot products along contiguous columns
      for (let j = 0; j < n; j++) {
        let s = 0;
        let pa = aRow;
        let pb = B.offset + j * B.colStride;
        for (let p = 0; p < k; p++, pa += A.colStride, pb++) s += ad[pa] * bd[pb];
        acc[j] = s;
      }
    }
    const o = outOffset + i * n;
    if (bias === null || beta === 0) {
      if (alpha === 1) for (let j = 0; j < n; j++) out[o + j] = acc[j];
      else for (let j = 0; j < n; j++) out[o + j] = alpha * acc[j];
    } else {
      const bb = bias.offset + i * bias.rowStride;
      for (let j = 0; j < n; j++) out[o + j] = beta * bias.data[bb + j * bias.colStride] + alpha * acc[j];
    }
  }
}
