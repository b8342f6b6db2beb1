// Exports the autograd graph under the last backward's roots into the Trace's graph section.
import { AccumulateGrad, FunctionNode, type Node } from '../engine';
import type { GraphEdge, GraphInfo, GraphNode, SourceLocation, TensorStats } from './types';

/** What the recorder knows about nodes, for the export. */
export interface NodeFacts {
  source(node: Node): SourceLocation | undefined;
  grad(node: Node): TensorStats | undefined;
  leafName(node: AccumulateGrad): string;
  /** The full module path of a step node (its tag's path is relative to the module called). */
  stepModule(node: Node, tagModule: string): string;
}

/** Node id as used in the Trace. */
export function nodeId(node: Node): string {
  return `n${node.id}`;
}

/** Breadth-first export of the graph under `roots`, at most `maxNodes` nodes. */
export function exportGraph(roots: readonly Node[], facts: NodeFacts, maxNodes: number): GraphInfo {
  const seen = new Set<Node>(roots);
  const queue = [...roots];
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let truncated = false;
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi];
    nodes.push(describe(node, facts));
    node.nextFunctions.forEach(([next], slot) => {
      if (next === null) return;
      if (!seen.has(next)) {
        if (seen.size >= maxNodes) {
          truncated = true;
          return;
        }
        seen.add(next);
        queue.push(next);
      }
      edges.push({ from: nodeId(node), to: nodeId(next), slot });
    });
  }
  const info: GraphInfo = { nodes, edges, roots: roots.map(nodeId) };
  if (truncated) info.truncated = true;
  return info;
}

function describe(node: Node, facts: NodeFacts): GraphNode {
  const g: GraphNode = { id: nodeId(node), name: node.name };
  const tags = node.tags;
  if (tags && tags.t !== undefined && typeof tags.module === 'string') {
    g.step = { module: facts.stepModule(node, tags.module), t: tags.t };
    if (tags.layer !== undefined) g.step.layer = tags.layer;
    if (tags.direction !== undefined) g.step.direction = tags.direction;
  }
  const source = facts.source(node);
  if (source) g.source = source;
  if (node instanceof FunctionNode) {
    const meta = node.outputMeta(0);
    if (meta) g.shape = meta.shape.slice();
  } else if (node instanceof AccumulateGrad) {
    g.shape = node.variable.shape.slice();
    g.leaf = facts.leafName(node);
  }
  const grad = facts.grad(node);
  if (grad) g.grad = grad;
  return g;
}
