// The script runner: worker isolation, streaming, errors at the user's line, limits, cancel.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runScript } from '../../../src/runtime/runner';

const fixture = (name: string): string => join(__dirname, '../../fixtures/scripts', name);

describe('runScript', () => {
  it('streams output and reports a shape error at the user line with PyTorch wording', async () => {
    const chunks: string[] = [];
    const out = await runScript(fixture('shapeError.ts'), { onOutput: (_s, t) => chunks.push(t) });
    assert.equal(out.status, 'error');
    assert.deepEqual(chunks, ['before the error\n']);
    assert.equal(out.error?.type, 'RuntimeError');
    assert.equal(out.error?.kind, 'shape');
    assert.equal(out.error?.message, 'mat1 and mat2 shapes cannot be multiplied (1x4 and 5x3)');
    assert.equal(out.error?.location?.file, fixture('shapeError.ts'));
    assert.equal(out.error?.location?.line, 6);
    assert.match(out.error?.stack ?? '', /shapeError\.ts:6:\d+/);
  });

  it('names the user\'s line and column of each traced op: at top level, in a helper, and for a module call', async () => {
    const out = await runScript(fixture('sourceLines.ts'), { trace: true });
    assert.equal(out.status, 'ok', JSON.stringify(out.error));
    const at = (name: string): [number, number] => {
      const n = out.trace!.graph.nodes.find((g) => g.name === name);
      assert.ok(n?.source, `${name} has a source`);
      assert.equal(n.source.file, fixture('sourceLines.ts'));
      return [n.source.line, n.source.column];
    };
    assert.deepEqual(at('MulBackward0'), [5, 12]); // t.mul(2) in double()
    assert.deepEqual(at('AddmmBackward0'), [11, 15]); // lin.call(y): the call site for ops inside the module
    assert.deepEqual(at('PowBackward0'), [12, 16]);
    assert.deepEqual(at('SumBackward0'), [12, 23]);
  });

  it('reports a syntax error at its line and column', async () => {
    const out = await runScript(fixture('syntaxError.js'));
    assert.equal(out.status, 'error');
    assert.equal(out.error?.type, 'SyntaxError');
    assert.deepEqual([out.error?.location?.line, out.error?.location?.column], [3, 11]);
  });

  it('stops a tight loop that never calls the engine at the timeout', async () => {
    const out = await runScript(fixture('runaway.js'), { timeoutMs: 300 });
    assert.equal(out.status, 'timeout');
    assert.match(out.error?.message ?? '', /ran longer than 0.3 s/);
  });

  it('cancels a loop inside engine ops cooperatively', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const out = await runScript(fixture('runawayEngine.js'), { signal: ac.signal });
    assert.equal(out.status, 'cancelled');
  });

  it('stops a script that allocates without bound with a clear message', async () => {
    const out = await runScript(fixture('hog.js'), { tensorMb: 64 });
    assert.equal(out.status, 'error');
    assert.equal(out.error?.kind, 'budget');
    assert.match(out.error?.message ?? '', /64 MB tensor memory limit/);
  });

  it('leaves nothing behind between runs', async () => {
    const a: string[] = [];
    const b: string[] = [];
    await runScript(fixture('leakA.js'), { onOutput: (_s, t) => a.push(t) });
    await runScript(fixture('leakB.js'), { onOutput: (_s, t) => b.push(t) });
    assert.equal(b.join('').split(' ')[0], 'undefined');
    // the second run starts from PyTorch's default seed, not from the first run's generator
    assert.notEqual(a.join(''), b.join('').split(' ').slice(1).join(' '));
  });
});
