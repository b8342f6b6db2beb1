// The cost of recording: one training step of the tutorial model (forward, MSE, backward, SGD),
// untraced and under a trace Recorder (in process, as the script worker sets it up, with a
// stack-capturing `locate` like the worker's), then `finish()` assembling the Trace, and the size of
// the Trace as JSON. The issue aims for traced ≤ 1.5× untraced.
import { structuredStack } from '../src/runtime/sourceMap';
import { Recorder } from '../src/trace/recorder';
import type { SourceLocation, Trace } from '../src/trace/types';
import { engineStep, tutorialSetup } from './tutorialModel';

/** The worker's `locate` without the source map (ScriptSourceMap.here): one of the nearest 16 frames as the user's. */
function locate(): SourceLocation | undefined {
  const frames = structuredStack(16, locate);
  const f = frames[Math.min(2, frames.length - 1)];
  return f ? { file: f.getFileName() ?? 'bench', line: f.getLineNumber() ?? 0, column: f.getColumnNumber() ?? 0 } : undefined;
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
  /** Median over repetitions of traced / untraced per step. */
  stepRatio: number;
  /** Median over repetitions of (traced + finish) / untraced: a script of one training step. */
  oneStepRatio: number;
  /** Median over repetitions of (RUN·traced + finish) / (RUN·untraced): a script of RUN steps. */
  runRatio: number;
  bytes: number;
  graphNodes: number;
}

/** Training steps in the scripted run the last ratio describes: the examples train for 30 to 40. */
export const RUN = 30;

/**
 * Untraced vs traced training steps of RNN(1, H) + Linear(H, 1) at length T: `reps` repetitions
 * after a warm-up, each `k` untraced steps, then `k` steps under a fresh Recorder (its modules made
 * under it, as in a script) and its finish, so both meet the same machine load. Per repetition the
 * ratios per step, of a one-step script, and of a RUN-step script (finish paid once); medians.
 */
export function measureRecording(T: number, H: number, reps: number, k: number): RecordingRow {
  const { model, opt, x, y } = tutorialSetup(T, H);
  const warmEnd = performance.now() + 300;
  do engineStep(model, opt, x, y);
  while (performance.now() < warmEnd);
  const untraced: number[] = [];
  const traced: number[] = [];
  const finish: number[] = [];
  const stepRatios: number[] = [];
  const oneStep: number[] = [];
  const runs: number[] = [];
  let trace: Trace | null = null;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    for (let j = 0; j < k; j++) engineStep(model, opt, x, y);
    const u = (performance.now() - t0) / k;
    const rec = new Recorder({ file: 'bench.ts', language: 'ts', producer: 'bptt-lens bench', locate, maxValueElements: 4096 });
    const s = tutorialSetup(T, H);
    const t1 = performance.now();
    for (let j = 0; j < k; j++) engineStep(s.model, s.opt, s.x, s.y);
    const t2 = performance.now();
    trace = rec.finish({ console: [], error: null, timing: [] });
    const f = performance.now() - t2;
    const tr = (t2 - t1) / k;
    untraced.push(u);
    traced.push(tr);
    finish.push(f);
    stepRatios.push(tr / u);
    oneStep.push((tr + f) / u);
    runs.push((RUN * tr + f) / (RUN * u));
  }
  const json = JSON.stringify(trace);
  return {
    name: `T=${T}, H=${H}`,
    untracedMs: median(untraced),
    tracedMs: median(traced),
    finishMs: median(finish),
    stepRatio: median(stepRatios),
    oneStepRatio: median(oneStep),
    runRatio: median(runs),
    bytes: Buffer.byteLength(json, 'utf8'),
    graphNodes: trace?.graph.nodes.length ?? 0,
  };
}

/** Measures and prints the table. */
export function printRecordingBench(): void {
  const rows = [measureRecording(100, 32, 21, 10), measureRecording(1000, 32, 11, 3), measureRecording(1000, 256, 3, 2)];
  console.log('\nCost of recording: training steps of RNN(1,H) + Linear(H,1), B=1, untraced vs under the trace Recorder (medians),');
  console.log('in a worker with the heap limits of a script worker (src/runtime/workerLimits.ts)');
  const head = ['case', 'untraced ms', 'traced ms', 'finish ms', 'step×', '1-step run×', `${RUN}-step run×`, 'trace JSON', 'graph nodes'];
  const w = [14, 12, 10, 10, 7, 12, 13, 11, 12];
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(w[i]) : h.padStart(w[i]))).join('  '));
  for (const r of rows) {
    const cells = [
      r.name,
      r.untracedMs.toFixed(2),
      r.tracedMs.toFixed(2),
      r.finishMs.toFixed(1),
      `${r.stepRatio.toFixed(2)}×`,
      `${r.oneStepRatio.toFixed(2)}×`,
      `${r.runRatio.toFixed(2)}×`,
      `${(r.bytes / 1e6).toFixed(2)} MB`,
      String(r.graphNodes),
    ];
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
  }
  console.log('untraced / traced: ms per training step. finish: assembling the Trace once at the end of a run, mostly the exact');
  console.log('per-step σ_max of ∂h_t/∂h_{t-1} (warm-started Lanczos, its products in WebAssembly SIMD). step× = traced / untraced;');
  console.log(`1-step run× = (traced + finish) / untraced; ${RUN}-step run× = (${RUN}·traced + finish) / (${RUN}·untraced), a script that trains`);
  console.log(`${RUN} steps (the examples train 30-40), from the same repetition's times. Medians over repetitions that alternate the two.`);
  const big = rows[rows.length - 1];
  console.log(`${big.name}: trace ${(big.bytes / 1e6).toFixed(2)} MB of the 20 MB the issue allows.`);
}
