// The trace recorder: subscribes to the engine's observers (node creation, steps, module calls,
// backward, clipping) and assembles a Trace when the script ends. Ops know nothing about it.
import { AccumulateGrad, observeEngine, observeNodes, type EngineEvent, type Node, type StepEvent, type SunkGradient, type Tensor } from '../engine';
import { diagnose, DEFAULT_DIAGNOSTIC_OPTIONS, type DiagnosticOptions, type NonFiniteOrigin } from './diagnostics';
import { exportGraph, nodeId } from './graphExport';
import { allModules, allParameters, exportModel, nameRoots, type ModuleLike } from './modelExport';
import { combinedStats, hasNonFinite, jsonNumber, normOf, outerProductStats, seenNonFinite, seenStats } from './stats';
import { NodeRecords } from './nodeRecords';
import { StepRecorder, type EdgeFacts } from './stepRecorder';
import { TRACE_VERSION, type ConsoleLine, type HistoryEntry, type ScriptError, type SourceLocation, type TensorStats, type Trace } from './types';

/** How the recorder is set up by its runner. */
export interface RecorderOptions {
  file: string;
  language: 'js' | 'ts' | 'py';
  producer: string;
  /** The user's source location of the code running now (the runner reads the stack). */
  locate: () => SourceLocation | undefined;
  /** Largest tensor whose values are kept in full. */
  maxValueElements: number;
  /** Most graph nodes exported. */
  maxGraphNodes?: number;
  diagnostics?: Partial<DiagnosticOptions>;
}

/** What the runner adds when the script ends. */
export interface FinishContext {
  console: ConsoleLine[];
  error: ScriptError | null;
  timing: { phase: string; ms: number }[];
}

/** Records one script run; `finish()` returns the Trace and unsubscribes. */
export class Recorder {
  private readonly started = new Date().toISOString();
  private readonly modules: ModuleLike[] = [];
  private readonly moduleSources = new Map<ModuleLike, SourceLocation>();
  private callDepth = 0;
  private callSite: SourceLocation | undefined;
  // per node: its source, consumers, step owner, and what the last backward() sent through it
  private readonly records = new NodeRecords();
  private inBackward = false;
  private readonly steps = new StepRecorder(this.records);
  private lastRoots: Node[] = [];
  private readonly history: HistoryEntry[] = [];
  private nonFinite: NonFiniteOrigin | null = null;
  private pendingLayerOrigin: { module: string; layer: number; direction?: number } | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: RecorderOptions) {
    this.unsubscribe.push(observeNodes((node, outputs) => this.onNode(node, outputs)));
    this.unsubscribe.push(observeEngine((e) => this.onEvent(e)));
  }

  private here(): SourceLocation | undefined {
    return this.callDepth > 0 ? this.callSite : this.options.locate();
  }

  private onNode(node: Node, outputs: readonly Tensor[]): void {
    const rec = this.records.of(node);
    rec.source = this.here();
    const next = node.nextFunctions;
    for (let i = 0; i < next.length; i++) {
      const [target, slot] = next[i];
      // a leaf's accumulator outlives every graph: its consumers would pile up run after run
      if (target === null || target instanceof AccumulateGrad) continue;
      const t = this.records.of(target);
      (t.consumers ??= []).push([node, i, slot]);
    }
    this.steps.onNode(node);
    if (this.nonFinite === null) {
      for (let i = 0; i < outputs.length; i++) {
        if (!seenNonFinite(outputs[i])) continue;
        this.nonFinite = this.origin('forward', node);
        break;
      }
    }
  }

  /** Where a NaN/Inf appeared first: `node`, in the forward or the backward pass. */
  private origin(phase: 'forward' | 'backward', node: Node): NonFiniteOrigin {
    const o: NonFiniteOrigin = { phase, node: nodeId(node), name: node.name };
    const tags = node.tags;
    if (tags?.module !== undefined) o.module = String(tags.module);
    const step = tags?.t !== undefined ? { t: tags.t, module: undefined } : stepOfInputs(node);
    if (step) {
      o.t = step.t;
      if (o.module === undefined && step.module !== undefined) o.module = step.module;
    } else if (phase === 'forward' && tags?.layer !== undefined && typeof tags.module === 'string') {
      // a layer-wide op (the input projection over all steps): the first step to see it names t
      this.pendingLayerOrigin = { module: tags.module, layer: tags.layer, direction: tags.direction };
    }
    const src = this.records.peek(node)?.source;
    if (src) o.source = src;
    return o;
  }

  private onEvent(e: EngineEvent): void {
    switch (e.type) {
      case 'moduleCreated':
        this.modules.push(e.module as ModuleLike);
        {
          const src = this.here();
          if (src) this.moduleSources.set(e.module as ModuleLike, src);
        }
        break;
      case 'moduleCall':
        if (e.phase === 'enter') {
          if (this.callDepth === 0) this.callSite = this.options.locate();
          this.callDepth++;
        } else this.callDepth = Math.max(0, this.callDepth - 1);
        break;
      case 'step':
        this.onStep(e);
        break;
      case 'backward':
        if (e.phase === 'start') {
          this.lastRoots = e.roots.map((r) => r.gradFn).filter((n): n is Node => n !== null);
          this.records.generation++;
          this.inBackward = true;
          this.steps.onBackwardStart();
        } else {
          this.inBackward = false;
          this.onBackwardEnd(e.roots);
        }
        break;
      case 'nodeGrad':
        this.onNodeGrad(e.node, e.grads, e.inputGrads, e.sunk);
        break;
      case 'clip': {
        const last = this.history[this.history.length - 1];
        if (last) last.clip = { maxNorm: jsonNumber(e.maxNorm), totalNorm: jsonNumber(e.totalNorm), clippedNorm: jsonNumber(e.totalNorm * Math.min(1, e.clipCoef)) };
        break;
      }
    }
  }

  private onStep(e: StepEvent): void {
    this.steps.onStep(e, this.callSite ?? this.options.locate());
    const p = this.pendingLayerOrigin;
    if (p && this.nonFinite && p.module === e.module && p.layer === e.layer && (p.direction ?? e.direction) === e.direction) {
      if (hasNonFinite(e.x) || hasNonFinite(e.h) || hasNonFinite(e.c)) {
        this.nonFinite.t = e.t;
        this.pendingLayerOrigin = null;
      }
    }
  }

  private onNodeGrad(node: Node, grads: readonly (Tensor | null)[], inputGrads: readonly (Tensor | null)[], sunk: readonly SunkGradient[] | null): void {
    // each gradient's stats once: what a node sends is what the next one receives
    let received: TensorStats | undefined;
    let parts: TensorStats[] | null = null;
    let badIn = false;
    for (const g of grads) {
      if (g === null) continue;
      const st = seenStats(g);
      badIn ||= nonFiniteIn(st);
      if (received === undefined) received = st;
      else (parts ??= [received]).push(st);
    }
    const norms = new Array<number>(inputGrads.length);
    let badOut = false;
    for (let i = 0; i < inputGrads.length; i++) {
      const g = inputGrads[i];
      const st = g === null ? null : seenStats(g);
      norms[i] = st === null ? 0 : st.norm;
      badOut ||= nonFiniteIn(st);
    }
    if (sunk !== null) {
      for (const s of sunk) {
        const st = this.onSunk(s);
        norms[s.input] = st.norm;
        badOut ||= nonFiniteIn(st);
      }
    }
    if (this.nonFinite === null && !badIn && badOut) this.nonFinite = this.origin('backward', node);
    // torch.autograd.grad runs the same engine; only backward() feeds the recorded gradients
    if (!this.inBackward) return;
    const rec = this.records.of(node);
    // a TBackward0 skipped by a sunk gradient: its facts came with that gradient (onSunk)
    if (received === undefined && rec.generation === this.records.generation && rec.grad !== undefined) return;
    rec.generation = this.records.generation;
    // a multi-output node (unbind, split): the statistics of all its incoming gradients together
    rec.grad = parts !== null ? combinedStats(parts) : received;
    rec.edgeNorms = norms;
  }

  /**
   * A gradient added straight into its sum (an outer product): its stats from the factors. When it
   * skipped a TBackward0, that node is recorded as having received it and passed it on, as it
   * would have without the shortcut.
   */
  private onSunk(s: SunkGradient): TensorStats {
    const stats = outerProductStats(s.a, s.b);
    if (s.through !== null && this.inBackward) {
      const t = this.records.of(s.through);
      t.generation = this.records.generation;
      t.grad = stats;
      t.edgeNorms = [stats.norm];
    }
    return stats;
  }

  private onBackwardEnd(roots: readonly Tensor[]): void {
    this.steps.onBackwardEnd();
    const loss = roots[0] && roots[0].numel() === 1 ? roots[0].item() : null;
    const gradNorms: Record<string, number> = {};
    for (const [name, p] of allParameters(nameRoots(this.modules))) if (p.grad) gradNorms[name] = normOf(p.grad);
    this.history.push({ iteration: this.history.length, loss: loss === null || Number.isFinite(loss) ? loss : null, gradNorms });
  }

  /** Stops recording and assembles the Trace. */
  finish(ctx: FinishContext): Trace {
    this.unsubscribe.forEach((u) => u());
    const t0 = performance.now();
    const roots = nameRoots(this.modules);
    const params = allParameters(roots);
    const names = new Map<Tensor, string>();
    for (const [n, p] of params) names.set(p, n);
    const accumulatorOf = new Map<Tensor, string>();
    const records = this.records;
    const edges: EdgeFacts = {
      consumers: (n) => records.peek(n)?.consumers ?? [],
      edgeNorm: (n, i) => records.edgeNorm(n, i),
    };
    const ownerPaths = new Map<object, string>();
    for (const [path, m] of allModules(roots)) ownerPaths.set(m, path);
    const pathOf = (owner: object, fallback: string): string => ownerPaths.get(owner) ?? fallback;
    const graph = exportGraph(
      this.lastRoots,
      {
        source: (n) => records.peek(n)?.source,
        grad: (n) => records.grad(n),
        leafName: (n: AccumulateGrad) => {
          const name = names.get(n.variable) ?? `input:[${n.variable.shape.join(', ')}]`;
          accumulatorOf.set(n.variable, nodeId(n));
          return name;
        },
        // a step node's module is its owner's full path (a tag's path is relative to the module called)
        stepModule: (n, tagModule) => {
          const owner = records.peek(n)?.stepOwner;
          return owner ? pathOf(owner, tagModule) : tagModule;
        },
      },
      this.options.maxGraphNodes ?? 20000,
    );
    const model = exportModel(roots, this.options.maxValueElements, this.moduleSources, (p) => accumulatorOf.get(p));
    const recurrent = this.steps.finish(edges, pathOf);
    const diagnostics = diagnose(recurrent, model.parameters, this.history, this.nonFinite, {
      ...DEFAULT_DIAGNOSTIC_OPTIONS,
      ...this.options.diagnostics,
    });
    const trace: Trace = {
      version: TRACE_VERSION,
      script: {
        path: this.options.file,
        language: this.options.language,
        backend: 'embedded',
        startedAt: this.started,
        producer: this.options.producer,
        ok: ctx.error === null,
      },
      model,
      graph,
      recurrent,
      diagnostics,
      history: this.history,
      console: ctx.console,
      timing: [...ctx.timing, { phase: 'record', ms: performance.now() - t0 }],
    };
    if (ctx.error) trace.error = ctx.error;
    return trace;
  }
}

function nonFiniteIn(s: TensorStats | null): boolean {
  return s !== null && s.nanCount + s.infCount > 0;
}

/**
 * The time step of a node made outside any step (a user's op on h_t in a hand-written loop): the
 * step of its nearest step-tagged inputs (up to 4 edges back), when they agree on one t.
 */
function stepOfInputs(node: Node): { t: number; module?: string } | undefined {
  let level: Node[] = [node];
  const seen = new Set<Node>(level);
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: Node[] = [];
    for (const n of level) {
      for (const [m] of n.nextFunctions) {
        if (m === null || seen.has(m)) continue;
        seen.add(m);
        next.push(m);
      }
    }
    const tagged = next.filter((m) => m.tags?.t !== undefined);
    if (tagged.length > 0) {
      const ts = new Set(tagged.map((m) => m.tags!.t));
      if (ts.size !== 1) return undefined;
      const mod = tagged[0].tags!.module;
      return { t: tagged[0].tags!.t!, module: typeof mod === 'string' ? mod : undefined };
    }
    level = next;
  }
  return undefined;
}
