// Printing a grad_fn graph as an indented tree, the way a student reads `next_functions`.
import { AccumulateGrad, type Node } from '../autograd/node';

function label(node: Node): string {
  if (node instanceof AccumulateGrad) {
    const v = node.variable;
    return `AccumulateGrad  → leaf [${v.shape.join(', ')}]${v.isParameter ? ' (Parameter)' : ''}`;
  }
  const tags = node.tags;
  const step = tags && tags.t !== undefined ? `  t=${tags.t}` : '';
  return `${node.name}${step}`;
}

/**
 * The graph under `root` as a tree; nodes reached twice are printed once and referred to by
 * number. Iterative, so deep unrolled graphs print too. e.g. `formatGradFnTree(loss.gradFn!)`
 */
export function formatGradFnTree(root: Node, maxLines = 200): string {
  const lines: string[] = [];
  const seen = new Map<Node, number>();
  const stack: { node: Node | null; prefix: string; last: boolean; top: boolean }[] = [{ node: root, prefix: '', last: true, top: true }];
  while (stack.length > 0 && lines.length < maxLines) {
    const { node, prefix, last, top } = stack.pop()!;
    const branch = top ? '' : last ? '└─ ' : '├─ ';
    if (node === null) {
      lines.push(`${prefix}${branch}None`);
      continue;
    }
    const known = seen.get(node);
    if (known !== undefined) {
      lines.push(`${prefix}${branch}${node.name} (#${known}, shown above)`);
      continue;
    }
    const id = seen.size;
    seen.set(node, id);
    lines.push(`${prefix}${branch}#${id} ${label(node)}`);
    const childPrefix = top ? '' : prefix + (last ? '   ' : '│  ');
    const next = node.nextFunctions;
    for (let i = next.length - 1; i >= 0; i--) {
      stack.push({ node: next[i][0], prefix: childPrefix, last: i === next.length - 1, top: false });
    }
  }
  if (stack.length > 0) lines.push(`… (${stack.length} more branches)`);
  return lines.join('\n');
}
