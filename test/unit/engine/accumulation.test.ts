// Gradient buffers are summed in place once private; a sum that a node forwarded as it is must
// not be modified later (regression: AddBackward0 passes its gradient on unchanged).
import assert from 'node:assert/strict';
import { torch } from '../../../src/engine';

describe('backward: accumulation of gradients from several consumers', () => {
  it('gives d/dx of 2h + 3h + 5p with h = sin x + cos x, p = sin x', () => {
    const x = torch.tensor([0.3, -1.2], { dtype: 'float64', requiresGrad: true });
    const p = x.sin();
    const q = x.cos();
    const r = p.mul(5);
    const h = p.add(q);
    h.mul(2).sum().add(h.mul(3).sum()).add(r.sum()).backward();
    const want = [0.3, -1.2].map((v) => 10 * Math.cos(v) - 5 * Math.sin(v));
    x.grad!.toArray().forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-12, `${g} vs ${want[i]}`));
  });

  it('keeps a shared incoming gradient intact when a fan-out sums into it', () => {
    const a = torch.tensor([1.5, 2.5], { dtype: 'float64', requiresGrad: true });
    const b = a.mul(1);
    const c = b.add(b).add(b); // three uses of b, the sum flows on through MulBackward0
    const d = c.mul(c);
    d.sum().backward();
    // d = 9a², dd/da = 18a
    assert.deepEqual(Array.from(a.grad!.toArray()), [27, 45]);
  });
});
