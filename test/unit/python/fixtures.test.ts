// Our PyTorch-style scripts (test/fixtures/python) print exactly what PyTorch 1.13.1 printed
// (gen_expected.py wrote the expectations), and bad input fails with the message and line expected.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { noAddresses, pyFixture, runPy, warmUp } from './helpers';

const scripts = readdirSync(pyFixture()).filter((n) => n.endsWith('.py') && n !== 'gen_expected.py');

describe('Python front: scripts against PyTorch 1.13.1', () => {
  warmUp();

  for (const name of scripts) {
    it(name, async function () {
      this.timeout(60_000);
      const r = await runPy(pyFixture(name));
      assert.equal(r.status, 'ok', `${r.error?.stack}\n${r.stderr}`);
      assert.equal(noAddresses(r.stdout), noAddresses(readFileSync(pyFixture(name.replace(/\.py$/, '.expected.txt')), 'utf8')));
    });
  }
});

/** The last traceback line and its line number, as gen_expected.py records them. */
function errorLine(r: Awaited<ReturnType<typeof runPy>>): string {
  return `!! line ${r.error?.location?.line ?? '?'}: ${(r.error?.stack ?? '').split('\n').pop()}\n`;
}

describe('Python front: bad input', () => {
  warmUp();

  const generated = readdirSync(pyFixture('errors')).filter((n) => n.endsWith('.py') && existsSync(pyFixture('errors', n.replace(/\.py$/, '.expected.txt'))));
  for (const name of generated) {
    it(`${name} fails as PyTorch fails`, async () => {
      const r = await runPy(pyFixture('errors', name));
      assert.equal(r.status, 'error');
      assert.equal(r.stdout + errorLine(r), readFileSync(pyFixture('errors', name.replace(/\.py$/, '.expected.txt')), 'utf8'));
      assert.equal(r.error?.location?.file, pyFixture('errors', name));
    });
  }

  it('a syntax error points at its line and column, with no traceback frames', async () => {
    const r = await runPy(pyFixture('errors', 'bad_syntax.py'));
    assert.equal(r.error?.type, 'SyntaxError');
    assert.deepEqual([r.error?.location?.line, r.error?.location?.column], [5, 12]);
    assert.equal(r.stdout, '');
    assert.match(r.error?.stack ?? '', /^ {2}File ".*bad_syntax\.py", line 5\n {4}def broken\(:\n/);
  });

  it('an engine error keeps its kind and shows only the user frames', async () => {
    const r = await runPy(pyFixture('errors', 'bad_shape.py'));
    assert.equal(r.error?.type, 'RuntimeError');
    assert.equal(r.error?.kind, 'shape');
    assert.equal(r.error?.message, 'mat1 and mat2 shapes cannot be multiplied (2x4 and 5x3)');
    assert.doesNotMatch(r.error?.stack ?? '', /torch\/|bridge|\.js/);
    assert.match(r.error?.stack ?? '', /line 7, in <module>\n {4}y = torch\.matmul\(x, w\)\n/);
  });

  it('an unsupported torch API raises NotImplementedError naming it', async () => {
    const r = await runPy(pyFixture('errors', 'bad_unsupported.py'));
    assert.equal(r.stdout, 'torch.Size([8])\n');
    assert.equal(r.error?.type, 'NotImplementedError');
    assert.equal(
      r.error?.message,
      "torch.fft is not supported by bptt-lens's embedded engine; set bptt-lens.backend to 'pytorch' to use your own PyTorch",
    );
    assert.equal(r.error?.location?.line, 5);
  });

  it('an unsupported Tensor method names itself too', async () => {
    const r = await runPy(pyFixture('errors', 'bad_tensor_method.py'));
    assert.equal(r.error?.type, 'NotImplementedError');
    assert.match(r.error?.message ?? '', /^Tensor\.cummax is not supported by bptt-lens's embedded engine/);
    assert.equal(r.error?.location?.line, 4);
  });

  it('import numpy fails with a clear ImportError pointing to the backend setting and torch equivalents', async () => {
    const r = await runPy(pyFixture('errors', 'bad_numpy.py'));
    assert.equal(r.stdout, 'tensor([1.])\n');
    assert.equal(r.error?.type, 'ModuleNotFoundError');
    assert.match(r.error?.message ?? '', /numpy is not available offline in bptt-lens's embedded Python engine/);
    assert.match(r.error?.message ?? '', /torch\.linspace, torch\.arange, torch\.sin/);
    assert.match(r.error?.message ?? '', /bptt-lens\.backend to 'pytorch'/);
    assert.equal(r.error?.location?.line, 3);
  });
});
