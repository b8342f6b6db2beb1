// The recorder's spectral norm (Lanczos bidiagonalization) against an exact eigen-decomposition, on
// the matrices that make power iteration stall: clustered top singular values, orthogonal matrices,
// rank deficiency, rectangular shapes.
import assert from 'node:assert/strict';
import { spectralNorm } from '../../../src/trace/spectral';
import { exactSpectralNorm, near } from './helpers';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

function random(r: number, c: number, seed: number): Float64Array {
  const rnd = lcg(seed);
  return new Float64Array(r * c).map(() => rnd());
}

/** Q·diag(sigmas) for an orthogonal Q (Householder reflections of random vectors). */
function withSpectrum(sigmas: number[], seed: number): Float64Array {
  const n = sigmas.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = sigmas[i];
  const rnd = lcg(seed);
  for (let k = 0; k < 3; k++) {
    const v = Array.from({ length: n }, () => rnd());
    const vv = v.reduce((s, x) => s + x * x, 0);
    for (const side of ['left', 'right']) {
      // m ← (I - 2vvᵀ/vᵀv)·m  or  m·(I - 2vvᵀ/vᵀv)
      for (let j = 0; j < n; j++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += v[i] * (side === 'left' ? m[i * n + j] : m[j * n + i]);
        for (let i = 0; i < n; i++) {
          if (side === 'left') m[i * n + j] -= (2 * d * v[i]) / vv;
          else m[j * n + i] -= (2 * d * v[i]) / vv;
        }
      }
    }
  }
  return m;
}

describe('trace: spectralNorm', () => {
  it('matches the exact σ_max of random square and rectangular matrices within 1e-12', () => {
    for (const [r, c] of [[1, 1], [2, 2], [5, 5], [17, 17], [40, 40], [12, 3], [3, 12], [64, 16]]) {
      for (let seed = 1; seed <= 3; seed++) {
        const a = random(r, c, seed * 31 + r);
        near(spectralNorm(a, r, c), exactSpectralNorm(a, r, c), 1e-12, `${r}×${c} seed ${seed}`);
      }
    }
  });

  it('is exact on clustered spectra where power iteration stalls', () => {
    const cases: number[][] = [
      [1, 1, 1, 1, 1, 1],
      [2, 2 - 1e-9, 1.5, 0.3, 0.1, 0],
      Array.from({ length: 30 }, (_, i) => 1 - i * 1e-4),
      [3, 2.999999, 0, 0, 0, 0, 0, 0],
    ];
    cases.forEach((sig, k) => {
      const a = withSpectrum(sig, 7 + k);
      near(spectralNorm(a, sig.length, sig.length), Math.max(...sig), 1e-12, `case ${k}`);
      near(exactSpectralNorm(a, sig.length, sig.length), Math.max(...sig), 1e-12, `case ${k} (reference)`);
    });
  });

  it('handles zero, rank-one and non-finite matrices', () => {
    assert.equal(spectralNorm(new Float64Array(9), 3, 3), 0);
    const u = [1, 2, 2];
    const v = [3, 4];
    const rank1 = new Float64Array(6).map((_, i) => u[Math.floor(i / 2)] * v[i % 2]);
    near(spectralNorm(rank1, 3, 2), 15, 1e-14, 'rank one');
    assert.ok(Number.isNaN(spectralNorm(new Float64Array([1, NaN, 0, 1]), 2, 2)));
    assert.equal(spectralNorm(new Float64Array(0), 0, 3), 0);
  });
});
