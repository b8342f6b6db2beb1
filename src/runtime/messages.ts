// Messages between a runner and its script worker.
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
}

/** What the worker sends back. */
export type WorkerMessage =
  | { kind: 'stdout' | 'stderr'; text: string }
  | { kind: 'done'; trace: Trace | null; error: ScriptError | null };
