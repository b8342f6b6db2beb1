// The `bptt-lens` command as a user runs it: the built dist/cli.js in a child process, its exit
// codes, its usage errors and the files it writes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'bptt-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says what is wrong with the command line, with the usage, and exits 2', () => {
    for (const [args, message] of [
      [['frobnicate', 'x.py'], "unknown command 'frobnicate'"],
      [['trace'], 'missing script'],
      [['trace', 'x.ts', '--seed', '-1'], "--seed must be a non-negative integer, got '-1'"],
      [['trace', 'x.py', '--backend', 'cuda'], "--backend must be embedded or pytorch, got 'cuda'"],
      [['check', 'examples/sineWave.ts'], 'check compares a Python script on both backends; examples/sineWave.ts is not a .py file'],
      [['run', 'x.ts', '--out', 'y.json'], 'unknown option --out'],
    ] as const) {
      const r = cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.stderr.includes(`bptt-lens: ${message}`), r.stderr);
      assert.match(r.stderr, /usage: bptt-lens run/);
    }
  });

  it('traces an example, prints the summary and writes the trace', () => {
    const out = join(dir, 't.json');
    const r = cli('trace', 'examples/vanishingDemo.ts', '--out', out, '--seed', '5');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /vanishing/);
    const trace = JSON.parse(readFileSync(out, 'utf8')) as { version: number; script: { backend: string } };
    assert.equal(trace.version, 1);
    assert.equal(trace.script.backend, 'embedded');
  });

  it('seeds the run: the same --seed gives the same numbers, another seed others, none PyTorch\'s default', () => {
    const sum = (...seed: string[]): string => {
      const r = cli('run', 'test/fixtures/scripts/unseeded.ts', ...seed);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.trim();
    };
    const a = sum('--seed', '1');
    assert.equal(sum('--seed', '1'), a);
    assert.notEqual(sum('--seed', '2'), a);
    assert.notEqual(sum(), a);
    assert.equal(sum(), sum('--seed', '67280421310721'));
  });

  it('check says at once when the interpreter cannot run PyTorch, without running anything', () => {
    const t0 = Date.now();
    const r = cli('check', 'examples/lstm.py', '--python', '/nonexistent/python3');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^bptt-lens: cannot cross-check: FileNotFoundError: Python could not be run as '\/nonexistent\/python3' \(not found\)\. Install Python 3 and PyTorch/m);
    assert.doesNotMatch(r.stdout, /iter/, 'the embedded run did not start');
    assert.ok(Date.now() - t0 < 60_000);
  });

  it('exits 1 with the error at the user\'s line when the script fails', () => {
    const r = cli('run', 'test/fixtures/scripts/shapeError.ts');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /shapeError\.ts:6:\d+: RuntimeError: /);
  });
});
