// The WebAssembly SIMD products of the trace's spectral norms against the plain loops they replace.
import assert from 'node:assert/strict';
import { DenseMatrix } from '../../../src/trace/denseMatrix';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

function close(a: Float64Array, b: Float64Array, what: string): void {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-13 * scale, `${what}[${i}]: ${v} vs ${b[i]}`));
}

describe('trace: DenseMatrix', () => {
  it('gives the plain loops\' products (A·x, Aᵀ·x, Aᵀ·A·x) for sizes that do and do not fill the SIMD lanes', () => {
    for (const n of [1, 2, 3, 5, 8, 31, 64, 97]) {
      const rnd = lcg(n);
      const a = new Float64Array(n * n).map(rnd);
      const x = new Float64Array(n).map(rnd);
      const fast = new DenseMatrix(n + 3);
      const plain = new DenseMatrix(n + 3, false);
      fast.load(a, n);
      plain.load(a, n);
      for (const op of ['times', 'timesTransposed', 'gram'] as const) {
        const y1 = new Float64Array(n);
        const y2 = new Float64Array(n);
        fast[op](x, y1);
        plain[op](x, y2);
        close(y1, y2, `n=${n} ${op}`);
      }
    }
  });

  it('loads the rows and columns of a subset, after a larger matrix (padding stays zero)', () => {
    const N = 20;
    const rnd = lcg(3);
    const a = new Float64Array(N * N).map(rnd);
    const fast = new DenseMatrix(N);
    const plain = new DenseMatrix(N, false);
    fast.load(new Float64Array(N * N).fill(Number.NaN), N); // garbage first
    const index = [1, 4, 5, 11, 19];
    fast.load(a, N, index);
    plain.load(a, N, index);
    const x = new Float64Array(index.length).map(rnd);
    const y1 = new Float64Array(index.length);
    const y2 = new Float64Array(index.length);
    fast.gram(x, y1);
    plain.gram(x, y2);
    close(y1, y2, 'subset');
    assert.ok(y1.every(Number.isFinite));
  });
});
