// Indexes a Trace for the editor features: graph nodes by file and line (from their recorded
// `source`, never from the editor's text), consumers of each node, modules by line, findings by
// line. Built once per trace; every lookup after that is a map read.
import { normalize } from 'node:path';
import type { Diagnostic, GraphEdge, GraphNode, ModuleInfo, ParameterInfo, RecurrentTrace, SourceLocation, Trace } from '../protocol/trace';

/** A file path as a map key: normalized, case-folded where the file system is. */
export function fileKey(file: string, platform: NodeJS.Platform = process.platform): string {
  const n = normalize(file);
  return platform === 'win32' || platform === 'darwin' ? n.toLowerCase() : n;
}

/** Whether two paths name the same file. */
export function sameFile(a: string, b: string): boolean {
  return fileKey(a) === fileKey(b);
}

/** The numeric part of a node id (`'n42'` → 42), for creation order; NaN when it has none. */
function idNumber(id: string): number {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : NaN;
}

/** A node of the grad_fn chain below a node, for the hover's small tree. */
export interface ChainEntry {
  node: GraphNode;
  depth: number;
  /** Set on the marker after a node's children: how many more children `node` has. */
  more?: number;
}

/** Lookups over one Trace. */
export class TraceIndex {
  readonly nodes = new Map<string, GraphNode>();
  /** `from` → its `next_functions` edges in slot order. */
  readonly next = new Map<string, GraphEdge[]>();
  /** Node → the nodes whose `next_functions` hold it (its output's consumers). */
  readonly consumers = new Map<string, string[]>();
  private readonly order = new Map<string, number>();
  private readonly byLine = new Map<string, Map<number, GraphNode[]>>();
  private readonly modulesByLine = new Map<string, Map<number, ModuleInfo[]>>();
  private readonly files = new Map<string, string>();
  readonly parameters = new Map<string, ParameterInfo>();

  constructor(readonly trace: Trace) {
    trace.graph.nodes.forEach((n, i) => {
      this.nodes.set(n.id, n);
      this.order.set(n.id, Number.isNaN(idNumber(n.id)) ? -i : idNumber(n.id));
      if (n.source) this.at(this.byLine, n.source).push(n);
    });
    for (const e of trace.graph.edges) {
      let out = this.next.get(e.from);
      if (!out) this.next.set(e.from, (out = []));
      out.push(e);
      let cons = this.consumers.get(e.to);
      if (!cons) this.consumers.set(e.to, (cons = []));
      cons.push(e.from);
    }
    for (const list of this.next.values()) list.sort((a, b) => a.slot - b.slot);
    for (const m of trace.model.modules) if (m.source) this.at(this.modulesByLine, m.source).push(m);
    for (const p of trace.model.parameters) this.parameters.set(p.name, p);
    this.files.set(fileKey(trace.script.path), trace.script.path);
  }

  private at<T>(map: Map<string, Map<number, T[]>>, src: SourceLocation): T[] {
    const key = fileKey(src.file);
    if (!this.files.has(key)) this.files.set(key, src.file);
    let lines = map.get(key);
    if (!lines) map.set(key, (lines = new Map()));
    let list = lines.get(src.line);
    if (!list) lines.set(src.line, (list = []));
    return list;
  }

  /** The files the trace points into (the script and anything it imported), as recorded. */
  sourceFiles(): string[] {
    return [...this.files.values()];
  }

  /** Whether the trace has anything located in `file`. */
  hasFile(file: string): boolean {
    return this.files.has(fileKey(file));
  }

  /** 1-based lines of `file` that created graph nodes, ascending. */
  nodeLines(file: string): number[] {
    return [...(this.byLine.get(fileKey(file))?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** 1-based lines of `file` that created modules, ascending. */
  moduleLines(file: string): number[] {
    return [...(this.modulesByLine.get(fileKey(file))?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Graph nodes created by `file`:`line`. */
  nodesAt(file: string, line: number): GraphNode[] {
    return this.byLine.get(fileKey(file))?.get(line) ?? [];
  }

  /** Modules created on `file`:`line`. */
  modulesAt(file: string, line: number): ModuleInfo[] {
    return this.modulesByLine.get(fileKey(file))?.get(line) ?? [];
  }

  /** Creation order of a node (larger is later). */
  orderOf(id: string): number {
    return this.order.get(id) ?? 0;
  }

  /**
   * The nodes whose outputs leave the line: those no other node of the same line (and, with
   * `columns`, of the same statement columns) consumes. Latest first, so [0] is the line's result.
   */
  lineOutputs(file: string, line: number, columns?: { from: number; to: number }): GraphNode[] {
    let group = this.nodesAt(file, line);
    if (columns) {
      const inRange = group.filter((n) => n.source!.column >= columns.from && n.source!.column <= columns.to);
      if (inRange.length > 0) group = inRange;
    }
    const ids = new Set(group.map((n) => n.id));
    const outs = group.filter((n) => !(this.consumers.get(n.id) ?? []).some((c) => ids.has(c)));
    return outs.sort((a, b) => this.orderOf(b.id) - this.orderOf(a.id));
  }

  /** The statement columns recorded on a line, ascending. */
  columnsAt(file: string, line: number): number[] {
    return [...new Set(this.nodesAt(file, line).map((n) => n.source!.column))].sort((a, b) => a - b);
  }

  /** Findings located on `file`:`line`. */
  diagnosticsAt(file: string, line: number): Diagnostic[] {
    const key = fileKey(file);
    return this.trace.diagnostics.filter((d) => d.source && d.source.line === line && fileKey(d.source.file) === key);
  }

  /** Recurrent layers whose steps ran on `file`:`line`. */
  layersAt(file: string, line: number): RecurrentTrace[] {
    const key = fileKey(file);
    return this.trace.recurrent.filter((r) => {
      const src = r.source ?? r.steps.find((s) => s.source)?.source;
      return src !== undefined && src.line === line && fileKey(src.file) === key;
    });
  }

  /** The parameters a module owns directly. */
  parametersOf(m: ModuleInfo): ParameterInfo[] {
    return m.parameters.map((n) => this.parameters.get(n)).filter((p): p is ParameterInfo => p !== undefined);
  }

  /**
   * The grad_fn tree below `id` (next_functions in slot order), kept small: `depth` levels, at most
   * `width` children per node (`more` counts the rest), at most `max` entries in all.
   */
  chain(id: string, depth = 3, max = 8, width = 3): ChainEntry[] {
    const out: ChainEntry[] = [];
    const seen = new Set<string>();
    const walk = (nid: string, d: number): void => {
      const node = this.nodes.get(nid);
      if (!node || seen.has(nid) || out.length >= max) return;
      seen.add(nid);
      out.push({ node, depth: d });
      if (d >= depth) return;
      const next = (this.next.get(nid) ?? []).filter((e) => !seen.has(e.to));
      next.slice(0, width).forEach((e) => walk(e.to, d + 1));
      if (next.length > width) out.push({ node, depth: d + 1, more: next.length - width });
    };
    walk(id, 0);
    return out;
  }

  /** The finding that points at step `t` of a layer, if any. */
  diagnosticForStep(r: RecurrentTrace, t: number): Diagnostic | undefined {
    return this.trace.diagnostics.find((d) => d.module === r.module && (d.layer ?? 0) === r.layer && (d.direction ?? 0) === r.direction && d.t === t);
  }

  /** The findings about a layer (any step). */
  diagnosticsForLayer(r: RecurrentTrace): Diagnostic[] {
    return this.trace.diagnostics.filter((d) => d.module === r.module && (d.layer ?? 0) === r.layer && (d.direction ?? 0) === r.direction);
  }
}
