// The overview strip under the graph: every step of every row as one coloured column, the nodes
// outside the grid as grey ticks, and the viewport as a frame. Click or drag to go there. At
// T = 1000 it is the map of the whole unrolled graph.
import { colorOf, type LogDomain } from './colorScale';
import type { GraphModel } from './graphModel';
import type { GridGeometry, MacroLayout } from './gridLayout';

export class Overview {
  readonly canvas: HTMLCanvasElement;
  private base: HTMLCanvasElement | null = null;
  private worldW = 1;
  private dragging = false;

  constructor(private readonly onJump: (worldX: number) => void) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'overview';
    this.canvas.height = 34;
    const jump = (e: PointerEvent): void => {
      const r = this.canvas.getBoundingClientRect();
      this.onJump(((e.clientX - r.left) / Math.max(1, r.width)) * this.worldW);
    };
    this.canvas.addEventListener('pointerdown', (e) => {
      this.dragging = true;
      this.canvas.setPointerCapture(e.pointerId);
      jump(e);
    });
    this.canvas.addEventListener('pointermove', (e) => this.dragging && jump(e));
    this.canvas.addEventListener('pointerup', () => (this.dragging = false));
  }

  /** Redraws the map (after a layout or a resize). */
  draw(model: GraphModel, geo: GridGeometry | null, macro: MacroLayout, gridX: number, domain: LogDomain): void {
    const width = Math.max(50, Math.floor(this.canvas.clientWidth || 600));
    const height = this.canvas.height;
    this.worldW = Math.max(1, macro.width);
    const base = document.createElement('canvas');
    base.width = width;
    base.height = height;
    const ctx = base.getContext('2d');
    if (!ctx) return;
    const k = width / this.worldW;
    ctx.fillStyle = 'rgba(128,128,128,0.55)';
    for (const n of macro.nodes) ctx.fillRect(Math.floor(n.x * k), height / 2 - 3, Math.max(1, Math.ceil(n.w * k)), 6);
    const rows = model.rows.length;
    if (geo && rows) {
      const bandH = Math.max(2, Math.floor((height - 8) / rows));
      for (const row of model.rows) {
        const y = 4 + row.index * bandH;
        for (const c of row.cells) {
          const b = geo.cellBox(c);
          ctx.fillStyle = colorOf(c.norm, domain);
          ctx.fillRect(Math.floor((gridX + b.x) * k), y, Math.max(1, Math.ceil(b.w * k)), bandH - 1);
        }
      }
    }
    this.base = base;
    this.canvas.width = width;
  }

  /** Draws the viewport frame over the map: world x from `x0` to `x1`. */
  frame(x0: number, x1: number): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !this.base) return;
    const w = this.canvas.width;
    const h = this.canvas.height;
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(this.base, 0, 0);
    const k = w / this.worldW;
    const a = Math.max(0, x0 * k);
    const b = Math.min(w, x1 * k);
    ctx.strokeStyle = getComputedStyle(this.canvas).color || '#888';
    ctx.lineWidth = 2;
    ctx.strokeRect(a + 1, 1, Math.max(3, b - a - 2), h - 2);
  }
}
