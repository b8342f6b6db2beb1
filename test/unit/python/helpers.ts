// Shared by the Python front's tests: one warm Pyodide worker for the whole mocha process (the
// runner keeps it; it is unref'd when idle, so mocha still exits), and a run helper that collects output.
import { join } from 'node:path';
import { runScript, type RunOptions, type RunOutcome } from '../../../src/runtime/runner';
import { warmPython } from '../../../src/runtime/pythonRunner';

/** A fixture under test/fixtures/python. */
export const pyFixture = (...parts: string[]): string => join(__dirname, '../../fixtures/python', ...parts);

/** The seed scripts. */
export const seed = (name: string): string => join(__dirname, '../../../../shared/seed', name);

/** What one run printed, and how it ended. */
export interface PyRun extends RunOutcome {
  stdout: string;
  stderr: string;
  chunks: { stream: 'stdout' | 'stderr'; text: string; at: number }[];
}

/** Runs a script and collects its output. e.g. `const r = await runPy(pyFixture('sine_wave.py'))` */
export async function runPy(file: string, options: RunOptions = {}): Promise<PyRun> {
  const chunks: PyRun['chunks'] = [];
  const t0 = performance.now();
  const r = await runScript(file, { ...options, onOutput: (stream, text) => chunks.push({ stream, text, at: performance.now() - t0 }) });
  const join_ = (s: 'stdout' | 'stderr'): string => chunks.filter((c) => c.stream === s).map((c) => c.text).join('');
  return { ...r, stdout: join_('stdout'), stderr: join_('stderr'), chunks };
}

/** A mocha `before` hook that starts Pyodide (seconds on a loaded machine). */
export function warmUp(): void {
  before(async function () {
    this.timeout(180_000);
    await warmPython();
  });
}

/** Replaces grad_fn addresses (`0x7f...`), which differ from run to run. */
export const noAddresses = (s: string): string => s.replace(/ at 0x[0-9a-f]+>/g, ' at 0x…>');
