// Runs a user's Python script in a long-lived Pyodide worker (dist/pythonWorker.js) and resolves
// with the same RunOutcome as the JS runner. Pyodide loads once per process (seconds) and stays warm;
// runs are queued one at a time, each from a clean module state. Timeout and cancel write SIGINT into
// Pyodide's interrupt buffer (the script sees KeyboardInterrupt, engine ops stop at the next op);
// a worker that does not stop within the grace period is terminated and the next run starts a fresh one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScriptError } from '../trace/types';
import type { PythonRunRequest, PythonWorkerInit, PythonWorkerMessage, RunLimits } from './messages';
import type { RunOptions, RunOutcome } from './runner';
import { stopError } from './stopError';
import { VERSION } from './version';
import { workerResourceLimits } from './workerLimits';

const DEFAULTS: RunLimits = { timeoutMs: 60_000, heapMb: 2048, tensorMb: 2048 };
/** Between SIGINT and terminate(). */
const GRACE_MS = 1000;

function firstExisting(paths: string[], what: string): string {
  for (const p of paths) if (existsSync(p)) return p;
  throw new Error(`${what} is missing: run npm run build`);
}

/** The built Python worker: beside this file when bundled, else in dist/. */
export function pythonWorkerPath(): string {
  return firstExisting([join(__dirname, 'pythonWorker.js'), join(__dirname, '../../dist/pythonWorker.js')], 'dist/pythonWorker.js');
}

/** The Pyodide distribution: copied into dist/pyodide by the build, else the npm package. */
export function pyodideDir(): string {
  const local = [join(__dirname, 'pyodide'), join(__dirname, '../../dist/pyodide')].find((p) => existsSync(join(p, 'pyodide.js')));
  if (local) return local;
  return dirname(createRequire(__filename).resolve('pyodide/package.json'));
}

/** The Python sources (`torch`, `bptt_runner.py`, `bptt_script_error.py`): dist/python when bundled
 * (the build copies src/runtime/pyshared into it), else src/runtime/python and src/runtime/pyshared. */
export function pythonSourceDirs(): string[] {
  const dir = firstExisting(
    [join(__dirname, 'python'), join(__dirname, '../../dist/python'), join(__dirname, '../../src/runtime/python')].filter((p) =>
      existsSync(join(p, 'bptt_runner.py')),
    ),
    'the Python sources (dist/python)',
  );
  const shared = join(dir, '../pyshared');
  return existsSync(shared) ? [dir, shared] : [dir];
}

type Listener = (m: PythonWorkerMessage) => void;

/** One Pyodide worker and its interrupt buffer. */
class PythonHost {
  readonly worker: Worker;
  readonly interrupt = new SharedArrayBuffer(4);
  readonly ready: Promise<number>;
  dead = false;
  private listener: Listener | null = null;
  private failure: ((e: ScriptError) => void) | null = null;
  private nextId = 1;

  constructor(readonly heapMb: number) {
    const init: PythonWorkerInit = { interrupt: this.interrupt, pyodideDir: pyodideDir(), pythonDirs: pythonSourceDirs() };
    this.worker = new Worker(pythonWorkerPath(), {
      workerData: init,
      resourceLimits: workerResourceLimits(heapMb),
      stdout: false,
      stderr: false,
    });
    this.ready = new Promise<number>((resolveReady, rejectReady) => {
      const onStart = (m: PythonWorkerMessage): void => {
        if (m.kind === 'ready') resolveReady(m.startMs);
        else if (m.kind === 'startFailed') rejectReady(new Error(m.message));
        else this.listener?.(m);
      };
      this.worker.on('message', onStart);
      this.worker.on('error', (e: Error) => {
        this.dead = true;
        const oom = /heap|memory/i.test(e.message) || (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        const err: ScriptError = {
          type: oom ? 'MemoryError' : e.name,
          message: oom ? `the script ran out of memory (the ${heapMb} MB heap limit): ${e.message}` : e.message,
        };
        rejectReady(new Error(err.message));
        this.failure?.(err);
      });
      this.worker.on('exit', (code) => {
        this.dead = true;
        rejectReady(new Error(`the Python worker exited with code ${code}`));
        this.failure?.({ type: 'Error', message: `the Python worker exited with code ${code}` });
      });
    });
    this.ready.catch(() => undefined);
    this.worker.unref();
  }

  /** Sends one run and routes its messages to `listener` until `done`. */
  start(req: Omit<PythonRunRequest, 'id' | 'kind'>, listener: Listener, failure: (e: ScriptError) => void): number {
    const id = this.nextId++;
    this.listener = listener;
    this.failure = failure;
    Atomics.store(new Int32Array(this.interrupt), 0, 0);
    this.worker.ref();
    this.worker.postMessage({ kind: 'run', id, ...req } satisfies PythonRunRequest);
    return id;
  }

  /** Keeps the process alive while a caller waits on this worker. */
  hold(): void {
    if (!this.dead) this.worker.ref();
  }

  idle(): void {
    this.listener = null;
    this.failure = null;
    if (!this.dead) this.worker.unref();
  }

  interruptRun(): void {
    Atomics.store(new Int32Array(this.interrupt), 0, 2); // SIGINT
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

let host: PythonHost | null = null;
let queue: Promise<unknown> = Promise.resolve();

function hostFor(heapMb: number): PythonHost {
  if (host && (host.dead || host.heapMb !== heapMb)) {
    void host.terminate();
    host = null;
  }
  return (host ??= new PythonHost(heapMb));
}

/**
 * Starts the Python worker now (Pyodide takes seconds to load) and resolves with its load time in ms.
 * e.g. `await warmPython()` when a .py editor opens
 */
export async function warmPython(options: { heapMb?: number } = {}): Promise<number> {
  const h = hostFor(options.heapMb ?? DEFAULTS.heapMb);
  h.hold();
  try {
    return await h.ready;
  } finally {
    h.idle();
  }
}

/** The thread id of the live Python worker, or null: tells whether runs shared one warm worker. */
export function pythonWorkerId(): number | null {
  return host && !host.dead ? host.worker.threadId : null;
}

/** Stops the Python worker (e.g. when the extension deactivates). */
export async function disposePython(): Promise<void> {
  const h = host;
  host = null;
  if (h) await h.terminate();
}

/** Runs a .py script; see runScript, which dispatches here. e.g. `await runPythonScript('examples/sineWave.py')` */
export function runPythonScript(file: string, options: RunOptions = {}): Promise<RunOutcome> {
  const run = queue.then(() => runNow(file, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runNow(file: string, options: RunOptions): Promise<RunOutcome> {
  const started = performance.now();
  const limits: RunLimits = {
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    heapMb: options.heapMb ?? DEFAULTS.heapMb,
    tensorMb: options.tensorMb ?? DEFAULTS.tensorMb,
  };
  const abs = resolve(file);
  const done = (o: Omit<RunOutcome, 'wallMs'>): RunOutcome => ({ ...o, wallMs: performance.now() - started });
  if (!existsSync(abs)) {
    return done({ status: 'error', error: { type: 'FileNotFoundError', message: `No such file or directory: '${abs}'` }, trace: null });
  }
  if (options.signal?.aborted) return done({ status: 'cancelled', error: stopError('cancelled', limits.timeoutMs), trace: null });
  const h = hostFor(limits.heapMb);
  h.hold();
  try {
    await h.ready;
  } catch (e) {
    h.idle();
    if (host === h) host = null;
    return done({ status: 'crashed', error: { type: 'Error', message: `the Python engine could not start: ${(e as Error).message}` }, trace: null });
  }
  if (options.signal?.aborted) {
    h.idle();
    return done({ status: 'cancelled', error: stopError('cancelled', limits.timeoutMs), trace: null });
  }

  return await new Promise<RunOutcome>((resolveRun) => {
    let settled = false;
    let ending: 'timeout' | 'cancelled' | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (o: Omit<RunOutcome, 'wallMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      h.idle();
      resolveRun(done(o));
    };
    const stop = (why: 'timeout' | 'cancelled'): void => {
      if (ending || settled) return;
      ending = why;
      h.interruptRun();
      killTimer = setTimeout(() => {
        if (host === h) host = null;
        void h.terminate();
        finish({ status: why, error: stopError(why, limits.timeoutMs), trace: null });
      }, GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout'), limits.timeoutMs);
    const onAbort = (): void => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort);
    h.start(
      {
        file: abs,
        trace: options.trace ?? false,
        tensorMb: limits.tensorMb,
        maxValueElements: options.maxValueElements ?? 4096,
        version: VERSION,
        diagnostics: options.diagnostics,
        seed: options.seed,
      },
      (m) => {
        if (m.kind === 'stdout' || m.kind === 'stderr') options.onOutput?.(m.kind, m.text);
        else if (m.kind === 'done') {
          if (ending) finish({ status: ending, error: stopError(ending, limits.timeoutMs), trace: m.trace });
          else finish({ status: m.error ? 'error' : 'ok', error: m.error, trace: m.trace });
        }
      },
      (error) => {
        if (host === h) host = null;
        finish({ status: ending ?? 'crashed', error: ending ? stopError(ending, limits.timeoutMs) : error, trace: null });
      },
    );
  });
}

