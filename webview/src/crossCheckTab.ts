// The Cross-check tab: the same .py script on the embedded engine and on real PyTorch, from the same
// seed. One row per compared quantity (the loss series, each parameter's gradient, each recurrent
// layer's ‖∂L/∂h_t‖ per step) with its largest relative difference and where it is.
import { fmtRel, type CrossCheckReport, type CrossCheckRow } from '../../src/protocol/crossCheck';
import { h } from './dom';
import { baseName, fmt } from './format';
import type { Translate } from './i18n';

const fmtVal = (v: number): string => fmt(v, 6);

function quantity(row: CrossCheckRow, t: Translate): string {
  const label = row.quantity === 'loss' ? t('ccLoss') : row.quantity === 'paramGrad' ? t('ccParamGrad') : '‖∂L/∂h_t‖';
  return row.basis === 'norm' ? `${label} ${t('ccByNorm')}` : label;
}

function verdict(report: CrossCheckReport, t: Translate): HTMLElement {
  const tol = fmtRel(report.tolerance);
  if (report.verdict === 'agree') return h('div', { class: 'banner info' }, `✓ ${t('ccAgree', { tol })}`);
  if (report.verdict === 'disagree') return h('div', { class: 'banner error' }, `✗ ${t('ccDisagree', { tol })}`);
  const d = report.divergence;
  return h('div', { class: 'banner warning' }, `≈ ${t('ccDiverged', { tol })}${d ? ` ${t('ccDivergence', { iteration: d.iteration, growth: String(Number(d.growth.toPrecision(2))) })}` : ''}`);
}

const cells = (tag: 'th' | 'td', values: string[]): HTMLElement => h('tr', null, ...values.map((v) => h(tag, null, v)));

export class CrossCheckTab {
  readonly el: HTMLElement;

  constructor(private readonly t: Translate) {
    this.el = h('div', { class: 'tab-body crosscheck' });
  }

  show(report: CrossCheckReport | null): void {
    const t = this.t;
    if (!report) {
      this.el.replaceChildren();
      return;
    }
    const seed = t('ccSeed', { seed: report.seed });
    const sides = h(
      'table',
      { class: 'cc' },
      cells('th', [t('ccBackend'), t('ccProducer'), t('ccStatus'), t('ccTime')]),
      ...([['embedded', t('ccEmbedded')], ['pytorch', t('ccPytorch')]] as const).map(([k, label]) => {
        const s = report[k];
        return cells('td', [label, s.producer, s.error ? `${s.status}: ${s.error}` : s.status, `${(s.wallMs / 1000).toFixed(1)} s`]);
      }),
    );
    const table = (rows: readonly CrossCheckRow[]): HTMLElement =>
      h(
        'table',
        { class: 'cc' },
        cells('th', [t('ccQuantity'), t('ccName'), t('ccRelDiff'), t('ccWhere'), t('ccEmbedded'), t('ccPytorch')]),
        ...rows.map((r) => {
          const tr = cells('td', [quantity(r, t), r.name, fmtRel(r.relDiff), r.where, fmtVal(r.embedded), fmtVal(r.pytorch)]);
          if (!r.ok) tr.classList.add('bad');
          return tr;
        }),
      );
    const first = report.rows.filter((r) => r.phase === 'first');
    const run = report.rows.filter((r) => r.phase === 'run');
    const tables = first.length > 0 ? [h('h3', null, t('ccFirst')), table(first), h('h3', null, t('ccRun')), table(run)] : [table(run)];
    const notes: HTMLElement[] = [];
    if (report.mismatches.length > 0) notes.push(h('h3', null, t('ccMismatches')), h('ul', { class: 'cc-mismatches' }, ...report.mismatches.map((m) => h('li', null, m))));
    if (report.outputDiff) notes.push(h('p', { class: 'muted' }, t('ccOutputDiff', { ...report.outputDiff })));
    this.el.replaceChildren(
      h('p', null, h('strong', null, baseName(report.script)), ` · ${t('ccTitle', { seed })}`),
      verdict(report, t),
      sides,
      ...tables,
      ...notes,
    );
  }
}
