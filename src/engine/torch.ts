// The `torch` namespace of the JS API: PyTorch's functions under camelCase names. Factories take
// sizes as PyTorch does (`zeros(2, 3)` or `zeros([2, 3])`) with an options object last.
import { backward, grad } from './autograd/functional';
import { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './autograd/gradMode';
import type { DType } from './dtype';
import * as A from './ops/arith';
import * as C from './ops/compare';
import * as K from './ops/creation';
import * as I from './ops/indexing';
import * as J from './ops/join';
import * as L from './ops/linalg';
import * as Loss from './ops/losses';
import * as Nll from './ops/lossesNll';
import * as R from './ops/reduce';
import * as Rnd from './ops/random';
import * as S from './ops/activation';
import * as U from './ops/unary';
import * as PX from './ops/pointwiseExtra';
import * as RX from './ops/reduceExtra';
import * as G from './ops/gatherOps';
import * as LX from './ops/linalgExtra';
import * as V from './ops/views';
import * as Rd from './ops/rounding';
import * as So from './ops/sorting';
import * as Kl from './ops/lossesKl';
import * as nn from './nn';
import { optim } from './optim';
import { manualSeed, initialSeed } from './random';
import { Tensor } from './tensor';
import './tensorMethods';

type SizeArgs<O> = (number | readonly number[] | O | undefined)[];

/** Splits PyTorch-style `(*sizes, options)` arguments. e.g. `sizesAndOptions([2, 3, {}])` */
export function sizesAndOptions<O extends object>(args: SizeArgs<O>): [number[], O] {
  let opts = {} as O;
  const rest = args.filter((a) => a !== undefined);
  const last = rest[rest.length - 1];
  if (last !== undefined && typeof last === 'object' && !Array.isArray(last)) {
    opts = last as O;
    rest.pop();
  }
  if (rest.length === 1 && Array.isArray(rest[0])) return [(rest[0] as number[]).slice(), opts];
  return [rest as number[], opts];
}

function sized<O extends object>(fn: (shape: readonly number[], opts: O) => Tensor) {
  return (...args: SizeArgs<O>): Tensor => {
    const [shape, opts] = sizesAndOptions<O>(args);
    return fn(shape, opts);
  };
}

/** The `torch` namespace. e.g. `torch.matmul(torch.ones(5), w).add(b)` */
export const torch = {
  Tensor,
  float32: 'float32' as DType,
  float64: 'float64' as DType,
  int64: 'int64' as DType,
  long: 'int64' as DType,
  float: 'float32' as DType,
  double: 'float64' as DType,
  bool: 'bool' as DType,
  // factories
  tensor: K.tensor,
  fromArray: K.fromArray,
  zeros: sized<K.FactoryOptions>(K.zeros),
  ones: sized<K.FactoryOptions>(K.ones),
  empty: sized<K.FactoryOptions>(K.empty),
  full: K.full,
  zerosLike: K.zerosLike,
  onesLike: K.onesLike,
  fullLike: K.fullLike,
  arange: K.arange,
  linspace: K.linspace,
  eye: K.eye,
  // random
  manualSeed,
  initialSeed,
  rand: sized<Rnd.RandomOptions>(Rnd.rand),
  randn: sized<Rnd.RandomOptions>(Rnd.randn),
  randint: Rnd.randint,
  randperm: Rnd.randperm,
  normal: Rnd.normal,
  normalTensor: Rnd.normalTensor,
  bernoulli: Rnd.bernoulli,
  // pointwise
  add: A.add,
  sub: A.sub,
  rsub: A.rsub,
  mul: A.mul,
  div: A.div,
  neg: A.neg,
  pow: A.pow,
  rpow: A.rpow,
  reciprocal: A.reciprocal,
  exp: U.exp,
  log: U.log,
  sqrt: U.sqrt,
  abs: U.abs,
  sign: U.sign,
  tanh: U.tanh,
  sigmoid: U.sigmoid,
  relu: U.relu,
  sin: U.sin,
  cos: U.cos,
  clamp: U.clamp,
  clampTensor: PX.clampTensor,
  clampMin: PX.clampMin,
  clampMax: PX.clampMax,
  rsqrt: PX.rsqrt,
  exp2: PX.exp2,
  log1p: PX.log1p,
  expm1: PX.expm1,
  log2: PX.log2,
  log10: PX.log10,
  square: PX.square,
  lerp: PX.lerp,
  addcmul: PX.addcmul,
  addcdiv: PX.addcdiv,
  softmax: S.softmax,
  logSoftmax: S.logSoftmax,
  floor: Rd.floor,
  ceil: Rd.ceil,
  round: Rd.round,
  trunc: Rd.trunc,
  frac: Rd.frac,
  remainder: Rd.remainder,
  fmod: Rd.fmod,
  divMode: Rd.divMode,
  floorDivide: Rd.floorDivide,
  xlogy: Kl.xlogy,
  // comparison and selection
  gt: C.gt,
  lt: C.lt,
  ge: C.ge,
  le: C.le,
  eq: C.eq,
  ne: C.ne,
  logicalNot: C.logicalNot,
  isnan: C.isnan,
  isfinite: C.isfinite,
  isinf: Rd.isinf,
  where: C.where,
  maskedFill: C.maskedFill,
  // linear algebra
  matmul: L.matmul,
  mm: L.mm,
  addmm: L.addmm,
  mv: L.mv,
  dot: L.dot,
  bmm: L.bmm,
  baddbmm: LX.baddbmm,
  addmv: LX.addmv,
  outer: LX.outer,
  ger: LX.outer,
  scalarPow: LX.scalarPow,
  /** `a + s` as C++ code adding a double records it (AddBackward1, one input slot). */
  addScalar: Nll.addScalar,
  // shape
  t: V.t,
  transpose: V.transpose,
  permute: V.permute,
  reshape: V.reshape,
  unsqueeze: V.unsqueeze,
  squeeze: V.squeeze,
  flatten: V.flatten,
  select: V.select,
  narrow: V.narrow,
  unbind: V.unbind,
  cat: J.cat,
  stack: J.stack,
  split: J.split,
  chunk: J.chunk,
  repeat: G.repeat,
  tile: G.tile,
  flip: G.flip,
  roll: G.roll,
  tril: G.tril,
  triu: G.triu,
  gather: G.gather,
  indexSelect: G.indexSelect,
  maskedSelect: G.maskedSelect,
  // reductions
  sum: R.sum,
  mean: R.mean,
  max: R.max,
  min: R.min,
  argmax: R.argmax,
  argmin: RX.argmin,
  amax: RX.amax,
  amin: RX.amin,
  prod: RX.prod,
  cumsum: RX.cumsum,
  cumprod: So.cumprod,
  sort: So.sort,
  topk: So.topk,
  norm: RX.norm,
  var: RX.variance,
  std: RX.std,
  logsumexp: RX.logsumexp,
  maximum: R.maximum,
  minimum: R.minimum,
  // autograd
  noGrad,
  enableGrad,
  isGradEnabled,
  setGradEnabled,
  autograd: { grad, backward },
  detach: V.detach,
  /** A Python slice for `tensor.index(...)`. e.g. `x.index(torch.sl(1, null))` is `x[1:]` */
  sl: I.sl,
  /** `torch.nn`: modules, Parameter, losses. */
  nn,
  /** `torch.optim`: optimizers and `lrScheduler`. e.g. `new torch.optim.Adam(params)` */
  optim,
};

/** `torch.nn.functional` (so far the ops; losses join with the nn modules). */
export const F = {
  relu: U.relu,
  tanh: U.tanh,
  sigmoid: U.sigmoid,
  softmax: S.softmax,
  logSoftmax: S.logSoftmax,
  dropout: S.dropout,
  leakyRelu: PX.leakyRelu,
  elu: PX.elu,
  gelu: PX.gelu,
  softplus: PX.softplus,
  silu: PX.silu,
  hardtanh: PX.hardtanh,
  relu6: PX.relu6,
  logsigmoid: PX.logsigmoid,
  softsign: PX.softsign,
  pad: G.pad,
  oneHot: G.oneHot,
  embedding: I.embedding,
  linear: nn.functional.linear,
  // losses
  mseLoss: Loss.mseLoss,
  l1Loss: Loss.l1Loss,
  smoothL1Loss: Loss.smoothL1Loss,
  huberLoss: Loss.huberLoss,
  binaryCrossEntropy: Loss.binaryCrossEntropy,
  binaryCrossEntropyWithLogits: Loss.binaryCrossEntropyWithLogits,
  nllLoss: Nll.nllLoss,
  crossEntropy: Nll.crossEntropy,
  klDiv: Kl.klDiv,
  cosineSimilarity: Kl.cosineSimilarity,
};
