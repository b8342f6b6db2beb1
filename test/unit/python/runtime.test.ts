// The Python runner: a warm worker shared by runs, streaming, a clean module state per run, limits,
// cancellation through the interrupt buffer, and terminate() as the last resort.
import assert from 'node:assert/strict';
import { pythonWorkerId } from '../../../src/runtime/pythonRunner';
import { runPy, pyFixture, warmUp } from './helpers';

const rt = (name: string): string => pyFixture('runtime', name);

describe('Python front: runner', () => {
  warmUp();

  it('streams output as it is printed, before the run ends', async () => {
    const r = await runPy(rt('stream.py'));
    assert.equal(r.status, 'ok');
    assert.deepEqual(
      r.chunks.map((c) => c.text),
      ['first\n', 'second\n'],
    );
    assert.ok(r.chunks[1].at - r.chunks[0].at > 300, `first at ${r.chunks[0].at} ms, second at ${r.chunks[1].at} ms`);
  });

  it('starts each run from a clean module state on the warm worker', async () => {
    const a = await runPy(rt('leak_a.py'));
    const worker = pythonWorkerId();
    const b = await runPy(rt('leak_b.py'));
    assert.equal(a.status, 'ok', a.error?.stack);
    assert.equal(b.status, 'ok', b.error?.stack);
    // no globals, grad mode back on, the local module re-imported fresh, run a's __main__ gone
    assert.equal(b.stdout.split('\n')[0], 'None True 0 False 1');
    // both runs start from PyTorch's default seed
    assert.equal(a.stdout.split('\n')[0], b.stdout.split('\n')[1]);
    assert.ok(worker !== null && pythonWorkerId() === worker, 'both runs used the same warm worker');
  });

  it('stops a pure-Python loop at the timeout with KeyboardInterrupt, keeping the worker', async () => {
    await runPy(rt('leak_b.py'));
    const worker = pythonWorkerId();
    const r = await runPy(rt('runaway.py'), { timeoutMs: 300 });
    assert.equal(r.status, 'timeout');
    assert.match(r.error?.message ?? '', /ran longer than 0.3 s/);
    const next = await runPy(rt('leak_b.py'));
    assert.equal(next.status, 'ok');
    assert.ok(worker !== null && pythonWorkerId() === worker, 'the same worker ran on: KeyboardInterrupt stopped the loop, not terminate()');
  });

  it('cancels a loop of engine ops through the abort signal', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const r = await runPy(rt('runaway_engine.py'), { signal: ac.signal });
    assert.equal(r.status, 'cancelled');
    assert.equal(r.error?.type, 'CancelledError');
  });

  it('terminates a script that swallows KeyboardInterrupt, and the next run gets a fresh worker', async function () {
    this.timeout(180_000);
    const r = await runPy(rt('stubborn.py'), { timeoutMs: 300 });
    assert.equal(r.status, 'timeout');
    const next = await runPy(rt('leak_b.py'));
    assert.equal(next.status, 'ok', next.error?.stack);
    assert.equal(next.stdout.split('\n')[0], 'None True 0 False 1');
  });

  it('stops a script that allocates without bound with a clear message', async () => {
    const r = await runPy(rt('hog.py'), { tensorMb: 64 });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.kind, 'budget');
    assert.equal(r.error?.type, 'RuntimeError');
    assert.match(r.error?.message ?? '', /64 MB tensor memory limit/);
    assert.equal(r.error?.location?.line, 5);
  });

  it('shows engine warnings at the user line on stderr', async () => {
    const r = await runPy(rt('warn.py'));
    assert.equal(r.status, 'ok');
    assert.equal(r.stdout, 'made\n');
    assert.match(r.stderr, /warn\.py:3: UserWarning: dropout option adds dropout after all but last recurrent layer/);
  });

  it('has no stdin: input() raises', async () => {
    const r = await runPy(rt('ask.py'));
    assert.equal(r.status, 'error');
    assert.equal(r.error?.location?.line, 1);
  });

  it('reports a missing file without starting anything', async () => {
    const r = await runPy(rt('no_such_script.py'));
    assert.equal(r.status, 'error');
    assert.equal(r.error?.type, 'FileNotFoundError');
  });
});
