// Local Jacobian gains ‖∂h_t/∂h_{t-1}‖ of recurrent cells, from the values the step event carries.
// tanh RNN: diag(1-h_t²)·W_hh; relu RNN: diag(h_t>0)·W_hh; GRU and LSTM: the exact partial
// derivative through the gates (LSTM at fixed c_{t-1}; its c-path gain is the forget gate).
import { tensorValues } from '../engine';
import type { StepEvent, Tensor } from '../engine';
import { spectralNorm } from './spectral';
import { DenseMatrix } from './denseMatrix';
import { gramOfRows } from './matvec';
import { TopEigen } from './topEigen';

/** Rows b of a [B, H] (or [H]) tensor as Float64Arrays. */
function rows(t: Tensor): Float64Array[] {
  const d = t.toArray();
  const h = t.shape[t.ndim - 1];
  const b = t.ndim === 1 ? 1 : d.length / h;
  return Array.from({ length: b }, (_, i) => d.subarray(i * h, (i + 1) * h));
}

/** W_hh as a Float64Array with `blocks` stacked H×H blocks. */
function weightOf(w: Tensor): Float64Array {
  return w.toArray();
}

/** J = Σ diag(left_k)·W_k·diag(right_k) + diag(d) summed into an H×H matrix. */
class JacobianBuilder {
  readonly m: Float64Array;
  constructor(readonly h: number) {
    this.m = new Float64Array(h * h);
  }
  /** Adds diag(left)·W_block (W_block is block `block` of the stacked W_hh), optionally ·diag(right). */
  addScaled(w: Float64Array, block: number, left: ArrayLike<number>, right?: ArrayLike<number>): void {
    const h = this.h;
    const base = block * h * h;
    for (let i = 0; i < h; i++) {
      const l = left[i];
      if (l === 0) continue;
      for (let j = 0; j < h; j++) this.m[i * h + j] += l * w[base + i * h + j] * (right ? right[j] : 1);
    }
  }
  addDiagonal(d: ArrayLike<number>): void {
    for (let i = 0; i < this.h; i++) this.m[i * this.h + i] += d[i];
  }
}

/** Batch rows whose Jacobians fit in this many H×H entries per step are all examined. */
export const JACOBIAN_BUDGET = 1 << 18;

/** Up to this hidden size σ_max comes from the dense Jacobian exactly (spectral.ts), above by warm-started Lanczos. */
export const DIRECT_HIDDEN = 16;

function finiteRows(w: Float64Array, h: number, rowsOf: number): boolean[] {
  const ok = new Array<boolean>(rowsOf).fill(true);
  for (let i = 0; i < rowsOf * h; i++) if (!Number.isFinite(w[i])) ok[Math.floor(i / h)] = false;
  return ok;
}

/**
 * jacobianNorm for the steps of one sequence, taken in order of t: each batch row's Lanczos starts
 * from its top singular vector at the step before (neighbouring steps have nearly the same
 * Jacobian). For tanh and relu RNNs, J = diag(d)·W_hh is never formed: σ_max(J)² is the largest
 * eigenvalue of diag(d)·(W_hh·W_hhᵀ)·diag(d), whose product costs H² (W_hh·W_hhᵀ once per sequence).
 */
export class JacobianNorms {
  private readonly warm = new Map<number, Float64Array>();
  private gram: DenseMatrix | null = null;
  /** W·Wᵀ, or the active units' part of it, or a step's dense Jacobian: loaded for the products of one step. */
  private step: DenseMatrix | null = null;
  private gramValues: Float64Array | null = null;
  private rowOk: boolean[] | null = null;
  private readonly solver = new TopEigen();

  /** `w`: W_hh as it was in the forward pass. */
  constructor(
    private readonly w: Float64Array,
    private readonly budget = JACOBIAN_BUDGET,
  ) {}

  /** The largest spectral norm over the batch of ∂h_t/∂h_{t-1} at step `e` (see `jacobianNorm`). */
  of(e: StepEvent): number {
    const hRows = rows(e.h);
    const H = hRows[0]?.length ?? 0;
    if (H === 0) return 0;
    const B = Math.min(hRows.length, Math.max(1, Math.floor(this.budget / (H * H))));
    const mode = e.mode;
    const simple = mode === 'RNN_TANH' || mode === 'RNNCell_tanh' || mode === 'RNN_RELU' || mode === 'RNNCell_relu';
    let best = 0;
    for (let b = 0; b < B; b++) {
      let sigma: number;
      if (simple && H > DIRECT_HIDDEN) {
        const relu = mode === 'RNN_RELU' || mode === 'RNNCell_relu';
        const h = hRows[b];
        const d = new Float64Array(H);
        for (let i = 0; i < H; i++) d[i] = relu ? (h[i] > 0 ? 1 : 0) : 1 - h[i] * h[i];
        sigma = this.diagTimesW(d, H, b);
      } else {
        const J = dense(e, this.w, hRows, b, H);
        if (J === null) return 0;
        sigma = H <= DIRECT_HIDDEN ? spectralNorm(J, H, H) : this.general(J, H, b);
      }
      if (Number.isNaN(sigma)) return NaN;
      best = Math.max(best, sigma);
    }
    return best;
  }

  private warmFor(b: number, n: number): Float64Array {
    let v = this.warm.get(b);
    if (!v || v.length !== n) this.warm.set(b, (v = new Float64Array(n)));
    return v;
  }

  /** σ_max(diag(d)·W) from W·Wᵀ restricted to the units with d ≠ 0. */
  private diagTimesW(d: Float64Array, H: number, b: number): number {
    const w = this.w;
    const rowOk = (this.rowOk ??= finiteRows(w, H, H));
    const active: number[] = [];
    for (let i = 0; i < H; i++) {
      if (d[i] === 0) continue;
      if (!Number.isFinite(d[i]) || !rowOk[i]) return NaN;
      active.push(i);
    }
    const m = active.length;
    if (m === 0) return 0;
    const G = (this.gramValues ??= gramOfRows(w, H));
    // the rows and columns of W·Wᵀ of the active units (all of them, mostly, for tanh)
    let sub: DenseMatrix;
    if (m === H) {
      if (this.gram === null) (this.gram = new DenseMatrix(H)).load(G, H);
      sub = this.gram;
    } else {
      sub = this.stepMatrix(H);
      sub.load(G, H, active);
    }
    const da = new Float64Array(m);
    for (let a = 0; a < m; a++) da[a] = d[active[a]];
    const scaled = new Float64Array(m);
    const apply = (x: Float64Array, out: Float64Array): void => {
      for (let a = 0; a < m; a++) scaled[a] = da[a] * x[a];
      sub.times(scaled, out);
      for (let a = 0; a < m; a++) out[a] *= da[a];
    };
    const full = this.warmFor(b, H);
    let warm = full;
    if (m < H) {
      warm = new Float64Array(m);
      for (let a = 0; a < m; a++) warm[a] = full[active[a]];
    }
    const vec = m < H ? new Float64Array(m) : full;
    const lambda = this.solver.largest(m, apply, warm, vec);
    if (m < H) {
      full.fill(0);
      active.forEach((i, a) => (full[i] = vec[a]));
    }
    return Math.sqrt(lambda);
  }

  /** σ_max(J) of a dense Jacobian, as the largest eigenvalue of JᵀJ. */
  private general(J: Float64Array, H: number, b: number): number {
    for (let i = 0; i < H * H; i++) if (!Number.isFinite(J[i])) return NaN;
    const dense = this.stepMatrix(H);
    dense.load(J, H);
    const warm = this.warmFor(b, H);
    return Math.sqrt(this.solver.largest(H, (x, out) => dense.gram(x, out), warm, warm));
  }

  private stepMatrix(H: number): DenseMatrix {
    if (this.step === null || this.step.capacity < H) this.step = new DenseMatrix(H);
    return this.step;
  }
}

/** The dense ∂h_t/∂h_{t-1} of batch row b, or null for a mode without one. */
function dense(e: StepEvent, w: Float64Array, hRows: Float64Array[], b: number, H: number): Float64Array | null {
  const J = new JacobianBuilder(H);
  const mode = e.mode;
  if (mode === 'RNN_TANH' || mode === 'RNNCell_tanh') {
    J.addScaled(w, 0, hRows[b].map((v) => 1 - v * v));
  } else if (mode === 'RNN_RELU' || mode === 'RNNCell_relu') {
    J.addScaled(w, 0, hRows[b].map((v) => (v > 0 ? 1 : 0)));
  } else if ((mode === 'LSTM' || mode === 'LSTMCell') && e.gates && e.c && e.cPrev) {
    const [i, f, g, o] = ['i', 'f', 'g', 'o'].map((k) => rows(e.gates![k])[b]);
    const c = rows(e.c)[b];
    const cPrev = rows(e.cPrev)[b];
    const tc = c.map(Math.tanh);
    const dc = tc.map((v, k) => o[k] * (1 - v * v)); // ∂h/∂c
    J.addScaled(w, 0, dc.map((v, k) => v * g[k] * i[k] * (1 - i[k])));
    J.addScaled(w, 1, dc.map((v, k) => v * cPrev[k] * f[k] * (1 - f[k])));
    J.addScaled(w, 2, dc.map((v, k) => v * i[k] * (1 - g[k] * g[k])));
    J.addScaled(w, 3, tc.map((v, k) => v * o[k] * (1 - o[k])));
  } else if ((mode === 'GRU' || mode === 'GRUCell') && e.gates) {
    const [r, z, n, hn] = ['r', 'z', 'n', 'hn'].map((k) => rows(e.gates![k])[b]);
    const hp = rows(e.hPrev)[b];
    const dn = n.map((v, k) => (1 - z[k]) * (1 - v * v)); // ∂h/∂n
    J.addScaled(w, 0, dn.map((v, k) => v * hn[k] * r[k] * (1 - r[k])));
    J.addScaled(w, 1, z.map((v, k) => (hp[k] - n[k]) * v * (1 - v)));
    J.addScaled(w, 2, dn.map((v, k) => v * r[k]));
    J.addDiagonal(z);
  } else {
    return null;
  }
  return J.m;
}

/**
 * The largest spectral norm over the batch of ∂h_t/∂h_{t-1} for one step: over every batch row when
 * B·H² ≤ JACOBIAN_BUDGET, else over the first max(1, ⌊JACOBIAN_BUDGET / H²⌋) rows. `weightValues`:
 * W_hh as it was in the forward pass (an optimizer step may have changed the tensor since). For a
 * whole sequence, `JacobianNorms` reuses work between steps.
 */
export function jacobianNorm(e: StepEvent, budget = JACOBIAN_BUDGET, weightValues?: Float64Array): number {
  return new JacobianNorms(weightValues ?? weightOf(e.weightHh), budget).of(e);
}

/** σ_max of the recurrent weight (all gate blocks stacked), from `values` when given. */
export function weightSigmaMax(w: Tensor, values?: Float64Array): number {
  return spectralNorm(values ?? w.toArray(), w.shape[0], w.shape[1] ?? 1);
}

/** Fraction of saturated units: tanh/sigmoid derivative < 0.01, or dead relu units. */
export function saturation(e: StepEvent): number {
  const deriv: number[] = [];
  const push = (t: Tensor | undefined, f: (v: number) => number): void => {
    if (t) for (const v of tensorValues(t)) deriv.push(f(v));
  };
  const tanhD = (v: number): number => 1 - v * v;
  const sigD = (v: number): number => v * (1 - v);
  if (e.mode.includes('relu') || e.mode === 'RNN_RELU') {
    const d = tensorValues(e.h);
    let dead = 0;
    for (const v of d) if (v <= 0) dead++;
    return d.length ? dead / d.length : 0;
  }
  if (e.gates) {
    for (const [k, g] of Object.entries(e.gates)) {
      if (k === 'hn') continue;
      push(g, k === 'g' || k === 'n' ? tanhD : sigD);
    }
  } else push(e.h, tanhD);
  if (deriv.length === 0) return 0;
  let s = 0;
  for (const d of deriv) if (Math.abs(d) < 0.01) s++;
  return s / deriv.length;
}
