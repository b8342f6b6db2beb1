// Bundles the engine (self-contained, runs in Node, a browser or a worker), the script worker and
// the CLI into dist/. `--production` (what `npm run package` uses) minifies every entry, writes no
// source maps (and deletes stale ones), and copies esbuild with its platform binary into
// dist/node_modules, because the script transform needs esbuild at run time and the .vsix ships no
// top-level node_modules.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cp } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const production = process.argv.includes('--production');

/** The engine's type declarations, dist/types/ (what the TypeScript plugin gives the user's scripts). */
function engineTypes() {
  rmSync('dist/types', { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [tsc, '-p', 'src/engine/tsconfig.json', '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--outDir', 'dist/types'];
  // a type error elsewhere in the engine is `npm run typecheck`'s to report: the declarations still come out
  return promisify(execFile)(process.execPath, args).catch((e) => {
    if (!existsSync('dist/types/index.d.ts')) throw e;
    console.warn('dist/types: emitted, with type errors in src/engine (npm run typecheck shows them)');
  });
}
const common = { bundle: true, target: 'es2022', sourcemap: !production, minify: production, logLevel: 'warning' };

await Promise.all([
  engineTypes(),
  esbuild.build({ ...common, entryPoints: { engine: 'src/engine/index.ts' }, outdir: 'dist', format: 'esm', platform: 'neutral', outExtension: { '.js': '.mjs' } }),
  esbuild.build({ ...common, entryPoints: { engine: 'src/engine/index.ts' }, outdir: 'dist', format: 'cjs', platform: 'neutral' }),
  esbuild.build({
    ...common,
    entryPoints: { runtimeWorker: 'src/runtime/worker.ts', pythonWorker: 'src/runtime/pythonWorker.ts', cli: 'src/cli/main.ts' },
    outdir: 'dist',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['esbuild'],
  }),
  // The extension host entry: `vscode` is provided by VS Code; esbuild (the script transform) stays a
  // runtime dependency because of its native binary.
  esbuild.build({
    ...common,
    entryPoints: { extension: 'src/host/extension.ts' },
    outdir: 'dist',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'esbuild'],
  }),
  // The examples ship inside the extension: "Open example" and "New RNN script from template" read them.
  cp('examples', 'dist/examples', { recursive: true, filter: (f) => !/\.(map|json)$/.test(f) }),
  // The trace panel's webview app (also the CLI's HTML report): one browser bundle and one
  // stylesheet. elkjs is its bundled build (no web worker URL), so the page loads nothing else.
  esbuild.build({
    ...common,
    entryPoints: [
      { in: 'webview/src/main.ts', out: 'webview' },
      { in: 'webview/src/styles.css', out: 'webview' },
    ],
    outdir: 'dist',
    format: 'iife',
    platform: 'browser',
    target: ['es2022', 'chrome114'],
    // Always minified: a quarter of the size, so the panel (and the report) starts sooner.
    minify: true,
    sourcemap: false,
  }),
]);
// The Python front: its `torch` package, and Pyodide itself (wasm + stdlib), so dist/ runs offline as shipped.
const noCache = (p) => !p.includes('__pycache__');
rmSync('dist/python', { recursive: true, force: true });
cpSync('src/runtime/python', 'dist/python', { recursive: true, filter: (p) => !p.endsWith('.ts') && noCache(p) });
// The tracer the pytorch backend runs on the user's own CPython and torch (src/runtime/pytorchRunner.ts).
rmSync('dist/pytorch', { recursive: true, force: true });
cpSync('src/runtime/pytorch', 'dist/pytorch', { recursive: true, filter: noCache });
// The modules both Python trees import (bptt_script_error.py), at the top of each: the Pyodide worker
// writes dist/python into Pyodide's file system, the tracer puts dist/pytorch on sys.path.
for (const tree of ['dist/python', 'dist/pytorch']) cpSync('src/runtime/pyshared', tree, { recursive: true, filter: noCache });
const pyodideSrc = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
mkdirSync('dist/pyodide', { recursive: true });
for (const f of ['pyodide.js', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json', 'package.json']) {
  const from = join(pyodideSrc, f);
  const to = join('dist/pyodide', f);
  if (existsSync(from) && (!existsSync(to) || statSync(to).size !== statSync(from).size || statSync(to).mtimeMs < statSync(from).mtimeMs)) cpSync(from, to);
}
if (production) {
  for (const f of readdirSync('dist', { recursive: true })) if (String(f).endsWith('.map')) rmSync(join('dist', String(f)));
  // esbuild's JS API finds its native binary through `@esbuild/<platform>-<arch>`: copy both, so
  // dist/extension.js's require('esbuild') resolves inside dist/. Only the installed platform package
  // exists, so the .vsix is platform-specific (scripts/package.mjs passes vsce --target).
  const require = createRequire(import.meta.url);
  const esbuildDir = dirname(require.resolve('esbuild/package.json'));
  rmSync('dist/node_modules', { recursive: true, force: true });
  cpSync(esbuildDir, 'dist/node_modules/esbuild', { recursive: true, filter: (p) => !/[\\/](bin|install\.js)$/.test(p) && !p.endsWith('.d.ts') });
  const platformPkgs = readdirSync(join(esbuildDir, '..', '@esbuild'));
  for (const pkg of platformPkgs) cpSync(join(esbuildDir, '..', '@esbuild', pkg), join('dist/node_modules/@esbuild', pkg), { recursive: true });
  console.log(`production: minified, no source maps, dist/node_modules/{esbuild,@esbuild/${platformPkgs.join(',')}}`);
}
console.log('built dist/pythonWorker.js, dist/python/, dist/pyodide/, dist/pytorch/ (both with src/runtime/pyshared/)');
console.log('built dist/engine.{mjs,js}, dist/runtimeWorker.js, dist/cli.js, dist/extension.js, dist/examples/, dist/webview.{js,css}');
console.log('built dist/types/ (the engine\'s declarations, for the TypeScript plugin src/tsPlugin)');
