// The unrolled view of a Trace: one row per recurrent layer/direction, one column per time step,
// each cell standing for one step's grad_fn nodes, and the nodes outside any step (loss, head,
// stack, parameters) beside the grid. Pure: no DOM, so it is unit-tested on real traces.
//
// A step tag (module, layer, direction, t) is not unique in the graph: a hand-written loop that
// detach()es every k steps restarts t, and a module called twice repeats its tags. So the nodes of
// one tag are split into connected pieces ("instances"), instances are chained by the edges from
// step t into step t-1 (t+1 for the reverse direction) into segments, and a row's columns are its
// segments one after another, in creation order.
import type { GraphEdge, GraphNode, RecurrentTrace, SourceLocation, StepRecord, Trace } from '../../src/protocol/trace';

/** One step instance: a cell of the grid. */
export interface Cell {
  /** `r<row>c<col>`, stable for a trace. */
  key: string;
  row: number;
  col: number;
  t: number;
  /** The step record, for the segment the trace's RecurrentTrace describes. */
  step: StepRecord | null;
  /** Ids of the grad_fn nodes of this step, in graph order. */
  nodes: string[];
  /** The node producing h_t (no consumer inside the step), or null without nodes. */
  output: string | null;
  /** ‖∂L/∂h_t‖: the step record's gradNorm, else the output node's grad norm. */
  norm: number | null;
  lossInjected: boolean;
  /** Gradient does not reach h_{t-1} (h_{t+1} in reverse): the start of a segment without a grad path in. */
  cut: boolean;
  /** First cell of a segment (a new sequence or a restart after detach). */
  segmentStart: boolean;
  source?: SourceLocation;
}

/** One recurrent layer and direction. */
export interface Row {
  index: number;
  key: string;
  module: string;
  layer: number;
  direction: number;
  kind: string;
  hiddenSize: number | null;
  sigmaMax: number | null;
  record: RecurrentTrace | null;
  cells: Cell[];
}

/** A Trace, indexed for the views. */
export interface GraphModel {
  trace: Trace;
  nodes: Map<string, GraphNode>;
  /** next_functions of a node, by slot. */
  children: Map<string, GraphEdge[]>;
  /** Nodes whose next_functions include this one. */
  parents: Map<string, string[]>;
  rows: Row[];
  /** Number of grid columns (the longest row). */
  columns: number;
  /** Node id → its cell. */
  cellOfNode: Map<string, Cell>;
  /** Nodes outside every step, in graph order. */
  loose: string[];
  /** Parameter name → its AccumulateGrad node id. */
  paramNode: Map<string, string>;
}

/** `module|layer|direction`. */
export function rowKey(module: string, layer: number, direction: number): string {
  return `${module}|${layer}|${direction}`;
}

/** Creation order of a node id (`n42` → 42), else its position in the graph. */
function orderOf(id: string, fallback: number): number {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : fallback;
}

interface Instance {
  rowKey: string;
  t: number;
  nodes: string[];
  order: number;
  pred: Instance | null;
  succ: Instance | null;
}

/** Builds the unrolled model of a trace. e.g. `buildGraphModel(trace).rows[0].cells.length === T` */
export function buildGraphModel(trace: Trace): GraphModel {
  const g = trace.graph;
  const nodes = new Map<string, GraphNode>();
  const position = new Map<string, number>();
  g.nodes.forEach((n, i) => {
    nodes.set(n.id, n);
    position.set(n.id, i);
  });
  const children = new Map<string, GraphEdge[]>();
  const parents = new Map<string, string[]>();
  for (const e of g.edges) {
    if (!nodes.has(e.from) || !nodes.has(e.to)) continue;
    let c = children.get(e.from);
    if (!c) children.set(e.from, (c = []));
    c.push(e);
    let p = parents.get(e.to);
    if (!p) parents.set(e.to, (p = []));
    p.push(e.from);
  }
  for (const c of children.values()) c.sort((a, b) => a.slot - b.slot);

  // Group step nodes by tag, then split each group into connected instances (union-find).
  const tagOf = (n: GraphNode): string | null =>
    n.step ? `${rowKey(n.step.module, n.step.layer ?? 0, n.step.direction ?? 0)}|${n.step.t}` : null;
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const n of g.nodes) if (n.step) parent.set(n.id, n.id);
  for (const e of g.edges) {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    if (!a || !b || !a.step || !b.step) continue;
    if (tagOf(a) === tagOf(b)) {
      const ra = find(a.id);
      const rb = find(b.id);
      if (ra !== rb) parent.set(ra, rb);
    }
  }
  const instanceByRoot = new Map<string, Instance>();
  const instanceOf = new Map<string, Instance>();
  const loose: string[] = [];
  for (const n of g.nodes) {
    if (!n.step) {
      loose.push(n.id);
      continue;
    }
    const root = find(n.id);
    let inst = instanceByRoot.get(root);
    if (!inst) {
      const s = n.step;
      inst = { rowKey: rowKey(s.module, s.layer ?? 0, s.direction ?? 0), t: s.t, nodes: [], order: Infinity, pred: null, succ: null };
      instanceByRoot.set(root, inst);
    }
    inst.nodes.push(n.id);
    inst.order = Math.min(inst.order, orderOf(n.id, position.get(n.id)!));
    instanceOf.set(n.id, inst);
  }

  // Rows: the recorded layers first (in trace order), then tags the recorder did not describe.
  const rows: Row[] = [];
  /** Tag row key → the recorded row it was paired with. */
  const aliases = new Map<string, string>();
  const rowByKey = new Map<string, Row>();
  const addRow = (module: string, layer: number, direction: number, record: RecurrentTrace | null): Row => {
    const key = rowKey(module, layer, direction);
    let row = rowByKey.get(key);
    if (!row) {
      row = {
        index: rows.length,
        key,
        module,
        layer,
        direction,
        kind: record?.kind ?? '',
        hiddenSize: record?.hiddenSize ?? null,
        sigmaMax: record?.sigmaMax ?? null,
        record,
        cells: [],
      };
      rows.push(row);
      rowByKey.set(key, row);
    }
    return row;
  };
  for (const r of trace.recurrent) addRow(r.module, r.layer, r.direction, r);
  const tagRows: Row[] = [];
  for (const n of g.nodes) {
    if (!n.step) continue;
    const known = rowByKey.has(rowKey(n.step.module, n.step.layer ?? 0, n.step.direction ?? 0));
    const row = addRow(n.step.module, n.step.layer ?? 0, n.step.direction ?? 0, null);
    if (!known) tagRows.push(row);
  }
  // A recorded layer whose module path differs from its nodes' tag (e.g. a cell outside any
  // module: tagged '' but recorded under a generated name) is paired with the unclaimed tag row
  // of the same layer and direction.
  const tagged = new Set(g.nodes.filter((n) => n.step).map((n) => rowKey(n.step!.module, n.step!.layer ?? 0, n.step!.direction ?? 0)));
  for (const rec of rows.filter((r) => r.record && !tagged.has(r.key))) {
    const i = tagRows.findIndex((r) => r.layer === rec.layer && r.direction === rec.direction);
    if (i < 0) continue;
    const [tagRow] = tagRows.splice(i, 1);
    rows.splice(rows.indexOf(tagRow), 1);
    rowByKey.set(tagRow.key, rec);
    aliases.set(tagRow.key, rec.key);
  }
  rows.forEach((r, i) => (r.index = i));

  // Chain instances: an edge from instance I (tag t) into instance J (tag t-1, or t+1 reversed).
  const recurrentSig = new Map<string, Set<string>>();
  // (name, slot) pairs that also feed a node's own step (o * tanh(c) in an LSTM) say nothing.
  const intraStep = new Set<string>();
  for (const e of g.edges) {
    const a = instanceOf.get(e.from);
    if (a && a === instanceOf.get(e.to)) intraStep.add(`${nodes.get(e.from)!.name}#${e.slot}`);
  }
  for (const e of g.edges) {
    const a = instanceOf.get(e.from);
    const b = instanceOf.get(e.to);
    if (!a || !b || a === b || a.rowKey !== b.rowKey) continue;
    const dir = rowByKey.get(a.rowKey)!.direction;
    const prevT = dir === 1 ? a.t + 1 : a.t - 1;
    if (b.t !== prevT) continue;
    if (!a.pred && !b.succ) {
      a.pred = b;
      b.succ = a;
    }
    let sig = recurrentSig.get(a.rowKey);
    if (!sig) recurrentSig.set(a.rowKey, (sig = new Set()));
    const pair = `${nodes.get(e.from)!.name}#${e.slot}`;
    if (!intraStep.has(pair)) sig.add(pair);
  }
  for (const [k, sig] of recurrentSig) if (sig.size === 0) recurrentSig.delete(k);

  const cellOfNode = new Map<string, Cell>();
  const instancesByRow = new Map<string, Instance[]>();
  for (const inst of instanceByRoot.values()) {
    const key = aliases.get(inst.rowKey) ?? inst.rowKey;
    let list = instancesByRow.get(key);
    if (!list) instancesByRow.set(key, (list = []));
    list.push(inst);
  }
  let columns = 0;
  for (const row of rows) {
    const insts = instancesByRow.get(row.key) ?? [];
    // Segments: start at instances without a predecessor, follow successors.
    const segments: Instance[][] = [];
    for (const start of insts.filter((i) => !i.pred)) {
      const seg: Instance[] = [];
      for (let i: Instance | null = start; i; i = i.succ) seg.push(i);
      seg.sort((a, b) => a.t - b.t);
      segments.push(seg);
    }
    const segOrder = (s: Instance[]): number => Math.min(...s.map((i) => i.order));
    segments.sort((a, b) => segOrder(a) - segOrder(b));
    // The recorder describes the sequence of the last backward: the latest segment whose t's match.
    const rec = row.record;
    let recorded = -1;
    if (rec) {
      const ts = rec.steps.map((s) => s.t).join(',');
      for (let k = segments.length - 1; k >= 0 && recorded < 0; k--) if (segments[k].map((i) => i.t).join(',') === ts) recorded = k;
      if (recorded < 0 && segments.length > 0) recorded = segments.length - 1;
    }
    const stepByT = new Map<number, StepRecord>((rec?.steps ?? []).map((s) => [s.t, s]));
    const sig = recurrentSig.get(row.key) ?? [...aliases].filter(([, to]) => to === row.key).map(([from]) => recurrentSig.get(from)).find(Boolean);
    const pushCell = (t: number, inst: Instance | null, step: StepRecord | null, segmentStart: boolean, cut: boolean): void => {
      const col = row.cells.length;
      const ids = inst ? inst.nodes : [];
      const inStep = new Set(ids);
      const outputs = ids.filter((id) => !(parents.get(id) ?? []).some((p) => inStep.has(p)));
      const output = outputs.length ? outputs.reduce((a, b) => (orderOf(b, 0) > orderOf(a, 0) ? b : a)) : null;
      const outNorm = output ? nodes.get(output)!.grad?.norm : undefined;
      const cell: Cell = {
        key: `r${row.index}c${col}`,
        row: row.index,
        col,
        t,
        step,
        nodes: ids,
        output,
        norm: step ? step.gradNorm : (outNorm ?? null),
        lossInjected: step ? step.lossInjected : false,
        cut,
        segmentStart,
        source: step?.source ?? (output ? nodes.get(output)!.source : undefined),
      };
      row.cells.push(cell);
      for (const id of ids) cellOfNode.set(id, cell);
    };
    if (segments.length === 0 && rec) {
      // A recorded layer without graph nodes (a truncated graph, or a producer without tags).
      rec.steps.forEach((s, i) => pushCell(s.t, null, s, i === 0, false));
    }
    segments.forEach((seg, k) => {
      const startInst = row.direction === 1 ? seg[seg.length - 1] : seg[0];
      const cut = sig !== undefined && !hasSignatureEdge(startInst, sig, nodes, children);
      for (const inst of seg) {
        const step = k === recorded ? (stepByT.get(inst.t) ?? null) : null;
        pushCell(inst.t, inst, step, inst === startInst, inst === startInst && cut);
      }
    });
    if (!row.hiddenSize && row.cells[0]?.output) row.hiddenSize = lastDim(nodes.get(row.cells[0].output)!.shape);
    if (!row.kind) row.kind = 'cell';
    columns = Math.max(columns, row.cells.length);
  }

  const paramNode = new Map<string, string>();
  for (const n of g.nodes) if (n.name === 'AccumulateGrad' && n.leaf) paramNode.set(n.leaf, n.id);
  for (const p of trace.model.parameters) if (p.node && nodes.has(p.node)) paramNode.set(p.name, p.node);

  return { trace, nodes, children, parents, rows, columns, cellOfNode, loose, paramNode };
}

function lastDim(shape: number[] | undefined): number | null {
  return shape && shape.length ? shape[shape.length - 1] : null;
}

/** Whether the instance has any of the row's recurrent (name, slot) edges: gradient flows into its h_{t-1}. */
function hasSignatureEdge(inst: Instance, sig: Set<string>, nodes: Map<string, GraphNode>, children: Map<string, GraphEdge[]>): boolean {
  for (const id of inst.nodes) {
    const name = nodes.get(id)!.name;
    for (const e of children.get(id) ?? []) if (sig.has(`${name}#${e.slot}`)) return true;
  }
  return false;
}

/** The cell a diagnostic or a FocusStep points at: the recorded segment's step t, else the last with that t. */
export function findCell(model: GraphModel, module: string, layer: number, direction: number, t: number): Cell | null {
  const row = model.rows.find((r) => r.module === module && r.layer === layer && r.direction === direction) ?? null;
  if (!row) return null;
  return row.cells.find((c) => c.t === t && c.step !== null) ?? [...row.cells].reverse().find((c) => c.t === t) ?? null;
}

/** A short row label, e.g. `rnn · L0` or `lstm · L1 ←`. */
export function rowLabel(row: Row): string {
  return `${row.module || 'cell'} · L${row.layer}${row.direction === 1 ? ' ←' : ''}`;
}

/** All positive finite gradient norms shown in the graph (cells and nodes), for the colour scale. */
export function graphNorms(model: GraphModel): number[] {
  const out: number[] = [];
  for (const r of model.rows) for (const c of r.cells) if (c.norm !== null) out.push(c.norm);
  for (const n of model.nodes.values()) if (n.grad) out.push(n.grad.norm);
  return out;
}
