// The per-step data as CSV: one line per recurrent layer, direction and step. Pure.
import type { Trace } from '../../src/protocol/trace';

const COLUMNS = ['module', 'layer', 'direction', 'kind', 't', 'hNorm', 'gradNorm', 'jacobianNorm', 'whhGradNorm', 'saturation', 'lossInjected', 'forgetGate', 'cellGradNorm', 'sigmaMax'] as const;

function cell(v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of every step record, with a header line. e.g. `stepsCsv(trace).split('\n')[0]` → `module,layer,…` */
export function stepsCsv(trace: Trace): string {
  const lines: string[] = [COLUMNS.join(',')];
  for (const r of trace.recurrent) {
    for (const s of r.steps) {
      lines.push(
        [r.module, r.layer, r.direction, r.kind, s.t, s.hNorm, s.gradNorm, s.jacobianNorm, s.whhGradNorm, s.saturation, s.lossInjected, s.forgetGate, s.cellGradNorm, r.sigmaMax]
          .map(cell)
          .join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}
