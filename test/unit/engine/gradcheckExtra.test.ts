// Float64 finite-difference gradcheck of the ops added for the extra reference cases
// (ops/pointwiseExtra.ts, ops/reduceExtra.ts, ops/gatherOps.ts, ops/linalgExtra.ts), each also
// checked to record PyTorch 1.13's grad_fn. Inputs are seeded and kept away from kinks and ties.
import assert from 'node:assert/strict';
import { gradcheck } from '../../../src/engine/gradcheck';
import { F, torch } from '../../../src/engine/torch';
import type { Tensor } from '../../../src/engine/tensor';
import { GradInputs, long } from './gradInputs';

const inputs = new GradInputs(7);
const { x, c } = inputs;

interface Case {
  name: string;
  inputs: () => Tensor[];
  fn: (...xs: Tensor[]) => Tensor;
  gradFn: string;
}

const cases: Case[] = [
  { name: 'rsqrt', inputs: () => [x([2, 3], 'pos')], fn: (a) => torch.rsqrt(a), gradFn: 'RsqrtBackward0' },
  { name: 'exp2', inputs: () => [x([2, 3])], fn: (a) => torch.exp2(a), gradFn: 'Exp2Backward0' },
  { name: 'log1p', inputs: () => [x([2, 3], 'pos')], fn: (a) => torch.log1p(a), gradFn: 'Log1PBackward0' },
  { name: 'expm1', inputs: () => [x([2, 3])], fn: (a) => torch.expm1(a), gradFn: 'Expm1Backward0' },
  { name: 'log2', inputs: () => [x([2, 3], 'pos')], fn: (a) => torch.log2(a), gradFn: 'Log2Backward0' },
  { name: 'log10', inputs: () => [x([2, 3], 'pos')], fn: (a) => torch.log10(a), gradFn: 'Log10Backward0' },
  { name: 'square', inputs: () => [x([2, 3])], fn: (a) => torch.square(a), gradFn: 'PowBackward0' },
  { name: 'leaky_relu', inputs: () => [x([2, 4])], fn: (a) => F.leakyRelu(a, 0.2), gradFn: 'LeakyReluBackward0' },
  { name: 'elu', inputs: () => [x([2, 4])], fn: (a) => F.elu(a, 0.7), gradFn: 'EluBackward0' },
  { name: 'gelu', inputs: () => [x([2, 4])], fn: (a) => F.gelu(a), gradFn: 'GeluBackward0' },
  { name: 'gelu tanh', inputs: () => [x([2, 4])], fn: (a) => F.gelu(a, 'tanh'), gradFn: 'GeluBackward0' },
  { name: 'softplus', inputs: () => [x([2, 4])], fn: (a) => F.softplus(a, 2, 1.9), gradFn: 'SoftplusBackward0' },
  { name: 'silu', inputs: () => [x([2, 4])], fn: (a) => F.silu(a), gradFn: 'SiluBackward0' },
  { name: 'hardtanh', inputs: () => [x([2, 4])], fn: (a) => F.hardtanh(a, -0.5, 0.55), gradFn: 'HardtanhBackward0' },
  { name: 'logsigmoid', inputs: () => [x([2, 4])], fn: (a) => F.logsigmoid(a), gradFn: 'LogSigmoidBackward0' },
  { name: 'softsign', inputs: () => [x([2, 4])], fn: (a) => F.softsign(a), gradFn: 'DivBackward0' },
  { name: 'clamp_min', inputs: () => [x([2, 4])], fn: (a) => torch.clampMin(a, 0.1), gradFn: 'ClampMinBackward0' },
  { name: 'clamp_max', inputs: () => [x([2, 4])], fn: (a) => torch.clampMax(a, 0.1), gradFn: 'ClampMaxBackward0' },
  { name: 'clamp tensor bounds', inputs: () => [x([2, 3]), x([3]), x([2, 3])], fn: (a, lo, hi) => torch.clampTensor(a, lo, hi), gradFn: 'ClampBackward0' },
  { name: 'lerp scalar', inputs: () => [x([2, 3]), x([3])], fn: (a, b) => torch.lerp(a, b, 0.3), gradFn: 'LerpBackward0' },
  { name: 'lerp tensor', inputs: () => [x([2, 3]), x([3]), x([2, 1])], fn: (a, b, w) => torch.lerp(a, b, w), gradFn: 'LerpBackward1' },
  { name: 'addcmul', inputs: () => [x([3]), x([2, 3]), x([2, 1])], fn: (a, b, d) => torch.addcmul(a, b, d, 0.5), gradFn: 'AddcmulBackward0' },
  { name: 'addcdiv', inputs: () => [x([2, 3]), x([3]), x([2, 3], 'pos')], fn: (a, b, d) => torch.addcdiv(a, b, d, -2), gradFn: 'AddcdivBackward0' },
  { name: 'amax dims', inputs: () => [x([2, 3, 2], 'distinct')], fn: (a) => torch.amax(a, [0, 2]), gradFn: 'AmaxBackward0' },
  { name: 'amin keepdim', inputs: () => [x([3, 4], 'distinct')], fn: (a) => torch.amin(a, 1, true), gradFn: 'AminBackward0' },
  { name: 'prod all', inputs: () => [x([2, 3])], fn: (a) => torch.prod(a), gradFn: 'ProdBackward0' },
  { name: 'prod dim', inputs: () => [x([3, 4])], fn: (a) => torch.prod(a, 1), gradFn: 'ProdBackward1' },
  { name: 'prod dim with a zero', inputs: () => [torch.tensor([[1.5, 0, 2], [0.5, -1, 3]], { dtype: 'float64', requiresGrad: true })], fn: (a) => torch.prod(a, 1, true), gradFn: 'ProdBackward1' },
  { name: 'cumsum', inputs: () => [x([2, 4])], fn: (a) => torch.cumsum(a, -1), gradFn: 'CumsumBackward0' },
  { name: 'norm 2 all', inputs: () => [x([2, 3])], fn: (a) => torch.norm(a), gradFn: 'NormBackward1' },
  { name: 'norm 2 dim', inputs: () => [x([3, 4])], fn: (a) => torch.norm(a, 2, 1, true), gradFn: 'NormBackward1' },
  { name: 'norm 1 dim', inputs: () => [x([3, 2])], fn: (a) => torch.norm(a, 1, 0), gradFn: 'NormBackward1' },
  { name: 'norm 3', inputs: () => [x([2, 3])], fn: (a) => torch.norm(a, 3, 1), gradFn: 'NormBackward1' },
  { name: 'norm inf', inputs: () => [x([2, 3], 'distinct')], fn: (a) => torch.norm(a, Infinity), gradFn: 'NormBackward1' },
  { name: 'var dim', inputs: () => [x([3, 4])], fn: (a) => torch.var(a, 1), gradFn: 'VarBackward0' },
  { name: 'var all correction 0', inputs: () => [x([2, 3])], fn: (a) => torch.var(a, null, 0), gradFn: 'VarBackward0' },
  { name: 'std keepdim', inputs: () => [x([2, 3])], fn: (a) => torch.std(a, -1, 1, true), gradFn: 'StdBackward0' },
  { name: 'logsumexp', inputs: () => [x([3, 4])], fn: (a) => torch.logsumexp(a, 1), gradFn: 'LogsumexpBackward0' },
  { name: 'logsumexp dims keepdim', inputs: () => [x([2, 3])], fn: (a) => torch.logsumexp(a, [0, 1], true), gradFn: 'LogsumexpBackward0' },
  { name: 'repeat', inputs: () => [x([2, 2])], fn: (a) => torch.repeat(a, [2, 1, 3]), gradFn: 'RepeatBackward0' },
  { name: 'flip', inputs: () => [x([2, 3])], fn: (a) => torch.flip(a, [0, -1]), gradFn: 'FlipBackward0' },
  { name: 'roll', inputs: () => [x([3, 2])], fn: (a) => torch.roll(a, [1, -1], [0, 1]), gradFn: 'RollBackward0' },
  { name: 'tril', inputs: () => [x([3, 4])], fn: (a) => torch.tril(a, -1), gradFn: 'TrilBackward0' },
  { name: 'triu', inputs: () => [x([2, 3, 3])], fn: (a) => torch.triu(a, 1), gradFn: 'TriuBackward0' },
  { name: 'gather', inputs: () => [x([3, 4])], fn: (a) => torch.gather(a, 1, long([0, 3, 3, 1, 2, 0], [3, 2])), gradFn: 'GatherBackward0' },
  { name: 'index_select', inputs: () => [x([2, 4])], fn: (a) => torch.indexSelect(a, 1, long([3, 1, 3])), gradFn: 'IndexSelectBackward0' },
  { name: 'masked_select broadcast', inputs: () => [x([2, 3])], fn: (a) => torch.maskedSelect(a, torch.tensor([true, false, true])), gradFn: 'MaskedSelectBackward0' },
  { name: 'bool mask index', inputs: () => [x([2, 3, 2])], fn: (a) => a.index(torch.tensor([[true, false, true], [false, true, true]])), gradFn: 'IndexBackward0' },
  { name: 'pad', inputs: () => [x([2, 3])], fn: (a) => F.pad(a, [1, 2, 0, 1], -1), gradFn: 'ConstantPadNdBackward0' },
  { name: 'baddbmm', inputs: () => [x([2, 1, 4]), x([2, 2, 3]), x([2, 3, 4])], fn: (s, a, b) => torch.baddbmm(s, a, b, 0.5, 2), gradFn: 'BaddbmmBackward0' },
  { name: 'addmv', inputs: () => [x([2]), x([2, 3]), x([3])], fn: (s, m, v) => torch.addmv(s, m, v, 2, 0.5), gradFn: 'AddmvBackward0' },
  { name: 'outer', inputs: () => [x([3]), x([2])], fn: (a, b) => torch.outer(a, b), gradFn: 'MulBackward0' },
  { name: 'scalar ** tensor', inputs: () => [x([2, 3])], fn: (a) => torch.scalarPow(2.5, a), gradFn: 'PowBackward1' },
  { name: 'matmul 2d @ 3d (folded)', inputs: () => [x([2, 3]), x([2, 3, 4])], fn: (a, b) => torch.matmul(a, b), gradFn: 'CloneBackward0' },
];

describe('gradcheck: ops added for the extra reference cases', () => {
  beforeEach(inputs.reset);
  for (const k of cases) {
    it(k.name, () => {
      const inputs = k.inputs();
      assert.equal(k.fn(...inputs).gradFn?.name, k.gradFn);
      assert.equal(gradcheck(k.fn, inputs), true);
    });
  }
  it('max over all elements sends the gradient to the NaN element', () => {
    const a = torch.tensor([1, NaN, 3], { dtype: 'float64', requiresGrad: true });
    a.max().backward();
    assert.deepEqual(a.grad?.tolist(), [0, 1, 0]);
  });
  it('sign(NaN) is 0, so abs passes no gradient to NaN', () => {
    const a = torch.tensor([NaN, -2], { dtype: 'float64', requiresGrad: true });
    a.abs().sum().backward();
    assert.deepEqual(a.grad?.tolist(), [0, -1]);
  });
  it('one_hot infers the class count and gives int64', () => {
    const r = F.oneHot(long([0, 2]));
    assert.equal(r.dtype, 'int64');
    assert.deepEqual(r.tolist(), [[1, 0, 0], [0, 0, 1]]);
  });
  it('a bool mask of the wrong shape is an IndexError', () => {
    assert.throws(() => c([4, 2]).index(torch.tensor([true, false, true])), /The shape of the mask \[3\] at index 0 does not match/);
  });
});
