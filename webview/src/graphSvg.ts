// SVG markup of the unrolled graph, as strings: the live view inserts one column at a time (only
// the columns in view), and the SVG/PNG export concatenates all of them. Colours of values are
// attributes; everything themed is a class, styled by styles.css (or by the export's own <style>).
// Pure.
import { colorOf, textOn, type LogDomain } from './colorScale';
import { esc, fmt, fmtShape } from './format';
import type { Cell, GraphModel } from './graphModel';
import type { Box, ChainLayout, EdgePath, GridGeometry, MacroLayout, PlacedNode } from './gridLayout';

/** How much detail to draw at the current zoom. */
export type Detail = 'full' | 'mid' | 'min';

/** The detail level for a zoom scale. */
export function detailFor(scale: number): Detail {
  return scale >= 0.45 ? 'full' : scale >= 0.12 ? 'mid' : 'min';
}

/** What a render needs besides the model. */
export interface RenderCtx {
  model: GraphModel;
  geo: GridGeometry;
  /** The grid's origin in world coordinates. */
  gridX: number;
  gridY: number;
  domain: LogDomain;
  expanded: ReadonlyMap<string, ChainLayout>;
  selectedNode: string | null;
  selectedCell: string | null;
  highlighted: ReadonlySet<string>;
  detail: Detail;
  text: (key: 'lossInjected' | 'cutHere' | 'gradFromOutside' | 'collapse') => string;
}

const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

function pathOf(points: readonly [number, number][], dx: number, dy: number): string {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${r1(x + dx)} ${r1(y + dy)}`).join('');
}

function nodeTitle(model: GraphModel, id: string): string {
  const n = model.nodes.get(id);
  if (!n) return '';
  const g = n.grad;
  const stats = g ? `\n‖∇‖ ${fmt(g.norm)}  min ${fmt(g.min)}  max ${fmt(g.max)}${g.nanCount || g.infCount ? `  NaN ${g.nanCount} Inf ${g.infCount}` : ''}` : '';
  const loc = n.source ? `\n${n.source.file.split(/[\\/]/).pop()}:${n.source.line}` : '';
  return `${n.name} ${n.leaf ?? ''} ${fmtShape(n.shape)}${stats}${loc}`;
}

/** A grad_fn node (or a pseudo-node) at an offset. */
export function renderNode(ctx: RenderCtx, p: PlacedNode, dx: number, dy: number): string {
  const x = r1(p.x + dx);
  const y = r1(p.y + dy);
  const cls = [p.kind === 'node' ? 'node' : 'pseudo'];
  if (p.node && p.node === ctx.selectedNode && p.kind === 'node') cls.push('selected');
  if (p.kind === 'node' && ctx.highlighted.has(p.node)) cls.push('hl');
  const n = ctx.model.nodes.get(p.node);
  if (p.kind !== 'node') {
    return `<g class="${cls.join(' ')}" data-node="${esc(p.node)}" transform="translate(${x} ${y})"><rect width="${p.w}" height="${p.h}" rx="11"/><text x="${p.w / 2}" y="${p.h / 2 + 4}" text-anchor="middle">${esc(p.label)}</text></g>`;
  }
  const g = n?.grad;
  const fill = g ? colorOf(g.nanCount || g.infCount ? NaN : g.norm, ctx.domain) : colorOf(null, ctx.domain);
  const ink = textOn(fill);
  const text =
    ctx.detail === 'full'
      ? `<text x="8" y="15" fill="${ink}" class="name">${esc(p.label)}</text><text x="8" y="30" fill="${ink}" class="sub">${esc(p.sub)}</text><title>${esc(nodeTitle(ctx.model, p.node))}</title>`
      : '';
  return `<g class="${cls.join(' ')}" data-node="${esc(p.node)}" transform="translate(${x} ${y})"><rect width="${p.w}" height="${p.h}" rx="4" fill="${fill}"/>${text}</g>`;
}

function renderEdge(e: EdgePath, dx: number, dy: number, selected: string | null): string {
  const sel = selected !== null && (e.from === selected || e.to === selected);
  const ends = `${e.from ? ` data-from="${esc(e.from)}"` : ''}${e.to ? ` data-to="${esc(e.to)}"` : ''}`;
  return `<path class="edge${sel ? ' sel' : ''}"${ends} d="${pathOf(e.points, dx, dy)}" marker-end="url(#arrow)"/>`;
}

function cellColor(ctx: RenderCtx, c: Cell): string {
  const nonfinite = c.step ? !Number.isFinite(c.step.gradNorm) : false;
  return colorOf(nonfinite ? NaN : c.norm, ctx.domain);
}

/** The world box of a cell. */
export function cellWorldBox(ctx: RenderCtx, c: Cell): Box {
  const b = ctx.geo.cellBox(c);
  return { x: b.x + ctx.gridX, y: b.y + ctx.gridY, w: b.w, h: b.h };
}

function cellTitle(c: Cell, model: GraphModel): string {
  const row = model.rows[c.row];
  const s = c.step;
  const lines = [`${row.module} L${row.layer}${row.direction ? ' ←' : ''}  t=${c.t}`, `‖∂L/∂h_t‖ ${fmt(c.norm)}`];
  if (s) lines.push(`‖∂h_t/∂h_t-1‖ ${fmt(s.jacobianNorm)}  ‖∇W_hh‖ ${fmt(s.whhGradNorm)}`);
  return lines.join('\n');
}

/**
 * Where the recurrent arrow meets a cell: the middle of its side, or, for an expanded step, the
 * pseudo-node of h_{t-1} (coming in) or of h_t (going out).
 */
function anchor(ctx: RenderCtx, c: Cell, b: Box, side: 'in' | 'out', prevOutput: string | null): [number, number] {
  const reverse = ctx.model.rows[c.row].direction === 1;
  const left = (side === 'in') !== reverse;
  const chain = ctx.expanded.get(c.key);
  const p = chain?.nodes.find((n) => (side === 'out' ? n.kind === 'output' : n.kind === 'input' && n.node === prevOutput));
  if (p) return [b.x + (left ? p.x : p.x + p.w), b.y + p.y + p.h / 2];
  return [left ? b.x : b.x + b.w, b.y + b.h / 2];
}

/** The h_{t-1} → h_t arrow (or cut) coming into a cell from its previous step. */
function incoming(ctx: RenderCtx, c: Cell, b: Box): string {
  const row = ctx.model.rows[c.row];
  const reverse = row.direction === 1;
  const prevCell = c.segmentStart ? undefined : row.cells[c.col + (reverse ? 1 : -1)];
  const [edgeX, y] = anchor(ctx, c, b, 'in', prevCell?.output ?? null);
  if (c.segmentStart) {
    const gx = reverse ? edgeX + 20 : edgeX - 20;
    if (c.cut) {
      return `<g class="cut${c.col > 0 ? ' mid' : ''}"><line x1="${r1(gx)}" y1="${r1(b.y - 8)}" x2="${r1(gx)}" y2="${r1(b.y + b.h + 8)}"/>${
        ctx.detail !== 'min' ? `<text x="${r1(gx)}" y="${r1(b.y - 11)}" text-anchor="middle">✂</text>` : ''
      }<title>${esc(ctx.text('cutHere'))}</title></g>`;
    }
    if (ctx.detail === 'min') return '';
    const x0 = reverse ? edgeX + 30 : edgeX - 30;
    return `<path class="rec ext" d="M${r1(x0)} ${r1(y)}L${r1(reverse ? edgeX + 2 : edgeX - 2)} ${r1(y)}" marker-end="url(#arrow)"><title>${esc(ctx.text('gradFromOutside'))}</title></path>`;
  }
  if (ctx.detail === 'min') return '';
  const prev = prevCell;
  if (!prev) return '';
  const pb = cellWorldBox(ctx, prev);
  const [x0, py] = anchor(ctx, prev, pb, 'out', null);
  const x1 = reverse ? edgeX + 2 : edgeX - 2;
  // The elbow sits in the gap between the two boxes, outside both.
  const mx = reverse ? (pb.x + b.x + b.w) / 2 : (pb.x + pb.w + b.x) / 2;
  const d = Math.abs(py - y) < 0.5 ? `M${r1(x0)} ${r1(y)}L${r1(x1)} ${r1(y)}` : `M${r1(x0)} ${r1(py)}L${r1(mx)} ${r1(py)}L${r1(mx)} ${r1(y)}L${r1(x1)} ${r1(y)}`;
  return `<path class="rec" d="${d}" marker-end="url(#arrow)"/>`;
}

/** One cell, collapsed or expanded, with its incoming arrow and loss marker. */
export function renderCell(ctx: RenderCtx, c: Cell): string {
  const b = cellWorldBox(ctx, c);
  const fill = cellColor(ctx, c);
  const cls = ['cell'];
  if (c.key === ctx.selectedCell) cls.push('selected');
  if (c.nodes.some((id) => ctx.highlighted.has(id))) cls.push('hl');
  let out = incoming(ctx, c, b);
  if (c.lossInjected) {
    const mx = b.x + b.w / 2;
    out += `<path class="loss" d="M${r1(mx - 6)} ${r1(b.y - 14)}L${r1(mx + 6)} ${r1(b.y - 14)}L${r1(mx)} ${r1(b.y - 4)}Z"><title>${esc(ctx.text('lossInjected'))}</title></path>`;
  }
  const chain = ctx.expanded.get(c.key);
  if (chain) {
    cls.push('expanded');
    const inner = chain.edges.map((e) => renderEdge(e, b.x, b.y, ctx.selectedNode)).join('') + chain.nodes.map((n) => renderNode(ctx, n, b.x, b.y)).join('');
    // The recurrent arrow after the frame: it ends on h_{t-1}'s pseudo-node inside.
    return (
      `<g class="${cls.join(' ')}" data-cell="${c.key}"><rect class="frame" x="${r1(b.x)}" y="${r1(b.y)}" width="${b.w}" height="${b.h}" rx="6"/>` +
      `<rect class="band" x="${r1(b.x)}" y="${r1(b.y)}" width="${b.w}" height="6" rx="3" fill="${fill}"/>` +
      `<text class="head" x="${r1(b.x + 10)}" y="${r1(b.y + 20)}">t=${c.t} · ‖∂L/∂h‖ ${esc(fmt(c.norm))}</text>` +
      `<g class="collapse" data-collapse="${c.key}"><rect x="${r1(b.x + b.w - 24)}" y="${r1(b.y + 8)}" width="16" height="16" rx="3"/><text x="${r1(b.x + b.w - 16)}" y="${r1(b.y + 20)}" text-anchor="middle">−</text><title>${esc(ctx.text('collapse'))}</title></g>` +
      `${inner}</g>` +
      out
    );
  }
  const ink = textOn(fill);
  const text =
    ctx.detail === 'full'
      ? `<text x="${r1(b.x + b.w / 2)}" y="${r1(b.y + 16)}" text-anchor="middle" fill="${ink}" class="name">t=${c.t}</text><text x="${r1(b.x + b.w / 2)}" y="${r1(b.y + 31)}" text-anchor="middle" fill="${ink}" class="sub">${esc(fmt(c.norm))}</text><title>${esc(cellTitle(c, ctx.model))}</title>`
      : '';
  return out + `<g class="${cls.join(' ')}" data-cell="${c.key}"><rect x="${r1(b.x)}" y="${r1(b.y)}" width="${b.w}" height="${b.h}" rx="5" fill="${fill}"/>${text}</g>`;
}

/** Everything drawn for grid column `col`. */
export function renderColumn(ctx: RenderCtx, col: number): string {
  let out = '';
  for (const row of ctx.model.rows) {
    const c = row.cells[col];
    if (c) out += renderCell(ctx, c);
  }
  return out;
}

/** The nodes outside the grid and the edges between them and the grid. */
export function renderMacro(ctx: RenderCtx, macro: MacroLayout): string {
  return macro.edges.map((e) => renderEdge(e, 0, 0, ctx.selectedNode)).join('') + macro.nodes.map((n) => renderNode(ctx, n, 0, 0)).join('');
}

/** The arrow marker, once per SVG. */
export const SVG_DEFS =
  '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" d="M0 0L10 5L0 10z"/></marker></defs>';

/** Theme colours an exported SVG carries in its own <style>, since CSS variables do not travel. */
export interface ExportColors {
  background: string;
  foreground: string;
  muted: string;
  border: string;
  accent: string;
  error: string;
  warning: string;
  fontFamily: string;
  monoFamily: string;
}

/** A whole graph (every column) as a standalone SVG document. */
export function renderStandaloneSvg(
  ctx: RenderCtx,
  macro: MacroLayout,
  colors: ExportColors,
  rowLabels: string[],
  view?: { box: Box; columns: [number, number] | null; pixelWidth: number; pixelHeight: number },
): string {
  const w = view ? view.pixelWidth : Math.ceil(macro.width);
  const h = view ? view.pixelHeight : Math.ceil(macro.height);
  const vb = view ? `${r1(view.box.x)} ${r1(view.box.y)} ${r1(view.box.w)} ${r1(view.box.h)}` : `0 0 ${w} ${h}`;
  const style = `
text{font-family:${colors.fontFamily};font-size:11px;fill:${colors.foreground}}
.node text,.cell text.name,.cell text.sub{font-family:${colors.monoFamily}}
.node rect,.cell>rect{stroke:${colors.border};stroke-width:1}
.selected>rect{stroke:${colors.accent};stroke-width:3}
.hl>rect{stroke:${colors.warning};stroke-width:2.5}
.pseudo rect{fill:${colors.background};stroke:${colors.muted};stroke-dasharray:3 2}
.edge,.rec{fill:none;stroke:${colors.muted};stroke-width:1.2}
.rec.ext{stroke-dasharray:4 3}
.arrowhead{fill:${colors.muted}}
.loss{fill:${colors.accent}}
.cut line{stroke:${colors.error};stroke-width:2;stroke-dasharray:5 3}
.cut text{fill:${colors.error};font-size:14px}
.frame{fill:${colors.background};stroke:${colors.border}}
.collapse{display:none}
.rowlabel{fill:${colors.muted}}`;
  let body = '';
  const [c0, c1] = view ? (view.columns ?? [0, -1]) : [0, ctx.model.columns - 1];
  for (let col = c0; col <= c1; col++) body += renderColumn(ctx, col);
  const labels = ctx.model.rows
    .map((r) => `<text class="rowlabel" x="${r1(ctx.gridX + 4)}" y="${r1(ctx.gridY + ctx.geo.rowMid(r.index) - 26)}">${esc(rowLabels[r.index] ?? '')}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${vb}">` +
    `<style>${style}</style>${SVG_DEFS}<rect x="-1e6" y="-1e6" width="2e7" height="2e7" fill="${colors.background}"/>` +
    `${renderMacro(ctx, macro)}${labels}${body}</svg>`
  );
}
