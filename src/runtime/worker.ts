// The script worker: runs one bundled user script against the engine, streams its console,
// honours cancellation and the tensor memory budget, and reports the error or the Trace.
// Built to dist/runtimeWorker.js; never imported by the extension host.
import { format } from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../engine';
import { TorchError } from '../engine';
import { Recorder } from '../trace/recorder';
import type { ScriptError } from '../trace/types';
import type { WorkerMessage, WorkerRequest } from './messages';
import { ScriptSourceMap } from './sourceMap';

Error.stackTraceLimit = 40;
const req = workerData as WorkerRequest;
const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);
const bundlePath = `${req.file}.bundle.js`;
const map = new ScriptSourceMap(req.sourceMap, bundlePath);

const interrupt = new Int32Array(req.interrupt);
engine.setOpObserver(() => {
  if (Atomics.load(interrupt, 0) !== 0) throw new TorchError('the run was cancelled', { kind: 'cancelled' });
});

if (req.seed !== undefined) engine.manualSeed(req.seed);

const BUDGET = req.tensorMb * 1024 * 1024;
let sinceCheck = 0;
// A collector handle so the budget check counts live tensors, not garbage awaiting collection.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;
engine.setAllocationObserver((bytes) => {
  sinceCheck += bytes;
  if (bytes > BUDGET) throw budgetError();
  if (sinceCheck < 32 * 1024 * 1024) return;
  sinceCheck = 0;
  gc?.();
  if (process.memoryUsage().arrayBuffers > BUDGET) throw budgetError();
});

function budgetError(): TorchError {
  return new TorchError(
    `the script's tensors need more than the ${req.tensorMb} MB tensor memory limit (bptt-lens.memoryLimitMb); ` +
      'free tensors you no longer need, use smaller sizes, or raise the limit',
    { kind: 'budget' },
  );
}

const consoleLines: { stream: 'stdout' | 'stderr'; text: string }[] = [];
const emit = (stream: 'stdout' | 'stderr') => (...args: unknown[]) => {
  const text = format(...args.map((a) => (a instanceof engine.Tensor ? String(a) : a))) + '\n';
  consoleLines.push({ stream, text });
  post({ kind: stream, text });
};
const userConsole = { ...console, log: emit('stdout'), info: emit('stdout'), debug: emit('stdout'), warn: emit('stderr'), error: emit('stderr') };

function toScriptError(e: unknown): ScriptError {
  if (e instanceof TorchError) {
    return { type: e.pyType, kind: e.kind, message: e.message, location: map.firstUserFrame(e.stack) ?? undefined, stack: map.mapStack(e.stack ?? '') };
  }
  if (e instanceof Error) {
    return { type: e.name, message: e.message, location: map.firstUserFrame(e.stack) ?? undefined, stack: map.mapStack(e.stack ?? '') };
  }
  return { type: 'Error', message: String(e) };
}

function run(): void {
  const recorder = req.trace
    ? new Recorder({
        file: req.file,
        language: req.file.endsWith('.ts') ? 'ts' : 'js',
        producer: `bptt-lens ${req.version}`,
        locate: () => map.here() ?? undefined,
        maxValueElements: req.maxValueElements,
        diagnostics: req.diagnostics,
      })
    : null;
  let error: ScriptError | null = null;
  const started = performance.now();
  try {
    const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname, console) {${req.code}\n})`, {
      filename: bundlePath,
    }) as (...a: unknown[]) => void;
    const nodeRequire = createRequire(req.file);
    const requireShim = (id: string): unknown => (id === 'bptt-lens' ? engine : nodeRequire(id));
    const module = { exports: {} };
    wrapper(module.exports, requireShim, module, req.file, req.file.replace(/[/\\][^/\\]*$/, ''), userConsole);
  } catch (e) {
    error = toScriptError(e);
  }
  const ranMs = performance.now() - started;
  const trace = recorder ? recorder.finish({ console: consoleLines, error, timing: [{ phase: 'run', ms: ranMs }] }) : null;
  post({ kind: 'done', trace, error });
}

run();
