// Walking a grad_fn graph, in the shape the PyTorch reference's `dag` uses.
import type { Node } from './node';
import { AccumulateGrad } from './node';

/** One node of a walked graph: `next` holds ids (or null) per `nextFunctions` slot. */
export interface GraphNodeRecord {
  id: number;
  name: string;
  next: (number | null)[];
  node: Node;
}

/**
 * Breadth-first walk from `root`, deduplicating nodes by identity and numbering them 0, 1, ...
 * in visit order, as the reference `dag`s are. e.g. `walkGraph(loss.gradFn!)[0].name`
 */
export function walkGraph(root: Node): GraphNodeRecord[] {
  const ids = new Map<Node, number>([[root, 0]]);
  const order: Node[] = [root];
  const records: GraphNodeRecord[] = [];
  for (let i = 0; i < order.length; i++) {
    const node = order[i];
    const next: (number | null)[] = [];
    for (const [n] of node.nextFunctions) {
      if (n === null) {
        next.push(null);
        continue;
      }
      let id = ids.get(n);
      if (id === undefined) {
        id = order.length;
        ids.set(n, id);
        order.push(n);
      }
      next.push(id);
    }
    records.push({ id: i, name: node.name, next, node });
  }
  return records;
}

/** Counts nodes by class name. e.g. `{ AddBackward0: 10, AccumulateGrad: 6 }` */
export function graphSummary(root: Node): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of walkGraph(root)) counts[r.name] = (counts[r.name] ?? 0) + 1;
  return counts;
}

/** Whether a node is the gradient sink of a leaf. */
export function isAccumulateGrad(node: Node): node is AccumulateGrad {
  return node instanceof AccumulateGrad;
}
