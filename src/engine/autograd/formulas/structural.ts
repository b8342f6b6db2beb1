// Backward formulas of view, shape, join, reduction, matrix, indexing and softmax ops.
import { div, mul } from '../../ops/arith';
import { eq, isnan } from '../../ops/compare';
import { cat, split, stack } from '../../ops/join';
import { bmm, mm } from '../../ops/linalg';
import { emptyTensor } from '../../ops/result';
import { scatterThroughMap } from '../../ops/gatherOps';
import { exp } from '../../ops/unary';
import { expand, permute, reshape, select, slice, squeeze, transpose, t, unbind, unsqueeze } from '../../ops/views';
import { sum, sumToShape } from '../../ops/reduce';
import { contiguousData, writeData } from '../../storage';
import type { Tensor } from '../../tensor';
import { mmInto } from '../gradBuffer';
import { savedSlots, type BackwardCtx, type BackwardFn, type TensorMeta } from '../node';

function meta(ctx: BackwardCtx, i = 0): TensorMeta {
  return ctx.inputs[i] as TensorMeta;
}

function zerosOf(m: TensorMeta): Tensor {
  return emptyTensor(m.shape.slice(), m.dtype);
}

/** Gradient reshaped back to input i's shape. */
function reshapeBack(ctx: BackwardCtx, g: Tensor, i = 0): Tensor {
  return reshape(g, meta(ctx, i).shape);
}

/** Writes `g` into a zero tensor of the input's shape through the same view the forward took. */
function scatterThroughView(ctx: BackwardCtx, g: Tensor, takeView: (z: Tensor) => Tensor): Tensor {
  const z = zerosOf(meta(ctx));
  writeData(takeView(z), contiguousData(g));
  return z;
}

/** Re-inserts reduced dims (as size 1) into a gradient of a reduction without keepdim. */
function restoreDims(g: Tensor, mask: readonly number[], keepdim: boolean): Tensor {
  if (keepdim) return g;
  let r = g;
  for (let d = 0; d < mask.length; d++) if (mask[d]) r = unsqueeze(r, d);
  return r;
}

function gradsOrZeros(grads: (Tensor | null)[], outputs: readonly TensorMeta[]): Tensor[] {
  return grads.map((g, i) => g ?? zerosOf(outputs[i]));
}

export const structuralFormulas = {
  TBackward0: (_ctx, [g]) => [t(g!)],
  TransposeBackward0: (ctx, [g]) => [transpose(g!, ctx.args.dim0 as number, ctx.args.dim1 as number)],
  TransposeBackward1: (ctx, [g]) => [transpose(g!, ctx.args.dim0 as number, ctx.args.dim1 as number)],
  PermuteBackward0: (ctx, [g]) => {
    const dims = ctx.args.dims as readonly number[];
    const inv = new Array<number>(dims.length);
    dims.forEach((d, i) => (inv[d] = i));
    return [permute(g!, inv)];
  },
  ExpandBackward0: (ctx, [g]) => [sumToShape(g!, meta(ctx))],
  ViewBackward0: (ctx, [g]) => [reshapeBack(ctx, g!)],
  ReshapeAliasBackward0: (ctx, [g]) => [reshapeBack(ctx, g!)],
  UnsafeViewBackward0: (ctx, [g]) => [reshapeBack(ctx, g!)],
  CloneBackward0: (_ctx, [g]) => [g],
  ToCopyBackward0: (ctx, [g]) => [sumToShape(g!, meta(ctx))],
  UnsqueezeBackward0: (ctx, [g]) => [squeeze(g!, ctx.args.dim as number)],
  SqueezeBackward0: (ctx, [g]) => [reshapeBack(ctx, g!)],
  SqueezeBackward1: (ctx, [g]) => [reshapeBack(ctx, g!)],
  SqueezeBackward3: (ctx, [g]) => [reshapeBack(ctx, g!)],
  SelectBackward0: (ctx, [g]) => [
    scatterThroughView(ctx, g!, (z) => select(z, ctx.args.dim as number, ctx.args.index as number)),
  ],
  SliceBackward0: (ctx, [g]) => [
    scatterThroughView(ctx, g!, (z) =>
      slice(z, ctx.args.dim as number, ctx.args.start as number, ctx.args.end as number, ctx.args.step as number),
    ),
  ],
  UnbindBackward0: (ctx, grads) => [stack(gradsOrZeros(grads, ctx.outputs), ctx.args.dim as number)],
  SplitBackward0: (ctx, grads) => [cat(gradsOrZeros(grads, ctx.outputs), ctx.args.dim as number)],
  SplitWithSizesBackward0: (ctx, grads) => [cat(gradsOrZeros(grads, ctx.outputs), ctx.args.dim as number)],
  UnsafeSplitBackward0: (ctx, grads) => [cat(gradsOrZeros(grads, ctx.outputs), ctx.args.dim as number)],
  CatBackward0: (ctx, [g]) => split(g!, ctx.args.sizes as readonly number[], ctx.args.dim as number).map((p, i) => (ctx.needs[i] ? p : null)),
  StackBackward0: (ctx, [g]) => unbind(g!, ctx.args.dim as number).map((p, i) => (ctx.needs[i] ? p : null)),
  SumBackward0: (ctx, [g]) => [expand(g!, meta(ctx).shape)],
  SumBackward1: (ctx, [g]) => [
    expand(restoreDims(g!, ctx.args.mask as readonly number[], ctx.args.keepdim as boolean), meta(ctx).shape),
  ],
  MeanBackward0: (ctx, [g]) => [expand(div(g!, ctx.args.count as number), meta(ctx).shape)],
  MeanBackward1: (ctx, [g]) => [
    expand(
      div(restoreDims(g!, ctx.args.mask as readonly number[], ctx.args.keepdim as boolean), ctx.args.count as number),
      meta(ctx).shape,
    ),
  ],
  MaxBackward1: (ctx, [g]) => [evenlyDistribute(ctx, g!)],
  MinBackward1: (ctx, [g]) => [evenlyDistribute(ctx, g!)],
  MaxBackward0: (ctx, [g]) => [selectByIndices(ctx, g!)],
  MinBackward0: (ctx, [g]) => [selectByIndices(ctx, g!)],
  MmBackward0: (ctx, [g]) => {
    const [a, b] = savedSlots(ctx, [ctx.needs[1], ctx.needs[0]]);
    return [ctx.needs[0] ? mmFor(ctx, 0, g!, t(b!)) : null, ctx.needs[1] ? mmFor(ctx, 1, t(a!), g!) : null];
  },
  AddmmBackward0: (ctx, [g]) => {
    const [a, b] = savedSlots(ctx, [ctx.needs[2], ctx.needs[1]]);
    const alpha = ctx.args.alpha as number;
    const beta = ctx.args.beta as number;
    return [
      ctx.needs[0] ? sumToShape(scaled(g!, beta), meta(ctx, 0)) : null,
      ctx.needs[1] ? (alpha === 1 ? mmFor(ctx, 1, g!, t(b!)) : scaled(mm(g!, t(b!)), alpha)) : null,
      ctx.needs[2] ? (alpha === 1 ? mmFor(ctx, 2, t(a!), g!) : scaled(mm(t(a!), g!), alpha)) : null,
    ];
  },
  MvBackward0: (ctx, [g]) => {
    const [a, v] = savedSlots(ctx, [ctx.needs[1], ctx.needs[0]]);
    return [
      ctx.needs[0] ? mm(unsqueeze(g!, 1), unsqueeze(v!, 0)) : null,
      ctx.needs[1] ? reshape(mm(t(a!), unsqueeze(g!, 1)), [a!.shape[1]]) : null,
    ];
  },
  DotBackward0: (ctx, [g]) => {
    const [a, b] = savedSlots(ctx, [ctx.needs[1], ctx.needs[0]]);
    return [ctx.needs[0] ? mul(b!, g!) : null, ctx.needs[1] ? mul(a!, g!) : null];
  },
  BmmBackward0: (ctx, [g]) => {
    const [a, b] = savedSlots(ctx, [ctx.needs[1], ctx.needs[0]]);
    return [ctx.needs[0] ? bmm(g!, transpose(b!, 1, 2)) : null, ctx.needs[1] ? bmm(transpose(a!, 1, 2), g!) : null];
  },
  SoftmaxBackward0: (ctx, [g]) => {
    const [out] = ctx.saved;
    const dim = ctx.args.dim as number;
    const gy = mul(g!, out);
    return [sumSub(gy, mul(out, sum(gy, dim, true)))];
  },
  LogSoftmaxBackward0: (ctx, [g]) => {
    const [out] = ctx.saved;
    const dim = ctx.args.dim as number;
    return [sumSub(g!, mul(exp(out), sum(g!, dim, true)))];
  },
  IndexBackward0: (ctx, [g]) => {
    // a multi-dimensional bool mask (ops/gatherOps.ts boolMaskIndex) saves the positions it took
    if (ctx.args.map !== undefined) return [scatterThroughMap(g!, ctx.args.map as readonly number[], meta(ctx).shape.slice())];
    const [idx] = ctx.saved;
    const m = meta(ctx);
    const z = zerosOf(m);
    const rows = contiguousData(idx);
    const inner = z.numel() / Math.max(m.shape[0], 1);
    const gd = contiguousData(g!);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r] < 0 ? rows[r] + m.shape[0] : rows[r];
      for (let j = 0; j < inner; j++) z.storage[i * inner + j] += gd[r * inner + j];
    }
    return [z];
  },
  EmbeddingBackward0: (ctx, [g]) => {
    const [indices] = ctx.saved;
    const m = meta(ctx);
    const z = zerosOf(m);
    const dimE = m.shape[1];
    const idx = contiguousData(indices);
    const gd = contiguousData(g!);
    const pad = ctx.args.paddingIdx as number;
    for (let r = 0; r < idx.length; r++) {
      if (idx[r] === pad) continue;
      for (let j = 0; j < dimE; j++) z.storage[idx[r] * dimE + j] += gd[r * dimE + j];
    }
    return [z];
  },
} satisfies Record<string, BackwardFn>;

/** `x·s`, or `x` itself when s is 1 (the beta/alpha factors of addmm-like ops). */
export function scaled(x: Tensor, s: number): Tensor {
  return s === 1 ? x : mul(x, s);
}

/** Input i's gradient `a @ b`, or null once added straight into the buffer it was headed for. */
function mmFor(ctx: BackwardCtx, i: number, a: Tensor, b: Tensor): Tensor | null {
  const into = ctx.sink(i, a.shape[1] ?? 0);
  if (into === null || !mmInto(into, a, b)) return mm(a, b);
  ctx.sunk(i, a, b);
  return null;
}

function sumSub(a: Tensor, b: Tensor): Tensor {
  const ad = contiguousData(a);
  const bd = contiguousData(b);
  const out = emptyTensor(a.shape.slice(), a.dtype);
  for (let i = 0; i < ad.length; i++) out.storage[i] = ad[i] - bd[i];
  return out;
}

function evenlyDistribute(ctx: BackwardCtx, g: Tensor): Tensor {
  const [a, out] = ctx.saved;
  // PyTorch: when the result is NaN, the NaN elements share the gradient
  const mask = Number.isNaN(out.item()) ? isnan(a) : eq(a, out);
  const m = contiguousData(mask);
  let count = 0;
  for (let i = 0; i < m.length; i++) count += m[i];
  const z = zerosOf(meta(ctx));
  const gv = contiguousData(g)[0] / count;
  for (let i = 0; i < m.length; i++) if (m[i]) z.storage[i] = gv;
  return z;
}

function selectByIndices(ctx: BackwardCtx, g: Tensor): Tensor {
  const [indices] = ctx.saved;
  const dim = ctx.args.dim as number;
  const m = meta(ctx);
  const z = zerosOf(m);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= m.shape[i];
  for (let i = dim + 1; i < m.shape.length; i++) inner *= m.shape[i];
  const n = m.shape[dim] ?? 1;
  const idx = contiguousData(indices);
  const gd = contiguousData(g);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const k = o * inner + i;
      z.storage[o * n * inner + idx[k] * inner + i] += gd[k];
    }
  }
  return z;
}
