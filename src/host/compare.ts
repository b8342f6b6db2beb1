// Comparing two runs: a Markdown summary, side by side. Per recurrent layer the ‖∂L/∂h_t‖ profile
// of each run (sparklines and sampled steps with the ratio), the findings, and the parameters'
// gradient norms. Modest on purpose: the panel stays the place for one trace in depth.
import * as l10n from '@vscode/l10n';
import { sparkline } from '../cli/summary';
import type { RecurrentTrace, Trace } from '../protocol/trace';
import { findingMessage, kindName, traceVerdict } from './findings';
import { fmtNum } from './format';

function layerKey(r: RecurrentTrace): string {
  return `${r.module}|${r.layer}|${r.direction}`;
}

function layerName(r: RecurrentTrace): string {
  return `${r.module || l10n.t('model')} ${r.kind} (${l10n.t('layer {0}', r.layer)}${r.direction === 1 ? `, ${l10n.t('reverse')}` : ''})`;
}

/** At most `n` steps spread over 0..T-1, always with both ends. */
function sampleSteps(T: number, n: number): number[] {
  if (T <= n) return Array.from({ length: T }, (_, i) => i);
  const out = new Set<number>();
  for (let i = 0; i < n; i++) out.add(Math.round((i * (T - 1)) / (n - 1)));
  return [...out];
}

const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined ? '–' : a === 0 ? (b === 0 ? '1' : '∞') : fmtNum(b / a);

/** The comparison of runs A and B as Markdown. */
export function compareMarkdown(a: Trace, b: Trace, labelA: string, labelB: string): string {
  const out: string[] = [`# ${l10n.t('BPTT Lens: compare runs')}`, '', `- **A** ${labelA} — ${traceVerdict(a)}`, `- **B** ${labelB} — ${traceVerdict(b)}`, ''];
  const layersB = new Map(b.recurrent.map((r) => [layerKey(r), r]));
  const seen = new Set<string>();
  for (const ra of a.recurrent) {
    const rb = layersB.get(layerKey(ra));
    seen.add(layerKey(ra));
    out.push(`## ${layerName(ra)}`, '');
    const ga = [...ra.steps].sort((x, y) => x.t - y.t);
    out.push('```text', `A ‖∂L/∂h_t‖ ${sparkline(ga.map((s) => s.gradNorm))}  σ_max ${fmtNum(ra.sigmaMax)}`);
    if (!rb) {
      out.push('```', '', `_${l10n.t('Run B has no such layer.')}_`, '');
      continue;
    }
    const gb = [...rb.steps].sort((x, y) => x.t - y.t);
    out.push(`B ‖∂L/∂h_t‖ ${sparkline(gb.map((s) => s.gradNorm))}  σ_max ${fmtNum(rb.sigmaMax)}`, '```', '');
    const byTa = new Map(ga.map((s) => [s.t, s.gradNorm]));
    const byTb = new Map(gb.map((s) => [s.t, s.gradNorm]));
    const T = Math.max(ga.length, gb.length);
    out.push(`| t | ‖∂L/∂h_t‖ A | ‖∂L/∂h_t‖ B | B / A |`, '|---:|---:|---:|---:|');
    for (const t of sampleSteps(T, 12)) {
      const va = byTa.get(t);
      const vb = byTb.get(t);
      out.push(`| ${t} | ${va === undefined ? '–' : fmtNum(va)} | ${vb === undefined ? '–' : fmtNum(vb)} | ${ratio(va, vb)} |`);
    }
    out.push('');
  }
  for (const rb of b.recurrent) if (!seen.has(layerKey(rb))) out.push(`## ${layerName(rb)}`, '', `_${l10n.t('Run A has no such layer.')}_`, '');
  out.push(`## ${l10n.t('Findings')}`, '', `| | A | B |`, '|---|---|---|');
  const kinds = [...new Set([...a.diagnostics, ...b.diagnostics].map((d) => d.kind))];
  if (kinds.length === 0) out.push(`| – | ${l10n.t('none')} | ${l10n.t('none')} |`);
  for (const k of kinds) {
    const cell = (t: Trace): string =>
      t.diagnostics
        .filter((d) => d.kind === k)
        .map((d) => findingMessage(d).replace(/\|/g, '\\|'))
        .join('<br>') || '–';
    out.push(`| ${kindName(k)} | ${cell(a)} | ${cell(b)} |`);
  }
  out.push('', `## ${l10n.t('Parameter gradient norms')}`, '', '| | ‖∇‖ A | ‖∇‖ B | B / A |', '|---|---:|---:|---:|');
  const pb = new Map(b.model.parameters.map((p) => [p.name, p]));
  const names = [...new Set([...a.model.parameters.map((p) => p.name), ...b.model.parameters.map((p) => p.name)])];
  const pa = new Map(a.model.parameters.map((p) => [p.name, p]));
  for (const n of names) {
    const ga = pa.get(n)?.grad?.norm;
    const gb = pb.get(n)?.grad?.norm;
    out.push(`| ${n} | ${ga === undefined ? '–' : fmtNum(ga)} | ${gb === undefined ? '–' : fmtNum(gb)} | ${ratio(ga, gb)} |`);
  }
  return out.join('\n') + '\n';
}
