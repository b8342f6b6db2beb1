// The Steps tab: per recurrent layer/direction, ‖∂L/∂h_t‖ (log), the step Jacobian's norm with
// σ_max(W_hh), and each step's contribution to ∂L/∂W_hh (log), over all T steps.
import type { RecurrentTrace } from '../../src/protocol/trace';
import { Chart, forLog, palette, type SeriesSpec } from './charts';
import { h } from './dom';
import type { Translate } from './i18n';

function label(r: RecurrentTrace): string {
  return `${r.module} L${r.layer}${r.direction === 1 ? ' ←' : ''}`;
}

/** x values covering every layer's t, and each layer's values aligned to them. */
export function alignSteps(recurrent: readonly RecurrentTrace[], pick: (r: RecurrentTrace, i: number) => number): { xs: number[]; ys: number[][] } {
  const ts = new Set<number>();
  for (const r of recurrent) for (const s of r.steps) ts.add(s.t);
  const xs = [...ts].sort((a, b) => a - b);
  const at = new Map(xs.map((t, i) => [t, i]));
  const ys = recurrent.map((r) => {
    const y = new Array<number>(xs.length).fill(NaN);
    r.steps.forEach((s, i) => (y[at.get(s.t)!] = pick(r, i)));
    return y;
  });
  return { xs, ys };
}

export class StepsTab {
  readonly el: HTMLElement;
  private charts: Chart[] = [];

  constructor(private readonly t: Translate) {
    this.el = h('div', { class: 'tab-body steps' });
  }

  show(recurrent: readonly RecurrentTrace[], onPick: (t: number) => void, marked: () => number | null): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const t = this.t;
    if (recurrent.length === 0) {
      this.el.replaceChildren(h('p', { class: 'muted' }, t('noRecurrent')));
      return;
    }
    const colors = palette();
    const rowSeries = recurrent.map((r, i) => ({ label: label(r), color: colors[i % colors.length] }));
    const gn = alignSteps(recurrent, (r, i) => r.steps[i].gradNorm);
    const series: SeriesSpec[] = [...rowSeries];
    const data: (number | null)[][] = [gn.xs, ...gn.ys.map(forLog)];
    recurrent.forEach((r, i) => {
      if (r.steps.some((s) => s.cellGradNorm !== undefined)) {
        series.push({ label: `${label(r)} ‖∂L/∂c_t‖`, color: colors[i % colors.length], dash: [4, 3] });
        data.push(forLog(alignSteps([r], (q, k) => q.steps[k].cellGradNorm ?? NaN).ys[0]));
      }
    });
    const jac = alignSteps(recurrent, (r, i) => r.steps[i].jacobianNorm);
    const jacSeries = [...rowSeries, ...recurrent.map((r, i) => ({ label: `${t('sigmaMax')} ${label(r)}`, color: colors[i % colors.length], dash: [6, 4] }))];
    const jacData: (number | null)[][] = [jac.xs, ...jac.ys.map((y) => y.map((v) => (Number.isFinite(v) ? v : null))), ...recurrent.map((r) => jac.xs.map(() => r.sigmaMax))];
    const whh = alignSteps(recurrent, (r, i) => r.steps[i].whhGradNorm);
    this.charts = [
      new Chart({ title: t('chartGradNorm'), xLabel: 't', log: true, series, data, onPick, marked }),
      new Chart({ title: t('chartJacobian'), xLabel: 't', log: false, series: jacSeries, data: jacData, onPick, marked }),
      new Chart({ title: t('chartWhh'), xLabel: 't', log: true, series: rowSeries, data: [whh.xs, ...whh.ys.map(forLog)], onPick, marked }),
    ];
    this.el.replaceChildren(h('p', { class: 'muted small' }, t('chartHint')), ...this.charts.map((c) => c.el));
  }

  /** After the tab becomes visible or the selection moves. */
  refresh(): void {
    for (const c of this.charts) {
      c.fit();
      c.redraw();
    }
  }
}
