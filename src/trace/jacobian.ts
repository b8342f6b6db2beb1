// Local Jacobian gains ‖∂h_t/∂h_{t-1}‖ of recurrent cells, from the values the step event carries.
// tanh RNN: diag(1-h_t²)·W_hh; relu RNN: diag(h_t>0)·W_hh; GRU and LSTM: the exact partial
// derivative through the gates (LSTM at fixed c_{t-1}; its c-path gain is the forget gate).
import { tensorValues } from '../engine';
import type { StepEvent, Tensor } from '../engine';
import { spectralNorm } from './spectral';

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

/**
 * The largest spectral norm over the batch of ∂h_t/∂h_{t-1} for one step: over every batch row when
 * B·H² ≤ JACOBIAN_BUDGET, else over the first max(1, ⌊JACOBIAN_BUDGET / H²⌋) rows. `weightValues`:
 * W_hh as it was in the forward pass (an optimizer step may have changed the tensor since).
 */
export function jacobianNorm(e: StepEvent, budget = JACOBIAN_BUDGET, weightValues?: Float64Array): number {
  const hRows = rows(e.h);
  const H = hRows[0]?.length ?? 0;
  if (H === 0) return 0;
  const w = weightValues ?? weightOf(e.weightHh);
  const B = Math.min(hRows.length, Math.max(1, Math.floor(budget / (H * H))));
  let best = 0;
  for (let b = 0; b < B; b++) {
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
      return 0;
    }
    best = Math.max(best, spectralNorm(J.m, H, H));
  }
  return best;
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
