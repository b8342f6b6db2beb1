// Real Traces for the host tests: the examples and two small fixtures, each run once through
// runScript (the worker, as the extension runs them) and shared by every test file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';
import type { Trace } from '../../../src/protocol/trace';
import { runScript, type RunOutcome } from '../../../src/runtime/runner';

export const ROOT = resolve(__dirname, '../../..');
export const example = (name: string): string => join(ROOT, 'examples', `${name}.ts`);
export const fixture = (name: string): string => join(__dirname, 'fixtures', name);

const cache = new Map<string, Promise<RunOutcome>>();

/** The outcome of tracing `file` (memoized). */
export function traced(file: string): Promise<RunOutcome> {
  let p = cache.get(file);
  if (!p) cache.set(file, (p = runScript(file, { trace: true, timeoutMs: 120_000 })));
  return p;
}

/** The Trace of `file`, which must have run without error. */
export async function traceOf(file: string): Promise<Trace> {
  const out = await traced(file);
  assert.equal(out.status, 'ok', `${file}: ${out.error?.message}`);
  assert.ok(out.trace);
  return out.trace;
}

/** Runs `fn` with the Traditional Chinese bundle loaded, then back to English. */
export function inZhTw<T>(fn: () => T): T {
  l10n.config({ contents: JSON.parse(readFileSync(join(ROOT, 'l10n/bundle.l10n.zh-tw.json'), 'utf8')) as Record<string, string> });
  try {
    return fn();
  } finally {
    l10n.config({ contents: {} });
  }
}

/** The 1-based line of the first line of `file` that contains `text`. */
export function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${file}`);
  return i + 1;
}
