// The Python worker: loads Pyodide once, writes the `torch` package into its file system, and then
// serves run requests one at a time, each from a clean module state (fresh __main__, user modules
// dropped, PyTorch's default seed, grad mode on, no leftover observers). Stdout/stderr stream out per
// write (Python's stdout is line-buffered), cancellation comes through Pyodide's interrupt buffer
// (engine ops check it too), and a run ends with its error (the Python traceback at the user's line)
// and, when asked, its Trace. Built to dist/pythonWorker.js; never imported by the extension host.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, posix } from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { PyodideInterface } from 'pyodide';
import * as engine from '../engine';
import { TorchError } from '../engine';
import { DEFAULT_RNG_SEED } from '../engine/random';
import { Recorder } from '../trace/recorder';
import type { ConsoleLine, ScriptError, SourceLocation } from '../trace/types';
import type { PythonRunRequest, PythonWorkerInit, PythonWorkerMessage } from './messages';
import { bridge, type PyCallable } from './python/bridge';

const init = workerData as PythonWorkerInit;
const port = parentPort!;
const post = (m: PythonWorkerMessage): void => port.postMessage(m);
const interrupt = new Int32Array(init.interrupt);
/** Where the Python sources live inside Pyodide's file system. */
const PY_ROOT = '/lib/bptt';

let budgetBytes = Infinity;
let baselineBytes = 0;
let sinceCheck = 0;
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;

engine.setOpObserver(() => {
  if (Atomics.load(interrupt, 0) !== 0) {
    Atomics.store(interrupt, 0, 0); // Pyodide would raise a second KeyboardInterrupt for the same signal
    throw new TorchError('the run was cancelled', { kind: 'cancelled' });
  }
});

function budgetError(mb: number): TorchError {
  return new TorchError(
    `the script's tensors need more than the ${mb} MB tensor memory limit (bptt-lens.memoryLimitMb); ` +
      'free tensors you no longer need, use smaller sizes, or raise the limit',
    { kind: 'budget' },
  );
}

function copyTree(py: PyodideInterface, from: string, to: string): void {
  py.FS.mkdirTree(to);
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    if (statSync(src).isDirectory()) {
      if (name !== '__pycache__') copyTree(py, src, `${to}/${name}`);
    } else if (name.endsWith('.py')) {
      py.FS.writeFile(`${to}/${name}`, readFileSync(src));
    }
  }
}

interface Runner {
  run: PyCallable;
  cleanup: PyCallable;
  locate: PyCallable;
}

/** Maps a host folder into Pyodide's file system: the same path where it is free, else under /host. */
class Mount {
  readonly point: string;
  constructor(
    private readonly py: PyodideInterface,
    readonly hostDir: string,
  ) {
    const posixDir = process.platform === 'win32' ? `/host/${hostDir.replace(/^([A-Za-z]):/, '$1').replace(/\\/g, '/')}` : hostDir;
    this.point = this.tryMount(posixDir) ?? this.tryMount(`/host${posixDir}`) ?? '';
    if (!this.point) throw new Error(`cannot make ${hostDir} visible to Python`);
  }

  private tryMount(point: string): string | null {
    try {
      this.py.mountNodeFS(point, this.hostDir);
      return point;
    } catch {
      return null;
    }
  }

  /** A path Python reported, as the host knows it. */
  toHost(p: string): string {
    if (this.point === this.hostDir || !p.startsWith(this.point)) return p;
    const rest = p.slice(this.point.length);
    return join(this.hostDir, ...rest.split('/').filter(Boolean));
  }

  unmount(): void {
    try {
      this.py.FS.unmount(this.point);
    } catch {
      // already gone
    }
  }
}

async function start(): Promise<void> {
  const started = performance.now();
  const { loadPyodide } = createRequire(__filename)(join(init.pyodideDir, 'pyodide.js')) as {
    loadPyodide: (o: object) => Promise<PyodideInterface>;
  };
  const py = await loadPyodide({ indexURL: `${init.pyodideDir}/`, stdout: () => {}, stderr: () => {}, env: { PYTHONHASHSEED: '0' } });
  py.setInterruptBuffer(interrupt);
  py.setStdin({ error: true });
  for (const dir of init.pythonDirs) copyTree(py, dir, PY_ROOT);
  py.registerJsModule('_bptt', bridge);
  py.runPython(`import sys\nsys.path.insert(0, '${PY_ROOT}')\nimport bptt_runner\nbptt_runner.prepare()`);
  const mod = py.pyimport('bptt_runner') as unknown as Runner & { warn: PyCallable };
  const runner: Runner = { run: mod.run, cleanup: mod.cleanup, locate: mod.locate };
  const warnProxy = mod.warn;
  engine.nn.setWarningHandler((message: string) => {
    warnProxy(message);
  });

  let current: { id: number; lines: ConsoleLine[] } | null = null;
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const emit = (stream: 'stdout' | 'stderr', text: string): void => {
    if (!current || text === '') return;
    current.lines.push({ stream, text });
    post({ kind: stream, id: current.id, text });
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    const write = (buf: Uint8Array): number => {
      emit(stream, decoders[stream].decode(buf, { stream: true }));
      return buf.length;
    };
    if (stream === 'stdout') py.setStdout({ write });
    else py.setStderr({ write });
  }

  engine.setAllocationObserver((bytes) => {
    sinceCheck += bytes;
    if (bytes > budgetBytes) throw budgetError(budgetBytes / 1048576);
    if (sinceCheck < 32 * 1024 * 1024) return;
    sinceCheck = 0;
    gc?.();
    if (process.memoryUsage().arrayBuffers - baselineBytes > budgetBytes) throw budgetError(budgetBytes / 1048576);
  });

  const handleRun = (req: PythonRunRequest): void => {
    current = { id: req.id, lines: [] };
    engine.manualSeed(req.seed ?? DEFAULT_RNG_SEED);
    engine.setGradEnabled(true);
    budgetBytes = req.tensorMb * 1024 * 1024;
    sinceCheck = 0;
    gc?.();
    baselineBytes = process.memoryUsage().arrayBuffers;
    let mount: Mount | null = null;
    let error: ScriptError | null = null;
    let recorder: Recorder | null = null;
    const t0 = performance.now();
    try {
      mount = new Mount(py, dirname(req.file));
      const m = mount;
      const pyFile = posix.join(m.point, basename(req.file));
      recorder = req.trace
        ? new Recorder({
            file: req.file,
            language: 'py',
            producer: `bptt-lens ${req.version}`,
            locate: () => parseLocation(String(runner.locate()), m),
            maxValueElements: req.maxValueElements,
            diagnostics: req.diagnostics,
          })
        : null;
      // no seed → undefined, which Pyodide passes as None (a JS null would arrive as pyodide.ffi.jsnull,
      // which is not None, and random.seed(jsnull) raises TypeError)
      const out = runner.run(pyFile, req.seed);
      if (typeof out === 'string') error = fixError(JSON.parse(out) as ScriptError, m);
    } catch (e) {
      error = uncaught(e);
    }
    // a stop that arrives after the script ended must not interrupt the recorder or the cleanup
    Atomics.store(interrupt, 0, 0);
    for (const stream of ['stdout', 'stderr'] as const) emit(stream, decoders[stream].decode());
    const ranMs = performance.now() - t0;
    let trace = null;
    try {
      trace = recorder ? recorder.finish({ console: current.lines, error, timing: [{ phase: 'run', ms: ranMs }] }) : null;
    } catch (e) {
      error ??= uncaught(e);
    }
    try {
      runner.cleanup();
    } catch {
      // a broken cleanup must not take the worker down; the next run starts from a fresh __main__ anyway
    }
    mount?.unmount();
    const id = current.id;
    current = null;
    post({ kind: 'done', id, trace, error });
  };

  port.on('message', (m: PythonRunRequest) => {
    if (m.kind === 'run') handleRun(m);
  });
  post({ kind: 'ready', startMs: performance.now() - started });
}

function parseLocation(s: string, mount: Mount): SourceLocation | undefined {
  if (!s) return undefined;
  const a = s.indexOf(':');
  const b = s.indexOf(':', a + 1);
  return { file: mount.toHost(s.slice(b + 1)), line: Number(s.slice(0, a)), column: Number(s.slice(a + 1, b)) };
}

function fixError(e: ScriptError, mount: Mount): ScriptError {
  if (e.location) e.location = { ...e.location, file: mount.toHost(e.location.file) };
  if (e.stack && mount.point !== mount.hostDir) e.stack = e.stack.split(`"${mount.point}/`).join(`"${mount.hostDir}/`);
  return e;
}

function uncaught(e: unknown): ScriptError {
  const err = e as { type?: string; message?: string; name?: string };
  // a PythonError escaping the runner (an interrupt landing outside the user's code)
  const type = err.type ?? err.name ?? 'Error';
  const message = String(err.message ?? e);
  return { type: /KeyboardInterrupt/.test(message) ? 'KeyboardInterrupt' : type, message: message.trim().split('\n').pop() ?? message };
}

if (!existsSync(join(init.pyodideDir, 'pyodide.js'))) {
  post({ kind: 'startFailed', message: `Pyodide is missing at ${init.pyodideDir} (npm install, then npm run build)` });
} else {
  start().catch((e: unknown) => post({ kind: 'startFailed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
}
