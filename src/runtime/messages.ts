// Messages between a runner and its script worker.
import type { DiagnosticOptions } from '../trace/diagnostics';
import type { ScriptError, Trace } from '../trace/types';

/** Limits and switches for one run. */
export interface RunLimits {
  /** Wall-clock limit in ms (default 60 s). */
  timeoutMs: number;
  /** V8 heap limit of the worker in MB. */
  heapMb: number;
  /** The engine's budget for live tensor storage, in MB (typed arrays live outside the V8 heap). */
  tensorMb: number;
}

/** What the worker is asked to run. */
export interface WorkerRequest {
  /** The user's file, for messages and locations. */
  file: string;
  /** Bundled CommonJS code. */
  code: string;
  /** Its source map (JSON text). */
  sourceMap: string;
  /** Record a Trace. */
  trace: boolean;
  tensorMb: number;
  /** Int32Array[0] becomes 1 when the run is cancelled. */
  interrupt: SharedArrayBuffer;
  /** Largest tensor whose values a trace keeps in full. */
  maxValueElements: number;
  /** The package version, for the trace's producer field. */
  version: string;
  /** Thresholds of the findings; the recorder's defaults where absent. */
  diagnostics?: Partial<DiagnosticOptions>;
  /** `torch.manual_seed(seed)` before the script; 67280421310721 (the default seed of PyTorch's C++ generator) when absent. */
  seed?: number;
}

/** What the worker sends back. */
export type WorkerMessage =
  | { kind: 'stdout' | 'stderr'; text: string }
  | { kind: 'done'; trace: Trace | null; error: ScriptError | null };

/** What a long-lived Python worker is started with. */
export interface PythonWorkerInit {
  /** Int32Array[0] becomes 2 (SIGINT) to interrupt the current run; Pyodide resets it. */
  interrupt: SharedArrayBuffer;
  /** Folder of the pyodide package (wasm, stdlib). */
  pyodideDir: string;
  /** Folders of the Python sources (the `torch` package, `bptt_runner.py` and the modules shared with
   * the PyTorch tracer), written in this order into one folder of Pyodide's file system. */
  pythonDirs: string[];
}

/** One run asked of the Python worker. */
export interface PythonRunRequest {
  kind: 'run';
  id: number;
  file: string;
  trace: boolean;
  tensorMb: number;
  maxValueElements: number;
  version: string;
  diagnostics?: Partial<DiagnosticOptions>;
  /** `torch.manual_seed(seed)` (and Python's `random.seed(seed)`) before the script. */
  seed?: number;
}

/** What the Python worker sends back: `ready` once, then per run its output and `done`. */
export type PythonWorkerMessage =
  | { kind: 'ready'; startMs: number }
  | { kind: 'startFailed'; message: string }
  | { kind: 'stdout' | 'stderr'; id: number; text: string }
  | { kind: 'done'; id: number; trace: Trace | null; error: ScriptError | null };
