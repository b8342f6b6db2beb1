// The terminal summary of a Trace: per recurrent layer the ‖∂L/∂h_t‖ profile as a sparkline,
// σ_max and the findings; then parameter gradient norms.
import type { Trace } from '../trace/types';

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of positive values on a log scale (zeros as spaces), at most `width` wide. */
export function sparkline(values: readonly number[], width = 60): string {
  if (values.length === 0) return '';
  const bucket = Math.max(1, Math.ceil(values.length / width));
  const pts: number[] = [];
  for (let i = 0; i < values.length; i += bucket) pts.push(Math.max(...values.slice(i, i + bucket)));
  const logs = pts.map((v) => (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN));
  const finite = logs.filter((v) => !Number.isNaN(v));
  if (finite.length === 0) return ' '.repeat(pts.length);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return logs
    .map((v) => (Number.isNaN(v) ? ' ' : BARS[hi === lo ? BARS.length - 1 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))]))
    .join('');
}

function fmt(v: number): string {
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-2 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(1);
}

function where(loc: { file: string; line: number; column: number } | undefined, cwd: string): string {
  if (!loc) return '';
  const f = loc.file.startsWith(cwd + '/') ? loc.file.slice(cwd.length + 1) : loc.file;
  return ` (${f}:${loc.line}:${loc.column})`;
}

/** The summary text. e.g. `console.log(formatSummary(trace, process.cwd()))` */
export function formatSummary(trace: Trace, cwd: string): string {
  const lines: string[] = [];
  if (trace.recurrent.length === 0) lines.push('No recurrent layer or cell ran (nothing to show per time step).');
  for (const r of trace.recurrent) {
    const steps = [...r.steps].sort((a, b) => a.t - b.t);
    const g = steps.map((s) => s.gradNorm);
    const dir = r.direction === 1 ? ' reverse' : '';
    lines.push(`${r.module || 'model'} ${r.kind} layer ${r.layer}${dir}: T=${steps.length}, hidden ${r.hiddenSize}, σ_max(W_hh)=${fmt(r.sigmaMax)}`);
    const nz = g.filter((v) => v > 0);
    lines.push(`  ‖∂L/∂h_t‖ t=0→${steps.length - 1}  ${sparkline(g)}  [${nz.length ? `${fmt(Math.min(...nz))} … ${fmt(Math.max(...nz))}` : 'no gradient'}]`);
    const j = steps.map((s) => s.jacobianNorm);
    lines.push(`  ‖∂h_t/∂h_t-1‖        ${sparkline(j)}  [${fmt(Math.min(...j))} … ${fmt(Math.max(...j))}]`);
  }
  lines.push('');
  if (trace.diagnostics.length === 0) lines.push('Diagnosis: no vanishing, exploding or non-finite gradients found.');
  for (const d of trace.diagnostics) {
    lines.push(`${d.severity.toUpperCase()} ${d.kind}: ${d.message}${where(d.source, cwd)}`);
    if (d.suggestion) lines.push(`  → ${d.suggestion}`);
  }
  if (trace.model.parameters.length > 0) {
    lines.push('', 'Parameter gradient norms:');
    const w = Math.max(...trace.model.parameters.map((p) => p.name.length));
    for (const p of trace.model.parameters) {
      const grad = p.grad ? fmt(p.grad.norm) : 'None';
      const bad = p.grad && (p.grad.nanCount || p.grad.infCount) ? `  (${p.grad.nanCount} NaN, ${p.grad.infCount} Inf)` : '';
      lines.push(`  ${p.name.padEnd(w)}  [${p.shape.join(', ')}]  ‖∇‖ ${grad}${bad}`);
    }
  }
  if (trace.history.length > 1) {
    const losses = trace.history.map((h) => h.loss ?? NaN);
    lines.push('', `Loss over ${trace.history.length} iterations: ${sparkline(losses)}  ${fmt(losses[0])} → ${fmt(losses[losses.length - 1])}`);
  }
  return lines.join('\n');
}
