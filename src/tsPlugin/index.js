// A TypeScript server plugin, contributed by the extension (package.json `typescriptServerPlugins`):
// in the user's scripts, `import { torch, nn } from 'bptt-lens'` (or require) resolves to the engine's
// type declarations shipped in the extension (dist/types), so the editor shows no "Cannot find module"
// and offers completion, hover and type checks for the API. A real module of that name (installed, or
// mapped by the workspace's tsconfig `paths`) wins: the plugin only fills in where resolution failed.
// Built with the extension: scripts/build.mjs copies this folder to node_modules/bptt-lens-ts-plugin,
// where VS Code's TypeScript server looks for an extension's plugins.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const MODULE = 'bptt-lens';

/** The declarations' entry: <extension>/dist/types/index.d.ts, from <extension>/node_modules/<this>. */
function typesEntry(dir) {
  const candidate = path.join(dir, '..', '..', 'dist', 'types', 'index.d.ts');
  return fs.existsSync(candidate) ? candidate : null;
}

/** Wraps the host's module resolution so that an unresolved MODULE resolves to `entry`. */
function patchHost(ts, host, entry) {
  const resolved = { resolvedFileName: entry, extension: ts.Extension.Dts, isExternalLibraryImport: true };
  if (typeof host.resolveModuleNameLiterals === 'function') {
    const original = host.resolveModuleNameLiterals.bind(host);
    host.resolveModuleNameLiterals = (literals, ...rest) => {
      const out = original(literals, ...rest);
      return out.map((r, i) => (literals[i].text === MODULE && !(r && r.resolvedModule) ? { resolvedModule: resolved } : r));
    };
    return true;
  }
  if (typeof host.resolveModuleNames === 'function') {
    const original = host.resolveModuleNames.bind(host);
    host.resolveModuleNames = (names, ...rest) => {
      const out = original(names, ...rest);
      return out.map((r, i) => (names[i] === MODULE && !r ? resolved : r));
    };
    return true;
  }
  return false;
}

function init(modules) {
  const ts = modules.typescript;
  return {
    create(info) {
      const entry = typesEntry(__dirname);
      const log = (m) => info.project?.projectService?.logger?.info?.(`bptt-lens-ts-plugin: ${m}`);
      if (entry === null) log('no dist/types/index.d.ts next to the plugin; nothing to do');
      else if (patchHost(ts, info.languageServiceHost, entry)) log(`'${MODULE}' resolves to ${entry} where nothing else provides it`);
      else log('this TypeScript has no module resolution hook the plugin knows');
      return info.languageService;
    },
  };
}

init.patchHost = patchHost;
init.typesEntry = typesEntry;
module.exports = init;
