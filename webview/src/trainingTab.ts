// The Training tab: the loss and each parameter's gradient norm across the recorded iterations,
// with gradient clipping marked (the total norm before clipping, max_norm, and the clipped points).
import type { HistoryEntry } from '../../src/protocol/trace';
import { Chart, cssVar, forLog, palette, type SeriesSpec } from './charts';
import { h } from './dom';
import type { Translate } from './i18n';

export class TrainingTab {
  readonly el: HTMLElement;
  private charts: Chart[] = [];

  constructor(private readonly t: Translate) {
    this.el = h('div', { class: 'tab-body training' });
  }

  show(history: readonly HistoryEntry[]): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const t = this.t;
    if (history.length === 0) {
      this.el.replaceChildren(h('p', { class: 'muted' }, t('noHistory')));
      return;
    }
    const xs = history.map((e) => e.iteration);
    const colors = palette();
    const notes: HTMLElement[] = [];
    if (history.length === 1) notes.push(h('p', { class: 'muted' }, t('singleIteration')));
    const losses = history.map((e) => (e.loss === null ? NaN : e.loss));
    const logLoss = losses.every((v) => !Number.isFinite(v) || v > 0);
    this.charts.push(
      new Chart({
        title: t('lossTitle'),
        xLabel: t('iteration'),
        log: logLoss,
        series: [{ label: t('loss'), color: colors[0] }],
        data: [xs, logLoss ? forLog(losses) : losses.map((v) => (Number.isFinite(v) ? v : null))],
      }),
    );
    const names = [...new Set(history.flatMap((e) => Object.keys(e.gradNorms)))];
    const series: SeriesSpec[] = names.map((n, i) => ({ label: n, color: colors[i % colors.length] }));
    const data: (number | null)[][] = [xs, ...names.map((n) => forLog(history.map((e) => e.gradNorms[n] ?? NaN)))];
    const clips = history.filter((e) => e.clip);
    if (clips.length) {
      // Clipping in the foreground colour, apart from the parameters' palette; clipped points in red.
      const fg = cssVar('--vscode-foreground', '#888');
      series.push(
        { label: t('clipTotal'), color: fg, dash: [2, 2] },
        { label: t('clipMax'), color: fg, dash: [8, 4] },
        { label: t('clipped'), color: cssVar('--vscode-errorForeground', '#e51400'), pointsOnly: true },
      );
      data.push(
        forLog(history.map((e) => e.clip?.totalNorm ?? NaN)),
        forLog(history.map((e) => e.clip?.maxNorm ?? NaN)),
        forLog(history.map((e) => (e.clip && e.clip.totalNorm > e.clip.maxNorm ? e.clip.totalNorm : NaN))),
      );
      const n = clips.filter((e) => e.clip!.totalNorm > e.clip!.maxNorm).length;
      notes.push(h('p', { class: 'note' }, t('clippedCount', { n, total: history.length })));
    }
    this.charts.push(new Chart({ title: t('gradNormsTitle'), xLabel: t('iteration'), log: true, series, data, height: 260 }));
    this.el.replaceChildren(...notes, ...this.charts.map((c) => c.el));
  }

  refresh(): void {
    for (const c of this.charts) c.fit();
  }
}
