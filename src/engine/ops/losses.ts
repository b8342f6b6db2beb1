// Loss functions of torch.nn.functional as PyTorch 1.13.1 builds them. mse, smooth_l1, huber and
// the two binary cross entropies are one fused ATen op each (one grad_fn node that also reduces);
// l1_loss is composed from sub, abs and mean/sum. nll_loss and cross_entropy are in lossesNll.ts.
import { isGradEnabled } from '../autograd/gradMode';
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import { allocate, isFloating, promoteTypes, scalarTypeName, type DType } from '../dtype';
import { TorchError } from '../errors';
import { broadcastShapes, sameShape, shapeStr } from '../shape';
import { contiguousData, copyData } from '../storage';
import { Tensor } from '../tensor';
import { sub } from './arith';
import { mean, sum } from './reduce';
import { scalarTensor } from './result';
import { abs } from './unary';
import { expand } from './views';

/** How a loss reduces its elementwise values (`reduction=`). */
export type Reduction = 'mean' | 'sum' | 'none';

/** The `reduction=` keyword of every loss. */
export interface ReductionOptions {
  reduction?: Reduction;
}

/** Options of `smoothL1Loss`. */
export interface SmoothL1Options extends ReductionOptions {
  beta?: number;
}

/** Options of `huberLoss`. */
export interface HuberOptions extends ReductionOptions {
  delta?: number;
}

/** Options of `binaryCrossEntropy`. */
export interface BCEOptions extends ReductionOptions {
  /** Rescales each element; broadcast to the target's shape. */
  weight?: Tensor | null;
}

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BCEWithLogitsOptions extends BCEOptions {
  /** Weight of positive examples, broadcast along the last (class) dim. */
  posWeight?: Tensor | null;
}

/** Validates `reduction=` as `_Reduction.get_enum` does. e.g. `checkReduction('sum')` */
export function checkReduction(r: string | undefined): Reduction {
  const v = r ?? 'mean';
  if (v === 'mean' || v === 'sum' || v === 'none') return v;
  throw new TorchError(`${v} is not a valid value for reduction`, { kind: 'value', pyType: 'ValueError' });
}

/** PyTorch's `check_no_requires_grad` for loss arguments that have no derivative (weight, pos_weight). */
export function checkNoRequiresGrad(t: Tensor | null | undefined, name: string, fn: string): void {
  if (t && t.requiresGrad && isGradEnabled()) {
    throw new TorchError(`The function '${fn}' is not differentiable with respect to argument '${name}'. This input cannot have requires_grad True.`, {
      kind: 'autograd',
      op: fn,
    });
  }
}

/** `torch.broadcast_tensors(input, target)`: expands (ExpandBackward0) only the one whose shape differs. */
function broadcastPair(input: Tensor, target: Tensor, op: string): [Tensor, Tensor] {
  if (sameShape(input.shape, target.shape)) return [input, target];
  const shape = broadcastShapes(input.shape, target.shape, op);
  return [sameShape(input.shape, shape) ? input : expand(input, shape), sameShape(target.shape, shape) ? target : expand(target, shape)];
}

function floatingPair(kernel: string, a: Tensor, b: Tensor): DType {
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (!isFloating(dtype)) throw new TorchError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`, { kind: 'dtype', op: kernel });
  return dtype;
}

/** Turns elementwise losses (already rounded to `dtype`) into the loss op's result. */
function reduceLoss(v: Float64Array, shape: number[], dtype: DType, reduction: Reduction): Tensor {
  if (reduction === 'none') {
    const out = allocate(dtype, v.length);
    out.set(v);
    return new Tensor(out, shape.slice(), dtype);
  }
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return scalarTensor(reduction === 'mean' ? s / v.length : s, dtype);
}

const identity = (v: number): number => v;

/** Rounding to `dtype` after each fused step, as ATen's float32 kernels compute. e.g. `rounder('float32')(0.1)` */
export function rounder(dtype: DType): (v: number) => number {
  return dtype === 'float32' ? Math.fround : identity;
}

type PairLossName = 'MseLossBackward0' | 'SmoothL1LossBackward0' | 'HuberLossBackward0';

function pairLoss(
  kernel: string,
  name: PairLossName,
  input: Tensor,
  target: Tensor,
  reduction: Reduction,
  f: (x: number, y: number, r: (v: number) => number) => number,
  args: Record<string, number> = {},
): Tensor {
  const [a, b] = broadcastPair(input, target, kernel);
  const dtype = floatingPair(kernel, a, b);
  const r = rounder(dtype);
  const ad = contiguousData(a);
  const bd = contiguousData(b);
  const v = new Float64Array(ad.length);
  for (let i = 0; i < v.length; i++) v[i] = r(f(ad[i], bd[i], r));
  return record(name, [a, b], [reduceLoss(v, a.shape, dtype, reduction)], [a, b], { reduction, ...args });
}

/** `F.mse_loss(input, target, reduction='mean')`: mean of (input − target)². e.g. `mseLoss(y, t)` */
export function mseLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  notifyOp('mse_loss');
  const reduction = checkReduction(opts.reduction);
  return pairLoss('mse_cpu', 'MseLossBackward0', input, target, reduction, (x, y, r) => {
    const d = r(x - y);
    return d * d;
  });
}

/** `F.l1_loss(input, target, reduction='mean')`: built as PyTorch 1.13 builds it, `(input - target).abs().mean()`. e.g. `l1Loss(y, t)` */
export function l1Loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  notifyOp('l1_loss');
  const reduction = checkReduction(opts.reduction);
  const [a, b] = broadcastPair(input, target, 'l1_loss');
  const loss = abs(sub(a, b));
  return reduction === 'mean' ? mean(loss) : reduction === 'sum' ? sum(loss) : loss;
}

/** `F.smooth_l1_loss(input, target, reduction='mean', beta=1.0)`. e.g. `smoothL1Loss(y, t, { beta: 0.5 })` */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: SmoothL1Options = {}): Tensor {
  notifyOp('smooth_l1_loss');
  const reduction = checkReduction(opts.reduction);
  const beta = opts.beta ?? 1.0;
  if (beta < 0) throw new TorchError('smooth_l1_loss does not support negative values for beta.', { kind: 'value', op: 'smooth_l1_loss', pyType: 'RuntimeError' });
  return pairLoss(
    'smooth_l1_cpu',
    'SmoothL1LossBackward0',
    input,
    target,
    reduction,
    (x, y, r) => {
      const z = Math.abs(r(x - y));
      return z < beta ? r(r(r(0.5 * z) * z) / beta) : z - r(0.5 * beta);
    },
    { beta },
  );
}

/** `F.huber_loss(input, target, reduction='mean', delta=1.0)`. e.g. `huberLoss(y, t, { delta: 2 })` */
export function huberLoss(input: Tensor, target: Tensor, opts: HuberOptions = {}): Tensor {
  notifyOp('huber_loss');
  const reduction = checkReduction(opts.reduction);
  const delta = opts.delta ?? 1.0;
  if (!(delta > 0)) throw new TorchError('huber_loss does not support non-positive values for delta.', { kind: 'value', op: 'huber_loss', pyType: 'RuntimeError' });
  return pairLoss(
    'huber_cpu',
    'HuberLossBackward0',
    input,
    target,
    reduction,
    (x, y, r) => {
      const z = Math.abs(r(x - y));
      return z < delta ? r(r(0.5 * z) * z) : delta * r(z - r(0.5 * delta));
    },
    { delta },
  );
}

function sizeStr(shape: readonly number[]): string {
  return `torch.Size(${shapeStr(shape)})`;
}

/** A weight expanded to `shape`, as a dense tensor (weights never get a gradient from these ops). */
function expandedWeight(w: Tensor, shape: readonly number[], op: string): Tensor {
  const s = broadcastShapes(shape, w.shape, op);
  if (!sameShape(s, shape)) {
    throw new TorchError(`output with shape ${shapeStr(shape)} doesn't match the broadcast shape ${shapeStr(s)}`, { kind: 'shape', op });
  }
  const plain = new Tensor(contiguousData(w), w.shape.slice(), w.dtype); // detached: expand records nothing
  return new Tensor(copyData(sameShape(w.shape, shape) ? plain : expand(plain, shape)), shape.slice(), w.dtype);
}

/**
 * `F.binary_cross_entropy(input, target, weight=None, reduction='mean')` on probabilities in [0, 1];
 * as PyTorch, each log is clamped to ≥ −100. e.g. `binaryCrossEntropy(sigmoid(z), t)`
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BCEOptions = {}): Tensor {
  notifyOp('binary_cross_entropy');
  const reduction = checkReduction(opts.reduction);
  if (!sameShape(target.shape, input.shape)) {
    throw new TorchError(
      `Using a target size (${sizeStr(target.shape)}) that is different to the input size (${sizeStr(input.shape)}) is deprecated. Please ensure they have the same size.`,
      { kind: 'value', op: 'binary_cross_entropy', pyType: 'ValueError', shapes: [input.shape.slice(), target.shape.slice()] },
    );
  }
  const w = opts.weight ?? null;
  const weight = w === null ? null : expandedWeight(w, target.shape, 'binary_cross_entropy');
  checkNoRequiresGrad(w, 'weight', 'binary_cross_entropy');
  for (const other of [target, weight]) {
    if (other !== null && other.dtype !== input.dtype) {
      throw new TorchError(`Found dtype ${scalarTypeName(other.dtype)} but expected ${scalarTypeName(input.dtype)}`, { kind: 'dtype', op: 'binary_cross_entropy' });
    }
  }
  if (!isFloating(input.dtype)) {
    throw new TorchError(`"binary_cross_entropy" not implemented for '${scalarTypeName(input.dtype)}'`, { kind: 'dtype', op: 'binary_cross_entropy' });
  }
  const r = rounder(input.dtype);
  const xd = contiguousData(input);
  const td = contiguousData(target);
  const wd = weight === null ? null : weight.storage;
  const v = new Float64Array(xd.length);
  for (let i = 0; i < v.length; i++) {
    const x = xd[i];
    const t = td[i];
    if (!(x >= 0 && x <= 1)) throw new TorchError('all elements of input should be between 0 and 1', { kind: 'value', op: 'binary_cross_entropy', pyType: 'RuntimeError' });
    const l = r(r((t - 1) * Math.max(r(Math.log(r(1 - x))), -100)) - r(t * Math.max(r(Math.log(x)), -100)));
    v[i] = wd === null ? l : r(l * wd[i]);
  }
  const out = reduceLoss(v, input.shape, input.dtype, reduction);
  const saved = weight === null ? [input, target] : [input, target, weight];
  return record('BinaryCrossEntropyBackward0', [input, target], [out], saved, { reduction });
}

/**
 * `F.binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction='mean')`
 * with PyTorch's log-sum-exp form, stable for large |input|. e.g. `binaryCrossEntropyWithLogits(z, t)`
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BCEWithLogitsOptions = {}): Tensor {
  notifyOp('binary_cross_entropy_with_logits');
  const op = 'binary_cross_entropy_with_logits';
  const reduction = checkReduction(opts.reduction);
  if (!sameShape(target.shape, input.shape)) {
    throw new TorchError(`Target size (${sizeStr(target.shape)}) must be the same as input size (${sizeStr(input.shape)})`, {
      kind: 'value',
      op,
      pyType: 'ValueError',
      shapes: [input.shape.slice(), target.shape.slice()],
    });
  }
  const w = opts.weight ?? null;
  const pw = opts.posWeight ?? null;
  checkNoRequiresGrad(w, 'weight', op);
  checkNoRequiresGrad(pw, 'pos_weight', op);
  let dtype = floatingPair(op, input, target);
  if (pw !== null) {
    broadcastShapes(pw.shape, target.shape, op); // PyTorch's `(pos_weight - 1).mul(target)` error
    dtype = promoteTypes(dtype, pw.dtype);
  }
  const posWeight = pw === null ? null : expandedWeight(pw, input.shape, op);
  const weight = w === null ? null : expandedWeight(w, input.shape, op);
  if (weight !== null) dtype = promoteTypes(dtype, weight.dtype);
  const r = rounder(dtype);
  const ri = rounder(input.dtype); // ATen computes the log-sum-exp part in the input's dtype
  const xd = contiguousData(input);
  const td = contiguousData(target);
  const v = new Float64Array(xd.length);
  for (let i = 0; i < v.length; i++) {
    const x = xd[i];
    const t = td[i];
    const m = Math.max(-x, 0);
    const lse = ri(Math.log(ri(ri(Math.exp(-m)) + ri(Math.exp(ri(-x - m))))));
    let l: number;
    if (posWeight === null) l = r(r(r(r(1 - t) * x) + m) + lse);
    else l = r(r(r(1 - t) * x) + r(r(r((posWeight.storage[i] - 1) * t) + 1) * ri(lse + m)));
    if (weight !== null) l = r(l * weight.storage[i]);
    v[i] = l;
  }
  const out = reduceLoss(v, input.shape, dtype, reduction);
  const saved = [input, target];
  if (weight !== null) saved.push(weight);
  if (posWeight !== null) saved.push(posWeight);
  return record('BinaryCrossEntropyWithLogitsBackward0', [input, target], [out], saved, {
    reduction,
    hasWeight: weight !== null,
    hasPosWeight: posWeight !== null,
  });
}
