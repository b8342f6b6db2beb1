// Runs a user's JS/TS script in a worker thread — never on the caller's thread — with a timeout,
// cancellation (cooperative inside engine ops, then terminate()), memory limits, and console
// streaming. Each run gets a fresh worker, so nothing leaks from one run to the next.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DiagnosticOptions } from '../trace/diagnostics';
import type { ScriptError, Trace } from '../trace/types';
import type { RunLimits, WorkerMessage, WorkerRequest } from './messages';
import { runPythonScript } from './pythonRunner';
import { runPytorchScript } from './pytorchRunner';
import { stopError } from './stopError';
import { transformScript } from './transform';
import { VERSION } from './version';
import { workerResourceLimits } from './workerLimits';

/** Options of one run. */
export interface RunOptions extends Partial<RunLimits> {
  /** Record a Trace. */
  trace?: boolean;
  /** Called with each chunk the script prints, as it prints it. */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Aborting cancels the run. */
  signal?: AbortSignal;
  /** Largest tensor whose values a trace keeps in full (default 4096 elements). */
  maxValueElements?: number;
  /** Thresholds of the trace's findings (settings `bptt-lens.thresholds.*`); defaults where absent. */
  diagnostics?: Partial<DiagnosticOptions>;
  /** `torch.manual_seed(seed)` before the script (both backends), e.g. for a cross-check. When absent the embedded engine starts from 67280421310721 (the default seed of PyTorch's C++ generator) and real PyTorch from a random seed. */
  seed?: number;
  /** Where a .py script runs: the embedded engine (default) or the user's own PyTorch. */
  backend?: 'embedded' | 'pytorch';
  /** The pytorch backend's Python interpreter. */
  python?: string;
  /** pytorch backend: keep the fused recurrent kernels (no per-step data). */
  fused?: boolean;
}

/** How a run ended. */
export interface RunOutcome {
  status: 'ok' | 'error' | 'timeout' | 'cancelled' | 'crashed';
  error: ScriptError | null;
  trace: Trace | null;
  /** Milliseconds from start to end, including the transform. */
  wallMs: number;
}

/** Default limits. */
export const DEFAULT_LIMITS: RunLimits = { timeoutMs: 60_000, heapMb: 2048, tensorMb: 2048 };

/** Grace period between setting the interrupt flag and terminating the worker. */
const GRACE_MS = 500;

/** Where the built worker bundle is: beside this file when bundled, else in dist/. */
export function workerPath(): string {
  for (const p of [join(__dirname, 'runtimeWorker.js'), join(__dirname, '../../dist/runtimeWorker.js')]) {
    if (existsSync(p)) return p;
  }
  throw new Error('dist/runtimeWorker.js is missing: run npm run build');
}

/**
 * Runs `file` (.js/.ts here, .py in the Python worker, or with `backend: 'pytorch'` on the user's own
 * PyTorch) and resolves when it ends, however it ends. e.g. `await runScript('examples/sineWave.ts')`
 */
export async function runScript(file: string, options: RunOptions = {}): Promise<RunOutcome> {
  if (options.backend === 'pytorch') return runPytorchScript(file, options);
  if (file.endsWith('.py')) return runPythonScript(file, options);
  const started = performance.now();
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...stripUndefined(options) };
  const abs = resolve(file);
  const bundled = await transformScript(abs);
  const transformMs = performance.now() - started;
  if (!bundled.ok) return { status: 'error', error: bundled.error, trace: null, wallMs: performance.now() - started };
  const interrupt = new SharedArrayBuffer(4);
  const request: WorkerRequest = {
    file: abs,
    code: bundled.code,
    sourceMap: bundled.sourceMap,
    trace: options.trace ?? false,
    tensorMb: limits.tensorMb,
    interrupt,
    maxValueElements: options.maxValueElements ?? 4096,
    version: VERSION,
  };
  if (options.diagnostics) request.diagnostics = { ...options.diagnostics };
  if (options.seed !== undefined) request.seed = options.seed;
  const worker = new Worker(workerPath(), {
    workerData: request,
    resourceLimits: workerResourceLimits(limits.heapMb),
    stdout: false,
    stderr: false,
  });
  return await new Promise<RunOutcome>((resolvePromise) => {
    let settled = false;
    let ending: 'timeout' | 'cancelled' | null = null;
    const finish = (o: Omit<RunOutcome, 'wallMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolvePromise({ ...o, wallMs: performance.now() - started });
    };
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: 'timeout' | 'cancelled'): void => {
      if (ending) return;
      ending = why;
      Atomics.store(new Int32Array(interrupt), 0, 1);
      killTimer = setTimeout(() => finish({ status: why, error: stopError(why, limits.timeoutMs), trace: null }), GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout'), limits.timeoutMs);
    const onAbort = (): void => stop('cancelled');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'done') {
        if (ending) finish({ status: ending, error: stopError(ending, limits.timeoutMs), trace: m.trace });
        else {
          m.trace?.timing.unshift({ phase: 'transform', ms: transformMs });
          finish({ status: m.error ? 'error' : 'ok', error: m.error, trace: m.trace });
        }
      } else options.onOutput?.(m.kind, m.text);
    });
    worker.on('error', (e: Error) => {
      const oom = /heap|memory/i.test(e.message) || (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish({
        status: 'crashed',
        error: {
          type: oom ? 'MemoryError' : e.name,
          message: oom ? `the script ran out of memory (the ${limits.heapMb} MB heap limit): ${e.message}` : e.message,
        },
        trace: null,
      });
    });
    worker.on('exit', (code) => {
      if (!settled) finish({ status: 'crashed', error: { type: 'Error', message: `the script worker exited with code ${code}` }, trace: null });
    });
  });
}

function stripUndefined(o: RunOptions): Partial<RunLimits> {
  const out: Partial<RunLimits> = {};
  if (o.timeoutMs !== undefined) out.timeoutMs = o.timeoutMs;
  if (o.heapMb !== undefined) out.heapMb = o.heapMb;
  if (o.tensorMb !== undefined) out.tensorMb = o.tensorMb;
  return out;
}
