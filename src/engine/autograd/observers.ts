// The engine's one extension point for tools: observers told about each recorded node.
// The trace recorder subscribes here instead of adding branches to ops; a runner can also
// throw from an observer to cancel a runaway script at the next op.
import type { Tensor } from '../tensor';
import type { Node } from './node';

/** Called after an op recorded `node` with its `outputs`. */
export type NodeObserver = (node: Node, outputs: readonly Tensor[]) => void;

const nodeObservers: NodeObserver[] = [];

/** Subscribes to node creation; returns the unsubscribe function. e.g. `const off = observeNodes(fn)` */
export function observeNodes(observer: NodeObserver): () => void {
  nodeObservers.push(observer);
  return () => {
    const i = nodeObservers.indexOf(observer);
    if (i >= 0) nodeObservers.splice(i, 1);
  };
}

/** Tells the observers about a new node. Internal to autograd. */
export function notifyNodeCreated(node: Node, outputs: readonly Tensor[]): void {
  for (let i = 0; i < nodeObservers.length; i++) nodeObservers[i](node, outputs);
}

/** Called on each op, recorded or not (cooperative cancellation checks). */
export type OpObserver = (op: string) => void;

let opObserver: OpObserver | null = null;

/** Installs the one op observer (a runner's interrupt check); null removes it. */
export function setOpObserver(observer: OpObserver | null): void {
  opObserver = observer;
}

/** Called by ops as they start. Internal to the engine. */
export function notifyOp(op: string): void {
  if (opObserver !== null) opObserver(op);
}

/** A recurrent step as a layer or cell computed it: what the trace recorder needs per t. */
export interface StepEvent {
  type: 'step';
  /** The module instance that computed the step. */
  owner: object;
  /** `'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU'` for layers; `'RNNCell_tanh' | 'RNNCell_relu' | 'LSTMCell' | 'GRUCell'` for cells. */
  mode: string;
  module: string;
  layer: number;
  direction: number;
  t: number;
  /** Sequence length, when the step belongs to a layer's sequence. */
  length?: number;
  x: Tensor;
  hPrev: Tensor;
  h: Tensor;
  cPrev?: Tensor;
  c?: Tensor;
  /** Recurrent weight W_hh (gates stacked as PyTorch stacks them). */
  weightHh: Tensor;
  /** Gate activations: LSTM i, f, g, o; GRU r, z, n and hn = W_hn·h_{t-1} + b_hn. */
  gates?: Record<string, Tensor>;
}

/**
 * A gradient that backward never made as a tensor: `a @ b`, the gradient for `input` (a
 * next_functions index), was added into the buffer it was headed for. `through` is the TBackward0
 * it skipped (Linear's weight.t(): the sum is the transposed buffer), which then receives nothing.
 */
export interface SunkGradient {
  input: number;
  a: Tensor;
  b: Tensor;
  through: Node | null;
}

/** Events tools can observe besides node creation. */
export type EngineEvent =
  | StepEvent
  | { type: 'moduleCall'; phase: 'enter' | 'exit'; module: object; path: string }
  | { type: 'moduleCreated'; module: object }
  | { type: 'backward'; phase: 'start' | 'end'; roots: readonly Tensor[] }
  /**
   * A node ran during backward: the gradients it received and those it sent along each edge. A
   * gradient added straight into the sum it was headed for is null in `inputGrads` and listed in
   * `sunk` as its factors (see `SunkGradient`).
   */
  | { type: 'nodeGrad'; node: Node; grads: readonly (Tensor | null)[]; inputGrads: readonly (Tensor | null)[]; sunk: readonly SunkGradient[] | null }
  | { type: 'clip'; maxNorm: number; totalNorm: number; clipCoef: number };

/** Called with each engine event. */
export type EngineObserver = (event: EngineEvent) => void;

const engineObservers: EngineObserver[] = [];

/** Subscribes to engine events; returns the unsubscribe function. e.g. `observeEngine(e => ...)` */
export function observeEngine(observer: EngineObserver): () => void {
  engineObservers.push(observer);
  return () => {
    const i = engineObservers.indexOf(observer);
    if (i >= 0) engineObservers.splice(i, 1);
  };
}

/** Whether anyone listens (lets emitters skip building events). */
export function hasEngineObservers(): boolean {
  return engineObservers.length > 0;
}

/** Emits an engine event. Internal to the engine. */
export function emitEngineEvent(event: EngineEvent): void {
  for (let i = 0; i < engineObservers.length; i++) engineObservers[i](event);
}
