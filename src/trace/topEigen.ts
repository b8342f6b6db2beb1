// The largest eigenvalue of a symmetric positive semidefinite operator given only as a product
// x ↦ M·x (a recurrent Jacobian's JᵀJ, or D·W·Wᵀ·D for J = D·W), by Lanczos, optionally
// warm-started from the top eigenvector of a neighbouring step.
//
// It stops when the top Ritz pair (θ, y) has ‖M·y − θ·y‖ ≤ TOLERANCE·θ, so θ is within that of an
// eigenvalue of M (and usually far closer: the error shrinks with the square of the residual), or
// when the Krylov space is invariant (then θ is exact). A warm start that is an eigenvector but no
// longer the top one (two singular values crossing between steps) could stop early; a fixed
// generic vector is mixed into every warm start, so the Krylov space always holds a share of every
// eigenvector: the Ritz pair's residual stays above the tolerance while a larger eigenvalue still
// pulls at it. An early stop is off by at most TOLERANCE over that share (~MIX/√n): below 2e-7
// relative for n ≤ 256, 4e-7 for n ≤ 1024. Plain power iteration, by contrast, stalls on close
// singular values and under-reports them by up to a few per cent.

/** Relative residual ‖M·y − θ·y‖ / θ at which the top Ritz value is accepted. */
export const TOLERANCE = 1e-9;
/** Weight of the generic vector in a warm start (the warm vector has weight 1). */
const MIX = 0.1;

/** out = M·x. */
export type MatVec = (x: Float64Array, out: Float64Array) => void;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** A fixed vector with no special direction (the same for every call), normalized. */
function generic(n: number): Float64Array {
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) g[i] = 1 + 0.5 * Math.sin(12.9898 * (i + 1));
  const s = Math.sqrt(dot(g, g));
  for (let i = 0; i < n; i++) g[i] /= s;
  return g;
}

/**
 * The largest eigenvalue of the k×k symmetric tridiagonal (alpha, beta), known to be ≥ lo: Laguerre's
 * iteration on det(T − x·I) (its LDLᵀ pivots give p'/p and p''/p) from a Gershgorin bound above.
 * For a polynomial with real roots it falls monotonically onto the largest one, cubically near it.
 */
function topOfTridiagonal(alpha: number[], beta: number[], lo: number): number {
  const k = alpha.length;
  let x = -Infinity;
  for (let j = 0; j < k; j++) {
    lo = Math.max(lo, alpha[j]);
    x = Math.max(x, alpha[j] + (j > 0 ? Math.abs(beta[j - 1]) : 0) + (j + 1 < k ? Math.abs(beta[j]) : 0));
  }
  for (let it = 0; it < 100 && x > lo; it++) {
    // pivots q_j of T − x·I and their first two derivatives in x; all q_j < 0 while x is above every eigenvalue
    let q = 1;
    let d1 = 0;
    let d2 = 0;
    let g = 0;
    let h = 0;
    for (let j = 0; j < k; j++) {
      if (j === 0) {
        q = alpha[0] - x;
        d1 = -1;
        d2 = 0;
      } else {
        const r = (beta[j - 1] * beta[j - 1]) / q;
        const nd2 = (r * (d2 * q - 2 * d1 * d1)) / (q * q);
        d1 = -1 + (r * d1) / q;
        d2 = nd2;
        q = alpha[j] - x - r;
      }
      if (!(q < 0)) return Math.max(x, lo); // x reached the top eigenvalue (to rounding)
      const u = d1 / q;
      g += u; // p'/p = Σ 1/(x − λ_i)
      h += u * u - d2 / q; // (p'/p)² − p''/p = Σ 1/(x − λ_i)²
    }
    const step = k / (g + Math.sqrt(Math.max((k - 1) * (k * h - g * g), 0)));
    if (!(step > 0)) break;
    x -= step;
    if (step <= 1e-15 * Math.abs(x)) break;
  }
  return Math.max(x, lo);
}

/** Workspace of `TopEigen`, grown as needed. */
class Workspace {
  basis = new Float64Array(0);
  x = new Float64Array(0);
  y = new Float64Array(0);
  c = new Float64Array(0);
  /** basis vector j of length `viewN` as a view, made once per basis and length. */
  private views: Float64Array[] = [];
  private viewN = 0;
  vector(j: number, n: number): Float64Array {
    if (n !== this.viewN) {
      this.views = [];
      this.viewN = n;
    }
    return (this.views[j] ??= this.basis.subarray(j * n, (j + 1) * n));
  }
  ensure(n: number, k: number): void {
    if (this.basis.length < n * k) {
      const grown = new Float64Array(Math.max(n * k, 2 * this.basis.length));
      grown.set(this.basis);
      this.basis = grown;
      this.views = [];
    }
    if (this.x.length < k) {
      const m = Math.max(k, 2 * this.x.length, 16);
      this.x = new Float64Array(m);
      this.y = new Float64Array(m);
      this.c = new Float64Array(m);
    }
  }
}

/**
 * A unit eigenvector (in `ws.x[0..k)`) of the tridiagonal (alpha, beta) for its top eigenvalue theta, by
 * two steps of inverse iteration. T − θ·I is negative semidefinite, so elimination without pivoting
 * is stable; the one (near) zero pivot is nudged, as inverse iteration allows.
 */
function tridiagonalEigenvector(alpha: number[], beta: number[], theta: number, ws: Workspace): Float64Array {
  const k = alpha.length;
  const { x, y, c } = ws;
  x.fill(1, 0, k);
  const tiny = 1e-14 * Math.max(Math.abs(theta), 1e-300);
  for (let it = 0; it < 2; it++) {
    let piv = alpha[0] - theta || tiny;
    c[0] = k > 1 ? beta[0] / piv : 0;
    y[0] = x[0] / piv;
    for (let j = 1; j < k; j++) {
      piv = alpha[j] - theta - beta[j - 1] * c[j - 1] || tiny;
      c[j] = j + 1 < k ? beta[j] / piv : 0;
      y[j] = (x[j] - beta[j - 1] * y[j - 1]) / piv;
    }
    for (let j = k - 2; j >= 0; j--) y[j] -= c[j] * y[j + 1];
    let m = 0;
    for (let j = 0; j < k; j++) m = Math.max(m, Math.abs(y[j]));
    let n = 0;
    for (let j = 0; j < k; j++) n += (y[j] / m) ** 2; // scaled first: the solution can be huge
    n = Math.sqrt(n) * m;
    for (let j = 0; j < k; j++) x[j] = y[j] / n;
  }
  return x;
}

/**
 * λ_max of symmetric positive semidefinite n×n operators by Lanczos (see the file comment); keeps
 * its buffers from call to call. e.g. `new TopEigen().largest(h, (x, y) => mulAtA(j, x, y), prev, prev)`
 */
export class TopEigen {
  private g: Float64Array = new Float64Array(0);
  private readonly ws = new Workspace();

  /**
   * λ_max of M (through `apply`), Lanczos from `warm` (a previous top eigenvector; null for none):
   * the top Ritz value plus its residual norm, never below λ_max. `vector`, when given, receives the
   * top Ritz vector. The three-term recurrence without reorthogonalization: until a Ritz value
   * converges the basis stays orthogonal to working precision, and it stops at the first (the top).
   */
  largest(n: number, apply: MatVec, warm: Float64Array | null, vector?: Float64Array): number {
    if (n === 0) return 0;
    if (this.g.length !== n) this.g = generic(n);
    const g = this.g;
    const ws = this.ws;
    const maxSteps = n <= 64 ? 2 * n + 8 : n;
    ws.ensure(n, 8);
    let q: Float64Array = ws.vector(0, n);
    const wn = warm === null ? 0 : Math.sqrt(dot(warm, warm));
    if (wn > 0 && Number.isFinite(wn)) for (let i = 0; i < n; i++) q[i] = warm![i] / wn + MIX * g[i];
    else q.set(g);
    const qn = Math.sqrt(dot(q, q));
    for (let i = 0; i < n; i++) q[i] /= qn;
    const alpha: number[] = [];
    const beta: number[] = [];
    let theta = 0;
    let resid = 0;
    let s: Float64Array = ws.x;
    let steps = 0;
    for (let k = 0; k < maxSteps; k++) {
      ws.ensure(n, k + 2);
      q = ws.vector(k, n);
      const w = ws.vector(k + 1, n);
      apply(q, w);
      const a = dot(q, w);
      alpha.push(a);
      const bPrev = k > 0 ? beta[k - 1] : 0;
      let ww = 0;
      for (let i = 0, p = (k - 1) * n; i < n; i++, p++) {
        const v = w[i] - a * q[i] - (k > 0 ? bPrev * ws.basis[p] : 0);
        w[i] = v;
        ww += v * v;
      }
      const b = Math.sqrt(ww);
      theta = topOfTridiagonal(alpha, beta, theta);
      s = tridiagonalEigenvector(alpha, beta, theta, ws);
      steps = k + 1;
      // invariant subspace (exact), or a converged top Ritz pair
      resid = b * Math.abs(s[k]);
      if (b <= 1e-14 * Math.max(theta, Math.abs(a)) || resid <= TOLERANCE * theta) break;
      beta.push(b);
      for (let i = 0; i < n; i++) w[i] /= b;
    }
    if (vector) {
      vector.fill(0);
      for (let j = 0; j < steps; j++) {
        const sj = s[j];
        for (let i = 0, p = j * n; i < n; i++, p++) vector[i] += sj * ws.basis[p];
      }
    }
    // θ ≤ λ_max ≤ θ + ‖M·y − θ·y‖: the upper end, so products of recorded norms still bound ‖∂h_t/∂h_k‖
    return Math.max(theta + resid, 0);
  }
}

/** `new TopEigen().largest(n, apply, warm, vector)` for a one-off. */
export function largestEigen(n: number, apply: MatVec, warm: Float64Array | null, vector?: Float64Array): number {
  return new TopEigen().largest(n, apply, warm, vector);
}
