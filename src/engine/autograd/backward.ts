// The backward engine: iterative (never recursive, so a 10,000-step unrolled graph cannot
// overflow the stack), with a ready queue ordered like PyTorch's (latest-created node first).
import { TorchError } from '../errors';
import { sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { addGradInto, sumGrads, viewTransposed } from './gradBuffer';
import { noGrad } from './gradMode';
import { AccumulateGrad, FunctionNode, gradAccumulator, type Node, type SinkFinder, type SunkListener } from './node';
import { emitEngineEvent, hasEngineObservers, type SunkGradient } from './observers';

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep saved tensors so the graph can be backpropagated again (`retain_graph`). */
  retainGraph?: boolean;
}

/** Where `autograd.grad` captures gradients: output slot of a node, per requested input. */
interface Capture {
  node: Node;
  slot: number;
}

function rootEdge(t: Tensor): [Node, number] {
  if (!t.requiresGrad) {
    throw new TorchError('element 0 of tensors does not require grad and does not have a grad_fn', {
      kind: 'autograd',
      op: 'backward',
    });
  }
  return t.gradFn !== null ? [t.gradFn, t.outputNr] : [gradAccumulator(t), 0];
}

/** A binary max-heap of nodes by priority. */
class ReadyQueue {
  private heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    const p = n.priority;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].priority >= p) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = n;
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Node;
    if (h.length > 0) {
      let i = 0;
      const p = last.priority;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && h[r].priority > h[l].priority ? r : l;
        if (h[c].priority <= p) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

let generation = 0;
let running = false;

/** Counts, for every node reachable from the roots, how many edges lead into it (in `node.deps`). */
function countDependencies(roots: Node[], gen: number): void {
  for (const r of roots) {
    r.mark = gen;
    r.deps = 0;
    r.buffer = null;
  }
  const stack = roots.slice();
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const edges = node.nextFunctions;
    for (let i = 0; i < edges.length; i++) {
      const next = edges[i][0];
      if (next === null) continue;
      if (next.mark !== gen) {
        next.mark = gen;
        next.deps = 0;
        next.buffer = null;
        stack.push(next);
      }
      next.deps++;
    }
  }
}

/**
 * Backpropagates `gradRoots` from `roots` through the graph into the leaves' `.grad`.
 * e.g. `runBackward([loss], [torch.ones([])])`
 */
export function runBackward(
  roots: Tensor[],
  gradRoots: Tensor[],
  options: BackwardOptions = {},
  captureFor: Tensor[] | null = null,
): (Tensor | null)[] {
  if (running) {
    throw new TorchError('unsupported: calling backward() or autograd.grad() from inside a backward hook', {
      kind: 'unsupported',
      op: 'backward',
    });
  }
  running = true;
  try {
    return runBackwardOnce(roots, gradRoots, options, captureFor);
  } finally {
    running = false;
  }
}

function runBackwardOnce(
  roots: Tensor[],
  gradRoots: Tensor[],
  options: BackwardOptions,
  captureFor: Tensor[] | null,
): (Tensor | null)[] {
  const retainGraph = options.retainGraph ?? false;
  const rootEdges = roots.map(rootEdge);
  const rootNodes = [...new Set(rootEdges.map((e) => e[0]))];
  const gen = ++generation;
  countDependencies(rootNodes, gen);
  // A buffer slot first holds the incoming gradient as it is (it may be shared with other
  // nodes); the second arrival replaces it with a private sum, later ones add into that in place.
  const owned = new Set<Tensor>();
  const put = (node: Node, slot: number, g: Tensor): void => {
    let buf = node.buffer;
    if (buf === null) node.buffer = buf = new Array<Tensor | null>(node.numOutputs).fill(null);
    const prev = buf[slot];
    if (prev === null) buf[slot] = g;
    else if (owned.has(prev)) addGradInto(prev, g);
    else {
      const sum = sumGrads(prev, g);
      owned.add(sum);
      buf[slot] = sum;
    }
  };
  rootEdges.forEach(([node, slot], i) => put(node, slot, gradRoots[i]));

  const queue = new ReadyQueue();
  for (const n of rootNodes) if (n.deps === 0) queue.push(n);
  const executed: Node[] = [];
  const observed = hasEngineObservers();
  const captures: Capture[] | null = captureFor && captureFor.map((t) => {
    const [node, slot] = rootEdge(t);
    return { node, slot };
  });
  const captured: (Tensor | null)[] = captureFor ? captureFor.map(() => null) : [];
  const ownedAt = (n: Node, slot: number): Tensor | null => {
    const x = n.mark === gen && n.buffer !== null ? n.buffer[slot] : null;
    return x !== null && x !== undefined && owned.has(x) ? x : null;
  };
  // Formulas may add a gradient straight into the private sum it is headed for (BackwardCtx.sink),
  // also through a TBackward0 that only this edge feeds (a weight.t() of Linear): it would only
  // transpose the gradient on the way. Not while hooks or captures could see the gradient in
  // between. Observers are told its factors instead (SunkGradient), for outer products only (one
  // batch row: the W_hh term of each step), whose statistics the factors give in O(m + n).
  let through: (Node | null)[] = [];
  const sinks: SinkFinder | null =
    captures !== null
      ? null
      : (node, i, inner) => {
          if (observed && inner !== 1) return null;
          const [next, slot] = node.nextFunctions[i];
          if (next === null) return null;
          const direct = ownedAt(next, slot);
          if (direct !== null) return direct;
          if (next.name !== 'TBackward0' || next.deps !== 1 || next.buffer !== null || next.tensorHooks !== null) return null;
          const [target, s] = next.nextFunctions[0] ?? [null, 0];
          const o = target === null ? null : ownedAt(target, s);
          if (o === null || o.ndim !== 2) return null;
          if (observed) through[i] = next;
          return viewTransposed(o);
        };
  let sunk: SunkGradient[] | null = null;
  const onSunk: SunkListener | null = observed ? (input, a, b) => (sunk ??= []).push({ input, a, b, through: through[input] ?? null }) : null;

  noGrad(() => {
    while (queue.size > 0) {
      const node = queue.pop();
      const grads = node.buffer ?? new Array<Tensor | null>(node.numOutputs).fill(null);
      node.buffer = null;
      // once handed to hooks and apply (AddBackward0 forwards it as is), a sum is shared
      for (const g of grads) if (g !== null) owned.delete(g);
      if (captures !== null) {
        // captured before the tensor's hooks run, as PyTorch 1.13's engine does
        captures.forEach((c, i) => {
          if (c.node === node) captured[i] = grads[c.slot];
        });
        if (node instanceof AccumulateGrad) continue; // autograd.grad leaves .grad alone
      }
      runTensorHooks(node, grads);
      const anyGrad = grads.some((g) => g !== null);
      sunk = null;
      if (observed && through.length > 0) through = [];
      const inputGrads = anyGrad ? node.apply(grads, sinks, onSunk) : [];
      if (observed) emitEngineEvent({ type: 'nodeGrad', node, grads, inputGrads, sunk });
      executed.push(node);
      const edges = node.nextFunctions;
      for (let i = 0; i < edges.length; i++) {
        const [next, slot] = edges[i];
        if (next === null) continue;
        const g = inputGrads[i] ?? null;
        if (g !== null) {
          checkGradShape(node, i, g);
          put(next, slot, g);
        }
        if (--next.deps === 0) queue.push(next);
      }
    }
  });
  if (!retainGraph) for (const n of executed) n.release();
  return captured;
}

/** Runs the hooks on a node's outputs (`retain_grad()` is one of them, in registration order). */
function runTensorHooks(node: Node, grads: (Tensor | null)[]): void {
  if (node.tensorHooks === null) return;
  for (const [slot, hooks] of node.tensorHooks) {
    let g = grads[slot];
    if (g === null) continue;
    for (const hook of hooks) {
      const r = hook(g);
      if (r) g = r;
    }
    grads[slot] = g;
  }
}

function checkGradShape(node: Node, i: number, g: Tensor): void {
  if (!(node instanceof FunctionNode)) return;
  const meta = node.inputMeta(i);
  if (meta !== null && !sameShape(meta.shape, g.shape)) {
    throw new TorchError(
      `Function ${node.name} returned an invalid gradient at index ${i} - got [${g.shape.join(', ')}] but expected shape compatible with [${meta.shape.join(', ')}]`,
      { kind: 'shape', op: node.name, shapes: [g.shape.slice(), meta.shape.slice()] },
    );
  }
}
