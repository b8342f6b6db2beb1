// Backward formulas of the loss ops (PyTorch 1.13.1's derivatives.yaml and its *_backward kernels),
// and of the nodes ATen's composite losses create: Scalar overloads (MulBackward1, DivBackward1,
// AddBackward1) and masking (MaskedSelectBackward0, IndexPutBackward0, CopySlices).
import { div, mul } from '../../ops/arith';
import { emptyTensor } from '../../ops/result';
import { contiguousData } from '../../storage';
import { scatterThroughMap } from '../../ops/gatherOps';
import type { Tensor } from '../../tensor';
import type { BackwardCtx, BackwardFn, TensorMeta } from '../node';

function meta(ctx: BackwardCtx, i: number): TensorMeta {
  const m = ctx.inputs[i];
  if (m === null) throw new Error('internal: no metadata for a wrapped scalar input');
  return m;
}

/** Gradient of input i built element by element in the input's dtype, or null when not needed. */
function elementwise(ctx: BackwardCtx, i: number, f: (k: number) => number): Tensor | null {
  if (!ctx.needs[i]) return null;
  const m = meta(ctx, i);
  const out = emptyTensor(m.shape.slice(), m.dtype);
  const s = out.storage;
  for (let k = 0; k < s.length; k++) s[k] = f(k);
  return out;
}

/** The upstream gradient at flat index k: one value for a reduced loss, elementwise for 'none'. */
function upstream(ctx: BackwardCtx, g: Tensor): (k: number) => number {
  const gd = contiguousData(g);
  if (ctx.args.reduction !== 'none') {
    const v = gd[0];
    return () => v;
  }
  return (k) => gd[k];
}

/** 1/numel for a mean, else 1: the `norm` of ATen's loss backward kernels. */
function norm(ctx: BackwardCtx, n: number): number {
  return ctx.args.reduction === 'mean' ? 1 / n : 1;
}

/** Gradients of a loss of (input, target) whose target gradient is the input formula with roles swapped. */
function symmetric(ctx: BackwardCtx, g: Tensor, f: (x: number, y: number, go: number, norm: number) => number): (Tensor | null)[] {
  const [a, b] = ctx.saved;
  const ad = contiguousData(a);
  const bd = contiguousData(b);
  const go = upstream(ctx, g);
  const nm = norm(ctx, ad.length);
  return [elementwise(ctx, 0, (k) => f(ad[k], bd[k], go(k), nm)), elementwise(ctx, 1, (k) => f(bd[k], ad[k], go(k), nm))];
}

function sigmoid(x: number, r: (v: number) => number): number {
  return r(1 / r(1 + r(Math.exp(-x))));
}

function logSigmoid(x: number, r: (v: number) => number): number {
  return r(Math.min(x, 0) - r(Math.log1p(r(Math.exp(-Math.abs(x))))));
}

const identity = (v: number): number => v;

/** Input viewed as [N, C, S] (S the product of spatial dims), as the nll kernels see it. */
function nllLayout(shape: readonly number[]): [number, number, number] {
  if (shape.length === 1) return [1, shape[0], 1];
  let s = 1;
  for (let i = 2; i < shape.length; i++) s *= shape[i];
  return [shape[0], shape[1], s];
}

const nllBackward: BackwardFn = (ctx, [g]) => {
  const [target, totalWeight, weight] = ctx.saved;
  const m = meta(ctx, 0);
  const [n, c, s] = nllLayout(m.shape);
  const out = emptyTensor(m.shape.slice(), m.dtype);
  const td = contiguousData(target);
  const gd = contiguousData(g!);
  const wd = weight === undefined ? null : contiguousData(weight);
  const ignore = ctx.args.ignoreIndex as number;
  const perElement = ctx.args.perElement as boolean;
  const scale = perElement ? 0 : -(ctx.args.reduction === 'mean' ? gd[0] / totalWeight.storage[0] : gd[0]);
  const count = m.shape.length === 1 ? 1 : n * s;
  for (let k = 0; k < count; k++) {
    const cls = td[k];
    if (cls === ignore) continue;
    const w = wd === null ? 1 : wd[cls];
    out.storage[(Math.floor(k / s) * c + cls) * s + (k % s)] = perElement ? -w * gd[k] : wd === null ? scale : w * scale;
  }
  return [out];
};

/** `g` with the elements under `mask` set to 0 (the gradient of writing zeros there). */
function zeroMasked(g: Tensor, mask: Tensor): Tensor {
  const gd = contiguousData(g);
  const md = contiguousData(mask);
  const out = emptyTensor(g.shape.slice(), g.dtype);
  for (let i = 0; i < gd.length; i++) out.storage[i] = md[i] ? 0 : gd[i];
  return out;
}

// ATen's EPSILON of binary_cross_entropy_backward is a float: (double)(float)1e-12
const BCE_EPSILON = Math.fround(1e-12);

export const lossFormulas = {
  MseLossBackward0: (ctx, [g]) => symmetric(ctx, g!, (x, y, go, nm) => 2 * nm * (x - y) * go),
  SmoothL1LossBackward0: (ctx, [g]) => {
    const beta = ctx.args.beta as number;
    return symmetric(ctx, g!, (x, y, go, nm) => {
      const d = x - y;
      return d <= -beta ? -nm * go : d >= beta ? nm * go : (nm * d * go) / beta;
    });
  },
  HuberLossBackward0: (ctx, [g]) => {
    const delta = ctx.args.delta as number;
    return symmetric(ctx, g!, (x, y, go, nm) => {
      const d = x - y;
      return d <= -delta ? -nm * go * delta : d >= delta ? nm * go * delta : nm * d * go;
    });
  },
  BinaryCrossEntropyBackward0: (ctx, [g]) => {
    const [input, target, weight] = ctx.saved;
    const xd = contiguousData(input);
    const td = contiguousData(target);
    const wd = weight === undefined ? null : contiguousData(weight);
    const go = upstream(ctx, g!);
    const mean = ctx.args.reduction === 'mean';
    const finish = (v: number, k: number): number => {
      const w = wd === null ? v : v * wd[k];
      return mean ? w / xd.length : w;
    };
    return [
      elementwise(ctx, 0, (k) => finish((go(k) * (xd[k] - td[k])) / Math.max((1 - xd[k]) * xd[k], BCE_EPSILON), k)),
      elementwise(ctx, 1, (k) => finish(-Math.log(xd[k] / (1 - xd[k])) * go(k), k)),
    ];
  },
  BinaryCrossEntropyWithLogitsBackward0: (ctx, [g]) => {
    const [input, target, ...rest] = ctx.saved;
    const weight = ctx.args.hasWeight ? rest.shift()! : null;
    const posWeight = ctx.args.hasPosWeight ? rest.shift()! : null;
    const xd = contiguousData(input);
    const td = contiguousData(target);
    const wd = weight === null ? null : contiguousData(weight);
    const pd = posWeight === null ? null : contiguousData(posWeight);
    const go = upstream(ctx, g!);
    const mean = ctx.args.reduction === 'mean';
    const r = meta(ctx, 0).dtype === 'float32' ? Math.fround : identity; // sigmoid(input) in the input's dtype
    const finish = (v: number, k: number): number => {
      const w = wd === null ? v : v * wd[k];
      return mean ? w / xd.length : w;
    };
    const gradInput = (k: number): number => {
      const x = xd[k];
      const t = td[k];
      if (pd === null) return (sigmoid(x, r) - t) * go(k);
      const pt = pd[k] * t;
      return ((pt + 1 - t) * sigmoid(x, r) - pt) * go(k);
    };
    // `-input * grad` stays in the input's dtype when grad is a 0-d (reduced) gradient
    const rt = pd === null && ctx.args.reduction !== 'none' ? r : identity;
    const gradTarget = (k: number): number => {
      const x = xd[k];
      if (pd === null) return rt(-x * rt(go(k)));
      return (logSigmoid(-x, r) - logSigmoid(x, r) * pd[k]) * go(k);
    };
    return [elementwise(ctx, 0, (k) => finish(gradInput(k), k)), elementwise(ctx, 1, (k) => rt(finish(gradTarget(k), k)))];
  },
  NllLossBackward0: nllBackward,
  NllLoss2DBackward0: nllBackward,
  MulBackward1: (ctx, [g]) => [mul(g!, ctx.args.scalar as number)],
  DivBackward1: (ctx, [g]) => [div(g!, ctx.args.scalar as number)],
  AddBackward1: (_ctx, [g]) => [g],
  MaskedSelectBackward0: (ctx, [g]) => {
    // torch.masked_select (ops/gatherOps.ts) saves the positions it took, broadcasting included
    if (ctx.args.map !== undefined) return [scatterThroughMap(g!, ctx.args.map as readonly number[], meta(ctx, 0).shape.slice())];
    const [mask] = ctx.saved;
    const m = meta(ctx, 0);
    const out = emptyTensor(m.shape.slice(), m.dtype);
    const md = contiguousData(mask);
    const gd = contiguousData(g!);
    let j = 0;
    for (let i = 0; i < md.length; i++) if (md[i]) out.storage[i] = gd[j++];
    return [out];
  },
  IndexPutBackward0: (ctx, [g]) => [ctx.needs[0] ? zeroMasked(g!, ctx.saved[0]) : null, null],
  CopySlices: (ctx, [g]) => [ctx.needs[0] ? zeroMasked(g!, ctx.saved[0]) : null, null],
} satisfies Record<string, BackwardFn>;
