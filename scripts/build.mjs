// Bundles the engine (self-contained, runs in Node, a browser or a worker), the script worker and
// the CLI into dist/. `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const common = { bundle: true, target: 'es2022', sourcemap: !production, minify: production, logLevel: 'warning' };

await Promise.all([
  esbuild.build({ ...common, entryPoints: { engine: 'src/engine/index.ts' }, outdir: 'dist', format: 'esm', platform: 'neutral', outExtension: { '.js': '.mjs' } }),
  esbuild.build({ ...common, entryPoints: { engine: 'src/engine/index.ts' }, outdir: 'dist', format: 'cjs', platform: 'neutral' }),
  esbuild.build({
    ...common,
    entryPoints: { runtimeWorker: 'src/runtime/worker.ts', cli: 'src/cli/main.ts' },
    outdir: 'dist',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['esbuild'],
  }),
]);
console.log('built dist/engine.{mjs,js}, dist/runtimeWorker.js, dist/cli.js');
