// The cost of recording: one training step of the tutorial model (forward, MSE, backward, SGD),
// untraced and under a trace Recorder (in process, as the script worker sets it up, with a
// stack-capturing `locate` like the worker's), then `finish()` assembling the Trace, and the size of
// the Trace as JSON. The issue aims for traced ≤ 1.5× untraced.
import { Recorder } from '../src/trace/recorder';
import type { SourceLocation, Trace } from '../src/trace/types';
import { engineStep, tutorialSetup } from './tutorialModel';

/** The worker's `locate` without the source map: capture the stack, take the first frame. */
function locate(): SourceLocation | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder);
  const m = /\(?([^()\s]+):(\d+):(\d+)\)?\s*$/m.exec(holder.stack?.split('\n')[2] ?? '');
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface RecordingRow {
  name: string;
  untracedMs: number;
  tracedMs: number;
  finishMs: number;
  bytes: number;
  graphNodes: number;
}

/** Untraced vs traced step of RNN(1, H) + Linear(H, 1) at length T; the median of `reps` runs each (after a warm-up). */
export function measureRecording(T: number, H: number, reps: number): RecordingRow {
  const { model, opt, x, y } = tutorialSetup(T, H);
  const warmEnd = performance.now() + 300;
  do engineStep(model, opt, x, y);
  while (performance.now() < warmEnd);
  const untraced: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    engineStep(model, opt, x, y);
    untraced.push(performance.now() - t0);
  }
  const traced: number[] = [];
  const finish: number[] = [];
  let trace: Trace | null = null;
  for (let i = 0; i < reps; i++) {
    const rec = new Recorder({ file: 'bench.ts', language: 'ts', producer: 'bptt-lens bench', locate, maxValueElements: 4096 });
    const s = tutorialSetup(T, H); // modules are created under the recorder, as in a script
    const t0 = performance.now();
    engineStep(s.model, s.opt, s.x, s.y);
    const t1 = performance.now();
    trace = rec.finish({ console: [], error: null, timing: [] });
    const t2 = performance.now();
    traced.push(t1 - t0);
    finish.push(t2 - t1);
  }
  const json = JSON.stringify(trace);
  return {
    name: `T=${T}, H=${H}`,
    untracedMs: median(untraced),
    tracedMs: median(traced),
    finishMs: median(finish),
    bytes: Buffer.byteLength(json, 'utf8'),
    graphNodes: trace?.graph.nodes.length ?? 0,
  };
}

/** Measures and prints the table. */
export function printRecordingBench(): void {
  const rows = [measureRecording(100, 32, 9), measureRecording(1000, 32, 3), measureRecording(1000, 256, 1)];
  console.log('\nCost of recording: one training step of RNN(1,H) + Linear(H,1), B=1, untraced vs under the trace Recorder');
  const head = ['case', 'untraced ms', 'traced ms', 'finish ms', 'ratio', 'trace JSON', 'graph nodes'];
  const w = [14, 12, 10, 10, 7, 12, 12];
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(w[i]) : h.padStart(w[i]))).join('  '));
  for (const r of rows) {
    const cells = [
      r.name,
      r.untracedMs.toFixed(1),
      r.tracedMs.toFixed(1),
      r.finishMs.toFixed(1),
      `${((r.tracedMs + r.finishMs) / r.untracedMs).toFixed(2)}×`,
      `${(r.bytes / 1e6).toFixed(2)} MB`,
      String(r.graphNodes),
    ];
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
  }
  console.log('ratio = (traced + finish) / untraced: the step under the recorder plus assembling the Trace, against the plain step.');
  const big = rows[rows.length - 1];
  console.log(`${big.name}: trace ${(big.bytes / 1e6).toFixed(2)} MB of the 20 MB the issue allows.`);
}
