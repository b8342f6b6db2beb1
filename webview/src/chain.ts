// The grad_fn chain below a node: next_functions, depth first, down to AccumulateGrad, as the
// inspector lists it. Iterative (a 1000-step chain must not overflow the stack) and bounded;
// a node reached twice is listed once more as "seen" but not walked again. Pure.
import type { GraphModel } from './graphModel';

/** One line of the chain listing. */
export interface ChainEntry {
  id: string;
  depth: number;
  /** Position in the parent's next_functions; -1 for the start node. */
  slot: number;
  /** Already listed above: not expanded again. */
  seen: boolean;
}

/** The chain from `start`, at most `maxDepth` levels and `maxEntries` lines; `truncated` counts the lines left out. */
export function walkChain(model: GraphModel, start: string, maxDepth = 8, maxEntries = 120): { entries: ChainEntry[]; truncated: number } {
  const entries: ChainEntry[] = [];
  const seen = new Set<string>();
  const stack: ChainEntry[] = [{ id: start, depth: 0, slot: -1, seen: false }];
  let truncated = 0;
  while (stack.length) {
    const e = stack.pop()!;
    if (entries.length >= maxEntries) {
      truncated++;
      continue;
    }
    const again = seen.has(e.id);
    entries.push({ ...e, seen: again });
    if (again) continue;
    seen.add(e.id);
    if (e.depth >= maxDepth) continue;
    const kids = model.children.get(e.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ id: kids[i].to, depth: e.depth + 1, slot: kids[i].slot, seen: false });
  }
  return { entries, truncated };
}

/** The first path from `start` to a leaf (AccumulateGrad or a node without next_functions), following slot order. */
export function pathToLeaf(model: GraphModel, start: string, limit = 10000): string[] {
  const path = [start];
  const seen = new Set(path);
  let id = start;
  while (path.length < limit) {
    const kids = model.children.get(id) ?? [];
    const next = kids.find((k) => !seen.has(k.to));
    if (!next) break;
    id = next.to;
    path.push(id);
    seen.add(id);
    if (model.nodes.get(id)?.name === 'AccumulateGrad') break;
  }
  return path;
}
