// The cross-check as a plain-text table, for the terminal (`bptt-lens check`) and the extension's
// output channel. Labels go through `t` so the host can translate them (l10n.t); the CLI keeps English.
import { fmtRel, type CrossCheckReport, type CrossCheckRow } from '../protocol/crossCheck';

/** Translates a message with `{0}`-style placeholders. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

const english: Translate = (m, ...args) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

function fmtVal(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(7) : v.toExponential(6);
}

function pad(cells: string[][]): string[] {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => [...r[c]].length)));
  return cells.map((r) => r.map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length)).join('  ').trimEnd());
}

function quantityLabel(row: CrossCheckRow, t: Translate): string {
  return row.quantity === 'loss' ? t('loss') : row.quantity === 'paramGrad' ? t('parameter grad') : '‖∂L/∂h_t‖';
}

/** The report as lines of text. e.g. `console.log(formatCrossCheck(report))` */
export function formatCrossCheck(r: CrossCheckReport, t: Translate = english): string {
  const out: string[] = [];
  out.push(t('Cross-check of {0} (seed {1})', r.script, r.seed));
  const sideLine = (name: string, s: CrossCheckReport['embedded']): string[] => [name, s.producer || '?', s.status, `${(s.wallMs / 1000).toFixed(1)} s`, s.error ?? ''];
  out.push(...pad([sideLine(t('embedded'), r.embedded), sideLine('pytorch', r.pytorch)]).map((l) => `  ${l}`), '');
  if (r.rows.length > 0) {
    const head = [t('quantity'), t('name'), t('rel. diff'), t('where'), t('embedded'), 'pytorch', ''];
    const cells = (row: CrossCheckRow): string[] => [quantityLabel(row, t), row.name, fmtRel(row.relDiff), row.where, fmtVal(row.embedded), fmtVal(row.pytorch), row.ok ? '' : '✗'];
    const first = r.rows.filter((row) => row.phase === 'first');
    const run = r.rows.filter((row) => row.phase === 'run');
    // one table, so the columns line up across both sections
    const table = pad([head, ...first.map(cells), ...run.map(cells)]);
    if (first.length > 0) {
      out.push(t('First backward (both runs start from the same parameters and data):'), table[0], ...table.slice(1, 1 + first.length), '');
      out.push(t('Whole run (every loss; the last backward\'s gradients and per-step norms):'), table[0], ...table.slice(1 + first.length), '');
    } else out.push(...table, '');
  }
  const w = r.worst;
  const part = (label: string, v: number): string => `${label} ${v < 0 ? '–' : fmtRel(v)}`;
  out.push(t('Largest relative differences: {0}', [part(t('loss'), w.loss), part(t('parameter grads'), w.paramGrad), part('‖∂L/∂h_t‖', w.stepGradNorm)].join(' · ')));
  for (const m of r.mismatches) out.push(`✗ ${m}`);
  if (r.outputDiff) out.push(t('Printed output first differs at line {0}: embedded "{1}", PyTorch "{2}"', r.outputDiff.line, r.outputDiff.embedded, r.outputDiff.pytorch));
  if (r.verdict === 'agree') out.push(t('✓ The embedded engine agrees with PyTorch within {0}.', fmtRel(r.tolerance)));
  else if (r.verdict === 'diverged') {
    out.push(t('≈ The first backward agrees within {0}.', fmtRel(r.tolerance)));
    if (r.divergence) {
      out.push(
        t(
          'From iteration {0} the runs drift apart: the loss difference grows ×{1} per iteration. This training amplifies float32 rounding, so its later numbers differ between any two implementations (PyTorch on another CPU or on CUDA too).',
          r.divergence.iteration,
          String(Number(r.divergence.growth.toPrecision(2))),
        ),
      );
    }
  } else out.push(t('✗ The embedded engine and PyTorch disagree (tolerance {0}).', fmtRel(r.tolerance)));
  return out.join('\n');
}
