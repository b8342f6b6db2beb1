// The unrolled graph on screen: one SVG whose world group carries the pan/zoom transform (so a
// pan or zoom is one attribute write), grid columns rendered in chunks only while they are in
// view (plus an overscan), less detail when zoomed out, elk layouts for the nodes outside the
// grid and for expanded steps, an overview strip and row labels that stay on screen.
import type { LogDomain } from './colorScale';
import { layoutChain, layoutMacro } from './elkLayout';
import { CHUNK_COLUMNS, fitBox, initialGridView, panIntoView, worldRect, zoomAt, type ViewTransform } from './geometry';
import { rowLabel, type Cell, type GraphModel } from './graphModel';
import { detailFor, renderColumn, renderMacro, renderStandaloneSvg, SVG_DEFS, cellWorldBox, type Detail, type ExportColors, type RenderCtx } from './graphSvg';
import { GRID_SIDE, GridGeometry, type Box, type ChainLayout, type MacroLayout } from './gridLayout';
import type { Translate } from './i18n';
import { Overview } from './overview';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Resolves after the next frame has been painted. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** What the graph asks of the app. */
export interface GraphCallbacks {
  selectNode(id: string): void;
  selectCell(key: string): void;
  /** Clicked empty space. */
  clearSelection(): void;
  /** A step was expanded or collapsed from inside the graph. */
  expandedChanged(key: string): void;
  /** A double-click on a step is about to expand or collapse it: the selection its first click made stands. */
  doubleClicked(): void;
}

export class GraphView {
  readonly stage: HTMLDivElement;
  readonly overview: Overview;
  private readonly svg: SVGSVGElement;
  private readonly world: SVGGElement;
  private readonly macroG: SVGGElement;
  private readonly gridG: SVGGElement;
  private readonly labels: HTMLDivElement;
  /** How to use the graph, while nothing is selected (the Inspector, which said so, is folded then). */
  private readonly hint: HTMLDivElement;
  private model: GraphModel | null = null;
  private domain: LogDomain = { lo: -6, hi: 0 };
  private readonly expanded = new Map<string, ChainLayout>();
  private geo: GridGeometry | null = null;
  private macro: MacroLayout | null = null;
  private gridX = 0;
  private gridY = 0;
  private view: ViewTransform = { tx: 0, ty: 0, scale: 1 };
  private readonly chunks = new Map<number, SVGGElement>();
  private detail: Detail = 'full';
  private selectedNode: string | null = null;
  private selectedCell: string | null = null;
  private highlighted: ReadonlySet<string> = new Set();
  private raf = 0;
  private width = 0;
  private height = 0;
  private fitted = false;
  /**
   * The view is still the one initialView chose (no pan, zoom or reveal since): a resize (the
   * Inspector folding or unfolding, the panel resized) chooses it again for the new size.
   */
  private initial = false;
  private layoutToken = 0;
  private dragged = false;
  /** Resolves (with performance.now()) once the grid has been painted. */
  painted: Promise<number> = Promise.resolve(0);
  /** Resolves when elk has placed the nodes around the grid. */
  laidOut: Promise<void> = Promise.resolve();

  constructor(
    private readonly t: Translate,
    private readonly cb: GraphCallbacks,
  ) {
    this.stage = document.createElement('div');
    this.stage.className = 'graph-stage';
    this.stage.tabIndex = 0;
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.classList.add('graph');
    this.svg.innerHTML = SVG_DEFS;
    this.world = document.createElementNS(SVG_NS, 'g');
    this.macroG = document.createElementNS(SVG_NS, 'g');
    this.gridG = document.createElementNS(SVG_NS, 'g');
    this.world.append(this.macroG, this.gridG);
    this.svg.append(this.world);
    this.labels = document.createElement('div');
    this.labels.className = 'row-labels';
    this.hint = document.createElement('div');
    this.hint.className = 'graph-hint';
    this.hint.textContent = t('graphHelp');
    this.stage.append(this.svg, this.labels, this.hint);
    this.overview = new Overview((x) => this.centerOn(x, null));
    this.bindInput();
    new ResizeObserver(() => this.resized()).observe(this.stage);
  }

  /** Shows a model: lays it out, fits it and paints. Resolves after the first paint is scheduled. */
  async setModel(model: GraphModel, domain: LogDomain): Promise<void> {
    this.model = model;
    this.domain = domain;
    this.expanded.clear();
    this.fitted = false;
    this.macro = null;
    this.gridX = 0;
    this.gridY = 0;
    this.labels.replaceChildren(
      ...model.rows.map((r) => {
        const d = document.createElement('div');
        d.className = 'row-label';
        d.textContent = rowLabel(r);
        d.title = `${r.kind}${r.hiddenSize ? ` · hidden ${r.hiddenSize}` : ''}${r.sigmaMax !== null ? ` · σ_max(W_hh) ${r.sigmaMax.toPrecision(3)}` : ''}`;
        return d;
      }),
    );
    await this.relayout();
  }

  /** Sets what is selected and highlighted, and repaints. */
  setSelection(node: string | null, cell: string | null): void {
    this.selectedNode = node;
    this.selectedCell = cell;
    this.hint.classList.toggle('hidden', node !== null || cell !== null);
    this.mark();
  }

  setHighlighted(ids: ReadonlySet<string>): void {
    this.highlighted = ids;
    this.mark();
  }

  /**
   * Updates the selection and highlight classes of what is rendered, in place: replacing the
   * elements under the pointer would break a double-click. Chunks rendered later get the classes
   * from the render context.
   */
  private mark(): void {
    const sel = this.selectedNode;
    const hlCells = new Set<string>();
    if (this.highlighted.size && this.model) for (const id of this.highlighted) {
      const c = this.model.cellOfNode.get(id);
      if (c) hlCells.add(c.key);
    }
    for (const el of this.svg.querySelectorAll('[data-cell]')) {
      const key = el.getAttribute('data-cell')!;
      el.classList.toggle('selected', key === this.selectedCell);
      el.classList.toggle('hl', hlCells.has(key));
    }
    for (const el of this.svg.querySelectorAll('.node[data-node]')) {
      const id = el.getAttribute('data-node')!;
      el.classList.toggle('selected', id === sel);
      el.classList.toggle('hl', this.highlighted.has(id));
    }
    for (const el of this.svg.querySelectorAll('.edge')) {
      el.classList.toggle('sel', sel !== null && (el.getAttribute('data-from') === sel || el.getAttribute('data-to') === sel));
    }
  }

  isExpanded(key: string): boolean {
    return this.expanded.has(key);
  }

  /** Expands a step to its grad_fn chain. */
  async expand(key: string): Promise<void> {
    const cell = this.cellByKey(key);
    if (!this.model || !cell || this.expanded.has(key) || cell.nodes.length === 0) return;
    this.expanded.set(key, await layoutChain(this.model, cell));
    await this.relayout();
    this.revealCell(key);
  }

  async collapse(key: string): Promise<void> {
    if (!this.expanded.delete(key)) return;
    await this.relayout();
    this.revealCell(key);
  }

  async collapseAll(): Promise<void> {
    if (this.expanded.size === 0) return;
    this.expanded.clear();
    await this.relayout();
  }

  /** Scrolls (and zooms in if needed) to a cell. */
  revealCell(key: string): void {
    const c = this.cellByKey(key);
    if (c && this.geo) this.revealBox(cellWorldBox(this.ctx(), c));
  }

  /** Scrolls to a node: its cell if it is inside a collapsed step, else the node itself. */
  revealNode(id: string): void {
    const b = this.nodeBox(id);
    if (b) this.revealBox(b);
  }

  /** Where a node is in the world: its cell if it is inside a collapsed step, else the node itself. */
  private nodeBox(id: string): Box | null {
    const m = this.model;
    if (!m || !this.geo) return null;
    const cell = m.cellOfNode.get(id);
    if (cell) {
      const chain = this.expanded.get(cell.key);
      const p = chain?.nodes.find((n) => n.kind === 'node' && n.node === id);
      const b = cellWorldBox(this.ctx(), cell);
      return p ? { x: b.x + p.x, y: b.y + p.y, w: p.w, h: p.h } : b;
    }
    return this.macro?.nodes.find((q) => q.node === id) ?? null;
  }

  /** Where the selection is in the world (the selected cell, else the selected node); null when none. */
  private selectionBox(): Box | null {
    const c = this.selectedCell ? this.cellByKey(this.selectedCell) : null;
    if (c && this.geo) return cellWorldBox(this.ctx(), c);
    return this.selectedNode ? this.nodeBox(this.selectedNode) : null;
  }

  /** Fits everything in view. */
  fit(): void {
    if (!this.macro || !this.width) return;
    this.view = fitBox({ x: 0, y: 0, w: this.macro.width, h: this.macro.height }, this.width, this.height, 12);
    this.initial = false;
    this.schedule();
  }

  zoom(factor: number): void {
    this.view = zoomAt(this.view, factor, this.width / 2, this.height / 2);
    this.initial = false;
    this.schedule();
  }

  /** The whole graph as SVG text (every column, whatever is on screen). */
  exportSvg(colors: ExportColors): string {
    if (!this.macro || !this.model) return '<svg xmlns="http://www.w3.org/2000/svg"/>';
    return renderStandaloneSvg(this.exportCtx('full'), this.macro, colors, this.model.rows.map(rowLabel));
  }

  /** What is on screen now as SVG text, `ratio` pixels per screen pixel (for the PNG export). */
  exportViewSvg(colors: ExportColors, ratio: number): { svg: string; width: number; height: number } {
    if (!this.macro || !this.model || !this.geo || !this.width) {
      const size = this.worldSize();
      return { svg: this.exportSvg(colors), width: Math.ceil(size.w), height: Math.ceil(size.h) };
    }
    const w = worldRect(this.view, this.width, this.height);
    const off = this.gridX + GRID_SIDE;
    const columns = this.geo.cols.window(w.x0 - off, w.x1 - off, 1);
    const width = Math.round(this.width * ratio);
    const height = Math.round(this.height * ratio);
    const svg = renderStandaloneSvg(this.exportCtx(this.detail), this.macro, colors, this.model.rows.map(rowLabel), {
      box: { x: w.x0, y: w.y0, w: w.x1 - w.x0, h: w.y1 - w.y0 },
      columns,
      pixelWidth: width,
      pixelHeight: height,
    });
    return { svg, width, height };
  }

  /** The graph's world size. */
  worldSize(): { w: number; h: number } {
    return { w: this.macro?.width ?? 0, h: this.macro?.height ?? 0 };
  }

  /** Called when the tab becomes visible (the stage had no size while hidden). */
  shown(): void {
    this.resized();
  }

  private cellByKey(key: string): Cell | null {
    const m = /^r(\d+)c(\d+)$/.exec(key);
    return m ? (this.model?.rows[Number(m[1])]?.cells[Number(m[2])] ?? null) : null;
  }

  /** An export shows the graph, not the current selection or editor highlight. */
  private exportCtx(detail: Detail): RenderCtx {
    return { ...this.ctx(), detail, selectedNode: null, selectedCell: null, highlighted: new Set() };
  }

  private ctx(): RenderCtx {
    return {
      model: this.model!,
      geo: this.geo!,
      gridX: this.gridX,
      gridY: this.gridY,
      domain: this.domain,
      expanded: this.expanded,
      selectedNode: this.selectedNode,
      selectedCell: this.selectedCell,
      highlighted: this.highlighted,
      detail: this.detail,
      text: (k) => this.t(k),
    };
  }

  /**
   * Places the grid at once (it needs no layout engine) and paints, then lets elk place the nodes
   * around it; when elk's answer arrives the view shifts with the grid, so nothing on screen jumps.
   * Resolves after the first of the two paints has been scheduled; `laidOut` after the second.
   */
  private async relayout(): Promise<void> {
    const model = this.model;
    if (!model) return;
    const token = ++this.layoutToken;
    const geo = new GridGeometry(model, this.expanded);
    if (!this.macro && model.rows.length) {
      this.apply(model, geo, { grid: { x: 0, y: 0, w: geo.width, h: geo.height }, nodes: [], edges: [], width: geo.width, height: geo.height });
    } else if (this.macro) {
      // An expand/collapse: keep the old elk placement until the new one is ready, grid resized.
      const grid = this.macro.grid ?? { x: 0, y: 0, w: 0, h: 0 };
      this.apply(model, geo, { ...this.macro, grid: { ...grid, w: geo.width, h: geo.height } });
    }
    // Let the browser paint the grid before elk (which blocks the thread while it starts) runs.
    const painted = model.rows.length ? afterPaint() : Promise.resolve();
    this.painted = painted.then(() => performance.now());
    this.laidOut = painted.then(() => layoutMacro(model, model.rows.length ? geo : null)).then((macro) => {
      if (token !== this.layoutToken || model !== this.model) return;
      this.apply(model, geo, macro);
    });
    if (!model.rows.length) {
      await this.laidOut;
      this.painted = afterPaint().then(() => performance.now());
    }
  }

  /** Shows a placement, shifting the view so the grid stays where it was on screen. */
  private apply(model: GraphModel, geo: GridGeometry, macro: MacroLayout): void {
    const gx = macro.grid?.x ?? 0;
    const gy = macro.grid?.y ?? 0;
    if (this.fitted) this.view = { ...this.view, tx: this.view.tx - (gx - this.gridX) * this.view.scale, ty: this.view.ty - (gy - this.gridY) * this.view.scale };
    this.geo = geo;
    this.macro = macro;
    this.gridX = gx;
    this.gridY = gy;
    this.clearChunks();
    this.macroG.innerHTML = renderMacro(this.ctx(), macro);
    this.overview.draw(model, geo, macro, this.gridX, this.domain);
    if (!this.fitted && this.width) this.initialView();
    this.schedule();
  }

  /** The grid whole if it reads at that size; else its end (where the loss is) at a readable zoom. */
  private initialView(): void {
    if (!this.macro) return;
    this.fitted = true;
    this.initial = true;
    const g = this.macro.grid;
    this.view = g ? initialGridView(g, this.width, this.height) : fitBox({ x: 0, y: 0, w: this.macro.width, h: this.macro.height }, this.width, this.height, 12);
  }

  private revealBox(b: Box): void {
    // The stage as it is now: a selection that opened the Inspector has narrowed it already, though
    // the resize observer has not said so yet.
    const r = this.stage.getBoundingClientRect();
    const width = r.width || this.width;
    const height = r.height || this.height;
    if (!width) return;
    let scale = this.view.scale;
    if (scale < 0.5) scale = 0.8;
    scale = Math.min(scale, (width - 40) / Math.max(1, b.w), (height - 40) / Math.max(1, b.h), 1.5);
    scale = Math.max(scale, 0.05);
    this.view = { scale, tx: width / 2 - (b.x + b.w / 2) * scale, ty: height / 2 - (b.y + b.h / 2) * scale };
    this.initial = false;
    this.schedule();
  }

  private centerOn(worldX: number, worldY: number | null): void {
    const s = this.view.scale;
    this.view = { ...this.view, tx: this.width / 2 - worldX * s, ty: worldY === null ? this.view.ty : this.height / 2 - worldY * s };
    this.initial = false;
    this.schedule();
  }

  /**
   * The stage changed size (the Inspector unfolded or folded, the panel was resized, the tab shown).
   * An untouched first view is chosen again for the new size, so the graph uses the width it has;
   * otherwise what is on screen stays where it is, and a selection the stage's new edge would cover
   * is panned back into view.
   */
  private resized(): void {
    const r = this.stage.getBoundingClientRect();
    if (r.width === this.width && r.height === this.height) return;
    this.width = r.width;
    this.height = r.height;
    if (!this.width) return;
    if (this.model && this.macro) {
      this.overview.draw(this.model, this.geo, this.macro, this.gridX, this.domain);
      const sel = this.selectionBox();
      if (!this.fitted || (this.initial && !sel)) this.initialView();
      else if (sel) this.view = panIntoView(this.view, sel, this.width, this.height);
    }
    this.schedule();
  }

  private clearChunks(): void {
    for (const g of this.chunks.values()) g.remove();
    this.chunks.clear();
  }

  private schedule(): void {
    if (!this.raf) this.raf = requestAnimationFrame(() => this.update());
  }

  /** The per-frame work: the transform, then which chunks are in view. */
  private update(): void {
    this.raf = 0;
    const v = this.view;
    this.world.setAttribute('transform', `translate(${v.tx} ${v.ty}) scale(${v.scale})`);
    if (!this.model || !this.geo || !this.macro) return;
    const detail = detailFor(v.scale);
    if (detail !== this.detail) {
      this.detail = detail;
      this.clearChunks();
      this.macroG.innerHTML = renderMacro(this.ctx(), this.macro);
    }
    const w = worldRect(v, this.width, this.height);
    const want = new Set<number>();
    const gy0 = this.gridY;
    const gy1 = this.gridY + this.geo.height;
    if (w.y1 >= gy0 && w.y0 <= gy1) {
      const off = this.gridX + GRID_SIDE;
      const win = this.geo.cols.window(w.x0 - off, w.x1 - off, 1);
      if (win) for (let k = Math.floor(win[0] / CHUNK_COLUMNS); k <= Math.floor(win[1] / CHUNK_COLUMNS); k++) want.add(k);
    }
    for (const [k, g] of this.chunks) {
      if (!want.has(k)) {
        g.remove();
        this.chunks.delete(k);
      }
    }
    const ctx = this.ctx();
    for (const k of want) {
      if (this.chunks.has(k)) continue;
      let html = '';
      const end = Math.min(this.model.columns, (k + 1) * CHUNK_COLUMNS);
      for (let col = k * CHUNK_COLUMNS; col < end; col++) html += renderColumn(ctx, col);
      const g = document.createElementNS(SVG_NS, 'g');
      g.innerHTML = html;
      this.gridG.append(g);
      this.chunks.set(k, g);
    }
    this.placeLabels();
    this.overview.frame(w.x0, w.x1);
  }

  /** Row labels stick to the left edge while the grid is in view. */
  private placeLabels(): void {
    const v = this.view;
    const left = Math.max(4, (this.gridX + 4) * v.scale + v.tx);
    const right = (this.gridX + this.geo!.width) * v.scale + v.tx;
    const visible = right > 60 && left < this.width - 40;
    this.labels.classList.toggle('hidden', !visible);
    if (!visible) return;
    const kids = this.labels.children;
    for (const row of this.model!.rows) {
      const el = kids[row.index] as HTMLElement | undefined;
      if (!el) continue;
      const y = (this.gridY + this.geo!.rowMid(row.index) - this.geo!.rows.size(row.index) / 2) * v.scale + v.ty - 20;
      el.style.transform = `translate(${Math.round(left)}px, ${Math.round(y)}px)`;
    }
  }

  private bindInput(): void {
    const st = this.stage;
    let start: { x: number; y: number; tx: number; ty: number; id: number } | null = null;
    st.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      start = { x: e.clientX, y: e.clientY, tx: this.view.tx, ty: this.view.ty, id: e.pointerId };
      this.dragged = false;
    });
    st.addEventListener('pointermove', (e) => {
      if (!start || e.pointerId !== start.id) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      if (!this.dragged) {
        this.dragged = true;
        st.setPointerCapture(e.pointerId);
        st.classList.add('dragging');
      }
      this.view = { ...this.view, tx: start.tx + dx, ty: start.ty + dy };
      this.initial = false;
      this.schedule();
    });
    const end = (): void => {
      start = null;
      st.classList.remove('dragging');
    };
    st.addEventListener('pointerup', end);
    st.addEventListener('pointercancel', end);
    st.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.height : 1;
        const r = st.getBoundingClientRect();
        if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          const d = (e.shiftKey && !e.deltaX ? e.deltaY : e.deltaX) * unit;
          this.view = { ...this.view, tx: this.view.tx - d };
        } else {
          this.view = zoomAt(this.view, Math.exp(-e.deltaY * unit * 0.0015), e.clientX - r.left, e.clientY - r.top);
        }
        this.initial = false;
        this.schedule();
      },
      { passive: false },
    );
    st.addEventListener('click', (e) => {
      if (this.dragged) {
        this.dragged = false;
        return;
      }
      const target = e.target as Element;
      const collapse = target.closest('[data-collapse]');
      if (collapse) {
        const key = collapse.getAttribute('data-collapse')!;
        void this.collapse(key).then(() => this.cb.expandedChanged(key));
        return;
      }
      const node = target.closest('[data-node]');
      if (node) return this.cb.selectNode(node.getAttribute('data-node')!);
      const cell = target.closest('[data-cell]');
      if (cell) return this.cb.selectCell(cell.getAttribute('data-cell')!);
      this.cb.clearSelection();
    });
    st.addEventListener('dblclick', (e) => {
      const cell = (e.target as Element).closest('[data-cell]');
      if (!cell || (e.target as Element).closest('[data-node]')) return;
      const key = cell.getAttribute('data-cell')!;
      this.cb.doubleClicked();
      void (this.expanded.has(key) ? this.collapse(key) : this.expand(key)).then(() => this.cb.expandedChanged(key));
    });
    st.addEventListener('keydown', (e) => {
      const step = 80;
      const keys: Record<string, () => void> = {
        ArrowLeft: () => (this.view = { ...this.view, tx: this.view.tx + step }),
        ArrowRight: () => (this.view = { ...this.view, tx: this.view.tx - step }),
        ArrowUp: () => (this.view = { ...this.view, ty: this.view.ty + step }),
        ArrowDown: () => (this.view = { ...this.view, ty: this.view.ty - step }),
        '+': () => (this.view = zoomAt(this.view, 1.25, this.width / 2, this.height / 2)),
        '=': () => (this.view = zoomAt(this.view, 1.25, this.width / 2, this.height / 2)),
        '-': () => (this.view = zoomAt(this.view, 0.8, this.width / 2, this.height / 2)),
        '0': () => this.fit(),
        Enter: () => {
          const key = this.selectedCell;
          if (key) void (this.expanded.has(key) ? this.collapse(key) : this.expand(key)).then(() => this.cb.expandedChanged(key));
        },
      };
      const f = keys[e.key];
      if (!f) return;
      e.preventDefault();
      f();
      if (e.key !== 'Enter') this.initial = false;
      this.schedule();
    });
  }
}
