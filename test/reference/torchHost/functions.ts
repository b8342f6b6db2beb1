// `torch.*` and `torch.nn.functional.*` bound to the engine, with PyTorch's signatures.
import { F, Tensor, manualSeed, torch, type DType } from '../../../src/engine';
import { PyBuiltin } from '../pyeval';
import { DTypeObj, dimsOf, dtypeArg, isPyFloat, nestedData, num, operand, shapeOf, varShape, UnsupportedError } from './convert';
import { pyFn, ReturnTypes, tuple } from './define';
import type { Bound } from './signature';
import { addFunctionalExtra, addTorchExtra } from './extra';

const T = (v: unknown): Tensor => {
  if (!(v instanceof Tensor)) throw new TypeError(`expected Tensor as argument, but got ${typeof v}`);
  return v;
};
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

/** The engine dtype for a Python float scalar operand against `t` (int tensors become float32). */
function floatSafe(t: Tensor, other: unknown): Tensor {
  return isPyFloat(other) && (t.dtype === 'int64' || t.dtype === 'bool') ? t.float() : t;
}

function factory(shape: number[], a: Bound, make: (s: number[], o: { dtype?: DType; requiresGrad?: boolean }) => Tensor): Tensor {
  return make(shape, { dtype: dtypeArg(a.dtype), requiresGrad: a.requires_grad === true });
}

/** Elementwise binary op accepting Python scalars on either side. */
export function binaryOp(op: 'add' | 'sub' | 'mul' | 'div', x: unknown, y: unknown, alpha = 1): Tensor {
  if (x instanceof Tensor) {
    const a = floatSafe(x, y);
    const b = operand(y);
    if (op === 'add') return torch.add(a, b, alpha);
    if (op === 'sub') return torch.sub(a, b, alpha);
    if (op === 'mul') return torch.mul(a, b);
    return torch.div(a, b);
  }
  const t = floatSafe(T(y), x);
  const s = num(x);
  if (op === 'add') return torch.add(t, s);
  if (op === 'mul') return torch.mul(t, s);
  if (op === 'sub') return torch.rsub(t, s);
  return torch.mul(torch.reciprocal(t), s);
}

const dtypes: Record<string, DType> = {
  float32: 'float32',
  float: 'float32',
  float64: 'float64',
  double: 'float64',
  int64: 'int64',
  long: 'int64',
  bool: 'bool',
};

function maxMin(which: 'max' | 'min', a: Bound): unknown {
  const input = T(a.input);
  if (a.dim instanceof Tensor) return which === 'max' ? torch.maximum(input, a.dim) : torch.minimum(input, a.dim);
  if (a.dim === null) return which === 'max' ? torch.max(input) : torch.min(input);
  const [v, i] = which === 'max' ? torch.max(input, num(a.dim), a.keepdim === true) : torch.min(input, num(a.dim), a.keepdim === true);
  return new ReturnTypes(which, v, i);
}

/** The `torch` namespace's functions (without submodules). */
export function torchFunctions(): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const def = (name: string, spec: string[], impl: (a: Bound) => unknown): void => {
    m.set(name, pyFn(name, spec, impl));
  };
  for (const [k, d] of Object.entries(dtypes)) m.set(k, new DTypeObj(d));
  def('manual_seed', ['seed'], (a) => {
    manualSeed(typeof a.seed === 'bigint' ? a.seed : num(a.seed));
    return null;
  });
  def('tensor', ['data', '*', 'dtype=None', 'requires_grad=False'], (a) => {
    const seen = { float: false };
    const data = nestedData(a.data, seen) as Parameters<typeof torch.tensor>[0];
    const dtype = dtypeArg(a.dtype) ?? (seen.float ? 'float32' : undefined);
    return torch.tensor(data, { dtype, requiresGrad: a.requires_grad === true });
  });
  for (const name of ['zeros', 'ones', 'empty', 'rand', 'randn'] as const) {
    def(name, ['*size', 'dtype=None', 'requires_grad=False'], (a) => factory(varShape(a.size as unknown[]), a, torch[name]));
  }
  def('full', ['size', 'fill_value', '*', 'dtype=None', 'requires_grad=False'], (a) => {
    const v = a.fill_value;
    const dtype = dtypeArg(a.dtype) ?? (typeof v === 'boolean' ? 'bool' : isPyFloat(v) ? 'float32' : 'int64');
    return torch.full(shapeOf(a.size), num(v), { dtype, requiresGrad: a.requires_grad === true });
  });
  for (const name of ['zeros_like', 'ones_like'] as const) {
    def(name, ['input', '*', 'dtype=None', 'requires_grad=False'], (a) =>
      (name === 'zeros_like' ? torch.zerosLike : torch.onesLike)(T(a.input), { dtype: dtypeArg(a.dtype), requiresGrad: a.requires_grad === true }),
    );
  }
  def('arange', ['start', 'end=None', 'step=1', '*', 'dtype=None', 'requires_grad=False'], (a) => {
    const anyFloat = [a.start, a.end, a.step].some(isPyFloat);
    const dtype = dtypeArg(a.dtype) ?? (anyFloat ? 'float32' : undefined);
    return torch.arange(num(a.start), a.end === null ? undefined : num(a.end), num(a.step), { dtype, requiresGrad: a.requires_grad === true });
  });
  def('linspace', ['start', 'end', 'steps', '*', 'dtype=None'], (a) => torch.linspace(num(a.start), num(a.end), num(a.steps), { dtype: dtypeArg(a.dtype) }));
  def('eye', ['n', 'm=None', '*', 'dtype=None'], (a) => torch.eye(num(a.n), a.m === null ? undefined : num(a.m), { dtype: dtypeArg(a.dtype) }));
  def('randint', ['low', 'high', 'size', '*', 'dtype=None'], (a) => torch.randint(num(a.low), num(a.high), shapeOf(a.size)));
  def('randperm', ['n', '*', 'dtype=None'], (a) => torch.randperm(num(a.n)));
  def('normal', ['mean', 'std', 'size=None', '*', 'dtype=None'], (a) => {
    if (a.mean instanceof Tensor) return torch.normalTensor(a.mean, a.std instanceof Tensor ? a.std : torch.fullLike(a.mean, num(a.std)));
    return torch.normal(num(a.mean), num(a.std), shapeOf(a.size), { dtype: dtypeArg(a.dtype) });
  });
  def('bernoulli', ['input'], (a) => torch.bernoulli(T(a.input)));
  def('add', ['input', 'other', '*', 'alpha=1'], (a) => binaryOp('add', a.input, a.other, num(a.alpha)));
  def('sub', ['input', 'other', '*', 'alpha=1'], (a) => binaryOp('sub', a.input, a.other, num(a.alpha)));
  def('mul', ['input', 'other'], (a) => binaryOp('mul', a.input, a.other));
  def('div', ['input', 'other'], (a) => binaryOp('div', a.input, a.other));
  def('pow', ['input', 'exponent'], (a) => torch.pow(T(a.input), operand(a.exponent)));
  for (const name of ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'sigmoid', 'relu', 'sin', 'cos', 't', 'isnan', 'reciprocal'] as const) {
    def(name, ['input'], (a) => torch[name](T(a.input)));
  }
  def('clamp', ['input', 'min=None', 'max=None'], (a) => torch.clamp(T(a.input), optNum(a.min), optNum(a.max)));
  def('softmax', ['input', 'dim', 'dtype=None'], (a) => torch.softmax(T(a.input), num(a.dim)));
  def('log_softmax', ['input', 'dim', 'dtype=None'], (a) => torch.logSoftmax(T(a.input), num(a.dim)));
  for (const name of ['matmul', 'mm', 'mv', 'dot', 'bmm'] as const) def(name, ['input', 'other'], (a) => torch[name](T(a.input), T(a.other)));
  def('addmm', ['input', 'mat1', 'mat2', '*', 'beta=1', 'alpha=1'], (a) => torch.addmm(T(a.input), T(a.mat1), T(a.mat2), num(a.beta), num(a.alpha)));
  def('transpose', ['input', 'dim0', 'dim1'], (a) => torch.transpose(T(a.input), num(a.dim0), num(a.dim1)));
  def('reshape', ['input', 'shape'], (a) => torch.reshape(T(a.input), shapeOf(a.shape)));
  def('unsqueeze', ['input', 'dim'], (a) => torch.unsqueeze(T(a.input), num(a.dim)));
  def('squeeze', ['input', 'dim=None'], (a) => torch.squeeze(T(a.input), a.dim === null ? undefined : num(a.dim)));
  def('flatten', ['input', 'start_dim=0', 'end_dim=-1'], (a) => torch.flatten(T(a.input), num(a.start_dim), num(a.end_dim)));
  def('cat', ['tensors', 'dim=0'], (a) => torch.cat([...(a.tensors as Iterable<unknown>)].map(T), num(a.dim)));
  def('stack', ['tensors', 'dim=0'], (a) => torch.stack([...(a.tensors as Iterable<unknown>)].map(T), num(a.dim)));
  def('unbind', ['input', 'dim=0'], (a) => tuple(torch.unbind(T(a.input), num(a.dim))));
  def('chunk', ['input', 'chunks', 'dim=0'], (a) => tuple(torch.chunk(T(a.input), num(a.chunks), num(a.dim))));
  def('where', ['condition', 'input', 'other'], (a) => torch.where(T(a.condition), operand(a.input), operand(a.other)));
  def('max', ['input', 'dim=None', 'keepdim=False'], (a) => maxMin('max', a));
  def('min', ['input', 'dim=None', 'keepdim=False'], (a) => maxMin('min', a));
  def('maximum', ['input', 'other'], (a) => torch.maximum(T(a.input), T(a.other)));
  def('minimum', ['input', 'other'], (a) => torch.minimum(T(a.input), T(a.other)));
  def('argmax', ['input', 'dim=None', 'keepdim=False'], (a) => torch.argmax(T(a.input), a.dim === null ? undefined : num(a.dim), a.keepdim === true));
  def('sum', ['input', 'dim=None', 'keepdim=False', '*', 'dtype=None'], (a) => torch.sum(T(a.input), dimsOf(a.dim), a.keepdim === true));
  def('mean', ['input', 'dim=None', 'keepdim=False', '*', 'dtype=None'], (a) => torch.mean(T(a.input), dimsOf(a.dim), a.keepdim === true));
  def('masked_fill', ['input', 'mask', 'value'], (a) => torch.maskedFill(T(a.input), T(a.mask), num(a.value)));
  def('select', ['input', 'dim', 'index'], (a) => torch.select(T(a.input), num(a.dim), num(a.index)));
  def('is_grad_enabled', [], () => torch.isGradEnabled());
  m.set('no_grad', new PyBuiltin('no_grad', () => new GradModeContext(false)));
  m.set('enable_grad', new PyBuiltin('enable_grad', () => new GradModeContext(true)));
  addTorchExtra(def);
  return m;
}

const T2 = (v: unknown): Tensor | null => (v === null || v === undefined ? null : T(v));

/** The F.*_loss functions, with PyTorch's signatures (legacy size_average/reduce unsupported). */
function addLosses(def: (name: string, spec: string[], impl: (a: Bound) => unknown) => void): void {
  const legacy = ['size_average=None', 'reduce=None'];
  const red = (a: Bound) => {
    if (a.size_average !== null || a.reduce !== null) throw new UnsupportedError('the legacy size_average/reduce arguments');
    return a.reduction as 'mean' | 'sum' | 'none';
  };
  def('mse_loss', ['input', 'target', ...legacy, "reduction='mean'"], (a) => F.mseLoss(T(a.input), T(a.target), { reduction: red(a) }));
  def('l1_loss', ['input', 'target', ...legacy, "reduction='mean'"], (a) => F.l1Loss(T(a.input), T(a.target), { reduction: red(a) }));
  def('smooth_l1_loss', ['input', 'target', ...legacy, "reduction='mean'", 'beta=1.0'], (a) =>
    F.smoothL1Loss(T(a.input), T(a.target), { reduction: red(a), beta: num(a.beta) }),
  );
  def('huber_loss', ['input', 'target', "reduction='mean'", 'delta=1.0'], (a) =>
    F.huberLoss(T(a.input), T(a.target), { reduction: a.reduction as 'mean', delta: num(a.delta) }),
  );
  def('binary_cross_entropy', ['input', 'target', 'weight=None', ...legacy, "reduction='mean'"], (a) =>
    F.binaryCrossEntropy(T(a.input), T(a.target), { weight: T2(a.weight), reduction: red(a) }),
  );
  def('binary_cross_entropy_with_logits', ['input', 'target', 'weight=None', ...legacy, "reduction='mean'", 'pos_weight=None'], (a) =>
    F.binaryCrossEntropyWithLogits(T(a.input), T(a.target), { weight: T2(a.weight), posWeight: T2(a.pos_weight), reduction: red(a) }),
  );
  def('nll_loss', ['input', 'target', 'weight=None', ...legacy, 'ignore_index=-100', 'reduce=None', "reduction='mean'"].filter((s, i, all) => all.indexOf(s) === i), (a) =>
    F.nllLoss(T(a.input), T(a.target), { weight: T2(a.weight), ignoreIndex: num(a.ignore_index), reduction: red(a) }),
  );
  def('cross_entropy', ['input', 'target', 'weight=None', 'size_average=None', 'ignore_index=-100', 'reduce=None', "reduction='mean'", 'label_smoothing=0.0'], (a) =>
    F.crossEntropy(T(a.input), T(a.target), { weight: T2(a.weight), ignoreIndex: num(a.ignore_index), reduction: red(a), labelSmoothing: num(a.label_smoothing) }),
  );
}

/** `with torch.no_grad():` as a context manager host object. */
export class GradModeContext {
  private prev = true;
  constructor(private readonly mode: boolean) {}
  enter(): void {
    this.prev = torch.setGradEnabled(this.mode);
  }
  exit(): void {
    torch.setGradEnabled(this.prev);
  }
}

/** `torch.nn.functional` functions that exist in the engine. */
export function functionalFunctions(): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const def = (name: string, spec: string[], impl: (a: Bound) => unknown): void => {
    m.set(name, pyFn(name, spec, impl));
  };
  def('relu', ['input', 'inplace=False'], (a) => F.relu(T(a.input)));
  def('tanh', ['input'], (a) => F.tanh(T(a.input)));
  def('sigmoid', ['input'], (a) => F.sigmoid(T(a.input)));
  def('softmax', ['input', 'dim=None', '_stacklevel=3', 'dtype=None'], (a) => F.softmax(T(a.input), num(a.dim)));
  def('log_softmax', ['input', 'dim=None', '_stacklevel=3', 'dtype=None'], (a) => F.logSoftmax(T(a.input), num(a.dim)));
  def('dropout', ['input', 'p=0.5', 'training=True', 'inplace=False'], (a) => F.dropout(T(a.input), num(a.p), a.training === true));
  def('embedding', ['input', 'weight', 'padding_idx=None', 'max_norm=None', 'norm_type=2.0', 'scale_grad_by_freq=False', 'sparse=False'], (a) => {
    if (a.max_norm !== null) throw new UnsupportedError('F.embedding(max_norm=...)');
    return F.embedding(T(a.input), T(a.weight), a.padding_idx === null ? null : num(a.padding_idx));
  });
  addLosses(def);
  addFunctionalExtra(def);
  return m;
}
