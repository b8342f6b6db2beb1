// nll_loss and cross_entropy as PyTorch 1.13.1 builds them: nll_loss_nd routes 1-D/2-D inputs to
// nll_loss (NllLossBackward0), 4-D to nll_loss2d and other K-dim inputs through views to nll_loss2d
// (NllLoss2DBackward0); cross_entropy is log_softmax + nll, with label smoothing and probability
// targets composed from ops exactly as ATen composes them, so the grad_fn graph matches node for node.
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import { allocate, isFloating, scalarTypeName } from '../dtype';
import { TorchError } from '../errors';
import { sameShape, shapeStr } from '../shape';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';
import { logSoftmax } from './activation';
import { add, broadcastBinary, div, mul, neg } from './arith';
import { checkNoRequiresGrad, checkReduction, rounder, type Reduction, type ReductionOptions } from './losses';
import { mean, sum } from './reduce';
import { emptyTensor, scalarTensor } from './result';
import { contiguous, view } from './views';

/** Options of `nllLoss`. */
export interface NllLossOptions extends ReductionOptions {
  /** A manual rescaling weight per class, shape [C]. */
  weight?: Tensor | null;
  /** Targets equal to it contribute nothing (default −100). */
  ignoreIndex?: number;
}

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with the uniform distribution, in [0, 1]. */
  labelSmoothing?: number;
}

/** Input viewed as [N, C, S] (S the product of spatial dims) for the nll kernels. */
function nllLayout(shape: readonly number[]): [number, number, number] {
  if (shape.length === 1) return [1, shape[0], 1];
  let s = 1;
  for (let i = 2; i < shape.length; i++) s *= shape[i];
  return [shape[0], shape[1], s];
}

function checkTargetDType(target: Tensor): void {
  if (target.dtype !== 'int64') {
    throw new TorchError(`expected scalar type Long but found ${scalarTypeName(target.dtype)}`, { kind: 'dtype', op: 'nll_loss' });
  }
}

/** The shared nll kernel (nll_loss and nll_loss2d) and its recording. */
function nllKernel(
  name: 'NllLossBackward0' | 'NllLoss2DBackward0',
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: Reduction,
  ignoreIndex: number,
): Tensor {
  checkTargetDType(target);
  if (!isFloating(input.dtype)) {
    throw new TorchError(`"nll_loss_out_frame" not implemented for '${scalarTypeName(input.dtype)}'`, { kind: 'dtype', op: 'nll_loss' });
  }
  const [n, c, s] = nllLayout(input.shape);
  const x = contiguousData(input);
  const t = contiguousData(target);
  const w = weight === null ? null : contiguousData(weight);
  const r = rounder(input.dtype);
  const perElement = reduction === 'none' && input.ndim >= 2;
  const values = new Float64Array(perElement ? n * s : 1);
  let lossSum = 0;
  let totalWeight = 0;
  const count = input.ndim === 1 ? 1 : n * s; // 1.13 reads only the first target of a 1-D input
  for (let k = 0; k < count; k++) {
    const cls = t[k];
    if (cls === ignoreIndex) continue;
    if (!(cls >= 0 && cls < c)) throw new TorchError(`Target ${cls} is out of bounds.`, { kind: 'index', op: 'nll_loss' });
    const b = Math.floor(k / s);
    const xv = x[(b * c + cls) * s + (k % s)];
    const wv = w === null ? 1 : w[cls];
    if (perElement) values[k] = r(-xv * wv);
    else {
      lossSum -= r(xv * wv);
      totalWeight += wv;
    }
  }
  let out: Tensor;
  if (perElement) {
    const shape = [input.shape[0], ...input.shape.slice(2)];
    const storage = allocate(input.dtype, values.length);
    storage.set(values);
    out = new Tensor(storage, shape, input.dtype);
  } else {
    out = scalarTensor(reduction === 'mean' ? lossSum / totalWeight : lossSum, input.dtype);
  }
  const saved = [target, scalarTensor(totalWeight, input.dtype)];
  if (weight !== null) saved.push(weight);
  return record(name, [input], [out], saved, { reduction, ignoreIndex, perElement });
}

function checkClassWeight(weight: Tensor | null, classes: number, prefix = ''): void {
  if (weight !== null && !(weight.ndim === 1 && weight.numel() === classes)) {
    throw new TorchError(
      `${prefix}weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${shapeStr(weight.shape)}`,
      { kind: 'shape', op: 'nll_loss' },
    );
  }
}

/** aten::nll_loss for 1-D and 2-D inputs. */
function nllLoss12(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number): Tensor {
  checkNoRequiresGrad(weight, 'weight', 'nll_loss_forward');
  if (target.ndim > 1) throw new TorchError('0D or 1D target tensor expected, multi-target not supported', { kind: 'shape', op: 'nll_loss' });
  const noBatchDim = input.ndim === 1 && target.ndim === 0;
  if (!noBatchDim && input.shape[0] !== target.shape[0]) {
    throw new TorchError(`size mismatch (got input: ${shapeStr(input.shape)}, target: ${shapeStr(target.shape)})`, { kind: 'shape', op: 'nll_loss' });
  }
  checkClassWeight(weight, input.shape[input.ndim - 1]);
  return nllKernel('NllLossBackward0', input, target, weight, reduction, ignoreIndex);
}

/** aten::nll_loss2d: input [N, C, H, W], target [N, H, W]. */
function nllLoss2d(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number): Tensor {
  checkNoRequiresGrad(weight, 'weight', 'nll_loss2d_forward');
  if (target.ndim !== 3) {
    throw new TorchError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim}`, { kind: 'shape', op: 'nll_loss2d' });
  }
  if (weight !== null && weight.numel() !== input.shape[1]) {
    throw new TorchError('weight tensor should be defined either for all or no classes', { kind: 'shape', op: 'nll_loss2d' });
  }
  const [i, t] = [input.shape, target.shape];
  if (i[0] !== t[0] || i[2] !== t[1] || i[3] !== t[2]) {
    throw new TorchError(`size mismatch (got input: ${shapeStr(i)} , target: ${shapeStr(t)}`, { kind: 'shape', op: 'nll_loss2d' });
  }
  return nllKernel('NllLoss2DBackward0', input, target, weight, reduction, ignoreIndex);
}

/** aten::nll_loss_nd: picks nll_loss, nll_loss2d, or nll_loss2d over views for other ranks. */
function nllLossNd(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number): Tensor {
  if (input.ndim < 1) throw new TorchError(`Expected 1 or more dimensions (got ${input.ndim})`, { kind: 'value', op: 'nll_loss', pyType: 'ValueError' });
  const targetBatch = target.ndim === 0 ? 0 : target.shape[0];
  if (input.ndim !== 1 && input.shape[0] !== targetBatch) {
    throw new TorchError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${targetBatch}).`, {
      kind: 'value',
      op: 'nll_loss',
      pyType: 'ValueError',
      shapes: [input.shape.slice(), target.shape.slice()],
    });
  }
  if (input.ndim <= 2) return nllLoss12(input, target, weight, reduction, ignoreIndex);
  if (input.ndim === 4) return nllLoss2d(input, target, weight, reduction, ignoreIndex);
  const [n, c] = input.shape;
  const outSize = [n, ...input.shape.slice(2)];
  if (!sameShape(target.shape.slice(1), input.shape.slice(2))) {
    throw new TorchError(`Expected target size ${shapeStr(outSize)}, got ${shapeStr(target.shape)}`, { kind: 'shape', op: 'nll_loss' });
  }
  const x = view(contiguous(input), input.numel() > 0 ? [n, c, 1, -1] : [n, c, 0, 0]);
  const plainTarget = new Tensor(contiguousData(target), target.shape.slice(), target.dtype);
  const t = view(plainTarget, target.numel() > 0 ? [n, 1, -1] : [n, 0, 0]);
  const out = nllLoss2d(x, t, weight, reduction, ignoreIndex);
  return reduction === 'none' ? view(out, outSize) : out;
}

/**
 * `F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')` on log-probabilities
 * [N, C], [C] (unbatched, 0-d target) or [N, C, d1, ...]; mean is the weighted mean over targets
 * not ignored. e.g. `nllLoss(logSoftmax(z, 1), labels)`
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  notifyOp('nll_loss');
  return nllLossNd(input, target, opts.weight ?? null, checkReduction(opts.reduction), opts.ignoreIndex ?? -100);
}

// C++ `tensor * double` etc. dispatch to the Scalar overloads, whose nodes have one input slot.

function scalarOp(op: string, name: 'MulBackward1' | 'DivBackward1' | 'AddBackward1', a: Tensor, s: number, f: (x: number, y: number) => number): Tensor {
  const out = broadcastBinary(op, a, rounder(a.dtype)(s), f, a.dtype);
  return record(name, [a], [out], [], { scalar: s });
}

const mulScalar = (a: Tensor, s: number): Tensor => scalarOp('mul', 'MulBackward1', a, s, (x, y) => x * y);
const divScalar = (a: Tensor, s: number): Tensor => scalarOp('div', 'DivBackward1', a, s, (x, y) => x / y);
/** `a + s` as C++ `tensor + double` records it (AddBackward1). */
export const addScalar = (a: Tensor, s: number): Tensor => scalarOp('add', 'AddBackward1', a, s, (x, y) => x + y);

/** `a.masked_select(mask)` for a mask of a's shape. */
function maskedSelect(a: Tensor, mask: Tensor): Tensor {
  const ad = contiguousData(a);
  const md = contiguousData(mask);
  const picked: number[] = [];
  for (let i = 0; i < ad.length; i++) if (md[i]) picked.push(ad[i]);
  const out = emptyTensor([picked.length], a.dtype);
  out.storage.set(picked);
  return record('MaskedSelectBackward0', [a], [out], [mask]);
}

/** `a.index_put_({mask}, 0.0)` as an out-of-place result with the node PyTorch gives the in-place op. */
function zeroWhere(a: Tensor, mask: Tensor): Tensor {
  const ad = contiguousData(a);
  const md = contiguousData(mask);
  const out = emptyTensor(a.shape.slice(), a.dtype);
  for (let i = 0; i < ad.length; i++) out.storage[i] = md[i] ? 0 : ad[i];
  // on a 0-d tensor PyTorch writes through a view, so the node is CopySlices
  return record(a.ndim === 0 ? 'CopySlices' : 'IndexPutBackward0', [a, null], [out], [mask]);
}

function boolTensor(shape: number[], f: (i: number) => boolean): Tensor {
  const t = emptyTensor(shape, 'bool');
  for (let i = 0; i < t.storage.length; i++) t.storage[i] = f(i) ? 1 : 0;
  return t;
}

/** `weight.view([1, C, 1, ...])`, broadcasting over the class dim of an input of `ndim` dims. */
function classWeightView(weight: Tensor, ndim: number, classDim: number): Tensor {
  const shape = new Array<number>(ndim).fill(1);
  shape[classDim] = weight.shape[0];
  return view(weight, shape);
}

function checkSmoothing(ls: number): void {
  if (ls > 1.0) throw new TorchError(`label_smoothing must be between 0.0 and 1.0. Got: ${ls}`, { kind: 'value', op: 'cross_entropy', pyType: 'RuntimeError' });
}

/** ATen's cross_entropy_loss_label_smoothing (1.13.1). */
function crossEntropyLabelSmoothing(
  self: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: Reduction,
  ignoreIndex: number,
  ls: number,
): Tensor {
  const classDim = self.ndim === 1 ? 0 : 1;
  const input = logSoftmax(self, classDim);
  const nll = nllLossNd(input, target, weight, reduction, ignoreIndex);
  const td = contiguousData(target);
  const ignored = boolTensor(target.shape.slice(), (i) => td[i] === ignoreIndex);
  let smooth = neg(sum(weight === null ? input : mul(input, classWeightView(weight, input.ndim, classDim)), classDim));
  smooth = zeroWhere(smooth, ignored);
  let ret: Tensor;
  if (reduction === 'mean') {
    if (weight !== null) {
      const wd = contiguousData(weight);
      let wsum = 0;
      for (let i = 0; i < td.length; i++) if (td[i] !== ignoreIndex) wsum += wd[td[i]];
      ret = div(sum(smooth), scalarTensor(wsum, weight.dtype));
    } else {
      ret = mean(maskedSelect(smooth, boolTensor(target.shape.slice(), (i) => td[i] !== ignoreIndex)));
    }
  } else ret = reduction === 'sum' ? sum(smooth) : smooth;
  const classes = self.shape[classDim];
  return add(mulScalar(nll, 1 - ls), mulScalar(ret, ls / classes));
}

/** ATen's cross_entropy_loss_prob_target (1.13.1): soft targets of the input's shape. */
function crossEntropyProbTarget(self: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ls: number): Tensor {
  const classDim = self.ndim === 1 ? 0 : 1;
  const classes = self.shape[classDim];
  checkClassWeight(weight, classes, 'cross_entropy: ');
  const input = logSoftmax(self, classDim);
  let t = target;
  if (ls > 0.0) {
    checkSmoothing(ls);
    t = addScalar(mulScalar(target, 1 - ls), ls / classes);
  }
  let prod = mul(input, t);
  if (weight !== null) prod = mul(prod, input.ndim > 1 ? classWeightView(weight, input.ndim, classDim) : weight);
  if (reduction === 'none') return neg(sum(prod, classDim));
  const total = neg(sum(prod));
  if (reduction === 'sum') return total;
  return divScalar(total, input.numel() === 0 ? NaN : Math.trunc(input.numel() / classes));
}

/**
 * `F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`:
 * class-index targets (int64, [N] / 0-d / [N, d1, ...]) or class probabilities (a float target of
 * the input's shape). e.g. `crossEntropy(logits, labels, { labelSmoothing: 0.1 })`
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  notifyOp('cross_entropy');
  const reduction = checkReduction(opts.reduction);
  const weight = opts.weight ?? null;
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const ls = opts.labelSmoothing ?? 0.0;
  if (sameShape(input.shape, target.shape)) {
    if (!isFloating(target.dtype)) {
      throw new TorchError(`Expected floating point type for target with class probabilities, got ${scalarTypeName(target.dtype)}`, {
        kind: 'dtype',
        op: 'cross_entropy',
      });
    }
    if (ignoreIndex >= 0) throw new TorchError('ignore_index is not supported for floating point target', { kind: 'value', op: 'cross_entropy', pyType: 'RuntimeError' });
    return crossEntropyProbTarget(input, target, weight, reduction, ls);
  }
  if (ls > 0.0) {
    checkSmoothing(ls);
    return crossEntropyLabelSmoothing(input, target, weight, reduction, ignoreIndex, ls);
  }
  return nllLossNd(logSoftmax(input, input.ndim === 1 ? 0 : 1), target, weight, reduction, ignoreIndex);
}
