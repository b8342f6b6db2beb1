// outerProductStats: the statistics of a gradient that backward added into a sum without making it
// (an outer product a @ b), from its factors, against the product made and scanned.
import assert from 'node:assert/strict';
import { torch, type Tensor } from '../../../src/engine';
import { outerProductStats, statsOf } from '../../../src/trace/stats';
import type { TensorStats } from '../../../src/trace/types';

function made(a: Tensor, b: Tensor): TensorStats {
  const x = a.toArray();
  const y = b.toArray();
  const out = a.dtype === 'float32' ? new Float32Array(x.length * y.length) : new Float64Array(x.length * y.length);
  for (let i = 0; i < x.length; i++) for (let j = 0; j < y.length; j++) out[i * y.length + j] = x[i] * y[j];
  return statsOf(out);
}

function close(got: TensorStats, want: TensorStats, rel: number): void {
  assert.equal(got.numel, want.numel);
  assert.equal(got.nanCount, want.nanCount);
  assert.equal(got.infCount, want.infCount);
  for (const k of ['norm', 'min', 'max', 'mean'] as const) {
    assert.ok(Math.abs(got[k] - want[k]) <= rel * Math.max(Math.abs(want[k]), 1e-300), `${k}: ${got[k]} vs ${want[k]}`);
  }
}

describe('outerProductStats', () => {
  it('matches the made product for random factors of either sign, float64 and float32', () => {
    torch.manualSeed(7);
    for (const dtype of ['float64', 'float32'] as const) {
      for (const [m, n] of [[1, 1], [5, 3], [32, 96]]) {
        const a = torch.randn([m, 1], { dtype });
        const b = torch.randn([1, n], { dtype });
        close(outerProductStats(a, b), made(a, b), dtype === 'float64' ? 1e-12 : 1e-6);
      }
    }
  });

  it('reads strided factors (the transposed h_{t-1} backward passes)', () => {
    torch.manualSeed(8);
    const h = torch.randn([1, 6], { dtype: 'float64' });
    const g = torch.randn([1, 4], { dtype: 'float64' });
    close(outerProductStats(h.t(), g), made(h.t().contiguous(), g), 1e-12);
  });

  it('counts NaN and Inf exactly when a factor holds them', () => {
    const a = torch.tensor([[1], [Number.NaN], [2]], { dtype: 'float64' });
    const b = torch.tensor([[3, Number.POSITIVE_INFINITY]], { dtype: 'float64' });
    const s = outerProductStats(a, b);
    assert.deepEqual([s.nanCount, s.infCount], [made(a, b).nanCount, made(a, b).infCount]);
    assert.ok(s.nanCount > 0 && s.infCount > 0);
  });

  it('sees a float32 product overflow to Inf although both factors are finite', () => {
    const a = torch.tensor([[3e20], [1]], { dtype: 'float32' });
    const b = torch.tensor([[2e18, -1]], { dtype: 'float32' });
    const s = outerProductStats(a, b);
    assert.equal(s.infCount, 1);
    assert.equal(s.nanCount, 0);
    close(s, made(a, b), 1e-6);
  });
});
