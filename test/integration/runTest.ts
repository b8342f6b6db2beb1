// Runs the integration suite inside a real VS Code with @vscode/test-electron (which downloads
// VS Code: machines without that network access cannot run it). `npm run test:integration`.
// The suite is bundled first (VS Code's extension host loads plain JavaScript), then VS Code starts
// with this repository as the extension under development and a scratch workspace.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { runScript } from '../../src/runtime/runner';

const ROOT = resolve(__dirname, '../..');

async function main(): Promise<void> {
  const out = join(ROOT, 'out/integration');
  const suite = join(__dirname, 'suite');
  await esbuild.build({
    entryPoints: readdirSync(suite)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(suite, f)),
    outdir: out,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  // a scratch workspace: the examples and the error fixtures, so runs may write beside them
  const workspace = mkdtempSync(join(tmpdir(), 'bptt-lens-it-'));
  mkdirSync(join(workspace, 'scripts'));
  cpSync(join(ROOT, 'examples'), join(workspace, 'examples'), { recursive: true });
  for (const f of ['shapeError.ts', 'runaway.js']) cpSync(join(ROOT, 'test/fixtures/scripts', f), join(workspace, 'scripts', f));
  // a saved trace, made as the CLI makes one
  const made = await runScript(join(workspace, 'examples/manyToOne.ts'), { trace: true });
  if (!made.trace) throw new Error(`could not trace manyToOne.ts: ${made.error?.message}`);
  writeFileSync(join(workspace, 'saved.trace.json'), JSON.stringify(made.trace));
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(out, 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { BPTT_LENS_IT_WORKSPACE: workspace },
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
