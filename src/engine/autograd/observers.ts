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
