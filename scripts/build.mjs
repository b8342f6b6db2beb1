// Bundles the engine (self-contained, runs in Node, a browser or a worker) and, later, the extension.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

await esbuild.build({
  entryPoints: { engine: 'src/engine/index.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  outExtension: { '.js': '.mjs' },
});
await esbuild.build({
  entryPoints: { engine: 'src/engine/index.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});
console.log('built dist/engine.mjs and dist/engine.js');
