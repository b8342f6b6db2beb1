// Shared by the pytorch backend's tests: the interpreter they run (BPTT_PYTHON, else Debian's
// /usr/bin/python3, else python3 from PATH), which must have torch — a missing torch fails the tests
// with the reason (.ci/run installs python3-torch), it never skips them — and a run helper.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { probePython, type PythonProbe } from '../../../src/runtime/pytorchRunner';
import { runScript, type RunOptions, type RunOutcome } from '../../../src/runtime/runner';

/** The interpreter with torch that the tests use. */
export const PYTHON = process.env.BPTT_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** A fixture of these tests. */
export const ptFixture = (...parts: string[]): string => join(__dirname, 'fixtures', ...parts);

/** The seed scripts. */
export const seed = (name: string): string => join(__dirname, '../../../../shared/seed', name);

let probed: Promise<PythonProbe> | null = null;

/** A mocha `before` hook: fails (with the fix) when PYTHON cannot run the pytorch backend. */
export function requireTorch(): void {
  before(async function () {
    this.timeout(180_000);
    probed ??= probePython(PYTHON);
    const p = await probed;
    if (!p.ok) throw new Error(`the pytorch backend tests need Python with torch ≥ 1.13 at ${PYTHON} (set BPTT_PYTHON, or apt-get install python3-torch): ${p.error?.message}`);
  });
}

/** What one run printed, and how it ended. */
export interface PtRun extends RunOutcome {
  stdout: string;
  stderr: string;
  chunks: { stream: 'stdout' | 'stderr'; text: string; at: number }[];
}

/** Runs a script on the pytorch backend (tracing unless `trace: false`) and collects its output. */
export async function runPt(file: string, options: RunOptions = {}): Promise<PtRun> {
  const chunks: PtRun['chunks'] = [];
  const t0 = performance.now();
  const r = await runScript(file, {
    trace: true,
    python: PYTHON,
    timeoutMs: 120_000,
    ...options,
    backend: 'pytorch',
    onOutput: (stream, text) => chunks.push({ stream, text, at: performance.now() - t0 }),
  });
  const all = (s: 'stdout' | 'stderr'): string =>
    chunks
      .filter((c) => c.stream === s)
      .map((c) => c.text)
      .join('');
  return { ...r, stdout: all('stdout'), stderr: all('stderr'), chunks };
}

/** |a - b| ≤ rel·max(|a|, |b|) + abs. */
export function close(a: number, b: number, rel: number, abs = 0): boolean {
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}
