// Turning recorded numbers into findings: vanishing, exploding, the origin of a NaN/Inf,
// saturation and dead units. Each finding names the layer, the step and the source line.
import type { Diagnostic, HistoryEntry, ParameterInfo, RecurrentTrace, SourceLocation } from './types';

/** Thresholds (settings `bptt-lens.thresholds.*`). */
export interface DiagnosticOptions {
  /** ‖∂L/∂h‖ falling (or growing) by more than this across the sequence fires vanishing (exploding). */
  ratio: number;
  /** The effective horizon counts steps until ‖∂L/∂h_t‖ < this fraction of its peak. */
  horizonFraction: number;
  /** A parameter gradient norm above this fires exploding. */
  gradNormLimit: number;
  /** Mean fraction of saturated (or dead) units above this fires saturation (deadUnits). */
  saturationLimit: number;
}

export const DEFAULT_DIAGNOSTIC_OPTIONS: DiagnosticOptions = { ratio: 1e3, horizonFraction: 1e-3, gradNormLimit: 1e3, saturationLimit: 0.5 };

/** Where a NaN/Inf first appeared. */
export interface NonFiniteOrigin {
  phase: 'forward' | 'backward';
  node: string;
  name: string;
  module?: string;
  t?: number;
  source?: SourceLocation;
}

function label(r: RecurrentTrace): string {
  const dir = r.direction === 1 ? ', reverse' : '';
  return `${r.module || 'model'} (layer ${r.layer}${dir})`;
}

/** Steps in the order gradient flows through them (last step first for a forward direction). */
function backwardOrder(r: RecurrentTrace): RecurrentTrace['steps'] {
  const s = [...r.steps].sort((a, b) => a.t - b.t);
  return r.direction === 0 ? s.reverse() : s;
}

function vanishing(r: RecurrentTrace, o: DiagnosticOptions): Diagnostic | null {
  const order = backwardOrder(r);
  if (order.length < 2) return null;
  const g = order.map((s) => s.gradNorm);
  const peak = Math.max(...g);
  if (!(peak > 0)) return null;
  const peakAt = g.indexOf(peak);
  const after = g.slice(peakAt);
  const lowest = Math.min(...after);
  // Fires only when ‖∂L/∂h_t‖ itself falls. ∏ jacobianNorm is not a criterion: for an LSTM it
  // leaves out the cell path (a healthy LSTM with f ≈ 1 has a tiny product), and with a loss at
  // every step a short reach per loss term is what a per-step task needs, not a fault.
  const byGrad = lowest > 0 ? peak / lowest > o.ratio : after.length > 1 && lowest === 0;
  if (!byGrad) return null;
  let horizon = after.findIndex((v) => v < o.horizonFraction * peak);
  // With `ratio` below 1/horizonFraction the drop may stay above the fraction: then use the upper
  // bound ∏ ‖∂h_t/∂h_{t-1}‖ from the peak (valid when h is the whole state, so not for an LSTM),
  // else the whole span after the peak.
  if (horizon < 0 && !r.kind.startsWith('LSTM')) {
    let product = 1;
    for (let k = peakAt; k < order.length && horizon < 0; k++) {
      product *= order[k].jacobianNorm;
      if (product < o.horizonFraction) horizon = k - peakAt + 1;
    }
  }
  if (horizon < 0) horizon = after.length - 1;
  const at = order[peakAt + Math.max(horizon, 0)] ?? order[order.length - 1];
  const ratio = lowest > 0 ? peak / lowest : Infinity;
  return {
    kind: 'vanishing',
    severity: 'warning',
    message:
      `‖∂L/∂h_t‖ in ${label(r)} falls by ${Number.isFinite(ratio) ? ratio.toExponential(1) : 'more than any bound'} across ${order.length} steps; ` +
      `gradient from the loss reaches only ${horizon} step${horizon === 1 ? '' : 's'} back (effective horizon).`,
    module: r.module,
    layer: r.layer,
    direction: r.direction,
    t: at.t,
    source: at.source ?? r.source,
    data: { horizon, ratio: Number.isFinite(ratio) ? ratio : 1e308, peak, sigmaMax: r.sigmaMax },
    suggestion:
      r.kind.startsWith('RNN') || r.kind.startsWith('RNNCell')
        ? 'Use an LSTM or GRU, initialise W_hh closer to orthogonal (σ_max ≈ 1), or shorten the sequence (truncated BPTT).'
        : 'Check the forget-gate bias (a positive bias keeps the cell path open) and saturated gates.',
  };
}

/** ‖∇‖ over all parameters at each recorded backward (before any clipping). */
function totalNorms(history: readonly HistoryEntry[]): number[] {
  return history
    .map((h) => Math.sqrt(Object.values(h.gradNorms).reduce((s, v) => s + (Number.isFinite(v) ? v * v : 0), 0)))
    .filter((v) => v > 0 && Number.isFinite(v));
}

/**
 * A max_norm for clip_grad_norm_ read from the run: the median total gradient norm when several
 * iterations ran (clipping then cuts the spikes and leaves typical steps alone), otherwise the
 * last total norm divided by how much ‖∂L/∂h_t‖ grew across the sequence. One significant digit.
 */
export function suggestedMaxNorm(history: readonly HistoryEntry[], growthRatio: number): number | null {
  const totals = totalNorms(history);
  if (totals.length === 0) return null;
  let v: number;
  if (totals.length >= 3) {
    const sorted = [...totals].sort((a, b) => a - b);
    v = sorted[Math.floor(sorted.length / 2)];
  } else v = totals[totals.length - 1] / Math.max(growthRatio, 1);
  return Number(v.toPrecision(1));
}

function clipAdvice(history: readonly HistoryEntry[], growthRatio: number, data: Record<string, number>): string {
  const m = suggestedMaxNorm(history, growthRatio);
  if (m === null) return 'Clip the gradient norm before the optimizer step (torch.nn.utils.clip_grad_norm_)';
  data.suggestedMaxNorm = m;
  return `Clip the gradient norm before the optimizer step: torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=${m})`;
}

function explodingLayer(r: RecurrentTrace, o: DiagnosticOptions, clipped: boolean, history: readonly HistoryEntry[]): Diagnostic | null {
  const order = backwardOrder(r);
  if (order.length < 2) return null;
  const g = order.map((s) => s.gradNorm);
  const first = g[0];
  const last = g[g.length - 1];
  if (!(first > 0) || !(last / first > o.ratio)) return null;
  const growth = Math.pow(last / first, 1 / (g.length - 1));
  const at = order[order.length - 1];
  const data: Record<string, number> = { growth, ratio: last / first, sigmaMax: r.sigmaMax };
  return {
    kind: 'exploding',
    severity: clipped ? 'info' : 'error',
    message: `‖∂L/∂h_t‖ in ${label(r)} grows ×${growth.toFixed(2)} per step going back, ${(last / first).toExponential(1)} over ${g.length} steps.`,
    module: r.module,
    layer: r.layer,
    direction: r.direction,
    t: at.t,
    source: at.source ?? r.source,
    data,
    suggestion: clipped
      ? 'Gradient clipping is active and bounds the update; consider a smaller W_hh (σ_max below 1) as well.'
      : `${clipAdvice(history, last / first, data)}, and scale W_hh down (σ_max below 1).`,
  };
}

function saturationFinding(r: RecurrentTrace, o: DiagnosticOptions): Diagnostic | null {
  if (r.steps.length === 0) return null;
  const mean = r.steps.reduce((s, x) => s + x.saturation, 0) / r.steps.length;
  if (mean <= o.saturationLimit) return null;
  const relu = r.kind.includes('RELU') || r.kind.includes('relu');
  const worst = r.steps.reduce((a, b) => (b.saturation > a.saturation ? b : a));
  return {
    kind: relu ? 'deadUnits' : 'saturation',
    severity: 'warning',
    message: relu
      ? `${(mean * 100).toFixed(0)}% of the units of ${label(r)} are dead (relu output 0) on average.`
      : `${(mean * 100).toFixed(0)}% of the tanh/sigmoid units of ${label(r)} are saturated (derivative < 0.01) on average.`,
    module: r.module,
    layer: r.layer,
    direction: r.direction,
    t: worst.t,
    source: worst.source ?? r.source,
    data: { fraction: mean },
    suggestion: 'Scale the inputs and the initial weights down so pre-activations stay near 0.',
  };
}

/** All findings for a run. */
export function diagnose(
  recurrent: readonly RecurrentTrace[],
  parameters: readonly ParameterInfo[],
  history: readonly HistoryEntry[],
  nonFinite: NonFiniteOrigin | null,
  options: DiagnosticOptions = DEFAULT_DIAGNOSTIC_OPTIONS,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (nonFinite) {
    out.push({
      kind: 'nonfinite',
      severity: 'error',
      message: `The first NaN/Inf ${nonFinite.phase === 'forward' ? 'value' : 'gradient'} appears at ${nonFinite.name}${nonFinite.t !== undefined ? ` (step t=${nonFinite.t})` : ''} during the ${nonFinite.phase} pass.`,
      node: nonFinite.node,
      module: nonFinite.module,
      t: nonFinite.t,
      source: nonFinite.source,
      data: {},
      suggestion: 'Look for log/sqrt/division of values that reach 0 or below, overflowing exp, or a learning rate that is too high.',
    });
  }
  const clipped = history.some((h) => h.clip !== undefined && h.clip.totalNorm > h.clip.maxNorm);
  for (const r of recurrent) {
    for (const d of [vanishing(r, options), explodingLayer(r, options, clipped, history), saturationFinding(r, options)]) if (d) out.push(d);
  }
  const worst = largestGradNorm(parameters, history);
  if (worst && worst.norm > options.gradNormLimit && !out.some((d) => d.kind === 'exploding')) {
    const p = parameters.find((q) => q.name === worst.name);
    const when = worst.iteration === undefined ? '' : ` at iteration ${worst.iteration}${clipped ? ' (before clipping)' : ''}`;
    const data: Record<string, number> = { gradNorm: worst.norm };
    if (worst.iteration !== undefined) data.iteration = worst.iteration;
    out.push({
      kind: 'exploding',
      severity: clipped ? 'info' : 'error',
      message: `‖∂L/∂${worst.name}‖ = ${worst.norm.toExponential(2)}${when} exceeds ${options.gradNormLimit}.`,
      module: p?.module,
      node: p?.node,
      data,
      suggestion: clipped
        ? 'Gradient clipping is active and bounds the update; consider a smaller W_hh (σ_max below 1) or a lower learning rate as well.'
        : `${clipAdvice(history, 1, data)}, or lower the learning rate.`,
    });
  }
  return out;
}

/**
 * The largest parameter gradient norm of the run: over the history (recorded when each backward
 * ends, so before any clip_grad_norm_ rescales it) and the final gradients.
 */
function largestGradNorm(
  parameters: readonly ParameterInfo[],
  history: readonly HistoryEntry[],
): { name: string; norm: number; iteration?: number } | null {
  let best: { name: string; norm: number; iteration?: number } | null = null;
  for (const h of history) {
    for (const [name, norm] of Object.entries(h.gradNorms)) {
      if (Number.isFinite(norm) && (best === null || norm > best.norm)) best = { name, norm, iteration: h.iteration };
    }
  }
  for (const p of parameters) {
    const norm = p.grad?.norm;
    if (norm !== undefined && Number.isFinite(norm) && (best === null || norm > best.norm)) best = { name: p.name, norm };
  }
  return best;
}
