// The panel's work before its first paint, on the T = 1000 example (examples/longSequence.ts): the
// graph model from the Trace and elk's macro layout (the steps are one grid box). In Node, so it
// leaves out the DOM; the e2e suite reads the real first paint from the panel in VS Code.
import { runScript } from '../src/runtime/runner';
import { layoutMacro } from '../webview/src/elkLayout';
import { buildGraphModel } from '../webview/src/graphModel';
import { GridGeometry } from '../webview/src/gridLayout';

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Measures and prints the rows. */
export async function printPanelLayoutBench(): Promise<void> {
  const out = await runScript('examples/longSequence.ts', { trace: true, timeoutMs: 300_000 });
  if (!out.trace) throw new Error(`longSequence.ts: ${out.error?.message}`);
  const trace = out.trace;
  const model: number[] = [];
  const layout: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const m = buildGraphModel(trace);
    const t1 = performance.now();
    await layoutMacro(m, new GridGeometry(m, new Map()));
    const t2 = performance.now();
    if (i > 0) {
      model.push(t1 - t0);
      layout.push(t2 - t1);
    }
  }
  console.log('\nPanel layout, T = 1000 (examples/longSequence.ts; median of 6 after a warm-up)');
  console.log(`${'graph model from the Trace'.padEnd(40)}  ${median(model).toFixed(1)} ms`);
  console.log(`${'elk macro layout'.padEnd(40)}  ${median(layout).toFixed(1)} ms`);
}
