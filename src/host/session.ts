// The trace the editor features show now (hover, inline values, sidebar, panel), and a change
// event for them. One at a time: the last run, or the run or file the user opened.
import type { CrossCheckReport } from '../protocol/crossCheck';
import type { Trace } from '../protocol/trace';
import { TraceIndex } from './traceIndex';

/** The trace being shown. */
export interface CurrentTrace {
  id: string;
  trace: Trace;
  index: TraceIndex;
  /** The stored trace file, so a reloaded panel can find it. */
  tracePath: string | null;
  /** Document versions of the traced files when the run started, to tell when lines may have moved. */
  versions: Map<string, number>;
  /** The cross-check against real PyTorch that produced this trace, if any. */
  crossCheck: CrossCheckReport | null;
}

/** Holds the current trace and tells listeners when it changes. */
export class TraceSession {
  private cur: CurrentTrace | null = null;
  private readonly listeners = new Set<(c: CurrentTrace | null) => void>();

  get current(): CurrentTrace | null {
    return this.cur;
  }

  /** Shows `trace` everywhere. */
  set(id: string, trace: Trace, tracePath: string | null, versions = new Map<string, number>(), crossCheck: CrossCheckReport | null = null): CurrentTrace {
    this.cur = { id, trace, index: new TraceIndex(trace), tracePath, versions, crossCheck };
    this.listeners.forEach((fn) => fn(this.cur));
    return this.cur;
  }

  clear(): void {
    this.cur = null;
    this.listeners.forEach((fn) => fn(null));
  }

  onDidChange(fn: (c: CurrentTrace | null) => void): { dispose(): void } {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  }
}
