// uPlot charts themed by the --vscode-* variables, sized to their container, with a vertical
// marker at the selected step and click-to-pick.
import uPlot from 'uplot';
import { h } from './dom';
import { fmt } from './format';

/** One line of a chart. */
export interface SeriesSpec {
  label: string;
  color: string;
  dash?: number[];
  /** Draw points only (no line), e.g. clipped iterations. */
  pointsOnly?: boolean;
}

/** A chart: x values in data[0], one array per series after it. */
export interface ChartSpec {
  title: string;
  xLabel: string;
  log: boolean;
  series: SeriesSpec[];
  data: (number | null)[][];
  height?: number;
  onPick?: (x: number) => void;
  marked?: () => number | null;
}

/** A theme colour from the page, e.g. `cssVar('--vscode-foreground', '#ccc')`. */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/** Series colours from VS Code's chart palette. */
export function palette(): string[] {
  return [
    cssVar('--vscode-charts-blue', '#3794ff'),
    cssVar('--vscode-charts-orange', '#d18616'),
    cssVar('--vscode-charts-green', '#89d185'),
    cssVar('--vscode-charts-purple', '#b180d7'),
    cssVar('--vscode-charts-red', '#f14c4c'),
    cssVar('--vscode-charts-yellow', '#cca700'),
  ];
}

/** Positive values for a log axis: zero, negative and non-finite become gaps. */
export function forLog(values: readonly number[]): (number | null)[] {
  return values.map((v) => (v > 0 && Number.isFinite(v) ? v : null));
}

export class Chart {
  readonly el: HTMLElement;
  private readonly plotBox: HTMLElement;
  private u: uPlot | null = null;
  private readonly observer: ResizeObserver;

  constructor(private readonly spec: ChartSpec) {
    this.plotBox = h('div', { class: 'plot' });
    this.el = h('figure', { class: 'chart', 'data-points': spec.data[0]?.length ?? 0 }, h('figcaption', null, spec.title), this.plotBox);
    this.observer = new ResizeObserver(() => this.fit());
    this.observer.observe(this.plotBox);
  }

  /** Creates the plot once the container has a width; resizes it after. */
  fit(): void {
    const width = Math.floor(this.plotBox.clientWidth);
    if (width < 50) return;
    if (this.u) {
      if (Math.abs(this.u.width - width) > 1) this.u.setSize({ width, height: this.spec.height ?? 200 });
      return;
    }
    this.create(width);
  }

  redraw(): void {
    this.u?.redraw(false);
  }

  destroy(): void {
    this.observer.disconnect();
    this.u?.destroy();
    this.u = null;
  }

  private create(width: number): void {
    const s = this.spec;
    const fg = cssVar('--vscode-foreground', '#888');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const accent = cssVar('--vscode-focusBorder', '#007fd4');
    const font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    const axis: uPlot.Axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font, labelFont: font };
    const opts: uPlot.Options = {
      width,
      height: s.height ?? 200,
      // A log axis is drawn as log10 on a linear one: uPlot's own log splits never end on a range
      // like 1e-45…1e-1 (the vanishing demo), and decades are all this axis needs.
      scales: { x: { time: false }, y: {} },
      axes: [
        // Steps and iterations are whole numbers.
        { ...axis, label: s.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] },
        s.log
          ? { ...axis, size: 64, incrs: [0.25, 0.5, 1, 2, 3, 5, 10, 20], values: (_u, vals) => vals.map((v) => (v === null ? '' : Number.isInteger(v) ? `1e${v}` : fmt(10 ** v, 1))) }
          : { ...axis, size: 64 },
      ],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      series: [
        { label: s.xLabel, value: (_u, v) => (v === null ? '–' : String(v)) },
        ...s.series.map(
          (q): uPlot.Series => ({
            label: q.label,
            stroke: q.color,
            width: q.pointsOnly ? 0 : 1.5,
            dash: q.dash,
            spanGaps: false,
            points: q.pointsOnly ? { show: true, size: 8, stroke: q.color, fill: q.color } : { show: false },
            value: (_u, v) => (v === null ? '–' : fmt(s.log ? 10 ** v : v, 3)),
          }),
        ),
      ],
      hooks: {
        draw: [
          (u: uPlot) => {
            const x = s.marked?.();
            if (x === null || x === undefined) return;
            const px = u.valToPos(x, 'x', true);
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = accent;
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(px, u.bbox.top);
            ctx.lineTo(px, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
    const data = s.log ? [s.data[0], ...s.data.slice(1).map((ys) => ys.map((v) => (v !== null && v > 0 && Number.isFinite(v) ? Math.log10(v) : null)))] : s.data;
    this.u = new uPlot(opts, data as uPlot.AlignedData, this.plotBox);
    const u = this.u;
    if (s.onPick) {
      u.over.addEventListener('click', () => {
        const idx = u.cursor.idx;
        if (idx !== null && idx !== undefined) s.onPick!(u.data[0][idx]);
      });
      u.over.classList.add('pickable');
    }
  }
}
