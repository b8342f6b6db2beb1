// Comparing our grad_fn graph with a reference `dag` (breadth-first, deduplicated).
import { AccumulateGrad, walkGraph, type Node } from '../../src/engine';

/** One node of a reference dag. */
export interface RefDagNode {
  id: number;
  name: string;
  next: (number | null)[];
  leaf?: string;
  leaf_kind?: string;
  leaf_shape?: number[];
}

/**
 * Compares the graph under `root` with `dag`; `leafName` names an AccumulateGrad's variable.
 * Returns the first difference or null.
 */
export function compareDag(root: Node | null, dag: RefDagNode[], leafName?: (node: AccumulateGrad) => string | undefined): string | null {
  if (root === null) return dag.length === 0 ? null : `dag: no grad_fn, reference starts at ${dag[0].name}`;
  const ours = walkGraph(root);
  if (ours.length !== dag.length) {
    const count = (names: string[]) => names.reduce<Record<string, number>>((m, n) => ((m[n] = (m[n] ?? 0) + 1), m), {});
    const a = count(ours.map((n) => n.name));
    const b = count(dag.map((n) => n.name));
    const diffs = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).map((k) => `${k} ${a[k] ?? 0} vs ${b[k] ?? 0}`);
    return `dag: ${ours.length} nodes vs reference ${dag.length} (${diffs.join(', ')})`;
  }
  for (let i = 0; i < dag.length; i++) {
    const o = ours[i];
    const r = dag[i];
    if (o.name !== r.name) return `dag node ${i}: ${o.name} vs reference ${r.name}`;
    if (o.next.length !== r.next.length || o.next.some((n, k) => n !== r.next[k])) {
      return `dag node ${i} (${o.name}): next [${o.next.join(', ')}] vs reference [${r.next.join(', ')}]`;
    }
    if (r.leaf_shape && o.node instanceof AccumulateGrad) {
      const shape = o.node.variable.shape;
      if (shape.join(',') !== r.leaf_shape.join(',')) return `dag node ${i}: leaf shape [${shape}] vs reference [${r.leaf_shape}]`;
      const name = leafName?.(o.node);
      if (name !== undefined && r.leaf !== undefined && name !== r.leaf) return `dag node ${i}: leaf ${name} vs reference ${r.leaf}`;
    }
  }
  return null;
}
