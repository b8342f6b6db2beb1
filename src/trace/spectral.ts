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

/** Removes from `x` its components along the orthonormal `basis` (modified Gram–Schmidt). */
function reorthogonalize(x: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) {
    let d = 0;
    for (let i = 0; i < x.length; i++) d += x[i] * b[i];
    for (let i = 0; i < x.length; i++) x[i] -= d * b[i];
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
  return Math.sqrt(largestEigenTridiagonal(d, e));
}

/** The largest eigenvalue of the symmetric tridiagonal (diagonal d, off-diagonal e), by bisection on Sturm counts. */
function largestEigenTridiagonal(d: Float64Array, e: Float64Array): number {
  const k = d.length;
  let lo = -Infinity;
  let hi = -Infinity;
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
  return Math.max(hi, 0);
}

/** Largest size for which σ_max comes from AᵀA directly (O(c³)) rather than by Lanczos. */
const DIRECT_MAX = 64;

/**
 * σ_max² as the largest eigenvalue of AᵀA: Householder reduction of AᵀA to tridiagonal form, then
 * bisection. Exact to rounding, with no convergence test to stop early.
 */
function directSigmaMax(a: Float64Array, r: number, c: number): number {
  const m = new Float64Array(c * c);
  for (let i = 0; i < r; i++) {
    const row = i * c;
    for (let j = 0; j < c; j++) {
      const x = a[row + j];
      if (x === 0) continue;
      for (let k = j; k < c; k++) m[j * c + k] += x * a[row + k];
    }
  }
  for (let j = 0; j < c; j++) for (let k = j + 1; k < c; k++) m[k * c + j] = m[j * c + k];
  const d = new Float64Array(c);
  const e = new Float64Array(Math.max(0, c - 1));
  const v = new Float64Array(c);
  const p = new Float64Array(c);
  for (let k = 0; k < c - 2; k++) {
    // the Householder vector that zeroes column k below the subdiagonal
    let alpha = 0;
    for (let i = k + 1; i < c; i++) alpha += m[i * c + k] * m[i * c + k];
    alpha = Math.sqrt(alpha);
    if (alpha === 0) {
      e[k] = 0;
      continue;
    }
    const x0 = m[(k + 1) * c + k];
    const sgn = x0 >= 0 ? 1 : -1;
    e[k] = -sgn * alpha;
    let vn = 0;
    for (let i = k + 1; i < c; i++) {
      v[i] = m[i * c + k];
      if (i === k + 1) v[i] += sgn * alpha;
      vn += v[i] * v[i];
    }
    if (vn === 0) continue;
    // M ← H M H with H = I − 2vvᵀ/vᵀv, on the trailing block
    let vpv = 0;
    for (let i = k + 1; i < c; i++) {
      let s2 = 0;
      for (let j = k + 1; j < c; j++) s2 += m[i * c + j] * v[j];
      p[i] = (2 * s2) / vn;
      vpv += v[i] * p[i];
    }
    const kk = vpv / vn;
    for (let i = k + 1; i < c; i++) p[i] -= kk * v[i];
    for (let i = k + 1; i < c; i++) for (let j = k + 1; j < c; j++) m[i * c + j] -= v[i] * p[j] + p[i] * v[j];
  }
  for (let k = 0; k < c; k++) d[k] = m[k * c + k];
  if (c >= 2) e[c - 2] = m[(c - 1) * c + (c - 2)];
  return Math.sqrt(largestEigenTridiagonal(d, e));
}

/** σ_max of an r×c matrix (NaN when it holds NaN/Inf). e.g. `spectralNorm(w, 32, 32)` */
export function spectralNorm(a: Float64Array, r: number, c: number): number {
  if (r === 0 || c === 0) return 0;
  let any = false;
  for (let i = 0; i < r * c; i++) {
    const x = a[i];
    if (!Number.isFinite(x)) return NaN;
    if (x !== 0) any = true;
  }
  if (!any) return 0;
  if (c <= DIRECT_MAX) return directSigmaMax(a, r, c);
  const kMax = Math.min(r, c);
  // start in A's row space (v = Aᵀs for a fixed generic s), so A·v ≠ 0 and v has a component
  // along the top right singular vector
  const s = new Float64Array(r);
  for (let i = 0; i < r; i++) s[i] = 1 + 0.5 * Math.sin(12.9898 * (i + 1));
  let v = new Float64Array(c);
  mulAtu(a, r, c, s, v);
  const vn = norm2(v);
  for (let j = 0; j < c; j++) v[j] /= vn;
  let u = new Float64Array(r);
  mulAv(a, r, c, v, u);
  let al = norm2(u);
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
  return Math.max(sigma, bidiagonalSigmaMax(alpha, beta));
}
