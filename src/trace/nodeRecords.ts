// What the recorder learns about each autograd node, kept on the node itself (`node.meta`). One
// WeakMap per fact cost more in garbage collection than the ops being recorded: V8 scans weak
// tables at every collection, and a T=1000 run adds tens of thousands of entries per backward.
import type { Node } from '../engine';
import type { SourceLocation, TensorStats } from './types';

/** A consumer of a node's output: [consumer, its next_functions index, the output slot]. */
export type Consumer = readonly [Node, number, number];

/** One node's facts for one recorder. */
export class NodeRecord {
  source: SourceLocation | undefined = undefined;
  /** Who consumes the node's outputs (kept for function nodes only, never for a leaf's accumulator). */
  consumers: Consumer[] | null = null;
  /** The module instance whose recurrent step made the node. */
  stepOwner: object | undefined = undefined;
  /** The backward that `grad` and `edgeNorms` describe (see `NodeRecords.generation`). */
  generation = 0;
  grad: TensorStats | undefined = undefined;
  edgeNorms: number[] | null = null;

  constructor(readonly records: NodeRecords) {}
}

/** The records of one recorder; a node carries at most one, the latest recorder's. */
export class NodeRecords {
  /** Counts backward passes: gradient facts of an older one read as absent. */
  generation = 0;

  /** The node's record, made on first use. */
  of(node: Node): NodeRecord {
    const m = node.meta;
    if (m instanceof NodeRecord && m.records === this) return m;
    const r = new NodeRecord(this);
    node.meta = r;
    return r;
  }

  /** The node's record if this recorder made one. */
  peek(node: Node): NodeRecord | undefined {
    const m = node.meta;
    return m instanceof NodeRecord && m.records === this ? m : undefined;
  }

  /** The gradient statistics the node received in the last backward. */
  grad(node: Node): TensorStats | undefined {
    const r = this.peek(node);
    return r !== undefined && r.generation === this.generation ? r.grad : undefined;
  }

  /** Norm of the gradient `node` sent along next_functions[i] in the last backward (0 if none). */
  edgeNorm(node: Node, i: number): number {
    const r = this.peek(node);
    return r !== undefined && r.generation === this.generation ? (r.edgeNorms?.[i] ?? 0) : 0;
  }
}
