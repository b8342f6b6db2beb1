// The pytorch backend's runner (src/runtime/pytorchRunner.ts): output streams as printed, timeout and
// cancel stop the child (with the partial trace), seeds, run-only mode, no stdin, the script's errors
// at the user's line, and a clear error with the fix for a missing Python, a missing torch and a torch
// older than 1.13.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probePython } from '../../../src/runtime/pytorchRunner';
import { runScript } from '../../../src/runtime/runner';
import { PYTHON, ptFixture, requireTorch, runPt } from './helpers';

describe('pytorch backend: runner', function () {
  this.timeout(180_000);
  requireTorch();

  it('streams output as it is printed, before the run ends', async () => {
    const r = await runPt(ptFixture('stream.py'), { trace: false });
    assert.equal(r.status, 'ok', r.error?.stack);
    assert.equal(r.trace, null);
    assert.equal(r.stdout, 'first\nsecond\n');
    const first = r.chunks.find((c) => c.text.includes('first'))!;
    const second = r.chunks.find((c) => c.text.includes('second'))!;
    assert.ok(second.at - first.at > 600, `first at ${first.at} ms, second at ${second.at} ms`);
  });

  it('stops a runaway script at the timeout, keeping what the tracer had', async () => {
    const r = await runPt(ptFixture('runaway.py'), { timeoutMs: 10_000 });
    assert.equal(r.status, 'timeout');
    assert.match(r.error?.message ?? '', /ran longer than 10 s/);
    assert.equal(r.stdout, 'started\n');
    assert.equal(r.trace?.error?.type, 'KeyboardInterrupt');
    assert.equal(r.trace?.script.ok, false);
  });

  it('cancels through the abort signal', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    let startedAt = 0;
    const r = await runScript(ptFixture('runaway.py'), {
      backend: 'pytorch',
      python: PYTHON,
      signal: ac.signal,
      onOutput: (_s, text) => {
        if (text.includes('started')) {
          startedAt = performance.now();
          ac.abort();
        }
      },
    });
    assert.equal(r.status, 'cancelled');
    assert.equal(r.error?.type, 'CancelledError');
    assert.ok(startedAt > 0 && performance.now() - startedAt < 6000, `stopped ${performance.now() - startedAt} ms after the abort (run ${performance.now() - t0} ms)`);
  });

  it('seeds torch, random and numpy with --seed', async () => {
    const run = async (seed: number): Promise<string> => {
      const r = await runPt(ptFixture('seeded.py'), { trace: false, seed });
      assert.equal(r.status, 'ok', r.error?.stack);
      return r.stdout;
    };
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.equal(new Set(a.slice(a.indexOf(']') + 1).split(' ').filter(Boolean)).size, 2);
  });

  it('has no stdin: input() raises EOFError at its line', async () => {
    const r = await runPt(ptFixture('ask.py'), { trace: false });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.type, 'EOFError');
    assert.equal(r.error?.location?.line, 1);
  });

  it('a shape error inside a module: PyTorch’s message at the user’s line in forward, and the partial trace', async () => {
    const file = ptFixture('shape_error.py');
    const r = await runPt(file);
    assert.equal(r.status, 'error');
    assert.equal(r.error?.type, 'RuntimeError');
    assert.equal(r.error?.message, 'mat1 and mat2 shapes cannot be multiplied (5x4 and 3x2)');
    assert.deepEqual(r.error?.location, { file, line: 12, column: 16 });
    assert.match(r.error?.stack ?? '', /^Traceback \(most recent call last\):\n {2}File ".*shape_error\.py", line 16, in <module>[\s\S]*line 12, in forward[\s\S]*RuntimeError: mat1 and mat2/);
    assert.doesNotMatch(r.error?.stack ?? '', /torch[/\\]nn|bptt_tracer/);
    assert.equal(r.trace?.script.ok, false);
    assert.deepEqual(r.trace?.error, r.error);
    assert.deepEqual(r.trace?.console, [{ stream: 'stdout', text: 'before the error\n' }]);
    assert.deepEqual(
      r.trace?.model.modules.map((m) => m.path),
      ['', 'fc'],
    );
  });

  it('a syntax error: its line and column', async () => {
    const r = await runPt(ptFixture('syntax_error.py'));
    assert.equal(r.status, 'error');
    assert.equal(r.error?.type, 'SyntaxError');
    assert.equal(r.error?.location?.line, 3);
    assert.equal(r.error?.location?.column, 15);
  });

  it('refuses a .ts script with a clear message', async () => {
    const r = await runScript(join(__dirname, '../../../examples/lstm.ts'), { backend: 'pytorch', python: PYTHON });
    assert.equal(r.status, 'error');
    assert.match(r.error?.message ?? '', /runs Python scripts \(\.py\).*embedded backend/);
  });

  describe('an interpreter that cannot run it', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'bptt-pt-'));
      // -S leaves site-packages (and torch) out; an old torch is a stand-in module on PYTHONPATH
      writeFileSync(join(dir, 'no-torch'), `#!/bin/sh\nexec "${PYTHON}" -S "$@"\n`);
      mkdirSync(join(dir, 'old', 'torch'), { recursive: true });
      writeFileSync(join(dir, 'old', 'torch', '__init__.py'), "__version__ = '1.12.1'\n");
      writeFileSync(join(dir, 'old-torch'), `#!/bin/sh\nPYTHONPATH="${join(dir, 'old')}" exec "${PYTHON}" -S "$@"\n`);
      for (const f of ['no-torch', 'old-torch']) chmodSync(join(dir, f), 0o755);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('missing Python: pythonMissing, with the fix', async () => {
      const r = await runScript(ptFixture('stream.py'), { backend: 'pytorch', python: join(dir, 'nowhere', 'python3') });
      assert.equal(r.status, 'error');
      assert.equal(r.error?.kind, 'pythonMissing');
      assert.match(r.error?.message ?? '', /could not be run.*not found.*pip install torch.*bptt-lens\.pythonPath/);
    });

    it('missing torch: torchMissing, with the pip command', async () => {
      const p = await probePython(join(dir, 'no-torch'));
      assert.equal(p.ok, false);
      assert.equal(p.error?.kind, 'torchMissing');
      assert.match(p.error?.message ?? '', /PyTorch is not installed .*ModuleNotFoundError.*-m pip install torch/);
      const r = await runScript(ptFixture('stream.py'), { backend: 'pytorch', python: join(dir, 'no-torch') });
      assert.equal(r.error?.kind, 'torchMissing');
    });

    it('torch older than 1.13: torchTooOld, with the upgrade command', async () => {
      const p = await probePython(join(dir, 'old-torch'));
      assert.equal(p.torchVersion, '1.12.1');
      assert.equal(p.error?.kind, 'torchTooOld');
      assert.match(p.error?.message ?? '', /PyTorch 1\.12\.1 .* too old.*1\.13 or newer.*pip install --upgrade torch/);
    });

    it('probes a good one: versions and CUDA', async () => {
      const p = await probePython(PYTHON);
      assert.equal(p.ok, true);
      assert.match(p.pythonVersion ?? '', /^3\.\d+/);
      assert.match(p.torchVersion ?? '', /^\d+\.\d+/);
      assert.equal(typeof p.cuda, 'boolean');
    });
  });
});
