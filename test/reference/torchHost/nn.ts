// `torch.nn` and `torch.optim` for the reference runner: classes constructed with PyTorch's
// signatures, module objects seen from Python (attributes, snake_case methods, `module(x)`).
import type { Tensor} from '../../../src/engine';
import { nn, nnUtils, optim, torch, type Tensor as T } from '../../../src/engine';
import { PyBuiltin, PyModule } from '../pyeval';
import { UnsupportedError, num } from './convert';
import { pyFn } from './define';
import { camel, options, toJs, toPy } from './jsBridge';
import type { Bound } from './signature';
import { fnModuleBindings } from './extra';

type Ctor = (a: Bound) => object;

const flag = (v: unknown): boolean => v === true;
const optNum = (v: unknown): number | null => (v === null ? null : num(v));
const reduction = (a: Bound) => {
  if (a.size_average !== null || a.reduce !== null) throw new UnsupportedError('the legacy size_average/reduce arguments');
  return a.reduction as 'mean' | 'sum' | 'none';
};
const LEGACY = ['size_average=None', 'reduce=None', "reduction='mean'"];
const RNN_COMMON = ['bias=True', 'batch_first=False', 'dropout=0.0', 'bidirectional=False', 'proj_size=0', 'device=None', 'dtype=None'];

function rnnOpts(a: Bound) {
  if (num(a.proj_size) !== 0) throw new UnsupportedError('proj_size');
  return { numLayers: num(a.num_layers), bias: flag(a.bias), batchFirst: flag(a.batch_first), dropout: num(a.dropout), bidirectional: flag(a.bidirectional) };
}

/** PyTorch's constructor signatures of the nn classes the engine has. */
const classes: Record<string, [string[], Ctor]> = {
  Linear: [['in_features', 'out_features', 'bias=True', 'device=None', 'dtype=None'], (a) => new nn.Linear(num(a.in_features), num(a.out_features), { bias: flag(a.bias) })],
  RNN: [
    ['input_size', 'hidden_size', 'num_layers=1', "nonlinearity='tanh'", ...RNN_COMMON],
    (a) => new nn.RNN(num(a.input_size), num(a.hidden_size), { ...rnnOpts(a), nonlinearity: a.nonlinearity as 'tanh' | 'relu' }),
  ],
  LSTM: [['input_size', 'hidden_size', 'num_layers=1', ...RNN_COMMON], (a) => new nn.LSTM(num(a.input_size), num(a.hidden_size), rnnOpts(a))],
  GRU: [['input_size', 'hidden_size', 'num_layers=1', ...RNN_COMMON], (a) => new nn.GRU(num(a.input_size), num(a.hidden_size), rnnOpts(a))],
  RNNCell: [
    ['input_size', 'hidden_size', 'bias=True', "nonlinearity='tanh'", 'device=None', 'dtype=None'],
    (a) => new nn.RNNCell(num(a.input_size), num(a.hidden_size), { bias: flag(a.bias), nonlinearity: a.nonlinearity as 'tanh' | 'relu' }),
  ],
  LSTMCell: [['input_size', 'hidden_size', 'bias=True', 'device=None', 'dtype=None'], (a) => new nn.LSTMCell(num(a.input_size), num(a.hidden_size), { bias: flag(a.bias) })],
  GRUCell: [['input_size', 'hidden_size', 'bias=True', 'device=None', 'dtype=None'], (a) => new nn.GRUCell(num(a.input_size), num(a.hidden_size), { bias: flag(a.bias) })],
  Embedding: [
    ['num_embeddings', 'embedding_dim', 'padding_idx=None', 'max_norm=None', 'norm_type=2.0', 'scale_grad_by_freq=False', 'sparse=False', '_weight=None', 'device=None', 'dtype=None'],
    (a) =>
      new nn.Embedding(num(a.num_embeddings), num(a.embedding_dim), {
        paddingIdx: optNum(a.padding_idx),
        maxNorm: optNum(a.max_norm),
        normType: num(a.norm_type),
        scaleGradByFreq: flag(a.scale_grad_by_freq),
        sparse: flag(a.sparse),
      } as ConstructorParameters<typeof nn.Embedding>[2]),
  ],
  Dropout: [['p=0.5', 'inplace=False'], (a) => new nn.Dropout(num(a.p), flag(a.inplace))],
  ReLU: [['inplace=False'], (a) => new nn.ReLU(flag(a.inplace))],
  Tanh: [[], () => new nn.Tanh()],
  Sigmoid: [[], () => new nn.Sigmoid()],
  Identity: [['*args'], () => new nn.Identity()],
  Sequential: [['*modules'], (a) => new nn.Sequential(...(a.modules as nn.Module[]))],
  Parameter: [['data=None', 'requires_grad=True'], (a) => new nn.Parameter(a.data as T | null, flag(a.requires_grad))],
  MSELoss: [LEGACY, (a) => new nn.MSELoss({ reduction: reduction(a) })],
  L1Loss: [LEGACY, (a) => new nn.L1Loss({ reduction: reduction(a) })],
  CrossEntropyLoss: [
    ['weight=None', 'size_average=None', 'ignore_index=-100', 'reduce=None', "reduction='mean'", 'label_smoothing=0.0'],
    (a) => new nn.CrossEntropyLoss({ weight: a.weight as T | null, ignoreIndex: num(a.ignore_index), reduction: reduction(a), labelSmoothing: num(a.label_smoothing) }),
  ],
  NLLLoss: [
    ['weight=None', 'size_average=None', 'ignore_index=-100', 'reduce=None', "reduction='mean'"],
    (a) => new nn.NLLLoss({ weight: a.weight as T | null, ignoreIndex: num(a.ignore_index), reduction: reduction(a) }),
  ],
  BCEWithLogitsLoss: [
    ['weight=None', 'size_average=None', 'reduce=None', "reduction='mean'", 'pos_weight=None'],
    (a) => new nn.BCEWithLogitsLoss({ weight: a.weight as T | null, posWeight: a.pos_weight as T | null, reduction: reduction(a) }),
  ],
  BCELoss: [['weight=None', ...LEGACY], (a) => new nn.BCELoss({ weight: a.weight as T | null, reduction: reduction(a) })],
};

/** The tutorial's model, as the reference generator defined it (shared/seed/seed_rnn_model.py). */
export class RnnModel extends nn.Module {
  rnn = new nn.RNN({ inputSize: 1, hiddenSize: 32, numLayers: 1 });
  out = new nn.Linear(32, 1);
  override forward(x: T, h: T | null): [T, T] {
    const [out, hn] = this.rnn.call(x, h);
    return [this.out.call(out), hn];
  }
}

/** Module objects seen from Python. */
export class ModuleView {
  private constructor(readonly module: nn.Module) {}
  private static views = new WeakMap<nn.Module, ModuleView>();

  static of(m: nn.Module): ModuleView {
    let v = ModuleView.views.get(m);
    if (!v) ModuleView.views.set(m, (v = new ModuleView(m)));
    return v;
  }

  getAttr(name: string): unknown {
    return jsAttr(this.module, name);
  }

  setAttr(name: string, value: unknown): void {
    (this.module as unknown as Record<string, unknown>)[name] = unwrap(value);
  }

  call(args: unknown[], kwargs: Map<string, unknown>): unknown {
    if (kwargs.size > 0) throw new UnsupportedError('keyword arguments to a module call');
    return wrap(toPy(this.module.callWith(args.map((a) => unwrap(toJs(a)))), true));
  }

  toString(): string {
    return this.module.toString();
  }
}

/**
 * `obj.name` on a plain JS object for Python: own properties as they are named, else the
 * camelCased name; methods become Python callables whose keyword arguments are an options object.
 */
export function jsAttr(obj: object, name: string): unknown {
  const o = obj as Record<string, unknown>;
  const own = name in o ? o[name] : o[camel(name)];
  if (typeof own === 'function') {
    const fn = own as (...a: unknown[]) => unknown;
    return new PyBuiltin(name, (args, kwargs) => {
      const jsArgs = args.map((a) => unwrap(toJs(a)));
      if (kwargs.size > 0) jsArgs.push(options(kwargs));
      return wrap(toPy(fn.apply(obj, jsArgs)));
    });
  }
  return own === undefined ? undefined : wrap(toPy(own));
}

/** Wraps modules (also inside lists/tuples) so Python sees ModuleViews. */
export function wrap(v: unknown): unknown {
  if (v instanceof nn.Module) return ModuleView.of(v);
  if (Array.isArray(v)) return v.map(wrap);
  return v;
}

/** Unwraps ModuleViews back to modules. */
export function unwrap(v: unknown): unknown {
  if (v instanceof ModuleView) return v.module;
  if (Array.isArray(v)) return v.map(unwrap);
  return v;
}

function classBinding(name: string, spec: string[], ctor: Ctor): PyBuiltin {
  return pyFn(name, spec, (a) => {
    for (const k of Object.keys(a)) a[k] = unwrap(a[k]);
    return wrap(ctor(a));
  });
}

/** The `nn` module object. */
export function nnModule(F: PyModule): PyModule {
  const attrs = new Map<string, unknown>([['functional', F]]);
  for (const [name, [spec, ctor]] of Object.entries(classes)) attrs.set(name, classBinding(name, spec, ctor));
  for (const [name, cls] of fnModuleBindings()) attrs.set(name, cls);
  const utils = new Map<string, unknown>([
    [
      'clip_grad_norm_',
      pyFn('clip_grad_norm_', ['parameters', 'max_norm', 'norm_type=2.0', 'error_if_nonfinite=False', 'foreach=None'], (a) =>
        nnUtils.clipGradNorm_(toJs(a.parameters) as T[], num(a.max_norm), num(a.norm_type), flag(a.error_if_nonfinite)),
      ),
    ],
    [
      'clip_grad_value_',
      pyFn('clip_grad_value_', ['parameters', 'clip_value', 'foreach=None'], (a) => (nnUtils.clipGradValue_(toJs(a.parameters) as T[], num(a.clip_value)), null)),
    ],
  ]);
  attrs.set('utils', new PyModule('torch.nn.utils', utils));
  attrs.set('Module', new PyBuiltin('Module', () => {
    throw new UnsupportedError('subclassing nn.Module in the reference runner (class definitions)');
  }));
  return new PyModule('torch.nn', attrs);
}

/** `torch.optim`: optimizers take PyTorch's keyword arguments (snake_case is accepted). */
export function optimModule(): PyModule {
  const attrs = new Map<string, unknown>();
  for (const name of ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad'] as const) {
    const Cls = optim[name] as unknown as new (p: unknown, o: Record<string, unknown>) => object;
    attrs.set(
      name,
      new PyBuiltin(name, (args, kwargs) => {
        const [params, lr] = args.map((x) => unwrap(toJs(x)));
        const o: Record<string, unknown> = {};
        for (const [k, v] of kwargs) o[k] = toJs(v);
        if (lr !== undefined) o.lr = lr;
        return new Cls(params, o);
      }),
    );
  }
  return new PyModule('torch.optim', attrs);
}

/** `model.named_parameters()` of a module object, as [name, tensor] pairs. */
export function namedParametersOf(model: unknown): [string, Tensor][] {
  const m = unwrap(model);
  if (!(m instanceof nn.Module)) throw new Error(`expected a module, got ${String(model)}`);
  return [...m.namedParameters()];
}

void torch;
