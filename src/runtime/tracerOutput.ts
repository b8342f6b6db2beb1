// What the Python tracer (src/runtime/pytorch/bptt_trace.py) writes to its --out file, checked
// before anything reads it (it comes from another process, and from code the user's torch runs),
// and turned into a Trace: the tracer leaves out the diagnostics, which diagnose() adds here so both
// backends diagnose alike.
import { DEFAULT_DIAGNOSTIC_OPTIONS, diagnose, type DiagnosticOptions, type NonFiniteOrigin } from '../trace/diagnostics';
import { TRACE_VERSION, type PhaseTiming, type ScriptError, type Trace } from '../trace/types';

/** A traced run: the Trace without `diagnostics`, with where the first NaN/Inf appeared. */
export interface TracerTraceDoc extends Omit<Trace, 'diagnostics'> {
  nonFinite?: NonFiniteOrigin;
}

/** A run without recording (`--run-only`). */
export interface TracerRunDoc {
  runOnly: true;
  timing: PhaseTiming[];
  error?: ScriptError;
}

/** torch could not be imported, or is older than 1.13. */
export interface TracerSetupDoc {
  setupError: { type: string; kind: 'torchMissing' | 'torchTooOld'; message: string };
}

export type TracerDoc = { kind: 'trace'; doc: TracerTraceDoc } | { kind: 'run'; doc: TracerRunDoc } | { kind: 'setup'; doc: TracerSetupDoc };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArr = Array.isArray;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isError(v: unknown): v is ScriptError {
  return isObj(v) && isStr(v.type) && isStr(v.message);
}

function isLoc(v: unknown): boolean {
  return v === undefined || (isObj(v) && isStr(v.file) && isNum(v.line) && isNum(v.column));
}

/** Why `v` is not a tracer document, or null when it is one. */
function traceProblem(v: Obj): string | null {
  if (v.version !== TRACE_VERSION) return `version ${String(v.version)}`;
  const s = v.script;
  if (!isObj(s) || !isStr(s.path) || s.backend !== 'pytorch' || s.language !== 'py' || !isStr(s.startedAt) || !isStr(s.producer) || typeof s.ok !== 'boolean') return 'script';
  const m = v.model;
  if (!isObj(m) || !isArr(m.modules) || !isArr(m.parameters)) return 'model';
  if (!m.parameters.every((p) => isObj(p) && isStr(p.name) && isStr(p.module) && isArr(p.shape) && isObj(p.value) && (p.grad === null || isObj(p.grad)))) return 'model.parameters';
  const g = v.graph;
  if (!isObj(g) || !isArr(g.nodes) || !isArr(g.edges) || !isArr(g.roots)) return 'graph';
  if (!g.nodes.every((n) => isObj(n) && isStr(n.id) && isStr(n.name) && isLoc(n.source))) return 'graph.nodes';
  if (!isArr(v.recurrent)) return 'recurrent';
  for (const r of v.recurrent) {
    if (!isObj(r) || !isStr(r.module) || !isNum(r.layer) || !isNum(r.direction) || !isStr(r.kind) || !isNum(r.sigmaMax) || !isArr(r.steps)) return 'recurrent';
    if (!r.steps.every((st) => isObj(st) && isNum(st.t) && isNum(st.gradNorm) && isNum(st.jacobianNorm) && isNum(st.saturation) && typeof st.lossInjected === 'boolean')) return 'recurrent.steps';
  }
  if (!isArr(v.history) || !v.history.every((h) => isObj(h) && isNum(h.iteration) && isObj(h.gradNorms))) return 'history';
  if (!isArr(v.console) || !isArr(v.timing)) return 'console';
  if (v.error !== undefined && !isError(v.error)) return 'error';
  const nf = v.nonFinite;
  if (nf !== undefined && !(isObj(nf) && (nf.phase === 'forward' || nf.phase === 'backward') && isStr(nf.node) && isStr(nf.name))) return 'nonFinite';
  return null;
}

/** Parses the tracer's output file; throws with the reason when it is not one of its documents. */
export function parseTracerDoc(text: string): TracerDoc {
  const v: unknown = JSON.parse(text);
  if (!isObj(v)) throw new Error('the tracer output is not a JSON object');
  if (isObj(v.setupError)) {
    const e = v.setupError;
    if ((e.kind === 'torchMissing' || e.kind === 'torchTooOld') && isStr(e.message)) return { kind: 'setup', doc: v as unknown as TracerSetupDoc };
  }
  if (v.runOnly === true) {
    if (!isArr(v.timing) || (v.error !== undefined && !isError(v.error))) throw new Error('the tracer output is malformed (run)');
    return { kind: 'run', doc: v as unknown as TracerRunDoc };
  }
  const problem = traceProblem(v);
  if (problem) throw new Error(`the tracer output is malformed (${problem})`);
  return { kind: 'trace', doc: v as unknown as TracerTraceDoc };
}

/** The Trace of a tracer document: its findings added by diagnose(), as the embedded recorder does. */
export function traceOf(doc: TracerTraceDoc, options: Partial<DiagnosticOptions> = {}): Trace {
  const { nonFinite, ...rest } = doc;
  const diagnostics = diagnose(rest.recurrent, rest.model.parameters, rest.history, nonFinite ?? null, { ...DEFAULT_DIAGNOSTIC_OPTIONS, ...options });
  // the key order of the embedded recorder's Trace
  const trace: Trace = {
    version: rest.version,
    script: rest.script,
    model: rest.model,
    graph: rest.graph,
    recurrent: rest.recurrent,
    diagnostics,
    history: rest.history,
    console: rest.console,
    timing: rest.timing,
  };
  if (rest.error !== undefined) trace.error = rest.error;
  return trace;
}
