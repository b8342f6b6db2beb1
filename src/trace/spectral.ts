// Spectral norms of small dense matrices (row-major Float64Array) by Golub–Kahan–Lanczos
// bidiagonalization with full reorthogonalization. Plain power iteration stalls when σ₁ ≈ σ₂ (common
// for recurrent Jacobians) and then under-reports σ_max by up to a few per cent, which breaks
// ‖∂h_t/∂h_k‖ ≤ ∏ ‖∂h_j/∂h_{j-1}‖ on recorded numbers; Lanczos converges in a few dozen steps to
// machine precision and is exact after min(r, c) steps.

/** (A·v)_i for an r×c matrix. */
function mulAv(a: Float64Array, r: number, c: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < r; i++) {
    let s = 0;
    const row = i * c;
    for (let j = 0; j < c; j++) s += a[row + j] * v[j];
    out[i] = s;
  }
}

/** (Aᵀ·u)_j for an r×c matrix. */
function mulAtu(a: Float64Array, r: number, c: number, u: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < r; i++) {
    const x = u[i];
    if (x === 0) continue;
    const row = i * c;
    for (let j = 0; j < c; j++) out[j] += a[row + j] * x;
  }
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Removes from `x` its components along the orthonormal `basis` (twice: "twice is enough"). */
function reorthogonalize(x: Float64Array, basis: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      let d = 0;
      for (let i = 0; i < x.length; i++) d += x[i] * b[i];
      for (let i = 0; i < x.length; i++) x[i] -= d * b[i];
    }
  }
}

/**
 * σ_max of the k×k upper bidiagonal B (diagonal `alpha`, superdiagonal `beta`): the square root of
 * the largest eigenvalue of the tridiagonal BᵀB, by bisection on Sturm counts.
 */
function bidiagonalSigmaMax(alpha: readonly number[], beta: readonly number[]): number {
  const k = alpha.length;
  const d = new Float64Array(k);
  const e = new Float64Array(Math.max(0, k - 1));
  for (let j = 0; j < k; j++) d[j] = alpha[j] * alpha[j] + (j > 0 ? beta[j - 1] * beta[j - 1] : 0);
  for (let j = 0; j + 1 < k; j++) e[j] = alpha[j] * beta[j];
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < k; j++) {
    lo = Math.max(lo, d[j]);
    hi = Math.max(hi, d[j] + (j > 0 ? Math.abs(e[j - 1]) : 0) + (j + 1 < k ? Math.abs(e[j]) : 0));
  }
  // number of eigenvalues below x
  const below = (x: number): number => {
    let n = 0;
    let q = 1;
    for (let j = 0; j < k; j++) {
      q = d[j] - x - (j > 0 ? (e[j - 1] * e[j - 1]) / q : 0);
      if (q === 0) q = -1e-300;
      if (q < 0) n++;
    }
    return n;
  };
  for (let it = 0; it < 200 && hi - lo > 4e-16 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (below(mid) === k) hi = mid;
    else lo = mid;
  }
  return Math.sqrt(hi);
}

/**
 * The eigenvector of the tridiagonal BᵀB (from `alpha`, `beta`) for its eigenvalue `sigma`², by two
 * steps of inverse iteration with a dense pivoted solve (k is a few dozen at most).
 */
function topRitzCoefficients(alpha: readonly number[], beta: readonly number[], sigma: number): Float64Array {
  const k = alpha.length;
  const shift = sigma * sigma * (1 + 1e-10) + 1e-300;
  let y = new Float64Array(k).fill(1);
  for (let it = 0; it < 2; it++) {
    const m = new Float64Array(k * k);
    for (let j = 0; j < k; j++) {
      m[j * k + j] = alpha[j] * alpha[j] + (j > 0 ? beta[j - 1] * beta[j - 1] : 0) - shift;
      if (j + 1 < k) m[j * k + j + 1] = m[(j + 1) * k + j] = alpha[j] * beta[j];
    }
    const b = y.slice();
    for (let col = 0; col < k; col++) {
      let piv = col;
      for (let i = col + 1; i < k; i++) if (Math.abs(m[i * k + col]) > Math.abs(m[piv * k + col])) piv = i;
      if (piv !== col) {
        for (let j = 0; j < k; j++) [m[col * k + j], m[piv * k + j]] = [m[piv * k + j], m[col * k + j]];
        [b[col], b[piv]] = [b[piv], b[col]];
      }
      const p = m[col * k + col] || 1e-300;
      for (let i = col + 1; i < k; i++) {
        const f = m[i * k + col] / p;
        if (f === 0) continue;
        for (let j = col; j < k; j++) m[i * k + j] -= f * m[col * k + j];
        b[i] -= f * b[col];
      }
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = b[i];
      for (let j = i + 1; j < k; j++) s -= m[i * k + j] * b[j];
      b[i] = s / (m[i * k + i] || 1e-300);
    }
    const n = norm2(b);
    if (!(n > 0) || !Number.isFinite(n)) break;
    y = b.map((x) => x / n);
  }
  return y;
}

/** Carries the top right singular vector from one call to the next (consecutive Jacobians are alike). */
export interface SpectralWarmStart {
  v?: Float64Array;
}

/**
 * σ_max of an r×c matrix (NaN when it holds NaN/Inf). `warm`, when given, seeds the iteration with
 * the vector a previous call left there and receives this matrix's top right singular vector.
 * e.g. `spectralNorm(w, 32, 32)`
 */
export function spectralNorm(a: Float64Array, r: number, c: number, warm?: SpectralWarmStart): number {
  if (r === 0 || c === 0) return 0;
  let any = false;
  for (let i = 0; i < r * c; i++) {
    const x = a[i];
    if (!Number.isFinite(x)) return NaN;
    if (x !== 0) any = true;
  }
  if (!any) return 0;
  const kMax = Math.min(r, c);
  let v = new Float64Array(c);
  let u = new Float64Array(r);
  let al = 0;
  if (warm?.v && warm.v.length === c) {
    v.set(warm.v);
    mulAv(a, r, c, v, u);
    al = norm2(u);
  }
  if (!(al > 0)) {
    // start in A's row space (v = Aᵀs for a fixed generic s), so A·v ≠ 0
    const s = new Float64Array(r);
    for (let i = 0; i < r; i++) s[i] = 1 + 0.5 * Math.sin(12.9898 * (i + 1));
    mulAtu(a, r, c, s, v);
    const vn = norm2(v);
    for (let j = 0; j < c; j++) v[j] /= vn;
    mulAv(a, r, c, v, u);
    al = norm2(u);
  }
  for (let i = 0; i < r; i++) u[i] /= al;
  const V = [v];
  const U = [u];
  const alpha = [al];
  const beta: number[] = [];
  let sigma = al;
  let stable = 0;
  for (let k = 1; k < kMax; k++) {
    const q = new Float64Array(c);
    mulAtu(a, r, c, u, q);
    for (let j = 0; j < c; j++) q[j] -= al * v[j];
    reorthogonalize(q, V);
    const be = norm2(q);
    if (be <= 1e-15 * sigma) break; // an invariant subspace: the Ritz values are exact
    for (let j = 0; j < c; j++) q[j] /= be;
    beta.push(be);
    v = q;
    V.push(v);
    const p = new Float64Array(r);
    mulAv(a, r, c, v, p);
    for (let i = 0; i < r; i++) p[i] -= be * u[i];
    reorthogonalize(p, U);
    al = norm2(p);
    alpha.push(al);
    if (al <= 1e-15 * sigma) break;
    for (let i = 0; i < r; i++) p[i] /= al;
    u = p;
    U.push(u);
    const next = bidiagonalSigmaMax(alpha, beta);
    // Ritz values rise monotonically to σ_max; stop once they stop moving
    stable = next - sigma <= 1e-14 * next ? stable + 1 : 0;
    sigma = Math.max(sigma, next);
    if (stable >= 2) break;
  }
  ((globalThis as any).__its ??= []).push(alpha.length);
  sigma = Math.max(sigma, bidiagonalSigmaMax(alpha, beta));
  if (warm) {
    const y = topRitzCoefficients(alpha, beta, sigma);
    const out = new Float64Array(c);
    for (let k = 0; k < y.length; k++) for (let j = 0; j < c; j++) out[j] += y[k] * V[k][j];
    warm.v = out;
  }
  return sigma;
}
