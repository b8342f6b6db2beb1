// The Gradients tab: a t × hidden-unit heatmap of |∂L/∂h_t| (log colour) per recurrent layer, and
// the gradient of one parameter (stats, and its values as a heatmap when the trace keeps them).
import type { ParameterInfo, RecurrentTrace, TensorStats } from '../../src/protocol/trace';
import { logDomain, type LogDomain } from './colorScale';
import { h, table } from './dom';
import { fmt, fmtShape } from './format';
import { legend } from './legend';
import { grid2d, heatmapPixels } from './heatmap';
import type { Translate } from './i18n';

/** Draws `columns` × `rows` values into a canvas of the given CSS size, pixel-sharp. */
function paint(canvas: HTMLCanvasElement, columns: number, rows: number, valueAt: (c: number, r: number) => number | undefined, d: LogDomain, cssW: number, cssH: number): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(cssW * dpr));
  canvas.height = Math.max(1, Math.round(cssH * dpr));
  canvas.style.width = `${cssW}px`;
  canvas.style.height = `${cssH}px`;
  const img = document.createElement('canvas');
  img.width = columns;
  img.height = rows;
  const ictx = img.getContext('2d');
  const ctx = canvas.getContext('2d');
  if (!ictx || !ctx) return;
  ictx.putImageData(new ImageData(heatmapPixels(columns, rows, valueAt, d), columns, rows), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
}

function dropdown(options: { value: string; label: string }[], value: string, onChange: (v: string) => void): HTMLElement {
  const dd = h('vscode-dropdown', { class: 'dropdown' });
  for (const o of options) {
    const opt = h('vscode-option', { value: o.value }, o.label);
    if (o.value === value) opt.setAttribute('selected', '');
    dd.append(opt);
  }
  dd.addEventListener('change', () => onChange((dd as unknown as { value: string }).value));
  return dd;
}

export class GradientsTab {
  readonly el: HTMLElement;
  private readonly heatBox: HTMLElement;
  private readonly paramBox: HTMLElement;
  private recurrent: readonly RecurrentTrace[] = [];
  private parameters: readonly ParameterInfo[] = [];
  private rowIndex = 0;
  private param: string | null = null;
  private dirty = false;
  private scrollToParam = false;
  private onPick: (row: RecurrentTrace, t: number) => void = () => undefined;
  private marked: () => { row: RecurrentTrace; t: number } | null = () => null;

  constructor(private readonly t: Translate) {
    this.heatBox = h('section', { class: 'heat' });
    this.paramBox = h('section', { class: 'param' });
    this.el = h('div', { class: 'tab-body gradients' }, this.heatBox, this.paramBox);
  }

  show(recurrent: readonly RecurrentTrace[], parameters: readonly ParameterInfo[], onPick: (row: RecurrentTrace, t: number) => void, marked: () => { row: RecurrentTrace; t: number } | null): void {
    this.recurrent = recurrent;
    this.parameters = parameters;
    this.onPick = onPick;
    this.marked = marked;
    this.rowIndex = 0;
    this.param = this.param && parameters.some((p) => p.name === this.param) ? this.param : (parameters.find((p) => p.name.includes('weight_hh'))?.name ?? parameters[0]?.name ?? null);
    this.dirty = true;
  }

  /** Shows a parameter (FocusParameterMessage). */
  focusParameter(name: string): void {
    this.param = name;
    this.dirty = true;
    this.scrollToParam = true;
  }

  /** The data or selection changed while hidden: render when shown. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Renders (sizes come from the layout, so only while the tab is shown). */
  refresh(): void {
    this.dirty = false;
    this.renderHeat();
    this.renderParam();
    if (this.scrollToParam) this.paramBox.scrollIntoView({ block: 'start' });
    this.scrollToParam = false;
  }

  /** Renders if the data changed since the last render. */
  refreshIfDirty(): void {
    if (this.dirty) this.refresh();
  }

  private renderHeat(): void {
    const t = this.t;
    const r = this.recurrent[this.rowIndex];
    const head = h('h3', null, t('heatmapTitle'));
    if (!r) {
      this.heatBox.replaceChildren(head, h('p', { class: 'muted' }, t('noRecurrent')));
      return;
    }
    const controls =
      this.recurrent.length > 1
        ? h(
            'div',
            { class: 'controls' },
            h('label', null, `${t('heatmapLayer')} `),
            dropdown(
              this.recurrent.map((q, i) => ({ value: String(i), label: `${q.module} L${q.layer}${q.direction === 1 ? ' ←' : ''} (${q.kind})` })),
              String(this.rowIndex),
              (v) => {
                this.rowIndex = Number(v);
                this.renderHeat();
              },
            ),
          )
        : null;
    const rows = r.steps.filter((s) => s.gradByUnit);
    if (rows.length === 0) {
      this.heatBox.replaceChildren(head, ...(controls ? [controls] : []), h('p', { class: 'muted' }, t('noGradByUnit')));
      return;
    }
    const H = r.steps.reduce((m, s) => Math.max(m, s.gradByUnit?.length ?? 0), 0);
    const T = r.steps.length;
    const d = logDomain(r.steps.flatMap((s) => s.gradByUnit ?? []).map(Math.abs));
    const canvas = h('canvas', { class: 'heatmap' });
    const tip = h('div', { class: 'tip hidden' });
    const marker = h('div', { class: 'marker hidden' });
    const plot = h('div', { class: 'heat-plot' }, canvas, marker, tip);
    const yAxis = h('div', { class: 'y-axis' }, h('span', null, '0'), h('span', null, t('unit')), h('span', null, String(H - 1)));
    const xAxis = h('div', { class: 'x-axis' }, ...[0, 0.25, 0.5, 0.75, 1].map((f) => h('span', null, `t=${r.steps[Math.round(f * (T - 1))].t}`)));
    const wrap = h('div', { class: 'heat-grid' }, yAxis, plot, h('span'), xAxis);
    this.heatBox.replaceChildren(head, ...(controls ? [controls] : []), legend(d, t), wrap);
    const cssW = Math.max(200, Math.floor(this.heatBox.clientWidth - 60));
    const cssH = Math.min(360, Math.max(120, H * 8));
    paint(canvas, T, H, (c, u) => r.steps[c].gradByUnit?.[u], d, cssW, cssH);
    const at = (e: MouseEvent): { c: number; u: number } => {
      const b = canvas.getBoundingClientRect();
      return {
        c: Math.min(T - 1, Math.max(0, Math.floor(((e.clientX - b.left) / b.width) * T))),
        u: Math.min(H - 1, Math.max(0, Math.floor(((e.clientY - b.top) / b.height) * H))),
      };
    };
    canvas.addEventListener('mousemove', (e) => {
      const { c, u } = at(e);
      const s = r.steps[c];
      tip.textContent = `t=${s.t}  ${t('unit')} ${u}  |∂L/∂h| ${fmt(s.gradByUnit?.[u] ?? NaN, 3)}`;
      tip.classList.remove('hidden');
      tip.style.transform = `translate(${Math.min(e.offsetX + 12, cssW - 180)}px, ${e.offsetY + 12}px)`;
    });
    canvas.addEventListener('mouseleave', () => tip.classList.add('hidden'));
    canvas.addEventListener('click', (e) => this.onPick(r, r.steps[at(e).c].t));
    const m = this.marked();
    if (m && m.row === r) {
      const i = r.steps.findIndex((s) => s.t === m.t);
      if (i >= 0) {
        marker.classList.remove('hidden');
        marker.style.left = `${((i + 0.5) / T) * cssW}px`;
      }
    }
  }

  private statsTable(s: TensorStats | null): HTMLElement {
    const t = this.t;
    if (!s) return h('p', { class: 'muted' }, t('noGrad'));
    return table([
      [t('norm'), fmt(s.norm, 3)],
      [t('min'), fmt(s.min, 3)],
      [t('max'), fmt(s.max, 3)],
      [t('mean'), fmt(s.mean, 3)],
      [t('numel'), String(s.numel)],
      [t('nanInf'), `${s.nanCount} / ${s.infCount}`],
    ]);
  }

  private renderParam(): void {
    const t = this.t;
    const head = h('h3', null, t('parameterGradient'));
    if (this.parameters.length === 0) {
      this.paramBox.replaceChildren(head);
      return;
    }
    const p = this.parameters.find((q) => q.name === this.param) ?? this.parameters[0];
    const controls = h(
      'div',
      { class: 'controls' },
      h('label', null, `${t('chooseParameter')} `),
      dropdown(
        this.parameters.map((q) => ({ value: q.name, label: `${q.name} ${fmtShape(q.shape)}` })),
        p.name,
        (v) => {
          this.param = v;
          this.renderParam();
        },
      ),
    );
    const stats = h(
      'div',
      { class: 'stats-pair' },
      h('div', null, h('h4', null, t('grad')), this.statsTable(p.grad)),
      h('div', null, h('h4', null, t('value')), this.statsTable(p.value)),
    );
    const parts: Node[] = [head, controls, stats];
    const values = p.grad?.values;
    if (values && values.length) {
      const [R, C] = grid2d(p.shape);
      const d = logDomain(values.map(Math.abs));
      const canvas = h('canvas', { class: 'heatmap param-heat' });
      const tip = h('div', { class: 'tip hidden' });
      const maxW = Math.max(200, Math.floor(this.paramBox.clientWidth - 20) || 600);
      const px = Math.max(1, Math.min(14, Math.floor(maxW / C)));
      const cssW = C * px;
      const cssH = Math.max(px, Math.min(400, R * px));
      parts.push(legend(d, t), h('div', { class: 'heat-plot' }, canvas, tip));
      paint(canvas, C, R, (c, r) => values[r * C + c], d, cssW, cssH);
      canvas.addEventListener('mousemove', (e) => {
        const b = canvas.getBoundingClientRect();
        const c = Math.min(C - 1, Math.floor(((e.clientX - b.left) / b.width) * C));
        const r = Math.min(R - 1, Math.floor(((e.clientY - b.top) / b.height) * R));
        tip.textContent = `[${r}, ${c}]  ${fmt(values[r * C + c], 4)}`;
        tip.classList.remove('hidden');
        tip.style.transform = `translate(${e.offsetX + 12}px, ${e.offsetY + 12}px)`;
      });
      canvas.addEventListener('mouseleave', () => tip.classList.add('hidden'));
    } else if (p.grad) {
      parts.push(h('p', { class: 'muted small' }, t('noValues')));
    }
    this.paramBox.replaceChildren(...parts);
  }
}
