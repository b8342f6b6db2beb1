// Installs what the end-to-end suite needs, cached outside the package (never in its dependencies,
// never in the .vsix): Node 24 (from the npm registry), code-server 4.139.1 (a real VS Code served to a
// browser), Debian's chromium + libkrb5-dev + fonts, and playwright-core. A warm cache makes this a few checks.
// Fails with the reason when something cannot be installed: the suite never passes by skipping.
//
//   node test/e2e/setup.mjs          cache: $BPTT_E2E_CACHE or ~/.cache/bptt-lens-e2e
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const PLAYWRIGHT_VERSION = '1.65.1';
export const cacheDir = process.env.BPTT_E2E_CACHE || join(homedir(), '.cache', 'bptt-lens-e2e');
export const paths = {
  nodeBin: join(cacheDir, 'node24', 'node_modules', '.bin'),
  codeServer: join(cacheDir, 'code-server', 'node_modules', '.bin', 'code-server'),
  playwright: join(cacheDir, 'playwright', 'node_modules', 'playwright-core'),
  chromium: process.env.BPTT_E2E_CHROMIUM || '/usr/bin/chromium',
};

function fail(what, why) {
  throw new Error(`e2e setup: could not install ${what}: ${why}`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.error) return { ok: false, out: String(r.error) };
  return { ok: r.status === 0, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

function tail(s, n = 1500) {
  return s.length > n ? '…' + s.slice(-n) : s;
}

function aptPackages(pkgs) {
  const missing = pkgs.filter((p) => !run('dpkg-query', ['-W', '-f=${Status}', p]).out.includes('install ok installed'));
  if (missing.length === 0) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const exec = (args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), ...args]) : run(args[0], args.slice(1)));
  console.log(`e2e setup: apt-get install ${missing.join(' ')}`);
  const upd = exec(['apt-get', 'update']);
  if (!upd.ok) fail(missing.join(', '), `apt-get update failed:\n${tail(upd.out)}`);
  const inst = exec(['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', ...missing]);
  if (!inst.ok) fail(missing.join(', '), `apt-get install failed:\n${tail(inst.out)}`);
}

function npmInstall(what, dir, spec, check, env = process.env) {
  if (check()) return;
  console.log(`e2e setup: npm install ${spec} (in ${dir})`);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"name":"bptt-lens-e2e-cache","private":true}\n');
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--no-save', spec], { cwd: dir, env });
  if (!r.ok || !check()) fail(what, `npm install ${spec} failed:\n${tail(r.out)}`);
}

export function envWithNode24() {
  const env = { ...process.env, PATH: `${paths.nodeBin}:${process.env.PATH}` };
  // node-gyp (code-server's native modules) would download Node's headers; the node@24 package has them.
  const platformPkg = join(cacheDir, 'node24', 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  if (existsSync(join(platformPkg, 'include', 'node', 'node_api.h'))) env.npm_config_nodedir = platformPkg;
  return env;
}

export function setup() {
  const t0 = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  // fonts: Latin (DejaVu) and CJK (WenQuanYi Micro Hei, for the zh-tw scenario's screenshots)
  aptPackages(['chromium', 'libkrb5-dev', 'fonts-dejavu-core', 'fonts-wqy-microhei']);
  if (!existsSync(paths.chromium)) fail('chromium', `${paths.chromium} is missing after apt-get install`);
  const node24 = () => existsSync(join(paths.nodeBin, 'node')) && run(join(paths.nodeBin, 'node'), ['-v']).out.startsWith('v24');
  npmInstall('Node 24', join(cacheDir, 'node24'), 'node@24', node24);
  const csOk = () => existsSync(paths.codeServer) && run(paths.codeServer, ['--version'], { env: envWithNode24() }).out.includes(CODE_SERVER_VERSION);
  npmInstall('code-server', join(cacheDir, 'code-server'), `code-server@${CODE_SERVER_VERSION}`, csOk, envWithNode24());
  const pwOk = () => existsSync(join(paths.playwright, 'package.json')) && JSON.parse(readFileSync(join(paths.playwright, 'package.json'), 'utf8')).version === PLAYWRIGHT_VERSION;
  npmInstall('playwright-core', join(cacheDir, 'playwright'), `playwright-core@${PLAYWRIGHT_VERSION}`, pwOk);
  console.log(`e2e setup: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (cache ${cacheDir})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    setup();
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
