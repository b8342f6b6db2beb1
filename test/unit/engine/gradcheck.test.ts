// Float64 finite-difference gradcheck (PyTorch's eps 1e-6, atol 1e-5, rtol 1e-3, plus the
// zero-upstream check) of every differentiable op reachable from `torch`, Tensor methods and `F`.
// Inputs are random but seeded, and kept away from kinks (abs, relu, clamp bounds, max ties).
import assert from 'node:assert/strict';
import { gradcheck } from '../../../src/engine/gradcheck';
import { rdiv, rpow } from '../../../src/engine/ops/arith';
import { F, torch } from '../../../src/engine/torch';
import type { Tensor } from '../../../src/engine/tensor';
import { TorchError } from '../../../src/engine/errors';
import { GradInputs, long } from './gradInputs';

const inputs = new GradInputs(1);
const { x, c } = inputs;

const { sl } = torch;

interface Case {
  name: string;
  inputs: () => Tensor[];
  fn: (...xs: Tensor[]) => Tensor | Tensor[];
  /** grad_fn name(s) the case must exercise (checked on the first output). */
  gradFn?: string;
}

const cases: Case[] = [
  // ------------------------------------------------------------ add / sub / mul / div
  { name: 'add tensor', inputs: () => [x([2, 3]), x([2, 3])], fn: (a, b) => a.add(b), gradFn: 'AddBackward0' },
  { name: 'add alpha', inputs: () => [x([2, 3]), x([2, 3])], fn: (a, b) => torch.add(a, b, 2.5) },
  { name: 'add scalar', inputs: () => [x([2, 3])], fn: (a) => a.add(1.5) },
  { name: 'add broadcast [3,1]+[4]', inputs: () => [x([3, 1]), x([4])], fn: (a, b) => a.add(b) },
  { name: 'add broadcast [2,1,3]+[4,1]', inputs: () => [x([2, 1, 3]), x([4, 1])], fn: (a, b) => a.add(b) },
  { name: 'add broadcast tensor + 0-d', inputs: () => [x([2, 3]), x([])], fn: (a, s) => a.add(s) },
  { name: 'add broadcast 0-d + tensor', inputs: () => [x([]), x([2, 3])], fn: (s, a) => torch.add(s, a) },
  { name: 'add 0-d + 0-d', inputs: () => [x([]), x([])], fn: (a, b) => a.add(b) },
  { name: 'add same input twice', inputs: () => [x([3])], fn: (a) => a.add(a) },
  { name: 'sub tensor', inputs: () => [x([2, 3]), x([2, 3])], fn: (a, b) => a.sub(b), gradFn: 'SubBackward0' },
  { name: 'sub alpha', inputs: () => [x([2, 3]), x([3])], fn: (a, b) => torch.sub(a, b, 0.5) },
  { name: 'sub scalar', inputs: () => [x([4])], fn: (a) => a.sub(2) },
  { name: 'sub broadcast [2,1,3]-[4,1]', inputs: () => [x([2, 1, 3]), x([4, 1])], fn: (a, b) => a.sub(b) },
  { name: 'sub 0-d - tensor', inputs: () => [x([]), x([3])], fn: (s, a) => s.sub(a) },
  { name: 'rsub', inputs: () => [x([2, 3])], fn: (a) => torch.rsub(a, 1.5), gradFn: 'RsubBackward1' },
  { name: 'mul tensor', inputs: () => [x([2, 3]), x([2, 3])], fn: (a, b) => a.mul(b), gradFn: 'MulBackward0' },
  { name: 'mul scalar', inputs: () => [x([2, 3])], fn: (a) => a.mul(-2.5) },
  { name: 'mul broadcast [3,1]*[1,4]', inputs: () => [x([3, 1]), x([1, 4])], fn: (a, b) => a.mul(b) },
  { name: 'mul broadcast tensor * 0-d', inputs: () => [x([2, 3]), x([])], fn: (a, s) => a.mul(s) },
  { name: 'mul only one input needs grad', inputs: () => [x([2, 3]), c([3])], fn: (a, w) => a.mul(w) },
  { name: 'mul only other needs grad', inputs: () => [c([2, 3]), x([3])], fn: (w, a) => w.mul(a) },
  { name: 'mul same input twice', inputs: () => [x([3])], fn: (a) => a.mul(a) },
  { name: 'div tensor', inputs: () => [x([2, 3]), x([2, 3], 'pos')], fn: (a, b) => a.div(b), gradFn: 'DivBackward0' },
  { name: 'div scalar', inputs: () => [x([2, 3])], fn: (a) => a.div(3) },
  { name: 'div broadcast [2,3]/[3,1,1]', inputs: () => [x([2, 3]), x([3, 1, 1], 'pos')], fn: (a, b) => a.div(b) },
  { name: 'div by 0-d', inputs: () => [x([2, 3]), x([], 'pos')], fn: (a, s) => a.div(s) },
  { name: 'div 0-d by tensor', inputs: () => [x([]), x([3], 'pos')], fn: (s, a) => torch.div(s, a) },
  { name: 'div only denominator needs grad', inputs: () => [c([3]), x([3], 'pos')], fn: (a, b) => a.div(b) },
  { name: 'rdiv (scalar / tensor)', inputs: () => [x([3], 'pos')], fn: (a) => rdiv(a, 2) },
  { name: 'neg', inputs: () => [x([2, 3])], fn: (a) => a.neg(), gradFn: 'NegBackward0' },
  { name: 'torch.neg', inputs: () => [x([3])], fn: (a) => torch.neg(a) },
  // ------------------------------------------------------------ pow and pointwise math
  { name: 'pow 2', inputs: () => [x([2, 3])], fn: (a) => a.pow(2), gradFn: 'PowBackward0' },
  { name: 'pow 3', inputs: () => [x([2, 3])], fn: (a) => a.pow(3) },
  { name: 'pow 0', inputs: () => [x([2, 3])], fn: (a) => a.pow(0) },
  { name: 'pow 1', inputs: () => [x([2, 3])], fn: (a) => a.pow(1) },
  { name: 'pow 0.5', inputs: () => [x([2, 3], 'pos')], fn: (a) => a.pow(0.5) },
  { name: 'pow -1.5', inputs: () => [x([2, 3], 'pos')], fn: (a) => torch.pow(a, -1.5) },
  { name: 'pow tensor exponent', inputs: () => [x([2, 3], 'pos'), x([2, 3])], fn: (a, e) => a.pow(e), gradFn: 'PowBackward1' },
  { name: 'pow tensor exponent broadcast', inputs: () => [x([2, 3], 'pos'), x([3])], fn: (a, e) => torch.pow(a, e) },
  { name: 'pow tensor exponent without grad', inputs: () => [x([3], 'pos'), c([3])], fn: (a, e) => a.pow(e) },
  { name: 'rpow (scalar ** tensor)', inputs: () => [x([3])], fn: (a) => rpow(a, 2.5), gradFn: 'PowBackward2' },
  { name: 'reciprocal', inputs: () => [x([2, 3], 'pos')], fn: (a) => a.reciprocal(), gradFn: 'ReciprocalBackward0' },
  { name: 'exp', inputs: () => [x([2, 3])], fn: (a) => a.exp(), gradFn: 'ExpBackward0' },
  { name: 'log', inputs: () => [x([2, 3], 'pos')], fn: (a) => a.log(), gradFn: 'LogBackward0' },
  { name: 'sqrt', inputs: () => [x([2, 3], 'pos')], fn: (a) => torch.sqrt(a), gradFn: 'SqrtBackward0' },
  { name: 'abs', inputs: () => [x([2, 3])], fn: (a) => a.abs(), gradFn: 'AbsBackward0' },
  { name: 'sign', inputs: () => [x([2, 3])], fn: (a) => a.sign(), gradFn: 'SignBackward0' },
  { name: 'tanh', inputs: () => [x([2, 3])], fn: (a) => a.tanh(), gradFn: 'TanhBackward0' },
  { name: 'F.tanh', inputs: () => [x([3])], fn: (a) => F.tanh(a) },
  { name: 'sigmoid', inputs: () => [x([2, 3])], fn: (a) => a.sigmoid(), gradFn: 'SigmoidBackward0' },
  { name: 'F.sigmoid', inputs: () => [x([3])], fn: (a) => F.sigmoid(a) },
  { name: 'relu', inputs: () => [x([2, 3])], fn: (a) => a.relu(), gradFn: 'ReluBackward0' },
  { name: 'F.relu', inputs: () => [x([3, 2])], fn: (a) => F.relu(a) },
  { name: 'sin', inputs: () => [x([2, 3])], fn: (a) => a.sin(), gradFn: 'SinBackward0' },
  { name: 'cos', inputs: () => [x([2, 3])], fn: (a) => torch.cos(a), gradFn: 'CosBackward0' },
  // values are at least 0.2 from 0, so bounds of ±0.1 and ±0.15 keep clear of them
  { name: 'clamp min', inputs: () => [x([2, 3])], fn: (a) => a.clamp(0.1), gradFn: 'ClampBackward1' },
  { name: 'clamp max', inputs: () => [x([2, 3])], fn: (a) => a.clamp(null, -0.1) },
  { name: 'clamp both', inputs: () => [x([3, 4])], fn: (a) => torch.clamp(a, -0.15, 0.15) },
  { name: 'softmax dim 1', inputs: () => [x([2, 3])], fn: (a) => a.softmax(1), gradFn: 'SoftmaxBackward0' },
  { name: 'softmax dim 0 of 3-d', inputs: () => [x([3, 2, 2])], fn: (a) => torch.softmax(a, 0) },
  { name: 'softmax dim -2 of 3-d', inputs: () => [x([2, 3, 2])], fn: (a) => F.softmax(a, -2) },
  { name: 'logSoftmax dim -1', inputs: () => [x([2, 3])], fn: (a) => a.logSoftmax(-1), gradFn: 'LogSoftmaxBackward0' },
  { name: 'logSoftmax dim 1 of 3-d', inputs: () => [x([2, 3, 2])], fn: (a) => F.logSoftmax(a, 1) },
  // ------------------------------------------------------------ matrix products
  { name: 'matmul 1d·1d', inputs: () => [x([4]), x([4])], fn: (a, b) => a.matmul(b), gradFn: 'DotBackward0' },
  { name: 'matmul 2d·1d', inputs: () => [x([3, 4]), x([4])], fn: (a, b) => a.matmul(b), gradFn: 'MvBackward0' },
  { name: 'matmul 1d·2d', inputs: () => [x([3]), x([3, 4])], fn: (a, b) => torch.matmul(a, b), gradFn: 'SqueezeBackward3' },
  { name: 'matmul 2d·2d', inputs: () => [x([2, 3]), x([3, 4])], fn: (a, b) => a.matmul(b), gradFn: 'MmBackward0' },
  { name: 'matmul 3d·2d', inputs: () => [x([2, 3, 4]), x([4, 2])], fn: (a, b) => a.matmul(b), gradFn: 'UnsafeViewBackward0' },
  { name: 'matmul 3d·1d', inputs: () => [x([2, 3, 4]), x([4])], fn: (a, b) => a.matmul(b) },
  { name: 'matmul 3d·3d', inputs: () => [x([2, 3, 4]), x([2, 4, 2])], fn: (a, b) => a.matmul(b) },
  { name: 'matmul broadcast batch [2,1,3,4]·[3,4,2]', inputs: () => [x([2, 1, 3, 4]), x([3, 4, 2])], fn: (a, b) => a.matmul(b) },
  { name: 'matmul 1d·3d', inputs: () => [x([3]), x([2, 3, 4])], fn: (a, b) => a.matmul(b) },
  { name: 'matmul 2d·3d', inputs: () => [x([2, 3]), x([2, 3, 4])], fn: (a, b) => a.matmul(b) },
  { name: 'matmul of transposed operands', inputs: () => [x([3, 2]), x([4, 3])], fn: (a, b) => a.t().matmul(b.t()) },
  { name: 'mm', inputs: () => [x([2, 3]), x([3, 4])], fn: (a, b) => torch.mm(a, b), gradFn: 'MmBackward0' },
  { name: 'mm one side without grad', inputs: () => [c([2, 3]), x([3, 4])], fn: (a, b) => a.mm(b) },
  { name: 'addmm 1-d bias', inputs: () => [x([4]), x([2, 3]), x([3, 4])], fn: (b, m1, m2) => torch.addmm(b, m1, m2), gradFn: 'AddmmBackward0' },
  { name: 'addmm 2-d bias beta/alpha', inputs: () => [x([2, 4]), x([2, 3]), x([3, 4])], fn: (b, m1, m2) => torch.addmm(b, m1, m2, 0.5, -2) },
  { name: 'addmm [2,1] bias', inputs: () => [x([2, 1]), x([2, 3]), x([3, 4])], fn: (b, m1, m2) => torch.addmm(b, m1, m2, 1.5, 1) },
  { name: 'addmm transposed weight', inputs: () => [x([4]), x([2, 3]), x([4, 3])], fn: (b, m1, w) => torch.addmm(b, m1, w.t()) },
  { name: 'mv', inputs: () => [x([3, 4]), x([4])], fn: (a, v) => a.mv(v), gradFn: 'MvBackward0' },
  { name: 'dot', inputs: () => [x([5]), x([5])], fn: (a, b) => torch.dot(a, b), gradFn: 'DotBackward0' },
  { name: 'bmm', inputs: () => [x([2, 3, 4]), x([2, 4, 2])], fn: (a, b) => a.bmm(b), gradFn: 'BmmBackward0' },
  { name: 'bmm of transposed operand', inputs: () => [x([2, 3, 4]), x([2, 2, 4])], fn: (a, b) => torch.bmm(a, b.transpose(1, 2)) },
  // ------------------------------------------------------------ views and shape ops
  { name: 't', inputs: () => [x([2, 3])], fn: (a) => a.t(), gradFn: 'TBackward0' },
  { name: 't of 1-d', inputs: () => [x([3])], fn: (a) => torch.t(a) },
  { name: 'transpose', inputs: () => [x([2, 3, 4])], fn: (a) => a.transpose(0, -1), gradFn: 'TransposeBackward0' },
  { name: 'permute', inputs: () => [x([2, 3, 4])], fn: (a) => a.permute(2, 0, 1), gradFn: 'PermuteBackward0' },
  { name: 'permute (array)', inputs: () => [x([2, 3, 4])], fn: (a) => torch.permute(a, [1, -1, 0]) },
  { name: 'reshape contiguous', inputs: () => [x([2, 3, 2])], fn: (a) => a.reshape(3, -1), gradFn: 'ReshapeAliasBackward0' },
  { name: 'reshape non-contiguous', inputs: () => [x([2, 3])], fn: (a) => a.t().reshape([6]), gradFn: 'UnsafeViewBackward0' },
  { name: 'flatten', inputs: () => [x([2, 3, 2])], fn: (a) => a.flatten(1) },
  { name: 'view', inputs: () => [x([2, 6])], fn: (a) => a.view(3, 2, 2), gradFn: 'ViewBackward0' },
  { name: 'viewAs', inputs: () => [x([2, 6])], fn: (a) => a.viewAs(torch.zeros(4, 3)) },
  { name: 'view of a transposed view', inputs: () => [x([2, 3, 4])], fn: (a) => a.transpose(0, 1).view(3, 2, 2, 2) },
  { name: 'expand', inputs: () => [x([3, 1])], fn: (a) => a.expand(2, 3, 4), gradFn: 'ExpandBackward0' },
  { name: 'expand with -1', inputs: () => [x([1, 3])], fn: (a) => a.expand([4, -1]) },
  { name: 'expandAs', inputs: () => [x([3])], fn: (a) => a.expandAs(torch.zeros(2, 3)) },
  { name: 'unsqueeze', inputs: () => [x([2, 3])], fn: (a) => a.unsqueeze(1), gradFn: 'UnsqueezeBackward0' },
  { name: 'unsqueeze -1', inputs: () => [x([2, 3])], fn: (a) => torch.unsqueeze(a, -1) },
  { name: 'squeeze all', inputs: () => [x([2, 1, 3, 1])], fn: (a) => a.squeeze(), gradFn: 'SqueezeBackward0' },
  { name: 'squeeze dim', inputs: () => [x([2, 1, 3])], fn: (a) => a.squeeze(1), gradFn: 'SqueezeBackward1' },
  { name: 'squeeze dim of size > 1 (no-op)', inputs: () => [x([2, 3])], fn: (a) => torch.squeeze(a, 0) },
  { name: 'select', inputs: () => [x([3, 4])], fn: (a) => a.select(1, -1), gradFn: 'SelectBackward0' },
  { name: 'select of a transposed view', inputs: () => [x([3, 4])], fn: (a) => torch.select(a.t(), 0, 2) },
  { name: 'narrow', inputs: () => [x([4, 3])], fn: (a) => a.narrow(0, 1, 2), gradFn: 'SliceBackward0' },
  { name: 'torch.narrow dim 1', inputs: () => [x([4, 3])], fn: (a) => torch.narrow(a, 1, 1, 2) },
  { name: 'index slice with step', inputs: () => [x([5, 3])], fn: (a) => a.index(sl(1, null, 2)), gradFn: 'SliceBackward0' },
  { name: 'index [:, -1]', inputs: () => [x([3, 4])], fn: (a) => a.index(sl(), -1), gradFn: 'SelectBackward0' },
  { name: 'index [..., 1:3]', inputs: () => [x([2, 3, 4])], fn: (a) => a.index('...', sl(1, 3)) },
  { name: 'index [None, 0]', inputs: () => [x([2, 3])], fn: (a) => a.index(null, 0) },
  { name: 'index [1, :, -2:]', inputs: () => [x([2, 3, 4])], fn: (a) => a.index(1, sl(), sl(-2, null)) },
  { name: 'index int64 tensor (repeats, negative)', inputs: () => [x([4, 2])], fn: (a) => a.index(long([0, 3, -1, 0])), gradFn: 'IndexBackward0' },
  { name: 'index 2-d int64 tensor', inputs: () => [x([4, 2])], fn: (a) => a.index(long([1, 2, 2, 0], [2, 2])) },
  { name: 'index bool mask', inputs: () => [x([4, 2])], fn: (a) => a.index(torch.tensor([true, false, true, true])) },
  { name: 'unbind', inputs: () => [x([3, 2])], fn: (a) => a.unbind(), gradFn: 'UnbindBackward0' },
  { name: 'unbind dim 1', inputs: () => [x([3, 2])], fn: (a) => torch.unbind(a, 1) },
  { name: 'unbind, one output used', inputs: () => [x([3, 2])], fn: (a) => a.unbind(0)[1].mul(2) },
  { name: 'cat dim 0', inputs: () => [x([2, 3]), x([1, 3])], fn: (a, b) => torch.cat([a, b]), gradFn: 'CatBackward0' },
  { name: 'cat dim -1, one input without grad', inputs: () => [x([2, 3]), c([2, 2]), x([2, 1])], fn: (a, b, d) => torch.cat([a, b, d], -1) },
  { name: 'stack dim 0', inputs: () => [x([2, 3]), x([2, 3])], fn: (a, b) => torch.stack([a, b]), gradFn: 'StackBackward0' },
  { name: 'stack dim -1 of views', inputs: () => [x([2, 3]), x([3, 2])], fn: (a, b) => torch.stack([a, b.t()], -1) },
  { name: 'split by size', inputs: () => [x([5, 2])], fn: (a) => a.split(2), gradFn: 'SplitBackward0' },
  { name: 'split by sizes', inputs: () => [x([2, 5])], fn: (a) => torch.split(a, [1, 3, 1], 1), gradFn: 'SplitWithSizesBackward0' },
  { name: 'split, one part used', inputs: () => [x([5, 2])], fn: (a) => a.split(2)[2].exp() },
  { name: 'chunk', inputs: () => [x([2, 7])], fn: (a) => a.chunk(3, 1), gradFn: 'SplitBackward0' },
  { name: 'clone', inputs: () => [x([2, 3])], fn: (a) => a.clone(), gradFn: 'CloneBackward0' },
  { name: 'contiguous of a transposed view', inputs: () => [x([2, 3])], fn: (a) => a.t().contiguous(), gradFn: 'CloneBackward0' },
  { name: 'contiguous (already)', inputs: () => [x([2, 3])], fn: (a) => a.contiguous().mul(2) },
  { name: "to('float64') (no-op)", inputs: () => [x([2, 3])], fn: (a) => a.to('float64').mul(2) },
  { name: 'double() (no-op)', inputs: () => [x([3])], fn: (a) => a.double() },
  // ------------------------------------------------------------ reductions
  { name: 'sum all', inputs: () => [x([2, 3])], fn: (a) => a.sum(), gradFn: 'SumBackward0' },
  { name: 'sum dim', inputs: () => [x([2, 3, 2])], fn: (a) => a.sum(1), gradFn: 'SumBackward1' },
  { name: 'sum dim keepdim', inputs: () => [x([2, 3, 2])], fn: (a) => torch.sum(a, -1, true) },
  { name: 'sum multi-dim', inputs: () => [x([2, 3, 2])], fn: (a) => a.sum([0, 2]) },
  { name: 'sum multi-dim keepdim', inputs: () => [x([2, 3, 2])], fn: (a) => a.sum([-1, 0], true) },
  { name: 'sum of a view', inputs: () => [x([3, 4])], fn: (a) => a.t().sum(0) },
  { name: 'sum of 0-d', inputs: () => [x([])], fn: (a) => a.sum() },
  { name: 'mean all', inputs: () => [x([2, 3])], fn: (a) => a.mean(), gradFn: 'MeanBackward0' },
  { name: 'mean dim', inputs: () => [x([2, 3, 2])], fn: (a) => a.mean(1), gradFn: 'MeanBackward1' },
  { name: 'mean dim keepdim', inputs: () => [x([2, 3, 2])], fn: (a) => torch.mean(a, 0, true) },
  { name: 'mean multi-dim', inputs: () => [x([2, 3, 2])], fn: (a) => a.mean([0, -1]) },
  { name: 'max all', inputs: () => [x([3, 4], 'distinct')], fn: (a) => a.max(), gradFn: 'MaxBackward1' },
  { name: 'max dim (values, indices)', inputs: () => [x([3, 4], 'distinct')], fn: (a) => a.max(1), gradFn: 'MaxBackward0' },
  { name: 'max dim keepdim', inputs: () => [x([3, 4], 'distinct')], fn: (a) => torch.max(a, 0, true)[0] },
  { name: 'min all', inputs: () => [x([3, 4], 'distinct')], fn: (a) => torch.min(a), gradFn: 'MinBackward1' },
  { name: 'min dim', inputs: () => [x([2, 3, 4], 'distinct')], fn: (a) => a.min(-1)[0], gradFn: 'MinBackward0' },
  { name: 'maximum', inputs: () => [x([3, 4], 'distinct'), x([3, 4], 'distinct')], fn: (a, b) => torch.maximum(a, b), gradFn: 'MaximumBackward0' },
  { name: 'maximum broadcast', inputs: () => [x([3, 4], 'distinct'), x([4], 'distinct')], fn: (a, b) => torch.maximum(a, b.add(0.01)) },
  { name: 'minimum', inputs: () => [x([3, 4], 'distinct'), x([3, 1], 'distinct')], fn: (a, b) => torch.minimum(a, b.add(0.01)), gradFn: 'MinimumBackward0' },
  // ------------------------------------------------------------ selection
  {
    name: 'where tensor/tensor',
    inputs: () => [x([2, 3]), x([2, 3])],
    fn: (a, b) => torch.where(torch.tensor([[true, false, true], [false, false, true]]), a, b),
    gradFn: 'WhereBackward0',
  },
  { name: 'where broadcast cond/tensors', inputs: () => [x([3]), x([2, 1])], fn: (a, b) => torch.where(torch.tensor([[true], [false]]), a, b) },
  { name: 'where tensor/scalar', inputs: () => [x([2, 3])], fn: (a) => torch.where(a.gt(0), a, 0.5) },
  { name: 'where scalar/tensor', inputs: () => [x([2, 3])], fn: (a) => torch.where(a.gt(0), -1, a) },
  { name: 'maskedFill', inputs: () => [x([2, 3])], fn: (a) => a.maskedFill(torch.tensor([true, false, true]), -1), gradFn: 'MaskedFillBackward0' },
  { name: 'torch.maskedFill', inputs: () => [x([2, 3])], fn: (a) => torch.maskedFill(a, a.lt(0), 0) },
  {
    name: 'embedding',
    inputs: () => [x([5, 3])],
    fn: (w) => F.embedding(long([1, 4, 1, 0, 2, 1], [2, 3]), w),
    gradFn: 'EmbeddingBackward0',
  },
  { name: 'embedding padding_idx not hit', inputs: () => [x([5, 3])], fn: (w) => F.embedding(long([3, 4, 3, 0]), w, 1) },
  {
    name: 'dropout p=0.3 (fixed seed)',
    inputs: () => [x([4, 5])],
    fn: (a) => {
      torch.manualSeed(7);
      return F.dropout(a, 0.3, true);
    },
    gradFn: 'MulBackward0',
  },
  { name: 'dropout eval (identity)', inputs: () => [x([3])], fn: (a) => F.dropout(a, 0.5, false).mul(1) },
  // ------------------------------------------------------------ compositions
  {
    name: 'RNN step tanh(W x + U h + b)',
    inputs: () => [x([3, 2]), x([3, 3]), x([3]), x([2]), x([3])],
    fn: (W, U, b, xt, h) => torch.addmm(b.unsqueeze(0), xt.unsqueeze(0), W.t()).add(h.unsqueeze(0).matmul(U.t())).tanh(),
  },
  {
    name: 'two steps through unbind/stack',
    inputs: () => [x([2, 3]), x([3, 3])],
    fn: (xs, U) => {
      let h = torch.zeros([3], { dtype: 'float64' });
      const hs: Tensor[] = [];
      for (const xt of xs.unbind(0)) {
        h = U.mv(h).add(xt).tanh();
        hs.push(h);
      }
      return torch.stack(hs).sum(0);
    },
  },
];

describe('gradcheck: every differentiable op (float64, eps 1e-6, atol 1e-5, rtol 1e-3)', () => {
  beforeEach(inputs.reset);
  for (const k of cases) {
    it(k.name, () => {
      const inputs = k.inputs();
      if (k.gradFn !== undefined) {
        const r = k.fn(...inputs);
        const first = Array.isArray(r) ? r[0] : r;
        assert.equal(first.gradFn?.name, k.gradFn);
      }
      assert.equal(gradcheck(k.fn, inputs), true);
    });
  }
});

describe('gradcheck itself', () => {
  it('rejects a wrong backward formula', () => {
    // sign's formula gives 0, so using it for a smooth function must be caught
    const a = x([3]);
    const wrong = (t: Tensor): Tensor => t.mul(t.sign().mul(t.detach()));
    assert.throws(() => gradcheck(wrong, [a]), (e: unknown) => e instanceof TorchError && /Jacobian mismatch/.test(e.message));
  });
  it('rejects float32 inputs', () => {
    const a = torch.ones([2], { requiresGrad: true });
    assert.throws(() => gradcheck((t) => t.mul(2), [a]), /double precision/);
  });
  it('ignores outputs that are not differentiable', () => {
    const a = x([3, 4], 'distinct');
    assert.equal(gradcheck((t) => [t.argmax(1), t.max(1)[0]], [a]), true);
  });
  it('embedding padding_idx rows get no gradient (so are left out of gradcheck, as in PyTorch)', () => {
    const w = x([4, 2]);
    F.embedding(long([1, 3, 1, 0, 3]), w, 1).sum().backward();
    assert.deepEqual(Array.from(w.grad!.toArray()), [1, 1, 0, 0, 0, 0, 2, 2]);
  });
  it("float32 → float64 cast (ToCopyBackward0) gives a float32 gradient", () => {
    const a = torch.tensor([1.5, -2, 3], { dtype: 'float32', requiresGrad: true });
    const y = a.to('float64');
    assert.equal(y.gradFn?.name, 'ToCopyBackward0');
    y.mul(torch.fromArray(new Float64Array([1, 2, 3]), [3])).sum().backward();
    assert.equal(a.grad?.dtype, 'float32');
    assert.deepEqual(Array.from(a.grad!.toArray()), [1, 2, 3]);
  });
});
