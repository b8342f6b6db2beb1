// The `pytorch` backend: runs a user's .py script on their own CPython and PyTorch (CPU or CUDA, as
// the script chooses) in a child process, through the tracer in src/runtime/pytorch/ (dist/pytorch
// when bundled), and resolves with the same RunOutcome as the embedded runners. The child is spawned
// without a shell; its output streams as printed; timeout and cancel send SIGINT (the script sees
// KeyboardInterrupt and the tracer still writes what it has), then SIGKILL after a grace period.
// The interpreter is probed once (per process) before its first run, so a missing Python, a missing
// torch or a torch older than 1.13 each give a clear error with the fix.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ScriptError } from '../trace/types';
import type { RunOptions, RunOutcome } from './runner';
import { stopError } from './stopError';
import { parseTracerDoc, traceOf, type TracerSetupDoc } from './tracerOutput';
import { VERSION } from './version';

const DEFAULT_TIMEOUT_MS = 60_000;
/** Between SIGINT and SIGKILL: time for the tracer to write the partial trace. */
const GRACE_MS = 3000;
/** Longest a probe may take (a cold `import torch` can take many seconds). */
const PROBE_TIMEOUT_MS = 120_000;

/** Why an interpreter cannot run the pytorch backend. */
export type PythonProblem = 'pythonMissing' | 'torchMissing' | 'torchTooOld';

/** What `probePython` found. */
export interface PythonProbe {
  ok: boolean;
  /** The interpreter asked about. */
  python: string;
  /** `sys.executable`. */
  executable?: string;
  /** e.g. `3.11.2`. */
  pythonVersion?: string;
  /** e.g. `2.4.0+cu121`. */
  torchVersion?: string;
  /** `torch.cuda.is_available()`. */
  cuda?: boolean;
  /** When not ok: what is wrong and how to fix it (`kind` is a PythonProblem). */
  error?: ScriptError;
}

/** The interpreter when none is given: `BPTT_PYTHON`, else `python3` (`python` on Windows). */
export function defaultPython(): string {
  return process.env.BPTT_PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
}

/** The tracer's entry script: beside this file when bundled (dist/pytorch), else the sources. */
export function tracerPath(): string {
  for (const dir of [join(__dirname, 'pytorch'), join(__dirname, '../../dist/pytorch'), join(__dirname, '../../src/runtime/pytorch')]) {
    const p = join(dir, 'bptt_trace.py');
    if (existsSync(p)) return p;
  }
  throw new Error('the PyTorch tracer (dist/pytorch/bptt_trace.py) is missing: run npm run build');
}

// Python 2 must be able to run it too, to be told what is wrong
const PROBE = [
  'import sys, json',
  'out = {"python": sys.version.split()[0], "executable": sys.executable}',
  'try:',
  '    import torch',
  '    out["torch"] = torch.__version__',
  '    try:',
  '        out["cuda"] = bool(torch.cuda.is_available())',
  '    except Exception:',
  '        out["cuda"] = False',
  'except Exception as e:',
  '    out["torchError"] = "%s: %s" % (type(e).__name__, e)',
  'sys.stdout.write("BPTT_PROBE " + json.dumps(out) + "\\n")',
].join('\n');

const FIX_PATH = 'set bptt-lens.pythonPath (CLI: --python <path> or the BPTT_PYTHON variable) to an interpreter that has it';

function problem(kind: PythonProblem, type: string, message: string): ScriptError {
  return { type, kind, message };
}

function pythonMissing(python: string, why: string): ScriptError {
  return problem(
    'pythonMissing',
    'FileNotFoundError',
    `Python could not be run as '${python}' (${why}). Install Python 3 and PyTorch (pip install torch), or ${FIX_PATH}.`,
  );
}

function torchMissing(executable: string, why: string): ScriptError {
  return problem('torchMissing', 'ModuleNotFoundError', `PyTorch is not installed for ${executable} (${why}). Install it with '${executable} -m pip install torch', or ${FIX_PATH}.`);
}

function torchTooOld(executable: string, version: string): ScriptError {
  return problem(
    'torchTooOld',
    'ImportError',
    `PyTorch ${version} at ${executable} is too old: the pytorch backend needs torch 1.13 or newer. Upgrade it with '${executable} -m pip install --upgrade torch', or ${FIX_PATH}.`,
  );
}

/** [major, minor] of a version such as `1.13.0a0` or `2.4.0+cu121`. */
export function torchVersionParts(v: string): [number, number] {
  const [a, b] = v.split('+')[0].split('.');
  const n = (s: string | undefined): number => Number.parseInt((s ?? '').replace(/\D.*$/, ''), 10) || 0;
  return [n(a), n(b)];
}

function tooOld(v: string): boolean {
  const [major, minor] = torchVersionParts(v);
  return major < 1 || (major === 1 && minor < 13);
}

/** Output of a short child process, or the spawn error. */
function capture(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }> {
  return new Promise((resolveRun) => {
    let stdout = '';
    let stderr = '';
    let child: ChildProcess;
    try {
      child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONIOENCODING: 'utf-8' }, windowsHide: true });
    } catch (e) {
      resolveRun({ code: null, stdout, stderr, error: e as NodeJS.ErrnoException });
      return;
    }
    // our own timer, not spawn's `timeout` option: Node keeps that one pending after a failed spawn
    // (ENOENT), which held a CLI process open for the whole timeout
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const end = (r: { code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }): void => {
      clearTimeout(timer);
      resolveRun(r);
    };
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) => end({ code: null, stdout, stderr, error }));
    child.on('close', (code) => end({ code, stdout, stderr }));
  });
}

/**
 * Whether `python` can run the pytorch backend: its Python and torch versions and whether CUDA is
 * there, or the problem with its fix. e.g. `(await probePython('/usr/bin/python3')).torchVersion`
 */
export async function probePython(python: string): Promise<PythonProbe> {
  const r = await capture(python, ['-c', PROBE], PROBE_TIMEOUT_MS);
  if (r.error) return { ok: false, python, error: pythonMissing(python, r.error.code === 'ENOENT' ? 'not found' : r.error.message) };
  const line = r.stdout.split('\n').find((l) => l.startsWith('BPTT_PROBE '));
  const info = line ? parseProbe(line.slice('BPTT_PROBE '.length)) : null;
  if (!info) {
    const why = (r.stderr.trim().split('\n').pop() ?? '') || `exit code ${String(r.code)}`;
    return { ok: false, python, error: pythonMissing(python, why) };
  }
  const executable = info.executable || python;
  const probe: PythonProbe = { ok: false, python, executable, pythonVersion: info.python };
  if (info.torch === undefined) return { ...probe, error: torchMissing(executable, info.torchError ?? 'import torch failed') };
  probe.torchVersion = info.torch;
  probe.cuda = info.cuda === true;
  if (tooOld(info.torch)) return { ...probe, error: torchTooOld(executable, info.torch) };
  return { ...probe, ok: true };
}

interface ProbeLine {
  python?: string;
  executable?: string;
  torch?: string;
  cuda?: boolean;
  torchError?: string;
}

function parseProbe(text: string): ProbeLine | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as ProbeLine) : null;
  } catch {
    return null;
  }
}

const probes = new Map<string, Promise<PythonProbe>>();

/** The probe of `python`, run once per process while it succeeds (a failed one is asked again next time). */
export function probeOnce(python: string): Promise<PythonProbe> {
  let p = probes.get(python);
  if (!p) {
    p = probePython(python);
    probes.set(python, p);
    void p.then((r) => {
      if (!r.ok) probes.delete(python);
    });
  }
  return p;
}

function setupError(doc: TracerSetupDoc, python: string): ScriptError {
  const e = doc.setupError;
  return e.kind === 'torchMissing' ? torchMissing(python, `${e.type}: ${e.message}`) : torchTooOld(python, e.message.split(' ')[1] ?? e.message);
}

/** Sends `sig` to the child's process group (the script's own children too), or to the child alone. */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    if (process.platform !== 'win32') process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    child.kill(sig);
  }
}

/** Runs a .py script on the user's PyTorch; see runScript, which dispatches here for `backend: 'pytorch'`. e.g. `await runPytorchScript('model.py', { python: '/usr/bin/python3', trace: true })` */
export async function runPytorchScript(file: string, options: RunOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const done = (o: Omit<RunOutcome, 'wallMs'>): RunOutcome => ({ ...o, wallMs: performance.now() - started });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const abs = resolve(file);
  if (!abs.endsWith('.py')) {
    return done({
      status: 'error',
      error: { type: 'ValueError', message: `the pytorch backend runs Python scripts (.py), not '${abs}'; run JavaScript and TypeScript scripts with the embedded backend` },
      trace: null,
    });
  }
  if (!existsSync(abs)) return done({ status: 'error', error: { type: 'FileNotFoundError', message: `No such file or directory: '${abs}'` }, trace: null });
  if (options.signal?.aborted) return done({ status: 'cancelled', error: stopError('cancelled', timeoutMs), trace: null });
  const python = options.python ?? defaultPython();
  const probeStarted = performance.now();
  const probe = await probeOnce(python);
  const probeMs = performance.now() - probeStarted;
  if (!probe.ok) return done({ status: 'error', error: probe.error ?? pythonMissing(python, 'unknown'), trace: null });
  if (options.signal?.aborted) return done({ status: 'cancelled', error: stopError('cancelled', timeoutMs), trace: null });

  const dir = mkdtempSync(join(tmpdir(), 'bptt-lens-'));
  const out = join(dir, 'trace.json');
  const args = ['-u', tracerPath(), '--script', abs, '--out', out, options.trace ? '--trace' : '--run-only'];
  if (options.fused) args.push('--fused');
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  args.push('--max-values', String(options.maxValueElements ?? 4096), '--producer-version', VERSION);
  try {
    return await new Promise<RunOutcome>((resolveRun) => {
      let settled = false;
      let ending: 'timeout' | 'cancelled' | null = null;
      let stderrTail = '';
      let killTimer: NodeJS.Timeout | undefined;
      let exitTimer: NodeJS.Timeout | undefined;
      const decoders = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
      // the interpreter as given (a wrapper such as a conda or pyenv shim sets up its environment)
      const child = spawn(python, args, {
        cwd: dirname(abs),
        env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
        // its own process group, so a stop reaches what the script started too
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      const emit = (stream: 'stdout' | 'stderr', text: string): void => {
        if (!text) return;
        if (stream === 'stderr') stderrTail = (stderrTail + text).slice(-4000);
        options.onOutput?.(stream, text);
      };
      child.stdout?.on('data', (d: Buffer) => emit('stdout', decoders.stdout.decode(d, { stream: true })));
      child.stderr?.on('data', (d: Buffer) => emit('stderr', decoders.stderr.decode(d, { stream: true })));

      const finish = (code: number | null, sig: NodeJS.Signals | null, spawnError?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(killTimer);
        clearTimeout(exitTimer);
        options.signal?.removeEventListener('abort', onAbort);
        emit('stdout', decoders.stdout.decode());
        emit('stderr', decoders.stderr.decode());
        if (spawnError) {
          resolveRun(done({ status: 'error', error: pythonMissing(python, spawnError.message), trace: null }));
          return;
        }
        resolveRun(done(outcome(code, sig)));
      };

      const outcome = (code: number | null, sig: NodeJS.Signals | null): Omit<RunOutcome, 'wallMs'> => {
        let text: string | null;
        try {
          text = readFileSync(out, 'utf8');
        } catch {
          text = null;
        }
        const crashed = (why: string): Omit<RunOutcome, 'wallMs'> => ({
          status: ending ?? 'crashed',
          error: ending ? stopError(ending, timeoutMs) : { type: 'Error', message: `the Python tracer ${why}${stderrTail ? `: ${stderrTail.trim().split('\n').slice(-6).join('\n')}` : ''}` },
          trace: null,
        });
        if (text === null) return crashed(sig ? `was stopped by ${sig}` : `exited with code ${String(code)} without writing a trace`);
        let parsed;
        try {
          parsed = parseTracerDoc(text);
        } catch (e) {
          return crashed(`wrote an unreadable trace (${(e as Error).message})`);
        }
        if (parsed.kind === 'setup') return { status: 'error', error: setupError(parsed.doc, probe.executable ?? python), trace: null };
        if (parsed.kind === 'run') {
          const error = parsed.doc.error ?? null;
          return ending ? { status: ending, error: stopError(ending, timeoutMs), trace: null } : { status: error ? 'error' : 'ok', error, trace: null };
        }
        const trace = traceOf(parsed.doc, options.diagnostics);
        trace.timing.unshift({ phase: 'probe', ms: probeMs });
        if (ending) return { status: ending, error: stopError(ending, timeoutMs), trace };
        const error = trace.error ?? null;
        return { status: error ? 'error' : 'ok', error, trace };
      };

      const stop = (why: 'timeout' | 'cancelled'): void => {
        if (ending || settled) return;
        ending = why;
        signal(child, 'SIGINT');
        killTimer = setTimeout(() => signal(child, 'SIGKILL'), GRACE_MS);
      };
      const timer = setTimeout(() => stop('timeout'), timeoutMs);
      const onAbort = (): void => stop('cancelled');
      options.signal?.addEventListener('abort', onAbort);
      child.on('error', (e) => finish(null, null, e));
      child.on('close', (code, sig) => finish(code, sig));
      // a background process the script started may hold the pipes open after the tracer exits
      child.on('exit', (code, sig) => {
        exitTimer = setTimeout(() => finish(code, sig), 1000);
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
