// The cost of recording: one training step of the tutorial model (forward, MSE, backward, SGD),
// untraced and under a trace Recorder (in process, as the script worker sets it up, with a
// stack-capturing `locate` like the worker's), then `finish()` assembling the Trace, and the size of
// the Trace as JSON. The issue aims for traced ≤ 1.5× untraced.
import { Recorder } from '../src/trace/recorder';
import type { SourceLocation, Trace } from '../src/trace/types';
import { engineStep, tutorialSetup } from './tutorialModel';

/**
 * The worker's `locate` without the source map (ScriptSourceMap.here): V8's structured frames of
 * the nearest 16, one of them taken as the user's.
 */
function locate(): SourceLocation | undefined {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    Error.prepareStackTrace = (_e, frames) => frames;
    Error.stackTraceLimit = 16;
    Error.captureStackTrace(holder, locate);
    const frames = holder.stack as NodeJS.CallSite[];
    const f = frames[Math.min(2, frames.length - 1)];
    return f ? { file: f.getFileName() ?? 'bench', line: f.getLineNumber() ?? 0, column: f.getColumnNumber() ?? 0 } : undefined;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
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
  /** Median over repetitions of (traced + finish) / untraced. */
  ratio: number;
  bytes: number;
  graphNodes: number;
}

/**
 * Untraced vs traced step of RNN(1, H) + Linear(H, 1) at length T: `reps` repetitions after a
 * warm-up, each an untraced step then a traced one with its finish (alternating, so both meet the
 * same machine load); medians, and the median of the per-repetition ratios.
 */
export function measureRecording(T: number, H: number, reps: number): RecordingRow {
  const { model, opt, x, y } = tutorialSetup(T, H);
  const warmEnd = performance.now() + 300;
  do engineStep(model, opt, x, y);
  while (performance.now() < warmEnd);
  const untraced: number[] = [];
  const traced: number[] = [];
  const finish: number[] = [];
  const ratios: number[] = [];
  let trace: Trace | null = null;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    engineStep(model, opt, x, y);
    const u = performance.now() - t0;
    const rec = new Recorder({ file: 'bench.ts', language: 'ts', producer: 'bptt-lens bench', locate, maxValueElements: 4096 });
    const s = tutorialSetup(T, H); // modules are created under the recorder, as in a script
    const t1 = performance.now();
    engineStep(s.model, s.opt, s.x, s.y);
    const t2 = performance.now();
    trace = rec.finish({ console: [], error: null, timing: [] });
    const t3 = performance.now();
    untraced.push(u);
    traced.push(t2 - t1);
    finish.push(t3 - t2);
    ratios.push((t3 - t1) / u);
  }
  const json = JSON.stringify(trace);
  return {
    name: `T=${T}, H=${H}`,
    untracedMs: median(untraced),
    tracedMs: median(traced),
    finishMs: median(finish),
    ratio: median(ratios),
    bytes: Buffer.byteLength(json, 'utf8'),
    graphNodes: trace?.graph.nodes.length ?? 0,
  };
}

/** Measures and prints the table. */
export function printRecordingBench(): void {
  const rows = [measureRecording(100, 32, 21), measureRecording(1000, 32, 9), measureRecording(1000, 256, 3)];
  console.log('\nCost of recording: one training step of RNN(1,H) + Linear(H,1), B=1, untraced vs under the trace Recorder (medians)');
  const head = ['case', 'untraced ms', 'traced ms', 'finish ms', 'traced×', 'ratio', 'trace JSON', 'graph nodes'];
  const w = [14, 12, 10, 10, 8, 7, 12, 12];
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(w[i]) : h.padStart(w[i]))).join('  '));
  for (const r of rows) {
    const cells = [
      r.name,
      r.untracedMs.toFixed(1),
      r.tracedMs.toFixed(1),
      r.finishMs.toFixed(1),
      `${(r.tracedMs / r.untracedMs).toFixed(2)}×`,
      `${r.ratio.toFixed(2)}×`,
      `${(r.bytes / 1e6).toFixed(2)} MB`,
      String(r.graphNodes),
    ];
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
  }
  console.log('traced× = traced / untraced (medians): the step under the recorder; ratio = (traced + finish) / untraced, with assembling');
  console.log('the Trace, the median over repetitions that time an untraced step and a traced one back to back.');
  console.log('(finish is mostly the exact per-step σ_max of ∂h_t/∂h_{t-1}: warm-started Lanczos, its products in WebAssembly SIMD).');
  const big = rows[rows.length - 1];
  console.log(`${big.name}: trace ${(big.bytes / 1e6).toFixed(2)} MB of the 20 MB the issue allows.`);
}
