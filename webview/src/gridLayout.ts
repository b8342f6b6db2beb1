// Geometry of the unrolled graph. The grid of cells is placed by index (columns = steps, rows =
// layers/directions): that is what keeps T = 1000 cheap. elkjs lays out everything else: the nodes
// outside the steps around the grid (which elk sees as one big node with a port per row), and the
// grad_fn chain of each expanded step. This file builds elk's input and reads its output; running
// elk is elkLayout.ts. Pure.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphNode } from '../../src/protocol/trace';
import { fmt, fmtShape } from './format';
import type { Cell, GraphModel } from './graphModel';
import { Track } from './geometry';

export const CELL_W = 84;
export const CELL_H = 40;
export const COL_GAP = 40;
export const ROW_GAP = 40;
/** Room for the loss marker above a row's cells. */
export const GRID_TOP = 22;
/** Room for the initial-state arrow or cut left (and right) of the grid. */
export const GRID_SIDE = 40;
export const NODE_H = 38;
const CHAR_W = 6.7;
const GRID_ID = '__grid';

/** A laid-out box. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A polyline edge. */
export interface EdgePath {
  id: string;
  /** Graph node ids at the ends (for hover/selection), where they are nodes. */
  from: string | null;
  to: string | null;
  points: [number, number][];
}

/** A node placed by elk: a grad_fn node, or a pseudo-node standing for something outside a step. */
export interface PlacedNode extends Box {
  id: string;
  /** The graph node it shows. */
  node: string;
  kind: 'node' | 'input' | 'output';
  label: string;
  sub: string;
}

/** The laid-out chain of one expanded step, in coordinates relative to the cell's box. */
export interface ChainLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: EdgePath[];
}

/** The elk layout of everything outside the grid, and where the grid goes. */
export interface MacroLayout {
  grid: Box | null;
  nodes: PlacedNode[];
  edges: EdgePath[];
  width: number;
  height: number;
}

/** Two text lines of a node: its class name, then its parameter or shape and gradient norm. */
export function nodeLines(n: GraphNode): [string, string] {
  const what = n.leaf ?? fmtShape(n.shape);
  const norm = n.grad ? `‖∇‖ ${fmt(n.grad.norm)}` : '';
  return [n.name, [what, norm].filter(Boolean).join(' · ')];
}

/** Width of a node box holding these lines. */
export function textWidth(lines: readonly string[]): number {
  return Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_W + 16);
}

/** The grid's rows and columns, given which cells are expanded (and their chain sizes). */
export class GridGeometry {
  readonly cols: Track;
  readonly rows: Track;
  readonly width: number;
  readonly height: number;

  constructor(
    readonly model: GraphModel,
    readonly expanded: ReadonlyMap<string, ChainLayout>,
  ) {
    const colW = new Array<number>(model.columns).fill(CELL_W);
    const rowH = model.rows.map(() => CELL_H);
    for (const row of model.rows) {
      for (const c of row.cells) {
        const e = expanded.get(c.key);
        if (!e) continue;
        colW[c.col] = Math.max(colW[c.col], e.width);
        rowH[row.index] = Math.max(rowH[row.index], e.height);
      }
    }
    this.cols = new Track(colW, COL_GAP);
    this.rows = new Track(rowH, ROW_GAP + GRID_TOP);
    this.width = GRID_SIDE * 2 + this.cols.total;
    this.height = GRID_TOP + this.rows.total;
  }

  /** A cell's box, relative to the grid: centred in its column, at the top of its row. */
  cellBox(c: Cell): Box {
    const e = this.expanded.get(c.key);
    const w = e ? e.width : CELL_W;
    const h = e ? e.height : CELL_H;
    const x = GRID_SIDE + this.cols.start(c.col) + (this.cols.size(c.col) - w) / 2;
    const y = GRID_TOP + this.rows.start(c.row) + (this.rows.size(c.row) - h) / 2;
    return { x, y, w, h };
  }

  /** The vertical middle of a row, relative to the grid. */
  rowMid(row: number): number {
    return GRID_TOP + this.rows.start(row) + this.rows.size(row) / 2;
  }
}

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '18',
  'elk.spacing.edgeNode': '12',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

function placeable(id: string, n: GraphNode): ElkNode {
  const lines = nodeLines(n);
  return { id, width: textWidth(lines), height: NODE_H };
}

/**
 * elk's input for the nodes outside the steps, with the grid as one node and a port per row
 * (inputs on the west, outputs on the east). Edges point the way data flows in the forward pass
 * (from a next_functions target to its consumer), so the loss ends up on the right.
 */
export function macroGraph(model: GraphModel, grid: GridGeometry | null): ElkNode {
  const children: ElkNode[] = model.loose.map((id) => placeable(id, model.nodes.get(id)!));
  if (grid && model.rows.length) {
    children.push({
      id: GRID_ID,
      width: grid.width,
      height: grid.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: model.rows.flatMap((r) => [
        { id: `${GRID_ID}:in:${r.index}`, x: 0, y: grid.rowMid(r.index), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } },
        { id: `${GRID_ID}:out:${r.index}`, x: grid.width - 1, y: grid.rowMid(r.index), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } },
      ]),
    });
  }
  const edges: ElkExtendedEdge[] = [];
  const seen = new Set<string>();
  for (const e of model.trace.graph.edges) {
    const consumer = model.cellOfNode.get(e.from);
    const producer = model.cellOfNode.get(e.to);
    if (!model.nodes.has(e.from) || !model.nodes.has(e.to) || (consumer && producer)) continue;
    const source = producer ? `${GRID_ID}:out:${producer.row}` : e.to;
    const target = consumer ? `${GRID_ID}:in:${consumer.row}` : e.from;
    const key = `${source}>${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: `m${edges.length}|${producer ? '' : e.to}|${consumer ? '' : e.from}`, sources: [source], targets: [target] });
  }
  return { id: 'root', layoutOptions: { ...LAYERED, 'elk.padding': '[top=16,left=16,bottom=16,right=16]' }, children, edges };
}

/** elk's input for one step's grad_fn chain, with pseudo-nodes for what flows in (x_t, h_{t-1}, weights) and h_t out. */
export function chainGraph(model: GraphModel, cell: Cell): ElkNode {
  const inStep = new Set(cell.nodes);
  const children: ElkNode[] = cell.nodes.map((id) => ({ ...placeable(id, model.nodes.get(id)!), labels: [{ text: 'node' }] }));
  const edges: ElkExtendedEdge[] = [];
  const inputs = new Map<string, string>();
  for (const id of cell.nodes) {
    for (const e of model.children.get(id) ?? []) {
      let source = e.to;
      if (!inStep.has(e.to)) {
        source = `in:${e.to}`;
        if (!inputs.has(e.to)) {
          const label = inputLabel(model, cell, e.to);
          inputs.set(e.to, label);
          children.push({ id: source, width: textWidth([label]), height: 22, labels: [{ text: 'input' }], layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' } });
        }
      }
      edges.push({ id: `c${edges.length}|${e.to}|${id}`, sources: [source], targets: [id] });
    }
  }
  if (cell.output) {
    children.push({ id: 'out', width: textWidth([outputLabel(cell)]), height: 22, labels: [{ text: 'output' }], layoutOptions: { 'elk.layered.layering.layerConstraint': 'LAST' } });
    edges.push({ id: `c${edges.length}|${cell.output}|`, sources: [cell.output], targets: ['out'] });
  }
  return { id: cell.key, layoutOptions: { ...LAYERED, 'elk.padding': '[top=26,left=10,bottom=10,right=10]' }, children, edges };
}

/** What a pseudo-input stands for: a parameter, the previous step's h, or another node. */
export function inputLabel(model: GraphModel, cell: Cell, target: string): string {
  const n = model.nodes.get(target);
  if (!n) return target;
  if (n.leaf) return n.leaf;
  const other = model.cellOfNode.get(target);
  if (other && other.row === cell.row) return other.output === target ? `h[t=${other.t}]` : `${n.name} [t=${other.t}]`;
  if (other) return `${n.name} (${model.rows[other.row].module} L${model.rows[other.row].layer}, t=${other.t})`;
  return n.name;
}

/** The pseudo-output's label, e.g. `h[t=3] →`. */
export function outputLabel(cell: Cell): string {
  return `h[t=${cell.t}] →`;
}

/** Reads elk's result for a chain. */
export function readChain(model: GraphModel, cell: Cell, laid: ElkNode): ChainLayout {
  const nodes: PlacedNode[] = (laid.children ?? []).map((c) => {
    const kind = (c.labels?.[0]?.text ?? 'node') as PlacedNode['kind'];
    const box = { x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? 0, h: c.height ?? 0 };
    if (kind === 'node') {
      const [label, sub] = nodeLines(model.nodes.get(c.id)!);
      return { ...box, id: c.id, node: c.id, kind, label, sub };
    }
    if (kind === 'input') {
      const node = c.id.slice(3);
      return { ...box, id: c.id, node, kind, label: inputLabel(model, cell, node), sub: '' };
    }
    return { ...box, id: c.id, node: cell.output ?? '', kind, label: outputLabel(cell), sub: '' };
  });
  return { width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), nodes, edges: readEdges(laid) };
}

/** Reads elk's result for the macro graph. */
export function readMacro(model: GraphModel, laid: ElkNode): MacroLayout {
  let grid: Box | null = null;
  const nodes: PlacedNode[] = [];
  for (const c of laid.children ?? []) {
    const box = { x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? 0, h: c.height ?? 0 };
    if (c.id === GRID_ID) grid = box;
    else {
      const [label, sub] = nodeLines(model.nodes.get(c.id)!);
      nodes.push({ ...box, id: c.id, node: c.id, kind: 'node', label, sub });
    }
  }
  return { grid, nodes, edges: readEdges(laid), width: laid.width ?? 0, height: laid.height ?? 0 };
}

function readEdges(laid: ElkNode): EdgePath[] {
  const out: EdgePath[] = [];
  for (const e of laid.edges ?? []) {
    const [, from, to] = e.id.split('|');
    for (const s of e.sections ?? []) {
      const points: [number, number][] = [[s.startPoint.x, s.startPoint.y], ...(s.bendPoints ?? []).map((p) => [p.x, p.y] as [number, number]), [s.endPoint.x, s.endPoint.y]];
      out.push({ id: e.id, from: from || null, to: to || null, points });
    }
  }
  return out;
}
