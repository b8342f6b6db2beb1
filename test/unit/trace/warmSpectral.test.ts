// The warm-started Lanczos behind per-step jacobianNorm (topEigen.ts, jacobian.ts's JacobianNorms)
// against exact spectral norms: random sequences of diag(d)·W as a tanh RNN makes them, and the
// adversarial cases of a warm start: close and equal top singular values, and two singular values
// crossing between steps, so that the previous top singular vector becomes an exact singular
// vector of the next matrix that is no longer the top one.
import assert from 'node:assert/strict';
import type { StepEvent, Tensor } from '../../../src/engine';
import { torch } from '../../../src/engine';
import { JacobianNorms } from '../../../src/trace/jacobian';
import { largestEigen } from '../../../src/trace/topEigen';
import { exactSpectralNorm, near } from './helpers';

/** What the brief of the warm start allows: ~1e-6; checked tighter. */
const REL = 1e-7;

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

/** A random orthogonal n×n matrix (Householder reflections of random vectors), row-major. */
function orthogonal(n: number, rnd: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = 0; k < 4; k++) {
    const v = Array.from({ length: n }, rnd);
    const vv = v.reduce((s, x) => s + x * x, 0);
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += v[i] * q[i * n + j];
      for (let i = 0; i < n; i++) q[i * n + j] -= (2 * d * v[i]) / vv;
    }
  }
  return q;
}

/** U·diag(sigmas)·Vᵀ. */
function withSpectrum(u: Float64Array, sigmas: number[], v: Float64Array): Float64Array {
  const n = sigmas.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += u[i * n + k] * sigmas[k] * v[j * n + k];
      a[i * n + j] = s;
    }
  }
  return a;
}

/** σ_max(A) by warm-started Lanczos on AᵀA, carrying the warm vector along. */
function warmNorm(a: Float64Array, n: number, warm: Float64Array | null, out: Float64Array): number {
  const tmp = new Float64Array(n);
  const lambda = largestEigen(
    n,
    (x, y) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        tmp[i] = s;
      }
      y.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[j] += a[i * n + j] * tmp[i];
    },
    warm,
    out,
  );
  return Math.sqrt(lambda);
}

/** A tanh RNN step event with the given h (one batch row) and W_hh, for JacobianNorms. */
function tanhStep(h: Float64Array): StepEvent {
  const H = h.length;
  const t = torch.tensor(Array.from(h), { dtype: 'float64' }).view(1, H);
  return { type: 'step', owner: {}, mode: 'RNN_TANH', module: 'rnn', layer: 0, direction: 0, t: 0, x: t, hPrev: t, h: t, weightHh: t as Tensor };
}

describe('trace: warm-started spectral norms are exact', () => {
  for (const H of [20, 40, 90]) {
    it(`tanh RNN Jacobians diag(1-h²)·W over 30 drifting steps, H=${H}`, () => {
      const rnd = lcg(H + 3);
      const w = new Float64Array(H * H).map(() => (2 * rnd()) / Math.sqrt(H));
      const norms = new JacobianNorms(w);
      const h = new Float64Array(H).map(() => rnd());
      for (let t = 0; t < 30; t++) {
        for (let i = 0; i < H; i++) h[i] = Math.tanh(h[i] + 0.5 * rnd() * (t % 7 === 0 ? 4 : 0.2));
        const J = new Float64Array(H * H).map((_, k) => (1 - h[Math.floor(k / H)] ** 2) * w[k]);
        near(norms.of(tanhStep(h)), exactSpectralNorm(J, H, H), REL, `H=${H} t=${t}`);
      }
    });
  }

  it('relu-like Jacobians with dead units (a principal submatrix) and a fully dead step', () => {
    const H = 30;
    const rnd = lcg(11);
    const w = new Float64Array(H * H).map(() => rnd());
    const norms = new JacobianNorms(w);
    for (let t = 0; t < 12; t++) {
      // tanh saturated exactly (h = ±1) kills a unit as relu does
      const h = new Float64Array(H).map((_, i) => ((i * 7 + t) % 3 === 0 || t === 5 ? 1 : 0.3 * rnd()));
      const J = new Float64Array(H * H).map((_, k) => (1 - h[Math.floor(k / H)] ** 2) * w[k]);
      const want = t === 5 ? 0 : exactSpectralNorm(J, H, H);
      if (t === 5) assert.equal(norms.of(tanhStep(h)), 0);
      else near(norms.of(tanhStep(h)), want, REL, `t=${t}`);
    }
  });

  it('close, equal and clustered top singular values', () => {
    const n = 40;
    const rnd = lcg(5);
    const spectra = [
      [1, 1 - 1e-4, 1 - 2e-4],
      [1, 1 - 1e-7],
      [1, 1, 1, 1],
      Array.from({ length: 12 }, (_, i) => 1 - i * 1e-3),
    ];
    for (const [k, top] of spectra.entries()) {
      const sigmas = [...top, ...Array.from({ length: n - top.length }, () => 0.99 * Math.abs(rnd()) * 2 * 0.9)];
      const a = withSpectrum(orthogonal(n, rnd), sigmas, orthogonal(n, rnd));
      near(warmNorm(a, n, null, new Float64Array(n)), 1, REL, `cold ${k}`);
      near(exactSpectralNorm(a, n, n), 1, 1e-12, `reference ${k}`);
    }
  });

  for (const gap of [1e-1, 1e-2, 1e-3, 1e-5]) {
    it(`two singular values crossing between steps (the warm vector turns second, gap ${gap})`, () => {
      const n = 50;
      const rnd = lcg(Math.round(1 / gap));
      const u = orthogonal(n, rnd);
      const v = orthogonal(n, rnd);
      const rest = Array.from({ length: n - 2 }, () => 0.8 * Math.abs(2 * rnd()) * 0.95);
      const warm = new Float64Array(n);
      // step 0: σ₁ belongs to singular pair 0; step 1: the same vectors, but pair 1 is larger by `gap`
      const a0 = withSpectrum(u, [1, 1 - gap, ...rest], v);
      near(warmNorm(a0, n, null, warm), 1, REL, 'before the crossing');
      const a1 = withSpectrum(u, [1 - gap, 1, ...rest], v);
      near(warmNorm(a1, n, warm, warm), 1, REL, 'after the crossing');
      // the worst warm start: exactly the old top singular vector, now the second one
      const exactOld = Float64Array.from({ length: n }, (_, i) => v[i * n]);
      near(warmNorm(a1, n, exactOld, new Float64Array(n)), 1, REL, 'from the exact old vector');
    });
  }

  it('a long sequence with slowly rotating singular vectors and crossings, against exact norms', () => {
    const n = 24;
    const rnd = lcg(99);
    const u = orthogonal(n, rnd);
    const v = orthogonal(n, rnd);
    const base = Array.from({ length: n }, () => Math.abs(rnd()));
    const warm = new Float64Array(n);
    for (let t = 0; t < 40; t++) {
      const sig = base.map((s, i) => (i < 3 ? 1 + 0.05 * Math.sin(0.3 * t + (2 * Math.PI * i) / 3) : s));
      const a = withSpectrum(u, sig, v);
      near(warmNorm(a, n, t > 0 ? warm : null, warm), Math.max(...sig), REL, `t=${t}`);
    }
  });
});
