// Turns a user's JS/TS script into one CommonJS bundle with a source map. `bptt-lens` stays
// external: the worker provides the engine. TypeScript is transformed by esbuild.
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';
import type { ScriptError } from '../trace/types';

const ENGINE_DIR = resolve(__dirname, __dirname.endsWith('dist') ? '../src/engine' : '../engine');

/** Imports of the engine's own sources (e.g. from this repository's examples) use the worker's engine. */
const engineAsExternal: esbuild.Plugin = {
  name: 'bptt-lens-engine',
  setup(build) {
    build.onResolve({ filter: /engine/ }, (args) => {
      if (!args.path.startsWith('.')) return undefined;
      const target = resolve(args.resolveDir, args.path);
      if (target === ENGINE_DIR || target === `${ENGINE_DIR}/index` || target === `${ENGINE_DIR}/index.ts`) {
        return { path: 'bptt-lens', external: true };
      }
      return undefined;
    });
  },
};

/** A bundled script, or the syntax errors that stopped it. */
export type TransformResult = { ok: true; code: string; sourceMap: string } | { ok: false; error: ScriptError };

/** Bundles `file` for the worker. e.g. `await transformScript('examples/sineWave.ts')` */
export async function transformScript(file: string): Promise<TransformResult> {
  const abs = resolve(file);
  try {
    const out = await esbuild.build({
      entryPoints: [abs],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      outfile: `${abs}.bundle.js`,
      external: ['bptt-lens'],
      plugins: [engineAsExternal],
      logLevel: 'silent',
    });
    const code = out.outputFiles.find((f) => f.path.endsWith('.js'));
    const map = out.outputFiles.find((f) => f.path.endsWith('.map'));
    if (!code || !map) throw new Error('esbuild produced no output');
    return { ok: true, code: code.text, sourceMap: map.text };
  } catch (e) {
    const errors = (e as { errors?: esbuild.Message[] }).errors;
    const first = errors?.[0];
    if (first) {
      return {
        ok: false,
        error: {
          type: 'SyntaxError',
          message: first.text,
          location: first.location
            ? { file: resolve(first.location.file), line: first.location.line, column: first.location.column + 1 }
            : undefined,
        },
      };
    }
    return { ok: false, error: { type: 'Error', message: String((e as Error).message ?? e) } };
  }
}
