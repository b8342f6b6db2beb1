// Real traces for the webview tests, made once per run by running the examples (npm run build first).
import { join } from 'node:path';
import { runScript } from '../../../src/runtime/runner';
import type { Trace } from '../../../src/protocol/trace';

const cache = new Map<string, Promise<Trace>>();

/** The trace of `examples/<name>.ts`. */
export function exampleTrace(name: string): Promise<Trace> {
  let p = cache.get(name);
  if (!p) {
    p = runScript(join(__dirname, '../../../examples', `${name}.ts`), { trace: true, timeoutMs: 120_000 }).then((o) => {
      if (!o.trace) throw new Error(`examples/${name}.ts made no trace: ${o.error?.message ?? o.status}`);
      return o.trace;
    });
    cache.set(name, p);
  }
  return p;
}
