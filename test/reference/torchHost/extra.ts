// Bindings of the engine's further ops with PyTorch's signatures: torch.* functions, Tensor
// methods, F.* functions and the activation/loss nn classes that are plain functions of their input.
import { F, Tensor, torch } from '../../../src/engine';
import { binaryOp } from './functions';
import { dimsOf, dtypeArg, num, operand, shapeOf, varShape, UnsupportedError, describe } from './convert';
import { pyFn, ReturnTypes, tuple } from './define';
import type { Bound } from './signature';

type Def = (name: string, spec: string[], impl: (a: Bound) => unknown) => void;
type Method = [spec: string[], impl: (t: Tensor, a: Bound) => unknown];

const T = (v: unknown): Tensor => {
  if (!(v instanceof Tensor)) throw new TypeError(`expected Tensor as argument, but got ${describe(v)}`);
  return v;
};
const T2 = (v: unknown): Tensor | null => (v === null || v === undefined ? null : T(v));
const flag = (v: unknown): boolean => v === true;

/** `torch.clamp` with number or tensor bounds. */
export function clampAny(x: Tensor, min: unknown, max: unknown): Tensor {
  if (min instanceof Tensor || max instanceof Tensor) {
    const asT = (v: unknown): Tensor | null => (v === null ? null : v instanceof Tensor ? v : torch.fullLike(x, num(v)));
    return torch.clampTensor(x, asT(min), asT(max));
  }
  return torch.clamp(x, min === null ? null : num(min), max === null ? null : num(max));
}

/** The `p` of norm: 'fro' (2), a number or inf; other strings are unsupported. */
function normP(p: unknown): number {
  if (p === 'fro' || p === null) return 2;
  if (typeof p === 'string') throw new UnsupportedError(`norm(p='${p}')`);
  return num(p);
}

function dimsOrNull(v: unknown): number | number[] | null {
  const d = dimsOf(v);
  return d === undefined ? null : d;
}

/** var/std's correction from `unbiased` and `correction`. */
function correctionOf(a: Bound): number {
  if (a.correction !== null && a.correction !== undefined) return num(a.correction);
  return a.unbiased === false ? 0 : 1;
}

/** torch.var/std accept `(input, unbiased)` too: a bool in the dim slot is `unbiased`. */
function varArgs(a: Bound): [number | number[] | null, number] {
  if (typeof a.dim === 'boolean') return [null, a.dim ? 1 : 0];
  return [dimsOrNull(a.dim), correctionOf(a)];
}

function splitArg(v: unknown): number | number[] {
  return typeof v === 'bigint' || typeof v === 'number' ? num(v) : shapeOf(v);
}

function prodOf(t: Tensor, a: Bound): Tensor {
  if (a.dtype !== null) throw new UnsupportedError('prod(dtype=...)');
  return a.dim === null ? torch.prod(t) : torch.prod(t, num(a.dim), flag(a.keepdim));
}

/** An int64/bool tensor meeting a Python float scalar computes in float32, as PyTorch promotes. */
function floatSafe(t: Tensor, other: unknown): Tensor {
  return typeof other === 'number' && (t.dtype === 'int64' || t.dtype === 'bool') ? t.float() : t;
}

/** `remainder(input, other)` with a Python scalar on either side. */
export function remainderOf(x: unknown, y: unknown): Tensor {
  if (x instanceof Tensor) return torch.remainder(floatSafe(x, y), operand(y));
  return torch.remainder(operand(x) as number, floatSafe(T(y), x));
}

/** `floor_divide(input, other)` / `//` with a Python scalar on either side. */
export function floorDivideOf(x: unknown, y: unknown): Tensor {
  if (x instanceof Tensor) return torch.floorDivide(floatSafe(x, y), operand(y));
  return torch.floorDivide(operand(x) as number, floatSafe(T(y), x));
}

/** The default of div's rounding_mode: PyTorch's DivBackward0 overload, unlike an explicit None (DivBackward2). */
const NO_MODE = "rounding_mode='<absent>'";

/** `div(input, other, rounding_mode=...)`: true division without it, else div.Tensor_mode. */
function divOf(x: unknown, y: unknown, mode: unknown): Tensor {
  if (mode === '<absent>') return binaryOp('div', x, y);
  if (!(x instanceof Tensor)) throw new UnsupportedError('div(scalar, tensor, rounding_mode=...)');
  return torch.divMode(floatSafe(x, y), operand(y), mode as 'floor' | null);
}

function fmodOf(x: Tensor, y: unknown): Tensor {
  return torch.fmod(floatSafe(x, y), operand(y));
}

function sortOf(t: Tensor, a: Bound): ReturnTypes {
  if (a.stable === true) throw new UnsupportedError('sort(stable=True)');
  const [v, i] = torch.sort(t, num(a.dim), flag(a.descending));
  return new ReturnTypes('sort', v, i);
}

function argsortOf(t: Tensor, a: Bound): Tensor {
  return torch.sort(t, num(a.dim), flag(a.descending))[1];
}

function topkOf(t: Tensor, a: Bound): ReturnTypes {
  if (a.sorted !== true) throw new UnsupportedError('topk(sorted=False)');
  const [v, i] = torch.topk(t, num(a.k), num(a.dim), a.largest !== false);
  return new ReturnTypes('topk', v, i);
}

/** Adds the torch.* functions. */
export function addTorchExtra(def: Def): void {
  for (const name of ['floor', 'ceil', 'round', 'trunc', 'frac', 'isinf', 'isfinite', 'isnan'] as const) {
    def(name, ['input'], (a) => torch[name](T(a.input)));
  }
  def('div', ['input', 'other', '*', NO_MODE], (a) => divOf(a.input, a.other, a.rounding_mode));
  def('remainder', ['input', 'other'], (a) => remainderOf(a.input, a.other));
  def('fmod', ['input', 'other'], (a) => fmodOf(T(a.input), a.other));
  def('floor_divide', ['input', 'other'], (a) => floorDivideOf(a.input, a.other));
  def('sort', ['input', 'dim=-1', 'descending=False', 'stable=False'], (a) => sortOf(T(a.input), a));
  def('argsort', ['input', 'dim=-1', 'descending=False', 'stable=False'], (a) => argsortOf(T(a.input), a));
  def('topk', ['input', 'k', 'dim=-1', 'largest=True', 'sorted=True'], (a) => topkOf(T(a.input), a));
  def('cumprod', ['input', 'dim', '*', 'dtype=None'], (a) => {
    if (a.dtype !== null) throw new UnsupportedError('cumprod(dtype=...)');
    return torch.cumprod(T(a.input), num(a.dim));
  });
  def('xlogy', ['input', 'other'], (a) => torch.xlogy(T(a.input), T(a.other)));
  for (const name of ['rsqrt', 'exp2', 'log1p', 'expm1', 'log2', 'log10', 'square'] as const) {
    def(name, ['input'], (a) => torch[name](T(a.input)));
  }
  def('true_divide', ['input', 'other'], (a) => torch.div(T(a.input), operand(a.other)));
  def('clamp', ['input', 'min=None', 'max=None'], (a) => clampAny(T(a.input), a.min, a.max));
  def('clip', ['input', 'min=None', 'max=None'], (a) => clampAny(T(a.input), a.min, a.max));
  def('clamp_min', ['input', 'min'], (a) => (a.min instanceof Tensor ? clampAny(T(a.input), a.min, null) : torch.clampMin(T(a.input), num(a.min))));
  def('clamp_max', ['input', 'max'], (a) => (a.max instanceof Tensor ? clampAny(T(a.input), null, a.max) : torch.clampMax(T(a.input), num(a.max))));
  def('pow', ['input', 'exponent'], (a) => (a.input instanceof Tensor ? torch.pow(a.input, operand(a.exponent)) : torch.rpow(T(a.exponent), num(a.input))));
  def('baddbmm', ['input', 'batch1', 'batch2', '*', 'beta=1', 'alpha=1'], (a) => torch.baddbmm(T(a.input), T(a.batch1), T(a.batch2), num(a.beta), num(a.alpha)));
  def('addmv', ['input', 'mat', 'vec', '*', 'beta=1', 'alpha=1'], (a) => torch.addmv(T(a.input), T(a.mat), T(a.vec), num(a.beta), num(a.alpha)));
  def('outer', ['input', 'vec2'], (a) => torch.outer(T(a.input), T(a.vec2)));
  def('ger', ['input', 'vec2'], (a) => torch.outer(T(a.input), T(a.vec2)));
  def('permute', ['input', 'dims'], (a) => torch.permute(T(a.input), shapeOf(a.dims)));
  def('narrow', ['input', 'dim', 'start', 'length'], (a) => torch.narrow(T(a.input), num(a.dim), num(a.start), num(a.length)));
  def('split', ['tensor', 'split_size_or_sections', 'dim=0'], (a) => tuple(torch.split(T(a.tensor), splitArg(a.split_size_or_sections), num(a.dim))));
  def('tile', ['input', 'dims'], (a) => torch.tile(T(a.input), shapeOf(a.dims)));
  def('flip', ['input', 'dims'], (a) => torch.flip(T(a.input), shapeOf(a.dims)));
  def('roll', ['input', 'shifts', 'dims=None'], (a) => torch.roll(T(a.input), splitArg(a.shifts), a.dims === null ? null : splitArg(a.dims)));
  def('tril', ['input', 'diagonal=0'], (a) => torch.tril(T(a.input), num(a.diagonal)));
  def('triu', ['input', 'diagonal=0'], (a) => torch.triu(T(a.input), num(a.diagonal)));
  def('gather', ['input', 'dim', 'index', '*', 'sparse_grad=False'], (a) => torch.gather(T(a.input), num(a.dim), T(a.index)));
  def('index_select', ['input', 'dim', 'index'], (a) => torch.indexSelect(T(a.input), num(a.dim), T(a.index)));
  def('masked_select', ['input', 'mask'], (a) => torch.maskedSelect(T(a.input), T(a.mask)));
  def('argmin', ['input', 'dim=None', 'keepdim=False'], (a) => torch.argmin(T(a.input), a.dim === null ? undefined : num(a.dim), flag(a.keepdim)));
  def('amax', ['input', 'dim=None', 'keepdim=False'], (a) => torch.amax(T(a.input), dimsOrNull(a.dim), flag(a.keepdim)));
  def('amin', ['input', 'dim=None', 'keepdim=False'], (a) => torch.amin(T(a.input), dimsOrNull(a.dim), flag(a.keepdim)));
  def('prod', ['input', 'dim=None', 'keepdim=False', '*', 'dtype=None'], (a) => prodOf(T(a.input), a));
  def('cumsum', ['input', 'dim', '*', 'dtype=None'], (a) => torch.cumsum(T(a.input), num(a.dim)));
  def('norm', ['input', "p='fro'", 'dim=None', 'keepdim=False', 'out=None', 'dtype=None'], (a) => torch.norm(T(a.input), normP(a.p), dimsOrNull(a.dim), flag(a.keepdim)));
  def('var', ['input', 'dim=None', 'unbiased=True', 'keepdim=False', '*', 'correction=None'], (a) => {
    const [dims, c] = varArgs(a);
    return torch.var(T(a.input), dims, c, flag(a.keepdim));
  });
  def('std', ['input', 'dim=None', 'unbiased=True', 'keepdim=False', '*', 'correction=None'], (a) => {
    const [dims, c] = varArgs(a);
    return torch.std(T(a.input), dims, c, flag(a.keepdim));
  });
  def('logsumexp', ['input', 'dim', 'keepdim=False'], (a) => torch.logsumexp(T(a.input), dimsOf(a.dim) ?? [], flag(a.keepdim)));
  def('lerp', ['input', 'end', 'weight'], (a) => torch.lerp(T(a.input), T(a.end), a.weight instanceof Tensor ? a.weight : num(a.weight)));
  def('addcmul', ['input', 'tensor1', 'tensor2', '*', 'value=1'], (a) => torch.addcmul(T(a.input), T(a.tensor1), T(a.tensor2), num(a.value)));
  def('addcdiv', ['input', 'tensor1', 'tensor2', '*', 'value=1'], (a) => torch.addcdiv(T(a.input), T(a.tensor1), T(a.tensor2), num(a.value)));
  def('full_like', ['input', 'fill_value', '*', 'dtype=None', 'requires_grad=False'], (a) =>
    torch.fullLike(T(a.input), num(a.fill_value), { dtype: dtypeArg(a.dtype), requiresGrad: a.requires_grad === true }),
  );
}

/** Tensor methods. */
export const extraMethods: Record<string, Method> = {
  floor: [[], (t) => torch.floor(t)],
  ceil: [[], (t) => torch.ceil(t)],
  round: [[], (t) => torch.round(t)],
  trunc: [[], (t) => torch.trunc(t)],
  frac: [[], (t) => torch.frac(t)],
  isinf: [[], (t) => torch.isinf(t)],
  isfinite: [[], (t) => torch.isfinite(t)],
  div: [['other', '*', NO_MODE], (t, a) => divOf(t, a.other, a.rounding_mode)],
  remainder: [['other'], (t, a) => remainderOf(t, a.other)],
  fmod: [['other'], (t, a) => fmodOf(t, a.other)],
  floor_divide: [['other'], (t, a) => floorDivideOf(t, a.other)],
  sort: [['dim=-1', 'descending=False', '*', 'stable=False'], (t, a) => sortOf(t, a)],
  argsort: [['dim=-1', 'descending=False'], (t, a) => argsortOf(t, a)],
  topk: [['k', 'dim=-1', 'largest=True', 'sorted=True'], (t, a) => topkOf(t, a)],
  cumprod: [['dim', '*', 'dtype=None'], (t, a) => {
    if (a.dtype !== null) throw new UnsupportedError('cumprod(dtype=...)');
    return torch.cumprod(t, num(a.dim));
  }],
  xlogy: [['other'], (t, a) => torch.xlogy(t, T(a.other))],
  maximum: [['other'], (t, a) => torch.maximum(t, T(a.other))],
  minimum: [['other'], (t, a) => torch.minimum(t, T(a.other))],
  square: [[], (t) => torch.square(t)],
  rsqrt: [[], (t) => torch.rsqrt(t)],
  exp2: [[], (t) => torch.exp2(t)],
  log1p: [[], (t) => torch.log1p(t)],
  expm1: [[], (t) => torch.expm1(t)],
  log2: [[], (t) => torch.log2(t)],
  log10: [[], (t) => torch.log10(t)],
  clamp: [['min=None', 'max=None'], (t, a) => clampAny(t, a.min, a.max)],
  clip: [['min=None', 'max=None'], (t, a) => clampAny(t, a.min, a.max)],
  clamp_min: [['min'], (t, a) => (a.min instanceof Tensor ? clampAny(t, a.min, null) : torch.clampMin(t, num(a.min)))],
  clamp_max: [['max'], (t, a) => (a.max instanceof Tensor ? clampAny(t, null, a.max) : torch.clampMax(t, num(a.max)))],
  addmm: [['mat1', 'mat2', '*', 'beta=1', 'alpha=1'], (t, a) => torch.addmm(t, T(a.mat1), T(a.mat2), num(a.beta), num(a.alpha))],
  mv: [['vec'], (t, a) => torch.mv(t, T(a.vec))],
  dot: [['other'], (t, a) => torch.dot(t, T(a.other))],
  bmm: [['mat2'], (t, a) => torch.bmm(t, T(a.mat2))],
  outer: [['vec2'], (t, a) => torch.outer(t, T(a.vec2))],
  reshape_as: [['other'], (t, a) => t.reshape(T(a.other).shape)],
  unflatten: [['dim', 'sizes'], (t, a) => {
    const d = num(a.dim) < 0 ? num(a.dim) + t.ndim : num(a.dim);
    return t.view([...t.shape.slice(0, d), ...shapeOf(a.sizes), ...t.shape.slice(d + 1)]);
  }],
  repeat: [['*sizes'], (t, a) => torch.repeat(t, varShape(a.sizes as unknown[]))],
  tile: [['*dims'], (t, a) => torch.tile(t, varShape(a.dims as unknown[]))],
  flip: [['*dims'], (t, a) => torch.flip(t, varShape(a.dims as unknown[]))],
  roll: [['shifts', 'dims=None'], (t, a) => torch.roll(t, splitArg(a.shifts), a.dims === null ? null : splitArg(a.dims))],
  tril: [['diagonal=0'], (t, a) => torch.tril(t, num(a.diagonal))],
  triu: [['diagonal=0'], (t, a) => torch.triu(t, num(a.diagonal))],
  split_with_sizes: [['split_sizes', 'dim=0'], (t, a) => tuple(torch.split(t, shapeOf(a.split_sizes), num(a.dim)))],
  index_select: [['dim', 'index'], (t, a) => torch.indexSelect(t, num(a.dim), T(a.index))],
  gather: [['dim', 'index'], (t, a) => torch.gather(t, num(a.dim), T(a.index))],
  masked_select: [['mask'], (t, a) => torch.maskedSelect(t, T(a.mask))],
  where: [['condition', 'y'], (t, a) => torch.where(T(a.condition), t, operand(a.y))],
  argmin: [['dim=None', 'keepdim=False'], (t, a) => torch.argmin(t, a.dim === null ? undefined : num(a.dim), flag(a.keepdim))],
  amax: [['dim=None', 'keepdim=False'], (t, a) => torch.amax(t, dimsOrNull(a.dim), flag(a.keepdim))],
  amin: [['dim=None', 'keepdim=False'], (t, a) => torch.amin(t, dimsOrNull(a.dim), flag(a.keepdim))],
  prod: [['dim=None', 'keepdim=False', '*', 'dtype=None'], (t, a) => prodOf(t, a)],
  cumsum: [['dim', '*', 'dtype=None'], (t, a) => torch.cumsum(t, num(a.dim))],
  norm: [["p='fro'", 'dim=None', 'keepdim=False', 'dtype=None'], (t, a) => torch.norm(t, normP(a.p), dimsOrNull(a.dim), flag(a.keepdim))],
  var: [['dim=None', 'unbiased=True', 'keepdim=False', '*', 'correction=None'], (t, a) => {
    const [dims, c] = varArgs(a);
    return torch.var(t, dims, c, flag(a.keepdim));
  }],
  std: [['dim=None', 'unbiased=True', 'keepdim=False', '*', 'correction=None'], (t, a) => {
    const [dims, c] = varArgs(a);
    return torch.std(t, dims, c, flag(a.keepdim));
  }],
  logsumexp: [['dim', 'keepdim=False'], (t, a) => torch.logsumexp(t, dimsOf(a.dim) ?? [], flag(a.keepdim))],
  lerp: [['end', 'weight'], (t, a) => torch.lerp(t, T(a.end), a.weight instanceof Tensor ? a.weight : num(a.weight))],
  addcmul: [['tensor1', 'tensor2', '*', 'value=1'], (t, a) => torch.addcmul(t, T(a.tensor1), T(a.tensor2), num(a.value))],
  addcdiv: [['tensor1', 'tensor2', '*', 'value=1'], (t, a) => torch.addcdiv(t, T(a.tensor1), T(a.tensor2), num(a.value))],
  new_zeros: [['*size', 'dtype=None'], (t, a) => torch.zeros(varShape(a.size as unknown[]), { dtype: dtypeArg(a.dtype) ?? t.dtype })],
  new_ones: [['*size', 'dtype=None'], (t, a) => torch.ones(varShape(a.size as unknown[]), { dtype: dtypeArg(a.dtype) ?? t.dtype })],
};

/** `F.normalize(input, p, dim, eps)` as 1.13 composes it: input / norm.clamp_min(eps).expand_as(input). */
export function normalize(x: Tensor, p: number, dim: number, eps: number): Tensor {
  const denom = torch.clampMin(torch.norm(x, p, dim, true), eps).expandAs(x);
  return x.div(denom);
}

/** `F.margin_ranking_loss` as 1.13 composes it. */
export function marginRankingLoss(x1: Tensor, x2: Tensor, target: Tensor, margin: number, reduction: string): Tensor {
  const out = torch.clampMin(torch.addScalar(target.neg().mul(x1.sub(x2)), margin), 0);
  if (reduction === 'mean') return out.mean();
  if (reduction === 'sum') return out.sum();
  return out;
}

function legacyReduction(a: Bound): string {
  if (a.size_average !== null || a.reduce !== null) throw new UnsupportedError('the legacy size_average/reduce arguments');
  return a.reduction as string;
}

/** Adds the F.* functions. */
export function addFunctionalExtra(def: Def): void {
  def('leaky_relu', ['input', 'negative_slope=0.01', 'inplace=False'], (a) => F.leakyRelu(T(a.input), num(a.negative_slope)));
  def('elu', ['input', 'alpha=1.0', 'inplace=False'], (a) => F.elu(T(a.input), num(a.alpha)));
  def('gelu', ['input', "approximate='none'"], (a) => F.gelu(T(a.input), a.approximate as 'none'));
  def('softplus', ['input', 'beta=1', 'threshold=20'], (a) => F.softplus(T(a.input), num(a.beta), num(a.threshold)));
  def('silu', ['input', 'inplace=False'], (a) => F.silu(T(a.input)));
  def('hardtanh', ['input', 'min_val=-1.0', 'max_val=1.0', 'inplace=False'], (a) => F.hardtanh(T(a.input), num(a.min_val), num(a.max_val)));
  def('relu6', ['input', 'inplace=False'], (a) => F.relu6(T(a.input)));
  def('logsigmoid', ['input'], (a) => F.logsigmoid(T(a.input)));
  def('softsign', ['input'], (a) => F.softsign(T(a.input)));
  def('linear', ['input', 'weight', 'bias=None'], (a) => F.linear(T(a.input), T(a.weight), T2(a.bias)));
  def('pad', ['input', 'pad', "mode='constant'", 'value=None'], (a) => {
    if (a.mode !== 'constant') throw new UnsupportedError(`F.pad(mode='${String(a.mode)}')`);
    return F.pad(T(a.input), shapeOf(a.pad), a.value === null ? 0 : num(a.value));
  });
  def('one_hot', ['tensor', 'num_classes=-1'], (a) => F.oneHot(T(a.tensor), num(a.num_classes)));
  def('normalize', ['input', 'p=2.0', 'dim=1', 'eps=1e-12', 'out=None'], (a) => normalize(T(a.input), num(a.p), num(a.dim), num(a.eps)));
  def('kl_div', ['input', 'target', 'size_average=None', 'reduce=None', "reduction='mean'", 'log_target=False'], (a) =>
    F.klDiv(T(a.input), T(a.target), { reduction: legacyReduction(a) as 'mean', logTarget: flag(a.log_target) }),
  );
  def('cosine_similarity', ['x1', 'x2', 'dim=1', 'eps=1e-8'], (a) => F.cosineSimilarity(T(a.x1), T(a.x2), num(a.dim), num(a.eps)));
  def('margin_ranking_loss', ['input1', 'input2', 'target', 'margin=0', 'size_average=None', 'reduce=None', "reduction='mean'"], (a) =>
    marginRankingLoss(T(a.input1), T(a.input2), T(a.target), num(a.margin), legacyReduction(a)),
  );
}

/** nn classes that are a function of their input, as Python-callable objects. */
class FnModule {
  constructor(private readonly name: string, private readonly fn: (args: unknown[]) => unknown) {}
  getAttr(name: string): unknown {
    if (name === 'eval' || name === 'train') return pyFn(name, ['mode=True'], () => this);
    return undefined;
  }
  call(args: unknown[], kwargs: Map<string, unknown>): unknown {
    if (kwargs.size > 0) throw new UnsupportedError('keyword arguments to a module call');
    return this.fn(args);
  }
  toString(): string {
    return `${this.name}()`;
  }
}

const LOSS = ['size_average=None', 'reduce=None', "reduction='mean'"];

/** The classes: name → [constructor signature, forward from the bound arguments]. */
export const fnModuleClasses: Record<string, [string[], (a: Bound) => (args: unknown[]) => unknown]> = {
  LeakyReLU: [['negative_slope=0.01', 'inplace=False'], (a) => ([x]) => F.leakyRelu(T(x), num(a.negative_slope))],
  ELU: [['alpha=1.0', 'inplace=False'], (a) => ([x]) => F.elu(T(x), num(a.alpha))],
  GELU: [["approximate='none'"], (a) => ([x]) => F.gelu(T(x), a.approximate as 'none')],
  Softplus: [['beta=1', 'threshold=20'], (a) => ([x]) => F.softplus(T(x), num(a.beta), num(a.threshold))],
  SiLU: [['inplace=False'], () => ([x]) => F.silu(T(x))],
  Hardtanh: [['min_val=-1.0', 'max_val=1.0', 'inplace=False'], (a) => ([x]) => F.hardtanh(T(x), num(a.min_val), num(a.max_val))],
  ReLU6: [['inplace=False'], () => ([x]) => F.relu6(T(x))],
  LogSigmoid: [[], () => ([x]) => F.logsigmoid(T(x))],
  Softsign: [[], () => ([x]) => F.softsign(T(x))],
  Softmax: [['dim=None'], (a) => ([x]) => F.softmax(T(x), num(a.dim))],
  LogSoftmax: [['dim=None'], (a) => ([x]) => F.logSoftmax(T(x), num(a.dim))],
  SmoothL1Loss: [[...LOSS, 'beta=1.0'], (a) => ([x, y]) => F.smoothL1Loss(T(x), T(y), { reduction: legacyReduction(a) as 'mean', beta: num(a.beta) })],
  HuberLoss: [["reduction='mean'", 'delta=1.0'], (a) => ([x, y]) => F.huberLoss(T(x), T(y), { reduction: a.reduction as 'mean', delta: num(a.delta) })],
  KLDivLoss: [[...LOSS, 'log_target=False'], (a) => ([x, y]) => F.klDiv(T(x), T(y), { reduction: legacyReduction(a) as 'mean', logTarget: flag(a.log_target) })],
  CosineSimilarity: [['dim=1', 'eps=1e-08'], (a) => ([x1, x2]) => F.cosineSimilarity(T(x1), T(x2), num(a.dim), num(a.eps))],
  MarginRankingLoss: [['margin=0.0', ...LOSS], (a) => ([x1, x2, y]) => marginRankingLoss(T(x1), T(x2), T(y), num(a.margin), legacyReduction(a))],
};

/** The class objects for `nn`. */
export function fnModuleBindings(): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [name, [spec, make]] of Object.entries(fnModuleClasses)) {
    m.set(name, pyFn(name, spec, (a) => new FnModule(name, make(a))));
  }
  return m;
}
