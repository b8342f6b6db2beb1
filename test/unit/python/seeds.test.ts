// The seed's scripts run unchanged and print what PyTorch 1.13.1 printed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { noAddresses, runPy, seed, warmUp } from './helpers';

const seedsHere = existsSync(seed('seed_rnn_model.py'));

(seedsHere ? describe : describe.skip)('Python front: the seed scripts', () => {
  warmUp();

  it('seed_rnn_model.py prints the model exactly as PyTorch', async () => {
    const r = await runPy(seed('seed_rnn_model.py'));
    assert.equal(r.status, 'ok', r.error?.stack);
    assert.equal(r.stdout, readFileSync(seed('seed_rnn_model.expected.txt'), 'utf8'));
    assert.equal(r.stderr, '');
  });

  it('seed_autograd_seed0.py prints PyTorch numbers and grad_fns (addresses aside)', async () => {
    const r = await runPy(seed('seed_autograd_seed0.py'));
    assert.equal(r.status, 'ok', r.error?.stack);
    assert.equal(noAddresses(r.stdout), noAddresses(readFileSync(seed('seed_autograd_seed0.expected.txt'), 'utf8')));
  });

  it('seed_autograd.py runs and prints the same shapes and grad_fns', async () => {
    const r = await runPy(seed('seed_autograd.py'));
    assert.equal(r.status, 'ok', r.error?.stack);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 8);
    assert.match(lines[0], /^z的梯度函數為: <AddBackward0 object at 0x[0-9a-f]+>$/);
    assert.match(lines[1], /^loss的梯度函數為: <BinaryCrossEntropyWithLogitsBackward0 object at 0x[0-9a-f]+>$/);
    assert.match(lines[2], /^tensor\(\[\[-?\d\.\d{4}, -?\d\.\d{4}, -?\d\.\d{4}\],$/);
    assert.match(lines[7], /^tensor\(\[-?\d\.\d{4}, -?\d\.\d{4}, -?\d\.\d{4}\]\)$/);
  });
});
