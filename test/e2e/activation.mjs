// Measures what activation costs, outside VS Code: loads the packaged dist/extension.js with a
// stand-in `vscode` module (every API a no-op), times require + activate(), and lists what was
// loaded, to check that the heavy parts (esbuild, the runner and its workers, Pyodide, elk) are
// not. Run after a production build:  node test/e2e/activation.mjs [dist/extension.js]
import Module, { createRequire } from 'node:module';
import { resolve } from 'node:path';

const entry = resolve(process.argv[2] ?? 'dist/extension.js');
const stub = () =>
  new Proxy(function () {}, {
    get: (_t, k) => (k === Symbol.toPrimitive ? () => '' : k === 'then' ? undefined : k === Symbol.iterator ? [][Symbol.iterator] : stub()),
    apply: () => stub(),
    construct: () => stub(),
  });
// a plain object (esbuild's interop copies own properties) with every namespace, class and enum
// that @types/vscode declares
import { readFileSync } from 'node:fs';
const api = readFileSync(createRequire(import.meta.url).resolve('@types/vscode/index.d.ts'), 'utf8');
const vscode = Object.fromEntries([...new Set([...api.matchAll(/^\s*export (?:namespace|class|enum) (\w+)/gm)].map((m) => m[1]))].map((k) => [k, stub()]));
const loaded = [];
const origLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  loaded.push(request);
  return origLoad.call(this, request, parent, isMain);
};
const storage = { get: (_k, d) => d, update: async () => {}, keys: () => [] };
const context = { subscriptions: [], workspaceState: storage, globalState: storage, extensionUri: stub(), storageUri: undefined, globalStorageUri: stub(), extensionPath: resolve(entry, '../..') };
const t0 = performance.now();
const ext = createRequire(import.meta.url)(entry);
const t1 = performance.now();
await ext.activate(context);
const t2 = performance.now();
const heavy = loaded.filter((m) => /esbuild|pyodide|elk|worker_threads|runtimeWorker|pythonWorker/.test(m));
console.log(`require dist/extension.js: ${(t1 - t0).toFixed(1)} ms; activate(): ${(t2 - t1).toFixed(1)} ms; total ${(t2 - t0).toFixed(1)} ms`);
console.log(`modules loaded: ${[...new Set(loaded)].join(', ')}`);
console.log(heavy.length ? `HEAVY modules loaded at activation: ${heavy.join(', ')}` : 'no heavy module (esbuild, Pyodide, elk, workers) loaded at activation');
process.exit(heavy.length ? 1 : 0);
