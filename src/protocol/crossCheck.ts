// The cross-check of one .py script run on both backends (the embedded engine and the user's real
// PyTorch) with the same seed: the user's proof that the embedded engine tells the truth about
// their model. Made by src/trace/crossCheck.ts; shown by the CLI (`bptt-lens check`), the host's
// output channel and the panel.

/** What a row compares. */
export type CrossCheckQuantity = 'loss' | 'paramGrad' | 'stepGradNorm';

/** One compared quantity: a loss series, one parameter's gradient, or one layer's ‖∂L/∂h_t‖ series. */
export interface CrossCheckRow {
  quantity: CrossCheckQuantity;
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
  /** The seed both runs started from (`torch.manual_seed`), or null for PyTorch's default seed. */
  seed: number | null;
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
