// The Python front: Pyodide's cold start, the time to first output of the seed scripts on a warm
// worker, and one training step of the tutorial model through Python against the same step in JS.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { disposePython, warmPython } from '../src/runtime/pythonRunner';
import { runScript } from '../src/runtime/runner';
import { measure } from './harness';
import { engineStep, tutorialSetup } from './tutorialModel';

const SEEDS = ['seed_rnn_model.py', 'seed_autograd_seed0.py'].map((n) => resolve('../shared/seed', n));

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `file` and returns [ms to its first output, ms to its end]. */
async function firstOutput(file: string): Promise<[number, number, string]> {
  const t0 = performance.now();
  let first = -1;
  let out = '';
  const r = await runScript(file, {
    onOutput: (_s, text) => {
      if (first < 0) first = performance.now() - t0;
      out += text;
    },
  });
  if (r.status !== 'ok') throw new Error(`${file}: ${r.error?.message}`);
  return [first, performance.now() - t0, out];
}

const row = (name: string, value: string): void => console.log(`${name.padEnd(58)}  ${value}`);

/** Measures and prints the Python rows. */
export async function printPythonBench(): Promise<void> {
  console.log('\nPython front (Pyodide in a worker thread, this machine)');
  const t0 = performance.now();
  const loadMs = await warmPython();
  row('cold start: worker + Pyodide + import torch', `${(performance.now() - t0).toFixed(0)} ms (${loadMs.toFixed(0)} ms inside the worker)`);
  for (const seed of SEEDS) {
    if (!existsSync(seed)) continue;
    const runs: [number, number][] = [];
    for (let i = 0; i < 5; i++) {
      const [first, end] = await firstOutput(seed);
      runs.push([first, end]);
    }
    const name = seed.split('/').pop();
    row(`${name}: first output / end, warm (median of 5)`, `${median(runs.map((r) => r[0])).toFixed(1)} ms / ${median(runs.map((r) => r[1])).toFixed(1)} ms`);
  }

  const { model, opt, x, y } = tutorialSetup(100, 32, 0.01);
  const js = measure('js', () => engineStep(model, opt, x, y), 1500).nsPerOp / 1e6;
  const [, , out] = await firstOutput(resolve('bench/pythonTrainStep.py'));
  const py = Number(/([\d.]+) ms\/step/.exec(out)?.[1]);
  row('training step, RNN(1,32)+Linear, T=100, B=1: JS', `${js.toFixed(3)} ms/step`);
  row('the same step through Python (bench/pythonTrainStep.py)', `${py.toFixed(3)} ms/step  (${(py / js).toFixed(2)}× JS)`);
  await disposePython();
}
