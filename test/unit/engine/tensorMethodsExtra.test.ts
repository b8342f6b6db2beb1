// The ops added with the extra reference cases are also Tensor methods (camelCase, PyTorch's
// signatures): each method gives the values and grad_fn of the `torch.<name>` function it mirrors.
import assert from 'node:assert/strict';
import { torch } from '../../../src/engine/torch';
import type { Tensor } from '../../../src/engine/tensor';

const x = (): Tensor => torch.tensor([[0.5, -1.25, 2], [1.5, 0.25, -0.75]], { requiresGrad: true });
const p = (): Tensor => torch.tensor([[0.5, 1.25, 2], [1.5, 0.25, 0.75]], { requiresGrad: true });

function same(a: Tensor, b: Tensor, gradFn?: string): void {
  assert.deepEqual(a.shape, b.shape);
  assert.equal(a.dtype, b.dtype);
  assert.deepEqual(Array.from(a.toArray()), Array.from(b.toArray()));
  assert.equal(a.gradFn?.name ?? null, b.gradFn?.name ?? null);
  if (gradFn !== undefined) assert.equal(a.gradFn?.name ?? null, gradFn);
}

describe('Tensor methods of the extra ops', () => {
  const idx = torch.tensor([[0, 2], [1, 0]]);
  const cases: [string, () => Tensor, () => Tensor, string | null][] = [
    ['rsqrt', () => p().rsqrt(), () => torch.rsqrt(p()), 'RsqrtBackward0'],
    ['exp2', () => x().exp2(), () => torch.exp2(x()), 'Exp2Backward0'],
    ['log1p', () => p().log1p(), () => torch.log1p(p()), 'Log1PBackward0'],
    ['expm1', () => x().expm1(), () => torch.expm1(x()), 'Expm1Backward0'],
    ['log2', () => p().log2(), () => torch.log2(p()), 'Log2Backward0'],
    ['log10', () => p().log10(), () => torch.log10(p()), 'Log10Backward0'],
    ['square', () => x().square(), () => torch.square(x()), 'PowBackward0'],
    ['clampMin', () => x().clampMin(0.3), () => torch.clampMin(x(), 0.3), 'ClampMinBackward0'],
    ['clampMax', () => x().clampMax(0.3), () => torch.clampMax(x(), 0.3), 'ClampMaxBackward0'],
    ['clamp(tensor bounds)', () => x().clamp(torch.zeros(3), torch.ones(3)), () => torch.clampTensor(x(), torch.zeros(3), torch.ones(3)), 'ClampBackward0'],
    ['clampMin(tensor)', () => x().clampMin(torch.zeros(3)), () => torch.clampTensor(x(), torch.zeros(3), null), 'ClampBackward0'],
    ['lerp', () => x().lerp(p(), 0.25), () => torch.lerp(x(), p(), 0.25), 'LerpBackward0'],
    ['addcmul', () => x().addcmul(p(), p(), 0.5), () => torch.addcmul(x(), p(), p(), 0.5), 'AddcmulBackward0'],
    ['addcdiv', () => x().addcdiv(x(), p(), 2), () => torch.addcdiv(x(), x(), p(), 2), 'AddcdivBackward0'],
    ['argmin', () => x().argmin(1), () => torch.argmin(x(), 1), null],
    ['argmin()', () => x().argmin(), () => torch.argmin(x()), null],
    ['amax', () => x().amax(1, true), () => torch.amax(x(), 1, true), 'AmaxBackward0'],
    ['amin', () => x().amin([0, 1]), () => torch.amin(x(), [0, 1]), 'AminBackward0'],
    ['prod()', () => x().prod(), () => torch.prod(x()), 'ProdBackward0'],
    ['prod(dim)', () => x().prod(0), () => torch.prod(x(), 0), 'ProdBackward1'],
    ['cumsum', () => x().cumsum(1), () => torch.cumsum(x(), 1), 'CumsumBackward0'],
    ['norm()', () => x().norm(), () => torch.norm(x()), 'NormBackward1'],
    ['norm(1, dim)', () => x().norm(1, 1, true), () => torch.norm(x(), 1, 1, true), 'NormBackward1'],
    ['var', () => x().var(1), () => torch.var(x(), 1), 'VarBackward0'],
    ['std(correction 0)', () => x().std(null, 0), () => torch.std(x(), null, 0), 'StdBackward0'],
    ['logsumexp', () => x().logsumexp(1), () => torch.logsumexp(x(), 1), 'LogsumexpBackward0'],
    ['maximum', () => x().maximum(p()), () => torch.maximum(x(), p()), 'MaximumBackward0'],
    ['minimum', () => x().minimum(p()), () => torch.minimum(x(), p()), 'MinimumBackward0'],
    ['repeat', () => x().repeat(2, 1, 2), () => torch.repeat(x(), [2, 1, 2]), 'RepeatBackward0'],
    ['repeat([..])', () => x().repeat([1, 2]), () => torch.repeat(x(), [1, 2]), 'RepeatBackward0'],
    ['tile', () => x().tile(2), () => torch.tile(x(), [2]), 'RepeatBackward0'],
    ['flip', () => x().flip(0, 1), () => torch.flip(x(), [0, 1]), 'FlipBackward0'],
    ['flip([..])', () => x().flip([1]), () => torch.flip(x(), [1]), 'FlipBackward0'],
    ['roll', () => x().roll(1, 1), () => torch.roll(x(), 1, 1), 'RollBackward0'],
    ['roll(flat)', () => x().roll(2), () => torch.roll(x(), 2), 'RollBackward0'],
    ['tril', () => x().tril(), () => torch.tril(x()), 'TrilBackward0'],
    ['triu', () => x().triu(1), () => torch.triu(x(), 1), 'TriuBackward0'],
    ['gather', () => x().gather(1, idx), () => torch.gather(x(), 1, idx), 'GatherBackward0'],
    ['indexSelect', () => x().indexSelect(1, torch.tensor([2, 0])), () => torch.indexSelect(x(), 1, torch.tensor([2, 0])), 'IndexSelectBackward0'],
    ['maskedSelect', () => x().maskedSelect(x().gt(0)), () => torch.maskedSelect(x(), x().gt(0)), 'MaskedSelectBackward0'],
    ['isfinite', () => x().isfinite(), () => torch.isfinite(x()), null],
  ];
  for (const [name, method, fn, gradFn] of cases) {
    it(name, () => same(method(), fn(), gradFn ?? undefined));
  }

  it('baddbmm, addmv, outer and ger', () => {
    const b1 = torch.ones(2, 2, 3, { requiresGrad: true });
    const b2 = torch.ones(2, 3, 2);
    same(torch.zeros(2, 2, 2).baddbmm(b1, b2, 0.5, 2), torch.baddbmm(torch.zeros(2, 2, 2), b1, b2, 0.5, 2), 'BaddbmmBackward0');
    const v = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    same(torch.ones(2).addmv(x(), v), torch.addmv(torch.ones(2), x(), v), 'AddmvBackward0');
    same(v.outer(torch.tensor([1.5, 2])), torch.outer(v, torch.tensor([1.5, 2])), 'MulBackward0');
    same(v.ger(torch.tensor([1.5, 2])), torch.outer(v, torch.tensor([1.5, 2])), 'MulBackward0');
  });

  it('the methods chain and backpropagate', () => {
    const a = x();
    a.cumsum(1).flip(0).norm().backward();
    assert.ok(a.grad !== null);
    assert.deepEqual(a.grad.shape, [2, 3]);
  });
});

describe('PyTorch tie and error details', () => {
  it('maximum/minimum keep the first argument on ties (std::max / std::min), as torch.max(a, b) does', () => {
    const pz = torch.tensor([0, 0], { dtype: 'float32' });
    const nz = torch.tensor([-0, -0], { dtype: 'float32' });
    assert.ok(Object.is(torch.maximum(pz, nz).toArray()[0], 0));
    assert.ok(Object.is(torch.maximum(nz, pz).toArray()[0], -0));
    assert.ok(Object.is(torch.minimum(pz, nz).toArray()[0], 0));
    assert.ok(Object.is(torch.minimum(nz, pz).toArray()[0], -0));
    assert.deepEqual(Array.from(torch.maximum(torch.tensor([1, NaN, 2]), torch.tensor([3, 0, 2])).toArray()), [3, NaN, 2]);
  });

  it('a slice step of zero or less fails with PyTorch\'s message', () => {
    assert.throws(() => torch.ones(4).index(torch.sl(null, null, 0)), { message: 'step must be greater than zero' });
    assert.throws(() => torch.ones(4).index(torch.sl(null, null, -1)), { message: 'step must be greater than zero' });
  });
});
