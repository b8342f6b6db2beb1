// The cross-check of one .py script run on both backends (the embedded engine and the user's real
// PyTorch) with the same seed: the user's proof that the embedded engine tells the truth about
// their model. Made by src/trace/crossCheck.ts; shown by the CLI (`bptt-lens check`), the host's
// output channel and the panel.

/** What a row compares. */
export type CrossCheckQuantity = 'loss' | 'paramGrad' | 'stepGradNorm';

/**
 * Which backward a row compares. `first`: the first backward, where both runs start from the same
 * parameters and data, so it measures the engines alone. `run`: the whole run (every iteration's
 * loss, the last backward's gradients and per-step norms), where a training that amplifies rounding
 * may have carried the two runs apart.
 */
export type CrossCheckPhase = 'first' | 'run';

/** The outcome: `diverged` means the first backward agrees and later iterations drift apart. */
export type CrossCheckVerdict = 'agree' | 'diverged' | 'disagree';

/** One compared quantity: a loss series, one parameter's gradient, or one layer's ‖∂L/∂h_t‖ series. */
export interface CrossCheckRow {
  quantity: CrossCheckQuantity;
  phase: CrossCheckPhase;
  /** `loss`, a parameter name (`rnn.weight_hh_l0`) or a layer (`rnn layer 0 reverse`). */
  name: string;
  /** The largest relative difference (see docs/pytorch-backend.md for each definition). */
  relDiff: number;
  /** Where it is largest: `iteration 3`, `element 17`, `t=42`. */
  where: string;
  /** The embedded engine's value there (a loss, a gradient element or norm, a ‖∂L/∂h_t‖). */
  embedded: number;
  /** Real PyTorch's value there. */
  pytorch: number;
  /** How many values were compared. */
  count: number;
  /** `values` compares elements; `norm` only the L2 norms (values too large to keep). */
  basis: 'values' | 'norm';
  /** Whether relDiff is within the tolerance. */
  ok: boolean;
}

/** One backend's side of the check. */
export interface CrossCheckSide {
  producer: string;
  status: string;
  /** The error, as `Type: message`, when that run failed. */
  error?: string;
  wallMs: number;
}

/** The whole check. */
export interface CrossCheckReport {
  script: string;
  /** The seed both runs started from (`torch.manual_seed`). */
  seed: number;
  /** Relative tolerance a row must meet. */
  tolerance: number;
  embedded: CrossCheckSide;
  pytorch: CrossCheckSide;
  rows: CrossCheckRow[];
  /** The largest relDiff per quantity (-1 when nothing of that kind was compared). */
  worst: Record<CrossCheckQuantity, number>;
  /** Things that could not be compared: a parameter or layer only one side has, different lengths. */
  mismatches: string[];
  /** The first line the two runs printed differently, if any: informational, since printed floats
   * may round differently within tolerance. 1-based over the whole stdout. */
  outputDiff?: { line: number; embedded: string; pytorch: string };
  /** Both runs ended the same way, nothing mismatched and every row is within tolerance. */
  agree: boolean;
  /**
   * `agree` as above; `diverged` when only the `run` rows are off while the first backward agrees
   * (the engines agree; the training amplifies float rounding, see `divergence`); else `disagree`.
   */
  verdict: CrossCheckVerdict;
  /** For `diverged`: the first iteration whose loss differs beyond tolerance, and the mean growth of the loss difference per iteration up to it. */
  divergence?: { iteration: number; growth: number };
}

/** A relative difference as the reports print it: `0`, `3.1e-7`, `∞` (also for JSON's 1e308 sentinel). */
export function fmtRel(v: number): string {
  if (v === 0) return '0';
  return Number.isFinite(v) && Math.abs(v) < 1e308 ? v.toExponential(1) : '∞';
}

/** The report as JSON text: non-finite numbers as the Trace's sentinels (NaN → -1, ±Inf → ±1e308). */
export function crossCheckJson(r: CrossCheckReport): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? -1 : v > 0 ? 1e308 : -1e308) : v));
}
