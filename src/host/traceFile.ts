// Reading trace files (ours, the CLI's, or any producer's) and writing their by-products: a run id
// and the per-step CSV. A trace file is untrusted input: check its shape before any view reads it.
import * as l10n from '@vscode/l10n';
import { TRACE_VERSION, type Trace } from '../protocol/trace';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArr = (v: unknown): v is unknown[] => Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number';

/** A parsed trace, or why the text is not one. */
export type ParsedTrace = { ok: true; trace: Trace } | { ok: false; error: string };

/** Checks the parts the host and the webview index into; the rest is the producer's business. */
export function checkTrace(v: unknown): ParsedTrace {
  const bad = (what: string): ParsedTrace => ({ ok: false, error: l10n.t('Not a BPTT Lens trace: {0}.', what) });
  if (!isObj(v)) return bad(l10n.t('not a JSON object'));
  if (v.version !== TRACE_VERSION) {
    return isNum(v.version) ? { ok: false, error: l10n.t('Unsupported trace version {0} (this extension reads version {1}).', v.version, TRACE_VERSION) } : bad('version');
  }
  const script = v.script;
  if (!isObj(script) || !isStr(script.path) || !isStr(script.startedAt)) return bad('script');
  const model = v.model;
  if (!isObj(model) || !isArr(model.modules) || !isArr(model.parameters)) return bad('model');
  if (!model.modules.every((m) => isObj(m) && isStr(m.path) && isStr(m.type) && isStr(m.repr) && isArr(m.parameters))) return bad('model.modules');
  if (!model.parameters.every((p) => isObj(p) && isStr(p.name) && isStr(p.module) && isArr(p.shape) && isObj(p.value))) return bad('model.parameters');
  const graph = v.graph;
  if (!isObj(graph) || !isArr(graph.nodes) || !isArr(graph.edges) || !isArr(graph.roots)) return bad('graph');
  if (!graph.nodes.every((n) => isObj(n) && isStr(n.id) && isStr(n.name) && (n.source === undefined || isLoc(n.source)))) return bad('graph.nodes');
  if (!graph.edges.every((e) => isObj(e) && isStr(e.from) && isStr(e.to) && isNum(e.slot))) return bad('graph.edges');
  if (!isArr(v.recurrent) || !v.recurrent.every((r) => isObj(r) && isStr(r.module) && isArr(r.steps) && r.steps.every((s) => isObj(s) && isNum(s.t)))) return bad('recurrent');
  if (!isArr(v.diagnostics) || !v.diagnostics.every((d) => isObj(d) && isStr(d.kind) && isStr(d.severity) && isStr(d.message))) return bad('diagnostics');
  for (const key of ['history', 'console', 'timing'] as const) if (!isArr(v[key])) return bad(key);
  return { ok: true, trace: v as unknown as Trace };
}

function isLoc(v: unknown): boolean {
  return isObj(v) && isStr(v.file) && isNum(v.line) && isNum(v.column);
}

/** Parses a trace file's text. */
export function parseTraceText(text: string): ParsedTrace {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: l10n.t('Not a BPTT Lens trace: {0}.', (e as Error).message) };
  }
  return checkTrace(v);
}

/** A run id from the script's file name and the run's start time, safe as a file name. e.g. `vanishingDemo.ts-2026-11-27T07-12-44-919Z` */
export function runId(trace: Trace): string {
  const base = trace.script.path.split(/[/\\]/).pop() || 'script';
  return `${base}-${trace.script.startedAt}`.replace(/[^A-Za-z0-9._-]/g, '-');
}

const CSV_COLUMNS = ['module', 'layer', 'direction', 'kind', 't', 'hNorm', 'gradNorm', 'jacobianNorm', 'whhGradNorm', 'saturation', 'lossInjected', 'forgetGate', 'cellGradNorm'] as const;

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The per-step data of every recurrent layer as CSV (one row per layer, direction and t). */
export function stepsCsv(trace: Trace): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const r of trace.recurrent) {
    for (const s of [...r.steps].sort((a, b) => a.t - b.t)) {
      const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
        module: r.module,
        layer: r.layer,
        direction: r.direction,
        kind: r.kind,
        t: s.t,
        hNorm: s.hNorm,
        gradNorm: s.gradNorm,
        jacobianNorm: s.jacobianNorm,
        whhGradNorm: s.whhGradNorm,
        saturation: s.saturation,
        lossInjected: s.lossInjected,
        forgetGate: s.forgetGate,
        cellGradNorm: s.cellGradNorm,
      };
      rows.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
    }
  }
  return rows.join('\n') + '\n';
}

/** The bytes of an export result: SVG/CSV text, or a PNG data URL decoded. Null when a PNG is not a PNG data URL. */
export function exportBytes(format: 'svg' | 'png' | 'csv', data: string): Uint8Array | null {
  if (format !== 'png') return new TextEncoder().encode(data);
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(data);
  if (!m) return null;
  const bytes = Buffer.from(m[1], 'base64');
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 8 || PNG.some((b, i) => bytes[i] !== b)) return null;
  return new Uint8Array(bytes);
}
