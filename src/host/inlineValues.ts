// The after-line text `‖∇‖ 3.2e-4` on each line of a file that created tensors (graph nodes) or
// modules with parameters, from the Trace's source info.
import type { TensorStats } from '../protocol/trace';
import { fmtNum, hasNonFinite, nonFiniteSuffix } from './format';
import type { TraceIndex } from './traceIndex';

/** One inline value: 1-based line, its text, and whether it should look alarming. */
export interface InlineValue {
  line: number;
  text: string;
  warn: boolean;
}

/** ‖g‖ of several gradients together: sqrt(Σ‖g_i‖²), NaN/Inf counts summed. */
function combine(stats: readonly TensorStats[]): { norm: number; nan: number; inf: number } {
  let sq = 0;
  let nan = 0;
  let inf = 0;
  for (const s of stats) {
    sq += s.norm * s.norm;
    nan += s.nanCount;
    inf += s.infCount;
  }
  return { norm: Math.sqrt(sq), nan, inf };
}

/** The inline values of `file`, by line. Lines with nodes show their result's gradient; module lines their parameters'. */
export function inlineValues(index: TraceIndex, file: string): InlineValue[] {
  const byLine = new Map<number, InlineValue>();
  for (const line of index.nodeLines(file)) {
    const out = index.lineOutputs(file, line).find((n) => n.grad) ?? index.nodesAt(file, line).find((n) => n.grad);
    if (!out?.grad) continue;
    byLine.set(line, { line, text: `‖∇‖ ${fmtNum(out.grad.norm)}${nonFiniteSuffix(out.grad)}`, warn: hasNonFinite(out.grad) });
  }
  for (const line of index.moduleLines(file)) {
    if (byLine.has(line)) continue;
    const grads = index
      .modulesAt(file, line)
      .flatMap((m) => index.parametersOf(m))
      .map((p) => p.grad)
      .filter((g): g is TensorStats => g !== null);
    if (grads.length === 0) continue;
    const c = combine(grads);
    const bad = `${c.nan > 0 ? ` · ${c.nan} NaN` : ''}${c.inf > 0 ? ` · ${c.inf} Inf` : ''}`;
    byLine.set(line, { line, text: `‖∇‖ ${fmtNum(c.norm)}${bad}`, warn: c.nan + c.inf > 0 });
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}
