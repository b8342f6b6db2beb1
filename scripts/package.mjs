// `npm run package`: a production build (minified, no maps, esbuild copied into dist/node_modules),
// then `vsce package` into bptt-lens-<version>.vsix. The package carries esbuild's native binary for
// this machine's platform, so it is marked with vsce's --target for that platform.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = process.env.BPTT_VSIX || `${pkg.name}-${pkg.version}.vsix`;
const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch] ?? process.arch;
const target = `${process.platform}-${arch}`;
execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
execFileSync(
  process.execPath,
  // The one production dependency is the TypeScript plugin, linked from src/tsPlugin by npm (a `file:`
  // dependency): vsce packs it as node_modules/bptt-lens-ts-plugin, where VS Code looks for it.
  // Everything else the extension runs is bundled or copied into dist/ by the build.
  [vsce, 'package', '--follow-symlinks', '--allow-missing-repository', '--no-rewrite-relative-links', '--target', target, '--out', out],
  { stdio: 'inherit' },
);
console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB (target ${target})`);
