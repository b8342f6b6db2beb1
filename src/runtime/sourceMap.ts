// Maps locations in the bundled script back to the user's own lines.
import { resolve, dirname } from 'node:path';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import type { SourceLocation } from '../trace/types';

/** Resolves generated (line, column) pairs of one bundle to original locations. */
export class ScriptSourceMap {
  private readonly consumer: SourceMapConsumer;
  private readonly cache = new Map<number, SourceLocation | null>();

  constructor(
    mapText: string,
    private readonly bundlePath: string,
  ) {
    this.consumer = new SourceMapConsumer(JSON.parse(mapText) as RawSourceMap);
  }

  /** The original location of a generated 1-based line and column, or null (bundled library code). */
  original(line: number, column: number): SourceLocation | null {
    const key = line * 100000 + column;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const pos = this.consumer.originalPositionFor({ line, column: Math.max(column - 1, 0) });
    const loc =
      pos.source && pos.line !== null && !pos.source.includes('node_modules')
        ? { file: resolve(dirname(this.bundlePath), pos.source), line: pos.line, column: (pos.column ?? 0) + 1 }
        : null;
    this.cache.set(key, loc);
    return loc;
  }

  /** Rewrites the frames of a stack that point into the bundle to the user's files. */
  mapStack(stack: string): string {
    return stack
      .split('\n')
      .map((l) =>
        l.replace(/\(?([^()\s]*):(\d+):(\d+)\)?$/, (whole, file: string, line: string, col: string) => {
          if (file !== this.bundlePath) return whole;
          const loc = this.original(Number(line), Number(col));
          return loc ? `(${loc.file}:${loc.line}:${loc.column})` : whole;
        }),
      )
      .join('\n');
  }

  /**
   * Where the user's code is now: the first frame of the current stack that maps into the user's
   * files. Reads V8's structured frames, never the stack text (formatting it cost 30-80 µs a call,
   * paid at every top-level op of a traced script), from the nearest `near` frames first.
   */
  here(near = 16, limit = 40): SourceLocation | null {
    for (const depth of near < limit ? [near, limit] : [limit]) {
      const frames = structuredStack(depth, this.here);
      for (const f of frames) {
        if (f.getFileName() !== this.bundlePath) continue;
        const loc = this.original(f.getLineNumber() ?? 0, f.getColumnNumber() ?? 0);
        if (loc) return loc;
      }
      if (frames.length < depth) break; // the whole stack was seen
    }
    return null;
  }

  /** The first frame of a stack that maps into the user's files. */
  firstUserFrame(stack: string | undefined): SourceLocation | null {
    if (!stack) return null;
    const re = /([^()\s]*):(\d+):(\d+)\)?$/;
    for (const l of stack.split('\n')) {
      const m = re.exec(l.trim());
      if (!m || m[1] !== this.bundlePath) continue;
      const loc = this.original(Number(m[2]), Number(m[3]));
      if (loc) return loc;
    }
    return null;
  }
}

/** Up to `depth` frames of the current stack above `above`, as V8's CallSite objects. */
export function structuredStack(depth: number, above: (...a: never[]) => unknown): NodeJS.CallSite[] {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    Error.prepareStackTrace = (_e, frames) => frames;
    Error.stackTraceLimit = depth;
    Error.captureStackTrace(holder, above);
    return Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}
