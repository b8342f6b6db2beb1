// Attributes and methods of `Tensor` as Python sees them (snake_case, PyTorch signatures).
import { Tensor, torch } from '../../../src/engine';
import type { PyBuiltin } from '../pyeval';
import { DTypeObj, TorchSize, dimsOf, dtypeArg, num, operand, pyScalar, shapeOf, varShape, UnsupportedError } from './convert';
import { pyFn, ReturnTypes, tuple } from './define';
import { binaryOp } from './functions';
import { GradFnObj } from './gradFn';
import type { Bound } from './signature';
import { extraMethods } from './extra';

type Method = [spec: string[], impl: (t: Tensor, a: Bound) => unknown];

const T = (v: unknown): Tensor => {
  if (!(v instanceof Tensor)) throw new TypeError('expected a Tensor');
  return v;
};
const optNum = (v: unknown): number | null => (v === null ? null : num(v));

function toPy(list: unknown, dtype: Tensor['dtype']): unknown {
  if (Array.isArray(list)) return list.map((x) => toPy(x, dtype));
  return typeof list === 'number' ? pyScalar(list, dtype) : list;
}

function maxMin(t: Tensor, a: Bound, which: 'max' | 'min'): unknown {
  if (a.dim instanceof Tensor) return which === 'max' ? torch.maximum(t, a.dim) : torch.minimum(t, a.dim);
  if (a.dim === null) return which === 'max' ? t.max() : t.min();
  const [v, i] = which === 'max' ? t.max(num(a.dim), a.keepdim === true) : t.min(num(a.dim), a.keepdim === true);
  return new ReturnTypes(which, v, i);
}

const unary = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'sigmoid', 'relu', 'sin', 'cos', 't', 'reciprocal', 'clone', 'contiguous', 'detach', 'isnan'] as const;

const methods: Record<string, Method> = {
  add: [['other', '*', 'alpha=1'], (t, a) => binaryOp('add', t, a.other, num(a.alpha))],
  sub: [['other', '*', 'alpha=1'], (t, a) => binaryOp('sub', t, a.other, num(a.alpha))],
  mul: [['other'], (t, a) => binaryOp('mul', t, a.other)],
  div: [['other'], (t, a) => binaryOp('div', t, a.other)],
  pow: [['exponent'], (t, a) => t.pow(operand(a.exponent))],
  clamp: [['min=None', 'max=None'], (t, a) => t.clamp(optNum(a.min), optNum(a.max))],
  softmax: [['dim'], (t, a) => t.softmax(num(a.dim))],
  log_softmax: [['dim'], (t, a) => t.logSoftmax(num(a.dim))],
  matmul: [['other'], (t, a) => t.matmul(T(a.other))],
  mm: [['mat2'], (t, a) => t.mm(T(a.mat2))],
  transpose: [['dim0', 'dim1'], (t, a) => t.transpose(num(a.dim0), num(a.dim1))],
  permute: [['*dims'], (t, a) => t.permute(...varShape(a.dims as unknown[]))],
  reshape: [['*shape'], (t, a) => t.reshape(varShape(a.shape as unknown[]))],
  view: [['*shape'], (t, a) => t.view(varShape(a.shape as unknown[]))],
  view_as: [['other'], (t, a) => t.viewAs(T(a.other))],
  expand: [['*sizes'], (t, a) => t.expand(varShape(a.sizes as unknown[]))],
  expand_as: [['other'], (t, a) => t.expandAs(T(a.other))],
  unsqueeze: [['dim'], (t, a) => t.unsqueeze(num(a.dim))],
  squeeze: [['dim=None'], (t, a) => t.squeeze(a.dim === null ? undefined : num(a.dim))],
  flatten: [['start_dim=0', 'end_dim=-1'], (t, a) => t.flatten(num(a.start_dim), num(a.end_dim))],
  select: [['dim', 'index'], (t, a) => t.select(num(a.dim), num(a.index))],
  narrow: [['dim', 'start', 'length'], (t, a) => t.narrow(num(a.dim), num(a.start), num(a.length))],
  unbind: [['dim=0'], (t, a) => tuple(t.unbind(num(a.dim)))],
  chunk: [['chunks', 'dim=0'], (t, a) => tuple(t.chunk(num(a.chunks), num(a.dim)))],
  split: [['split_size', 'dim=0'], (t, a) => tuple(t.split(typeof a.split_size === 'bigint' ? num(a.split_size) : shapeOf(a.split_size), num(a.dim)))],
  sum: [['dim=None', 'keepdim=False', '*', 'dtype=None'], (t, a) => t.sum(dimsOf(a.dim), a.keepdim === true)],
  mean: [['dim=None', 'keepdim=False', '*', 'dtype=None'], (t, a) => t.mean(dimsOf(a.dim), a.keepdim === true)],
  max: [['dim=None', 'keepdim=False'], (t, a) => maxMin(t, a, 'max')],
  min: [['dim=None', 'keepdim=False'], (t, a) => maxMin(t, a, 'min')],
  argmax: [['dim=None', 'keepdim=False'], (t, a) => t.argmax(a.dim === null ? undefined : num(a.dim), a.keepdim === true)],
  masked_fill: [['mask', 'value'], (t, a) => t.maskedFill(T(a.mask), num(a.value))],
  requires_grad_: [['requires_grad=True'], (t, a) => t.requiresGrad_(a.requires_grad === true)],
  retain_grad: [[], (t) => (t.retainGrad(), null)],
  backward: [['gradient=None', 'retain_graph=None', 'create_graph=False'], (t, a) => {
    if (a.create_graph === true) throw new UnsupportedError('backward(create_graph=True)');
    t.backward(a.gradient === null ? null : T(a.gradient), { retainGraph: a.retain_graph === true });
    return null;
  }],
  item: [[], (t) => pyScalar(t.item(), t.dtype)],
  tolist: [[], (t) => toPy(t.tolist(), t.dtype)],
  size: [['dim=None'], (t, a) => (a.dim === null ? new TorchSize(t.shape) : BigInt(t.size(num(a.dim))))],
  dim: [[], (t) => BigInt(t.ndim)],
  numel: [[], (t) => BigInt(t.numel())],
  float: [[], (t) => t.float()],
  double: [[], (t) => t.double()],
  long: [[], (t) => t.long()],
  bool: [[], (t) => t.bool()],
  to: [['dtype'], (t, a) => t.to(dtypeArg(a.dtype) ?? t.dtype)],
  zero_: [[], (t) => t.zero_()],
  fill_: [['value'], (t, a) => t.fill_(num(a.value))],
  add_: [['other', '*', 'alpha=1'], (t, a) => t.add_(operand(a.other), num(a.alpha))],
  sub_: [['other', '*', 'alpha=1'], (t, a) => t.sub_(operand(a.other), num(a.alpha))],
  mul_: [['other'], (t, a) => t.mul_(operand(a.other))],
  div_: [['other'], (t, a) => t.div_(operand(a.other))],
  copy_: [['src'], (t, a) => t.copy_(T(a.src))],
  uniform_: [['from=0', 'to=1'], (t, a) => t.uniform_(num(a.from), num(a.to))],
  normal_: [['mean=0', 'std=1'], (t, a) => t.normal_(num(a.mean), num(a.std))],
  register_hook: [['hook'], (t, a) => {
    const hook = a.hook as PyBuiltin;
    t.registerHook((g) => {
      const r = hook.invoke([g], new Map());
      return r instanceof Tensor ? r : undefined;
    });
    return null;
  }],
};
for (const name of unary) methods[name] = [[], (t) => (t as unknown as Record<string, () => Tensor>)[name]()];
Object.assign(methods, extraMethods);

/** `tensor.name` for Python. undefined = no such attribute. */
export function tensorAttr(t: Tensor, name: string): unknown {
  switch (name) {
    case 'shape':
      return new TorchSize(t.shape);
    case 'dtype':
      return new DTypeObj(t.dtype);
    case 'grad':
      return t.grad;
    case 'grad_fn':
      return GradFnObj.of(t.gradFn);
    case 'requires_grad':
      return t.requiresGrad;
    case 'is_leaf':
      return t.isLeaf;
    case 'data':
      return t.detach();
    case 'ndim':
      return BigInt(t.ndim);
    case 'T':
      return t.ndim < 2 ? t : t.permute(...t.shape.map((_, i) => t.ndim - 1 - i));
  }
  const m = methods[name];
  if (!m) return undefined;
  const [spec, impl] = m;
  return pyFn(name, spec, (a) => impl(t, a));
}

/** `tensor.name = value` for Python. */
export function setTensorAttr(t: Tensor, name: string, value: unknown): void {
  if (name === 'grad') t.grad = value === null ? null : T(value);
  else if (name === 'requires_grad') t.requiresGrad_(value === true);
  else if (name === 'data') {
    const v = T(value);
    t.storage = v.storage;
    t.shape = v.shape.slice();
    t.strides = v.strides.slice();
    t.offset = v.offset;
  } else throw new UnsupportedError(`setting Tensor.${name}`);
}
