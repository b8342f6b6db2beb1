// Attaches PyTorch's Tensor methods (camelCase) to Tensor.prototype. Each forwards to an op in
// ops/, so the ops stay plain functions and tensor.ts imports none of them.
import { backward } from './autograd/functional';
import type { BackwardOptions } from './autograd/backward';
import { isFloating, type DType } from './dtype';
import { TorchError } from './errors';
import { formatTensor, type PrintOptions } from './format';
import * as A from './ops/arith';
import * as C from './ops/compare';
import * as I from './ops/indexing';
import * as P from './ops/inplace';
import * as J from './ops/join';
import * as L from './ops/linalg';
import * as R from './ops/reduce';
import * as S from './ops/activation';
import * as U from './ops/unary';
import * as V from './ops/views';
import * as Rnd from './ops/random';
import * as PX from './ops/pointwiseExtra';
import * as RX from './ops/reduceExtra';
import * as G from './ops/gatherOps';
import * as LX from './ops/linalgExtra';
import * as Rd from './ops/rounding';
import * as So from './ops/sorting';
import type { Scalar } from './ops/promote';
import type { Dims } from './ops/reduce';
import { copyData, contiguousData } from './storage';
import { record } from './autograd/record';
import { Tensor } from './tensor';


/** Nested arrays as `tolist()` returns them. */
export type NestedList = number | boolean | NestedList[];

declare module './tensor' {
  interface Tensor {
    add(other: Tensor | Scalar, alpha?: number): Tensor;
    sub(other: Tensor | Scalar, alpha?: number): Tensor;
    mul(other: Tensor | Scalar): Tensor;
    div(other: Tensor | Scalar): Tensor;
    neg(): Tensor;
    pow(exponent: Tensor | Scalar): Tensor;
    reciprocal(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    sign(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    relu(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    /** `clamp(min, max)`: number bounds (ClampBackward1) or tensor bounds (ClampBackward0); either may be null. */
    clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor;
    clampMin(min: number | Tensor): Tensor;
    clampMax(max: number | Tensor): Tensor;
    rsqrt(): Tensor;
    exp2(): Tensor;
    log1p(): Tensor;
    expm1(): Tensor;
    log2(): Tensor;
    log10(): Tensor;
    square(): Tensor;
    lerp(end: Tensor, weight: Tensor | number): Tensor;
    addcmul(tensor1: Tensor, tensor2: Tensor, value?: number): Tensor;
    addcdiv(tensor1: Tensor, tensor2: Tensor, value?: number): Tensor;
    softmax(dim: number): Tensor;
    logSoftmax(dim: number): Tensor;
    matmul(other: Tensor): Tensor;
    mm(other: Tensor): Tensor;
    mv(other: Tensor): Tensor;
    dot(other: Tensor): Tensor;
    bmm(other: Tensor): Tensor;
    baddbmm(batch1: Tensor, batch2: Tensor, beta?: number, alpha?: number): Tensor;
    addmv(mat: Tensor, vec: Tensor, beta?: number, alpha?: number): Tensor;
    outer(vec2: Tensor): Tensor;
    ger(vec2: Tensor): Tensor;
    t(): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    permute(...dims: number[]): Tensor;
    reshape(...shape: number[] | [readonly number[]]): Tensor;
    view(...shape: number[] | [readonly number[]]): Tensor;
    viewAs(other: Tensor): Tensor;
    expand(...sizes: number[] | [readonly number[]]): Tensor;
    expandAs(other: Tensor): Tensor;
    unsqueeze(dim: number): Tensor;
    squeeze(dim?: number): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    select(dim: number, index: number): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    unbind(dim?: number): Tensor[];
    split(splitSize: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    /** Python-style indexing `a[...]`. e.g. `x.index(sl(), -1)` is `x[:, -1]` */
    index(...items: I.IndexItem[]): Tensor;
    repeat(...reps: number[] | [readonly number[]]): Tensor;
    tile(...reps: number[] | [readonly number[]]): Tensor;
    flip(...dims: number[] | [readonly number[]]): Tensor;
    roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor;
    tril(diagonal?: number): Tensor;
    triu(diagonal?: number): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    maskedSelect(mask: Tensor): Tensor;
    sum(dim?: Dims, keepdim?: boolean): Tensor;
    mean(dim?: Dims, keepdim?: boolean): Tensor;
    max(): Tensor;
    max(dim: number, keepdim?: boolean): [Tensor, Tensor];
    min(): Tensor;
    min(dim: number, keepdim?: boolean): [Tensor, Tensor];
    argmax(dim?: number, keepdim?: boolean): Tensor;
    argmin(dim?: number, keepdim?: boolean): Tensor;
    amax(dim?: number | readonly number[] | null, keepdim?: boolean): Tensor;
    amin(dim?: number | readonly number[] | null, keepdim?: boolean): Tensor;
    prod(dim?: number, keepdim?: boolean): Tensor;
    cumsum(dim: number): Tensor;
    /** `norm(p=2, dim=None, keepdim=False)`: the vector p-norm (NormBackward1). */
    norm(p?: number, dim?: number | readonly number[] | null, keepdim?: boolean): Tensor;
    /** `var(dim=None, correction=1, keepdim=False)` (`unbiased=False` is correction 0). */
    var(dim?: number | readonly number[] | null, correction?: number, keepdim?: boolean): Tensor;
    std(dim?: number | readonly number[] | null, correction?: number, keepdim?: boolean): Tensor;
    logsumexp(dim: number | readonly number[], keepdim?: boolean): Tensor;
    maximum(other: Tensor): Tensor;
    minimum(other: Tensor): Tensor;
    gt(other: Tensor | Scalar): Tensor;
    lt(other: Tensor | Scalar): Tensor;
    ge(other: Tensor | Scalar): Tensor;
    le(other: Tensor | Scalar): Tensor;
    eq(other: Tensor | Scalar): Tensor;
    ne(other: Tensor | Scalar): Tensor;
    logicalNot(): Tensor;
    isnan(): Tensor;
    isfinite(): Tensor;
    isinf(): Tensor;
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    trunc(): Tensor;
    frac(): Tensor;
    remainder(other: Tensor | Scalar): Tensor;
    fmod(other: Tensor | Scalar): Tensor;
    floorDivide(other: Tensor | Scalar): Tensor;
    /** `div(other, rounding_mode='floor' | 'trunc' | None)`. */
    divMode(other: Tensor | Scalar, roundingMode: 'floor' | 'trunc' | null): Tensor;
    cumprod(dim: number): Tensor;
    sort(dim?: number, descending?: boolean): [Tensor, Tensor];
    topk(k: number, dim?: number, largest?: boolean): [Tensor, Tensor];
    maskedFill(mask: Tensor, value: number): Tensor;
    clone(): Tensor;
    contiguous(): Tensor;
    detach(): Tensor;
    add_(other: Tensor | Scalar, alpha?: number): Tensor;
    sub_(other: Tensor | Scalar, alpha?: number): Tensor;
    mul_(other: Tensor | Scalar): Tensor;
    div_(other: Tensor | Scalar): Tensor;
    clamp_(min?: number | null, max?: number | null): Tensor;
    fill_(value: number): Tensor;
    zero_(): Tensor;
    copy_(src: Tensor): Tensor;
    uniform_(from?: number, to?: number): Tensor;
    normal_(mean?: number, std?: number): Tensor;
    /** Sets `requiresGrad` on a leaf and returns it (`requires_grad_()`). */
    requiresGrad_(flag?: boolean): Tensor;
    /** Casts to a dtype (`to(dtype)`); returns `this` when already of that dtype. */
    to(dtype: DType): Tensor;
    float(): Tensor;
    double(): Tensor;
    long(): Tensor;
    bool(): Tensor;
    /** The value of a one-element tensor (`item()`). */
    item(): number;
    /** The elements as nested arrays (`tolist()`). */
    tolist(): NestedList;
    /** Row-major copy of the elements. */
    toArray(): Float64Array;
    backward(gradient?: Tensor | null, options?: BackwardOptions): void;
    /** `str(t)` as PyTorch prints it, under the given print options (torch.set_printoptions). */
    toString(options?: Partial<PrintOptions>): string;
  }
}

function shapeArg(args: (number | readonly number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]).slice() : (args as number[]);
}

function cast(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = new Tensor(copyData(t, dtype), t.shape.slice(), dtype);
  return isFloating(dtype) ? record('ToCopyBackward0', [t], [out]) : out;
}

function toNested(data: ArrayLike<number>, shape: readonly number[], dtype: DType): NestedList {
  const conv = dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
  const rec = (dim: number, off: number): NestedList => {
    if (dim === shape.length) return conv(data[off]);
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const out: NestedList[] = [];
    for (let i = 0; i < shape[dim]; i++) out.push(rec(dim + 1, off + i * stride));
    return out;
  };
  return rec(0, 0);
}

const methods: Partial<Tensor> & ThisType<Tensor> = {
  add(o, alpha) {
    return A.add(this, o, alpha);
  },
  sub(o, alpha) {
    return A.sub(this, o, alpha);
  },
  mul(o) {
    return A.mul(this, o);
  },
  div(o) {
    return A.div(this, o);
  },
  neg() {
    return A.neg(this);
  },
  pow(e) {
    return A.pow(this, e);
  },
  reciprocal() {
    return A.reciprocal(this);
  },
  exp() {
    return U.exp(this);
  },
  log() {
    return U.log(this);
  },
  sqrt() {
    return U.sqrt(this);
  },
  abs() {
    return U.abs(this);
  },
  sign() {
    return U.sign(this);
  },
  tanh() {
    return U.tanh(this);
  },
  sigmoid() {
    return U.sigmoid(this);
  },
  relu() {
    return U.relu(this);
  },
  sin() {
    return U.sin(this);
  },
  cos() {
    return U.cos(this);
  },
  clamp(min, max) {
    if (min instanceof Tensor || max instanceof Tensor) {
      const bound = (b: number | Tensor | null | undefined): Tensor | null =>
        b === null || b === undefined ? null : b instanceof Tensor ? b : new Tensor(Float64Array.of(b), [], 'float64');
      return PX.clampTensor(this, bound(min), bound(max));
    }
    return U.clamp(this, min ?? null, max ?? null);
  },
  clampMin(min) {
    return min instanceof Tensor ? PX.clampTensor(this, min, null) : PX.clampMin(this, min);
  },
  clampMax(max) {
    return max instanceof Tensor ? PX.clampTensor(this, null, max) : PX.clampMax(this, max);
  },
  rsqrt() {
    return PX.rsqrt(this);
  },
  exp2() {
    return PX.exp2(this);
  },
  log1p() {
    return PX.log1p(this);
  },
  expm1() {
    return PX.expm1(this);
  },
  log2() {
    return PX.log2(this);
  },
  log10() {
    return PX.log10(this);
  },
  square() {
    return PX.square(this);
  },
  lerp(end, weight) {
    return PX.lerp(this, end, weight);
  },
  addcmul(t1, t2, value) {
    return PX.addcmul(this, t1, t2, value);
  },
  addcdiv(t1, t2, value) {
    return PX.addcdiv(this, t1, t2, value);
  },
  softmax(dim) {
    return S.softmax(this, dim);
  },
  logSoftmax(dim) {
    return S.logSoftmax(this, dim);
  },
  matmul(o) {
    return L.matmul(this, o);
  },
  mm(o) {
    return L.mm(this, o);
  },
  mv(o) {
    return L.mv(this, o);
  },
  dot(o) {
    return L.dot(this, o);
  },
  bmm(o) {
    return L.bmm(this, o);
  },
  baddbmm(b1, b2, beta, alpha) {
    return LX.baddbmm(this, b1, b2, beta, alpha);
  },
  addmv(mat, vec, beta, alpha) {
    return LX.addmv(this, mat, vec, beta, alpha);
  },
  outer(v) {
    return LX.outer(this, v);
  },
  ger(v) {
    return LX.outer(this, v);
  },
  t() {
    return V.t(this);
  },
  transpose(d0, d1) {
    return V.transpose(this, d0, d1);
  },
  permute(...dims) {
    return V.permute(this, shapeArg(dims));
  },
  reshape(...shape) {
    return V.reshape(this, shapeArg(shape));
  },
  view(...shape) {
    return V.view(this, shapeArg(shape));
  },
  viewAs(o) {
    return V.view(this, o.shape);
  },
  expand(...sizes) {
    return V.expand(this, shapeArg(sizes));
  },
  expandAs(o) {
    return V.expand(this, o.shape);
  },
  unsqueeze(dim) {
    return V.unsqueeze(this, dim);
  },
  squeeze(dim) {
    return V.squeeze(this, dim);
  },
  flatten(s, e) {
    return V.flatten(this, s, e);
  },
  select(dim, index) {
    return V.select(this, dim, index);
  },
  narrow(dim, start, length) {
    return V.narrow(this, dim, start, length);
  },
  unbind(dim) {
    return V.unbind(this, dim);
  },
  split(size, dim) {
    return J.split(this, size, dim);
  },
  chunk(chunks, dim) {
    return J.chunk(this, chunks, dim);
  },
  index(...items) {
    return I.getItem(this, items);
  },
  repeat(...reps) {
    return G.repeat(this, shapeArg(reps));
  },
  tile(...reps) {
    return G.tile(this, shapeArg(reps));
  },
  flip(...dims) {
    return G.flip(this, shapeArg(dims));
  },
  roll(shifts, dims) {
    return G.roll(this, shifts, dims ?? null);
  },
  tril(diagonal) {
    return G.tril(this, diagonal);
  },
  triu(diagonal) {
    return G.triu(this, diagonal);
  },
  gather(dim, index) {
    return G.gather(this, dim, index);
  },
  indexSelect(dim, index) {
    return G.indexSelect(this, dim, index);
  },
  maskedSelect(mask) {
    return G.maskedSelect(this, mask);
  },
  sum(dim, keepdim) {
    return R.sum(this, dim, keepdim);
  },
  mean(dim, keepdim) {
    return R.mean(this, dim, keepdim);
  },
  max: function (this: Tensor, dim?: number, keepdim?: boolean) {
    return dim === undefined ? R.max(this) : R.max(this, dim, keepdim);
  } as Tensor['max'],
  min: function (this: Tensor, dim?: number, keepdim?: boolean) {
    return dim === undefined ? R.min(this) : R.min(this, dim, keepdim);
  } as Tensor['min'],
  argmax(dim, keepdim) {
    return R.argmax(this, dim, keepdim);
  },
  argmin(dim, keepdim) {
    return RX.argmin(this, dim, keepdim);
  },
  amax(dim, keepdim) {
    return RX.amax(this, dim ?? null, keepdim);
  },
  amin(dim, keepdim) {
    return RX.amin(this, dim ?? null, keepdim);
  },
  prod(dim, keepdim) {
    return RX.prod(this, dim, keepdim);
  },
  cumsum(dim) {
    return RX.cumsum(this, dim);
  },
  norm(p, dim, keepdim) {
    return RX.norm(this, p, dim ?? null, keepdim);
  },
  var(dim, correction, keepdim) {
    return RX.variance(this, dim ?? null, correction, keepdim);
  },
  std(dim, correction, keepdim) {
    return RX.std(this, dim ?? null, correction, keepdim);
  },
  logsumexp(dim, keepdim) {
    return RX.logsumexp(this, dim, keepdim);
  },
  maximum(o) {
    return R.maximum(this, o);
  },
  minimum(o) {
    return R.minimum(this, o);
  },
  gt(o) {
    return C.gt(this, o);
  },
  lt(o) {
    return C.lt(this, o);
  },
  ge(o) {
    return C.ge(this, o);
  },
  le(o) {
    return C.le(this, o);
  },
  eq(o) {
    return C.eq(this, o);
  },
  ne(o) {
    return C.ne(this, o);
  },
  logicalNot() {
    return C.logicalNot(this);
  },
  isnan() {
    return C.isnan(this);
  },
  isfinite() {
    return C.isfinite(this);
  },
  isinf() {
    return Rd.isinf(this);
  },
  floor() {
    return Rd.floor(this);
  },
  ceil() {
    return Rd.ceil(this);
  },
  round() {
    return Rd.round(this);
  },
  trunc() {
    return Rd.trunc(this);
  },
  frac() {
    return Rd.frac(this);
  },
  remainder(o) {
    return Rd.remainder(this, o);
  },
  fmod(o) {
    return Rd.fmod(this, o);
  },
  floorDivide(o) {
    return Rd.floorDivide(this, o);
  },
  divMode(o, mode) {
    return Rd.divMode(this, o, mode);
  },
  cumprod(dim) {
    return So.cumprod(this, dim);
  },
  sort(dim, descending) {
    return So.sort(this, dim, descending);
  },
  topk(k, dim, largest) {
    return So.topk(this, k, dim, largest);
  },
  maskedFill(mask, value) {
    return C.maskedFill(this, mask, value);
  },
  clone() {
    return V.clone(this);
  },
  contiguous() {
    return V.contiguous(this);
  },
  detach() {
    return V.detach(this);
  },
  add_(o, alpha) {
    return P.add_(this, o, alpha);
  },
  sub_(o, alpha) {
    return P.sub_(this, o, alpha);
  },
  mul_(o) {
    return P.mul_(this, o);
  },
  div_(o) {
    return P.div_(this, o);
  },
  clamp_(min, max) {
    return P.clamp_(this, min ?? null, max ?? null);
  },
  fill_(v) {
    return P.fill_(this, v);
  },
  zero_() {
    return P.zero_(this);
  },
  copy_(src) {
    return P.copy_(this, src);
  },
  uniform_(from, to) {
    return Rnd.uniform_(this, from, to);
  },
  normal_(mean, std) {
    return Rnd.normal_(this, mean, std);
  },
  requiresGrad_(flag = true) {
    if (!this.isLeaf && !flag) {
      throw new TorchError(
        'you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn\'t require differentiation use var_no_grad = var.detach().',
        { kind: 'autograd', op: 'requires_grad_' },
      );
    }
    if (!this.isLeaf) return this; // a non-leaf already requires grad: a no-op, as in PyTorch
    if (flag && !isFloating(this.dtype)) {
      throw new TorchError('only Tensors of floating point dtype can require gradients', { kind: 'dtype', op: 'requires_grad_' });
    }
    this.requiresGrad = flag;
    return this;
  },
  to(dtype) {
    return cast(this, dtype);
  },
  float() {
    return cast(this, 'float32');
  },
  double() {
    return cast(this, 'float64');
  },
  long() {
    return cast(this, 'int64');
  },
  bool() {
    return cast(this, 'bool');
  },
  item() {
    if (this.numel() !== 1) {
      throw new TorchError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`, { kind: 'value', op: 'item', pyType: 'ValueError' });
    }
    return contiguousData(this)[0];
  },
  tolist() {
    return toNested(contiguousData(this), this.shape, this.dtype);
  },
  toArray() {
    return Float64Array.from(contiguousData(this));
  },
  backward(gradient, options) {
    backward(this, gradient, options);
  },
  toString(options?: Partial<PrintOptions>) {
    return formatTensor(
      { shape: this.shape, dtype: this.dtype, values: contiguousData(this) },
      { requiresGrad: this.requiresGrad, gradFn: this.gradFn?.name ?? null, isParameter: this.isParameter },
      options,
    );
  },
};

Object.assign(Tensor.prototype, methods);
