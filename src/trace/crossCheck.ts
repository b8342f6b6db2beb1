// Comparing the Traces of one script run on the embedded engine and on real PyTorch: losses per
// iteration, each parameter's gradient, and each recurrent layer's ‖∂L/∂h_t‖ per step. Every
// difference is relative to the size of what is compared, so it reads the same for a loss of 1e3
// and a gradient of 1e-6; docs/pytorch-backend.md defines each.
import type { CrossCheckPhase, CrossCheckQuantity, CrossCheckReport, CrossCheckRow, CrossCheckSide, CrossCheckVerdict } from '../protocol/crossCheck';
import type { ConsoleLine, ParameterInfo, RecurrentTrace, Trace } from './types';

/** The default relative tolerance. */
export const CROSS_CHECK_TOLERANCE = 1e-4;

/** Per-step norms below this fraction of the layer's peak are compared against that floor, not themselves. */
const STEP_FLOOR = 1e-12;

/** One backend's run as the check sees it. */
export interface CheckedRun {
  status: string;
  trace: Trace | null;
  error: { type: string; message: string } | null;
  wallMs: number;
}

/** |a − b| relative to the larger magnitude (and `floor`); 0 when both are 0, ∞ when one is non-finite. */
export function relDiff(a: number, b: number, floor = 0): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b ? 0 : Infinity;
  const scale = Math.max(Math.abs(a), Math.abs(b), floor);
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

function side(run: CheckedRun): CrossCheckSide {
  const s: CrossCheckSide = { producer: run.trace?.script.producer ?? '', status: run.status, wallMs: run.wallMs };
  if (run.error) s.error = `${run.error.type}: ${run.error.message}`;
  return s;
}

/** Per iteration, the relative difference of the losses. */
function lossDiffs(a: Trace, b: Trace): number[] {
  const n = Math.min(a.history.length, b.history.length);
  return Array.from({ length: n }, (_, i) => relDiff(a.history[i].loss ?? NaN, b.history[i].loss ?? NaN));
}

function lossRow(a: Trace, b: Trace, diffs: number[], phase: CrossCheckPhase, tol: number): CrossCheckRow | null {
  const n = phase === 'first' ? Math.min(1, diffs.length) : diffs.length;
  let worst: CrossCheckRow | null = null;
  for (let i = 0; i < n; i++) {
    const d = diffs[i];
    if (worst === null || d > worst.relDiff) {
      const [la, lb] = [a.history[i].loss ?? NaN, b.history[i].loss ?? NaN];
      worst = { quantity: 'loss', phase, name: 'loss', relDiff: d, where: `iteration ${a.history[i].iteration}`, embedded: la, pytorch: lb, count: n, basis: 'values', ok: d <= tol };
    }
  }
  return worst;
}

/** The first backward's gradient norm of one parameter (from `history[0].gradNorms`). */
function firstGradRow(name: string, a: Trace, b: Trace, tol: number): CrossCheckRow | null {
  const na = a.history[0]?.gradNorms[name];
  const nb = b.history[0]?.gradNorms[name];
  if (na === undefined || nb === undefined) return null;
  const d = relDiff(na, nb);
  return { quantity: 'paramGrad', phase: 'first', name, relDiff: d, where: '‖grad‖', embedded: na, pytorch: nb, count: 1, basis: 'norm', ok: d <= tol };
}

function gradRow(pa: ParameterInfo, pb: ParameterInfo, tol: number): CrossCheckRow {
  const base = { quantity: 'paramGrad' as const, phase: 'run' as const, name: pa.name };
  const ga = pa.grad;
  const gb = pb.grad;
  if (!ga || !gb) {
    const d = ga === gb ? 0 : Infinity;
    return { ...base, relDiff: d, where: ga ? 'no grad on PyTorch' : gb ? 'no grad on the embedded engine' : 'no grad on either', embedded: ga?.norm ?? NaN, pytorch: gb?.norm ?? NaN, count: 0, basis: 'norm', ok: d <= tol };
  }
  if ((ga.nanCount > 0 || ga.infCount > 0 || gb.nanCount > 0 || gb.infCount > 0) && (ga.nanCount !== gb.nanCount || ga.infCount !== gb.infCount)) {
    return { ...base, relDiff: Infinity, where: `NaN/Inf count ${ga.nanCount + ga.infCount} vs ${gb.nanCount + gb.infCount}`, embedded: ga.norm, pytorch: gb.norm, count: ga.numel, basis: 'norm', ok: false };
  }
  const va = ga.values;
  const vb = gb.values;
  if (va && vb && va.length === vb.length) {
    let scale = 0;
    for (let i = 0; i < va.length; i++) scale = Math.max(scale, Math.abs(va[i]), Math.abs(vb[i]));
    let worst = 0;
    let at = 0;
    for (let i = 0; i < va.length; i++) {
      const d = relDiff(va[i], vb[i], scale);
      if (d > worst) [worst, at] = [d, i];
    }
    return { ...base, relDiff: worst, where: `element ${at}`, embedded: va[at] ?? NaN, pytorch: vb[at] ?? NaN, count: va.length, basis: 'values', ok: worst <= tol };
  }
  const d = relDiff(ga.norm, gb.norm);
  return { ...base, relDiff: d, where: '‖grad‖', embedded: ga.norm, pytorch: gb.norm, count: ga.numel, basis: 'norm', ok: d <= tol };
}

function layerName(r: RecurrentTrace): string {
  return `${r.module || 'model'} layer ${r.layer}${r.direction === 1 ? ' reverse' : ''}`;
}

function stepRow(ra: RecurrentTrace, rb: RecurrentTrace, tol: number, mismatches: string[]): CrossCheckRow {
  const byT = new Map(rb.steps.map((s) => [s.t, s.gradNorm]));
  if (ra.steps.length !== rb.steps.length) mismatches.push(`${layerName(ra)}: ${ra.steps.length} steps on the embedded engine, ${rb.steps.length} on PyTorch`);
  let peak = 0;
  for (const s of [...ra.steps, ...rb.steps]) if (Number.isFinite(s.gradNorm)) peak = Math.max(peak, s.gradNorm);
  let worst: CrossCheckRow = { quantity: 'stepGradNorm', phase: 'run', name: layerName(ra), relDiff: 0, where: '', embedded: NaN, pytorch: NaN, count: 0, basis: 'values', ok: true };
  let count = 0;
  for (const s of ra.steps) {
    const other = byT.get(s.t);
    if (other === undefined) continue;
    count++;
    const d = relDiff(s.gradNorm, other, peak * STEP_FLOOR);
    if (worst.where === '' || d > worst.relDiff) worst = { ...worst, relDiff: d, where: `t=${s.t}`, embedded: s.gradNorm, pytorch: other };
  }
  return { ...worst, count, ok: worst.relDiff <= tol };
}

function stdoutLines(lines: readonly ConsoleLine[]): string[] {
  return lines
    .filter((l) => l.stream === 'stdout')
    .map((l) => l.text)
    .join('')
    .split('\n');
}

function firstOutputDiff(a: Trace, b: Trace): CrossCheckReport['outputDiff'] {
  const la = stdoutLines(a.console);
  const lb = stdoutLines(b.console);
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return { line: i + 1, embedded: la[i] ?? '', pytorch: lb[i] ?? '' };
  }
  return undefined;
}

/** Where the loss difference first passes `tol`, and its mean growth per iteration from iteration 0 to there. */
function divergenceOf(diffs: readonly number[], tol: number): { iteration: number; growth: number } | undefined {
  const at = diffs.findIndex((d) => d > tol);
  if (at <= 0) return undefined;
  const from = Math.max(diffs[0], Number.EPSILON);
  const to = Number.isFinite(diffs[at]) ? diffs[at] : 1;
  return { iteration: at, growth: Math.pow(to / from, 1 / at) };
}

const layerKey = (r: RecurrentTrace): string => `${r.module}|${r.layer}|${r.direction}`;

/** Compares the embedded run with the PyTorch run of the same script and seed. */
export function crossCheck(script: string, seed: number, embedded: CheckedRun, pytorch: CheckedRun, tolerance = CROSS_CHECK_TOLERANCE): CrossCheckReport {
  const mismatches: string[] = [];
  const rows: CrossCheckRow[] = [];
  const ea = embedded.error;
  const pb = pytorch.error;
  if (!ea !== !pb) mismatches.push(ea ? `only the embedded engine raised ${ea.type}: ${ea.message}` : `only PyTorch raised ${pb?.type}: ${pb?.message}`);
  else if (ea && pb && (ea.type !== pb.type || ea.message !== pb.message)) mismatches.push(`the errors differ: ${ea.type}: ${ea.message} (embedded) vs ${pb.type}: ${pb.message} (PyTorch)`);
  const a = embedded.trace;
  const b = pytorch.trace;
  if (b && b.script.backend !== 'pytorch') mismatches.push(`the PyTorch side's trace came from the ${b.script.backend} backend (${b.script.producer})`);
  let diffs: number[] = [];
  if (a && b) {
    if (a.history.length !== b.history.length) mismatches.push(`backward() ran ${a.history.length} times on the embedded engine and ${b.history.length} times on PyTorch`);
    diffs = lossDiffs(a, b);
    // with several iterations, the first backward on its own: both runs start from the same numbers there
    if (a.history.length > 1 && b.history.length > 1) {
      const first = lossRow(a, b, diffs, 'first', tolerance);
      if (first) rows.push(first);
      for (const p of a.model.parameters) {
        const r = firstGradRow(p.name, a, b, tolerance);
        if (r) rows.push(r);
      }
    }
    const loss = lossRow(a, b, diffs, 'run', tolerance);
    if (loss) rows.push(loss);
    const paramsB = new Map(b.model.parameters.map((p) => [p.name, p]));
    for (const p of a.model.parameters) {
      const q = paramsB.get(p.name);
      if (!q) mismatches.push(`parameter ${p.name} exists only on the embedded engine`);
      else if (p.shape.join('x') !== q.shape.join('x')) mismatches.push(`parameter ${p.name} has shape [${p.shape.join(', ')}] on the embedded engine and [${q.shape.join(', ')}] on PyTorch`);
      else rows.push(gradRow(p, q, tolerance));
      paramsB.delete(p.name);
    }
    for (const name of paramsB.keys()) mismatches.push(`parameter ${name} exists only on PyTorch`);
    const layersB = new Map(b.recurrent.map((r) => [layerKey(r), r]));
    for (const r of a.recurrent) {
      const q = layersB.get(layerKey(r));
      if (!q) mismatches.push(`${layerName(r)} was recorded only on the embedded engine`);
      else rows.push(stepRow(r, q, tolerance, mismatches));
      layersB.delete(layerKey(r));
    }
    for (const r of layersB.values()) mismatches.push(`${layerName(r)} was recorded only on PyTorch`);
  } else if (embedded.status === 'ok' && pytorch.status === 'ok') {
    mismatches.push('a run produced no trace');
  }
  const worst: Record<CrossCheckQuantity, number> = { loss: -1, paramGrad: -1, stepGradNorm: -1 };
  for (const r of rows) worst[r.quantity] = Math.max(worst[r.quantity], r.relDiff);
  const sameEnd = embedded.status === pytorch.status && mismatches.length === 0;
  const firstRows = rows.filter((r) => r.phase === 'first');
  let verdict: CrossCheckVerdict = 'disagree';
  let divergence: CrossCheckReport['divergence'];
  if (sameEnd && rows.every((r) => r.ok)) verdict = 'agree';
  else if (sameEnd && firstRows.length > 0 && firstRows.every((r) => r.ok)) {
    verdict = 'diverged';
    divergence = divergenceOf(diffs, tolerance);
  }
  const report: CrossCheckReport = {
    script,
    seed,
    tolerance,
    embedded: side(embedded),
    pytorch: side(pytorch),
    rows,
    worst,
    mismatches,
    agree: verdict === 'agree',
    verdict,
  };
  if (divergence) report.divergence = divergence;
  const diff = a && b ? firstOutputDiff(a, b) : undefined;
  if (diff) report.outputDiff = diff;
  return report;
}
