// The embedded engine against the user's real PyTorch, in the same run: one SGD training step of the
// tutorial model at three sizes (PyTorch with 1 thread and with its default threads), as ratios; then
// a large model only the pytorch backend should run, traced, with its trace time and size.
// The interpreter: BPTT_PYTHON, else /usr/bin/python3 (Debian's python3-torch), else python3.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { torch } from '../src/engine';
import { runScript } from '../src/runtime/runner';
import { measure } from './harness';
import { engineStep, tutorialSetup } from './tutorialModel';

const CONFIGS: Array<{ T: number; B: number; H: number }> = [
  { T: 100, B: 1, H: 32 },
  { T: 1000, B: 1, H: 32 },
  { T: 100, B: 16, H: 128 },
];

/** The large configuration: a 2-layer LSTM, H = 1024 (BPTT_LARGE_T steps, default 200 here: on a CPU the traced run takes minutes). */
const LARGE_SCRIPT = resolve('bench/pytorchLarge.py');

function python(): string | null {
  for (const p of [process.env.BPTT_PYTHON, '/usr/bin/python3', 'python3']) {
    if (!p) continue;
    try {
      execFileSync(p, ['-c', 'import torch'], { stdio: 'ignore' });
      return p;
    } catch {
      // next candidate
    }
  }
  return null;
}

/** ms per step of the tutorial model on real PyTorch with `threads` threads (0: its default). */
function pytorchStep(py: string, T: number, B: number, H: number, threads: number): { ms: number; threads: number } {
  const steps = Math.max(5, Math.round(20000 / (T * Math.max(1, (B * H) / 32))));
  const out = execFileSync(py, [resolve('bench/pythonTrainStep.py'), String(steps), String(T), String(B), String(H), String(threads)], { encoding: 'utf8' });
  const m = /([\d.]+) ms\/step \(torch [^,]+, (\d+) threads\)/.exec(out);
  if (!m) throw new Error(`unexpected output of pythonTrainStep.py: ${out}`);
  return { ms: Number(m[1]), threads: Number(m[2]) };
}

/** ms per step on the embedded engine. */
function embeddedStep(T: number, B: number, H: number): number {
  const { model, opt, x, y } = tutorialSetup(T, H, 0.01);
  // batch element b is the same wave shifted by 0.3·b, as in pythonTrainStep.py
  const shift = torch.arange(0, B, 1, { dtype: 'float64' }).mul(0.3).view(1, B, 1);
  const steps = torch.arange(0, T, 1, { dtype: 'float64' }).mul(0.1).view(T, 1, 1).add(shift);
  const [xb, yb] = B === 1 ? [x, y] : [steps.sin().float(), steps.add(0.1).sin().float()];
  return measure('embedded', () => engineStep(model, opt, xb, yb), 1500).nsPerOp / 1e6;
}

const row = (cells: string[], widths: number[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

/** Measures and prints the comparison. */
export async function printPytorchBench(): Promise<void> {
  console.log('\nEmbedded engine vs real PyTorch (tutorial model RNN(1,H)+Linear(H,1), MSE, SGD; ms per training step)');
  const py = python();
  if (!py) {
    console.log('  no Python with torch found (set BPTT_PYTHON, or apt-get install python3-torch): skipped');
    return;
  }
  const w = [20, 10, 12, 14, 12, 14];
  console.log(row(['config', 'embedded', 'torch 1 thr', 'embedded/1thr', 'torch dflt', 'embedded/dflt'], w));
  for (const { T, B, H } of CONFIGS) {
    const e = embeddedStep(T, B, H);
    const one = pytorchStep(py, T, B, H, 1);
    const dflt = pytorchStep(py, T, B, H, 0);
    console.log(row([`T=${T} B=${B} H=${H}`, e.toFixed(3), one.ms.toFixed(3), `${(e / one.ms).toFixed(2)}×`, `${dflt.ms.toFixed(3)} (${dflt.threads})`, `${(e / dflt.ms).toFixed(2)}×`], w));
  }
  await printLarge(py);
}

async function printLarge(py: string): Promise<void> {
  if (!existsSync(LARGE_SCRIPT)) return;
  // the script reads its length from the environment the backend's child process inherits
  const T = Number((process.env.BPTT_LARGE_T ??= '200'));
  const dir = mkdtempSync(join(tmpdir(), 'bptt-bench-'));
  try {
    const label = `2-layer LSTM H=1024, T=${T}, B=1 (pytorch backend only)`;
    const run = async (trace: boolean): Promise<{ ms: number; ok: boolean; error?: string }> => {
      const t0 = performance.now();
      const o = await runScript(LARGE_SCRIPT, { backend: 'pytorch', python: py, trace, timeoutMs: 1_800_000 });
      if (trace && o.trace) writeFileSync(join(dir, 'large.json'), JSON.stringify(o.trace));
      return { ms: performance.now() - t0, ok: o.status === 'ok', error: o.error?.message };
    };
    const plain = await run(false);
    const traced = await run(true);
    if (!plain.ok || !traced.ok) {
      console.log(`${label}: failed: ${plain.error ?? traced.error}`);
      return;
    }
    const size = statSync(join(dir, 'large.json')).size;
    console.log(`${label}: run ${(plain.ms / 1000).toFixed(1)} s, traced ${(traced.ms / 1000).toFixed(1)} s (${(traced.ms / plain.ms).toFixed(2)}×), trace ${(size / 1048576).toFixed(1)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
