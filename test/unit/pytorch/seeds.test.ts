// The seed's scripts run unchanged on the user's real PyTorch, traced, and print what PyTorch 1.13.1
// printed (../shared/seed/*.expected.txt; grad_fn addresses vary from run to run).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertValid } from '../trace/schemaCheck';
import { requireTorch, runPt, seed } from './helpers';

const noAddresses = (s: string): string => s.replace(/ at 0x[0-9a-f]+>/g, ' at 0x…>');

describe('pytorch backend: the seed scripts', function () {
  this.timeout(180_000);
  requireTorch();

  it('seed_rnn_model.py prints the model exactly', async () => {
    const r = await runPt(seed('seed_rnn_model.py'));
    assert.equal(r.status, 'ok', r.error?.stack);
    assert.equal(r.stdout, readFileSync(seed('seed_rnn_model.expected.txt'), 'utf8'));
    assert.equal(r.stderr, '');
    assertValid(r.trace!);
    assert.deepEqual(
      r.trace!.model.modules.map((m) => m.path),
      ['', 'rnn', 'out'],
    );
  });

  it('seed_autograd_seed0.py prints the same numbers and grad_fns', async () => {
    const r = await runPt(seed('seed_autograd_seed0.py'));
    assert.equal(r.status, 'ok', r.error?.stack);
    assert.equal(noAddresses(r.stdout), noAddresses(readFileSync(seed('seed_autograd_seed0.expected.txt'), 'utf8')));
    const names = r.trace!.graph.nodes.map((n) => n.name);
    assert.deepEqual(names.slice(0, 2), ['BinaryCrossEntropyWithLogitsBackward0', 'AddBackward0']);
    assert.deepEqual(
      r.trace!.graph.nodes.filter((n) => n.leaf).map((n) => n.leaf),
      ['input:[3]', 'input:[5, 3]'],
    );
  });

  it('seed_autograd.py prints the same shapes and grad_fns', async () => {
    const r = await runPt(seed('seed_autograd.py'));
    assert.equal(r.status, 'ok', r.error?.stack);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 8);
    assert.match(lines[0], /^z的梯度函數為: <AddBackward0 object at 0x[0-9a-f]+>$/);
    assert.match(lines[1], /^loss的梯度函數為: <BinaryCrossEntropyWithLogitsBackward0 object at 0x[0-9a-f]+>$/);
    assert.match(lines[2], /^tensor\(\[\[-?\d\.\d{4}, -?\d\.\d{4}, -?\d\.\d{4}\],$/);
    assert.match(lines[7], /^tensor\(\[-?\d\.\d{4}, -?\d\.\d{4}, -?\d\.\d{4}\]\)$/);
  });
});
