// Float64 gradchecks and PyTorch 1.13 details of rounding, remainder/fmod/div modes, sort/topk,
// cumprod, xlogy, F.kl_div and F.cosine_similarity.
import assert from 'node:assert/strict';
import { gradcheck } from '../../../src/engine/gradcheck';
import { F, torch } from '../../../src/engine/torch';
import type { Tensor } from '../../../src/engine/tensor';

const f64 = (data: number[], shape: number[], requiresGrad = true): Tensor =>
  torch.fromArray(Float64Array.from(data), shape, { requiresGrad });
const vals = (t: Tensor): number[] => Array.from(t.toArray());

// away from integers and ties, so finite differences see the smooth pieces
const a = (): Tensor => f64([0.31, -1.27, 2.43, 1.58, -0.62, 0.83], [2, 3]);
const b = (): Tensor => f64([0.7, 0.45, -1.1, 0.9, 1.3, -0.35], [2, 3]);
const pos = (): Tensor => f64([0.3, 0.2, 0.5, 0.25, 0.45, 0.3], [2, 3]);

const cases: [string, () => Tensor[], (...xs: Tensor[]) => Tensor, string][] = [
  ['floor', () => [a()], (x) => torch.floor(x), 'FloorBackward0'],
  ['ceil', () => [a()], (x) => x.ceil(), 'CeilBackward0'],
  ['round', () => [a()], (x) => x.round(), 'RoundBackward0'],
  ['trunc', () => [a()], (x) => torch.trunc(x), 'TruncBackward0'],
  ['frac', () => [a()], (x) => x.frac(), 'FracBackward0'],
  ['remainder scalar', () => [a()], (x) => torch.remainder(x, 0.7), 'RemainderBackward0'],
  ['remainder tensor', () => [a(), b()], (x, y) => x.remainder(y), 'RemainderBackward1'],
  ['fmod scalar', () => [a()], (x) => torch.fmod(x, 0.7), 'FmodBackward0'],
  ['fmod tensor', () => [a(), b()], (x, y) => x.fmod(y), 'FmodBackward1'],
  ['div floor', () => [a(), b()], (x, y) => x.divMode(y, 'floor'), 'DivBackward2'],
  ['div trunc scalar', () => [a()], (x) => torch.divMode(x, 0.7, 'trunc'), 'DivBackward2'],
  ['div rounding_mode None', () => [a(), b()], (x, y) => x.divMode(y, null), 'DivBackward2'],
  ['div rounding_mode None scalar', () => [a()], (x) => torch.divMode(x, -0.7, null), 'DivBackward2'],
  ['sort', () => [a()], (x) => torch.sort(x, 1)[0], 'SortBackward0'],
  ['sort descending dim 0', () => [a()], (x) => x.sort(0, true)[0], 'SortBackward0'],
  ['topk', () => [a()], (x) => torch.topk(x, 2)[0], 'TopkBackward0'],
  ['topk smallest dim 0', () => [a()], (x) => x.topk(1, 0, false)[0], 'TopkBackward0'],
  ['cumprod', () => [a()], (x) => torch.cumprod(x, 1), 'CumprodBackward0'],
  ['cumprod with a zero', () => [f64([0.5, 0, 2, 1.5, -0.5, 0], [2, 3])], (x) => x.cumprod(1), 'CumprodBackward0'],
  ['xlogy', () => [a(), pos()], (x, y) => torch.xlogy(x, y), 'XlogyBackward0'],
  ['xlogy where x is 0', () => [f64([0, 0.5, 0, -1.2, 0.3, 0], [2, 3]), pos()], (x, y) => torch.xlogy(x, y), 'XlogyBackward0'],
  ['xlogy broadcast', () => [f64([0, 0.4], [2, 1]), pos()], (x, y) => torch.xlogy(x, y), 'XlogyBackward0'],
  ['kl_div sum', () => [a(), pos()], (x, y) => F.klDiv(x, y, { reduction: 'sum' }), 'SumBackward0'],
  ['kl_div batchmean', () => [a(), pos()], (x, y) => F.klDiv(x, y, { reduction: 'batchmean' }), 'DivBackward0'],
  ['kl_div none log_target', () => [a(), b()], (x, y) => F.klDiv(x, y, { reduction: 'none', logTarget: true }), 'MulBackward0'],
  ['cosine_similarity', () => [a(), b()], (x, y) => F.cosineSimilarity(x, y), 'SumBackward1'],
  ['cosine_similarity broadcast dim 0', () => [a(), f64([0.4, -0.9], [2, 1])], (x, y) => F.cosineSimilarity(x, y, 0), 'SumBackward1'],
];

describe('gradcheck: rounding, modulo, sorting, kl_div, cosine_similarity', () => {
  for (const [name, inputs, fn, gradFn] of cases) {
    it(name, () => {
      const xs = inputs();
      assert.equal(fn(...xs).gradFn?.name, gradFn);
      assert.equal(gradcheck(fn, xs), true);
    });
  }

  it('values follow ATen: half to even, Python modulo, C fmod, floor and trunc division', () => {
    assert.deepEqual(vals(torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, -2.5]))), [0, 2, 2, -0, -2]);
    assert.deepEqual(vals(torch.remainder(torch.tensor([5, -5, 7]), torch.tensor([2, 2, -2]))), [1, 1, -1]);
    assert.deepEqual(vals(torch.floorDivide(torch.tensor([5, -5, 7]), torch.tensor([2, 2, -2]))), [2, -3, -4]);
    assert.deepEqual(vals(torch.fmod(torch.tensor([5, -5, 7]), 2)), [1, -1, 1]);
    assert.deepEqual(vals(torch.divMode(torch.tensor([5.5, -5.5]), 2, 'trunc')), [2, -2]);
    assert.deepEqual(vals(torch.floorDivide(torch.tensor([5, -5, 0], { dtype: 'float32' }), 0)), [Infinity, -Infinity, NaN]);
    assert.throws(() => torch.remainder(torch.tensor([5]), 0), { message: 'ZeroDivisionError' });
    assert.throws(() => torch.frac(torch.tensor([1, 2])), { message: `"frac_cpu" not implemented for 'Long'` });
    assert.equal(torch.floor(torch.tensor([1, 2])).dtype, 'int64');
    assert.deepEqual(vals(torch.isinf(torch.tensor([1, Infinity, -Infinity, NaN]))), [0, 1, 1, 0]);
  });

  it('floor_divide and a scalar dividend record NotImplemented, whose backward fails as in 1.13', () => {
    const x = torch.tensor([1.5, -2, 3], { requiresGrad: true });
    const q = torch.floorDivide(x, 2);
    assert.equal(q.gradFn?.name, 'NotImplemented');
    assert.equal(torch.remainder(2, x).gradFn?.name, 'NotImplemented');
    assert.throws(() => q.sum().backward(), { message: 'derivative for aten::floor_divide is not implemented' });
  });

  it('sort puts NaN last (first when descending), ties in index order; topk returns indices', () => {
    const [v, i] = torch.sort(torch.tensor([1, NaN, 0, 1]));
    assert.deepEqual(vals(v), [0, 1, 1, NaN]);
    assert.deepEqual(vals(i), [2, 0, 3, 1]);
    const [vd, id] = torch.tensor([1, NaN, 0]).sort(-1, true);
    assert.deepEqual([vals(vd), vals(id)], [[NaN, 1, 0], [1, 0, 2]]);
    const [tv, ti] = torch.topk(torch.tensor([1, 2, 3]), 2);
    assert.deepEqual([vals(tv), vals(ti)], [[3, 2], [2, 1]]);
    assert.throws(() => torch.topk(torch.tensor([1, 2]), 3), { message: 'selected index k out of range' });
  });

  it("kl_div: 'mean' warns, a bad reduction is PyTorch's ValueError", () => {
    assert.throws(() => F.klDiv(torch.ones(2), torch.ones(2), { reduction: 'bad' as 'sum' }), { message: 'bad is not a valid value for reduction' });
  });
});
