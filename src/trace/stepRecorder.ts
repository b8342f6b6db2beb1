// Per-time-step recording: keeps the latest sequence of every recurrent layer/direction (and of
// every cell used in a hand-written loop), hooks each h_t for ‖∂L/∂h_t‖, and turns the sequence
// seen by the last backward into RecurrentTrace records.
import { AccumulateGrad, type Node, type StepEvent, type Tensor, tensorValues } from '../engine';
import { JacobianNorms, saturation, weightSigmaMax } from './jacobian';
import type { Consumer, NodeRecords } from './nodeRecords';
import { jsonNumber, normOf } from './stats';
import type { RecurrentTrace, SourceLocation, StepRecord } from './types';

interface LiveStep {
  event: StepEvent;
  gradH: Tensor | null;
  gradC: Tensor | null;
  nodes: Node[];
  source?: SourceLocation;
}

interface LiveSeq {
  key: string;
  owner: object;
  mode: string;
  module: string;
  layer: number;
  direction: number;
  steps: Map<number, LiveStep>;
  /** W_hh's values at the sequence's first step: optimizer steps update the tensor in place later. */
  weightValues: Float64Array;
  source?: SourceLocation;
}

/** Edge-level gradient facts gathered during backward. */
export interface EdgeFacts {
  /** Consumers of a node's outputs. */
  consumers(node: Node): readonly Consumer[];
  /** Norm of the gradient sent along `node`'s next_functions[i] in the last backward. */
  edgeNorm(node: Node, i: number): number;
}

const ownerIds = new WeakMap<object, number>();
let nextOwnerId = 1;

function ownerId(o: object): number {
  let id = ownerIds.get(o);
  if (id === undefined) ownerIds.set(o, (id = nextOwnerId++));
  return id;
}

function seqKey(module: string, layer: number, direction: number): string {
  return `${module}|${layer}|${direction}`;
}

/** A step within one module's tags: t, layer and direction in one number (no string per node). */
function stepNumber(t: number, layer: number, direction: number): number {
  return (t * 4096 + layer) * 2 + direction;
}

/** Records steps as they happen; see the file comment. */
export class StepRecorder {
  private current = new Map<string, LiveSeq>();
  private snapshot: LiveSeq[] = [];
  /** Nodes made inside a tagged step, by the tag's module, then stepNumber, until their step event. */
  private pendingNodes = new Map<string, Map<number, Node[]>>();
  /** Set by the recorder while a backward() runs: hooks record only then (not in autograd.grad). */
  recording = false;

  constructor(private readonly records: NodeRecords) {}

  /** A node made inside a tagged step: kept until its step event arrives. */
  onNode(node: Node): void {
    const tags = node.tags;
    if (tags === null || tags.t === undefined || typeof tags.module !== 'string') return;
    let byStep = this.pendingNodes.get(tags.module);
    if (!byStep) this.pendingNodes.set(tags.module, (byStep = new Map()));
    const key = stepNumber(tags.t, tags.layer ?? 0, tags.direction ?? 0);
    const list = byStep.get(key);
    if (list) list.push(node);
    else byStep.set(key, [node]);
  }

  onStep(e: StepEvent, source: SourceLocation | undefined): void {
    const key = `${ownerId(e.owner)}|${seqKey(e.module, e.layer, e.direction)}`;
    let seq = this.current.get(key);
    if (!seq || seq.steps.has(e.t)) {
      seq = { key, owner: e.owner, mode: e.mode, module: e.module, layer: e.layer, direction: e.direction, steps: new Map(), weightValues: e.weightHh.toArray(), source };
      this.current.set(key, seq);
    }
    const byStep = this.pendingNodes.get(e.module);
    const stepKey = stepNumber(e.t, e.layer, e.direction);
    const step: LiveStep = { event: e, gradH: null, gradC: null, nodes: byStep?.get(stepKey) ?? [], source };
    byStep?.delete(stepKey);
    for (const n of step.nodes) this.records.of(n).stepOwner = e.owner;
    seq.steps.set(e.t, step);
    if (e.h.requiresGrad) e.h.registerHook((g) => void (this.recording && (step.gradH = g)));
    if (e.c?.requiresGrad) e.c.registerHook((g) => void (this.recording && (step.gradC = g)));
  }

  /** A backward starts: gradients of an earlier backward through the same steps are forgotten. */
  onBackwardStart(): void {
    this.recording = true;
    for (const seq of this.current.values()) {
      for (const step of seq.steps.values()) {
        step.gradH = null;
        step.gradC = null;
      }
    }
  }

  /** After a backward: the sequences as they are now are what the trace will show. */
  onBackwardEnd(): void {
    this.recording = false;
    this.snapshot = [...this.current.values()];
    this.pendingNodes.clear();
  }

  /** The recorded layers, from the last backward (or the last forward when none ran). */
  finish(edges: EdgeFacts, pathOf: (owner: object, fallback: string) => string): RecurrentTrace[] {
    const seqs = this.snapshot.length > 0 ? this.snapshot : [...this.current.values()];
    return seqs.map((s) => this.layerTrace(s, edges, pathOf(s.owner, s.module)));
  }

  private layerTrace(seq: LiveSeq, edges: EdgeFacts, module: string): RecurrentTrace {
    const ts = [...seq.steps.keys()].sort((a, b) => a - b);
    const first = seq.steps.get(ts[0])!.event;
    const hidden = first.h.shape[first.h.ndim - 1];
    const jacobians = new JacobianNorms(seq.weightValues); // in order of t: each step warm-starts the next
    const steps: StepRecord[] = ts.map((t) => this.stepRecord(seq, seq.steps.get(t)!, edges, jacobians));
    return {
      module,
      layer: seq.layer,
      direction: seq.direction,
      kind: seq.mode,
      hiddenSize: hidden,
      sigmaMax: jsonNumber(weightSigmaMax(first.weightHh, seq.weightValues)),
      steps,
      source: seq.source,
    };
  }

  private stepRecord(seq: LiveSeq, s: LiveStep, edges: EdgeFacts, jacobians: JacobianNorms): StepRecord {
    const e = s.event;
    const rec: StepRecord = {
      t: e.t,
      hNorm: normOf(e.h),
      gradNorm: normOf(s.gradH),
      jacobianNorm: jsonNumber(jacobians.of(e)),
      whhGradNorm: whhContribution(s, e.weightHh, edges),
      saturation: saturation(e),
      lossInjected: lossInjected(seq, s, edges),
    };
    if (e.gates?.f) rec.forgetGate = jsonNumber(mean(e.gates.f));
    if (e.c) rec.cellGradNorm = normOf(s.gradC);
    if (s.gradH && s.gradH.shape[s.gradH.ndim - 1] <= 512) rec.gradByUnit = meanOverBatch(s.gradH);
    if (s.source) rec.source = s.source;
    return rec;
  }
}

function mean(t: Tensor): number {
  const d = tensorValues(t);
  let s = 0;
  for (const v of d) s += v;
  return d.length ? s / d.length : 0;
}

function meanOverBatch(g: Tensor): number[] {
  const d = tensorValues(g);
  const h = g.shape[g.ndim - 1];
  const b = d.length / h;
  const out = new Array<number>(h).fill(0);
  for (let i = 0; i < d.length; i++) out[i % h] += Math.abs(d[i]) / b;
  return out.map(jsonNumber);
}

/** Whether `target` is W_hh's AccumulateGrad, directly or through a TBackward0. */
function leadsToWeight(target: Node | null, weight: Tensor): boolean {
  if (target === null) return false;
  if (target instanceof AccumulateGrad) return target.variable === weight;
  if (target.name === 'TBackward0') return leadsToWeight(target.nextFunctions[0]?.[0] ?? null, weight);
  return false;
}

/**
 * ‖step t's contribution to ∂L/∂W_hh‖: gradient sent from step-t nodes towards W_hh. An edge into a
 * TBackward0 that is itself a step-t node is skipped: that node's own edge to W_hh carries the same
 * gradient (transposed), and counting both would report √2 times the norm.
 */
function whhContribution(s: LiveStep, weight: Tensor, edges: EdgeFacts): number {
  let sq = 0;
  const own = new Set(s.nodes);
  for (const node of s.nodes) {
    node.nextFunctions.forEach(([target], i) => {
      if (target !== null && !(target instanceof AccumulateGrad) && own.has(target)) return;
      if (leadsToWeight(target, weight)) sq += edges.edgeNorm(node, i) ** 2;
    });
  }
  return Math.sqrt(sq);
}

/**
 * Whether gradient reached h_t (or c_t) from outside its own recurrence: from a consumer other than
 * step t itself (c_t feeds tanh(c_t) at t) and the next step of the same chain (t+1, or t-1 for the
 * reverse direction), along an edge that carried a nonzero gradient.
 */
function lossInjected(seq: LiveSeq, s: LiveStep, edges: EdgeFacts): boolean {
  const nextT = seq.direction === 0 ? s.event.t + 1 : s.event.t - 1;
  // by node identity, not by tags: two cells called at the top level share the module tag ''
  const chain = new Set([...s.nodes, ...(seq.steps.get(nextT)?.nodes ?? [])]);
  const fromOutside = (x: Tensor | undefined): boolean => {
    const producer = x?.gradFn ?? null;
    if (!x || producer === null) return false;
    for (const [consumer, index, slot] of edges.consumers(producer)) {
      if (slot !== x.outputNr || chain.has(consumer)) continue;
      if (edges.edgeNorm(consumer, index) > 0) return true;
    }
    return false;
  };
  return fromOutside(s.event.h) || fromOutside(s.event.c);
}
