// Backward formulas of ops/gatherOps.ts and ops/reduceExtra.ts (PyTorch 1.13's derivatives.yaml
// and FunctionsManual.cpp: scale_grad_by_count, prod_backward, norm_backward, var_backward, ...).
import { allocate } from '../../dtype';
import { broadcastBinary, div, mul, sub } from '../../ops/arith';
import { eq } from '../../ops/compare';
import { scatterThroughMap } from '../../ops/gatherOps';
import { cumsumData } from '../../ops/reduceExtra';
import { mean, sum, sumToShape } from '../../ops/reduce';
import { bmm, mv } from '../../ops/linalg';
import { abs, exp, sign } from '../../ops/unary';
import { t, transpose, unsqueeze } from '../../ops/views';
import { contiguousData } from '../../storage';
import { Tensor } from '../../tensor';
import type { BackwardCtx, BackwardFn, TensorMeta } from '../node';
import { scaled } from './structural';

function meta(ctx: BackwardCtx): TensorMeta {
  return ctx.inputs[0] as TensorMeta;
}

const throughMap: BackwardFn = (ctx, [g]) => [scatterThroughMap(g!, ctx.args.map as readonly number[], meta(ctx).shape.slice())];

/** Re-inserts the reduced dims (size 1) of a reduction without keepdim. */
function restore(t: Tensor, ctx: BackwardCtx): Tensor {
  if (ctx.args.keepdim) return t;
  const mask = ctx.args.mask as readonly number[];
  let r = t;
  for (let d = 0; d < mask.length; d++) if (mask[d]) r = unsqueeze(r, d);
  return r;
}

function reducedDims(ctx: BackwardCtx): number[] {
  const mask = ctx.args.mask as readonly number[];
  const dims: number[] = [];
  mask.forEach((m, d) => m && dims.push(d));
  return dims;
}

const scaleByCount: BackwardFn = (ctx, [g]) => {
  const [a, res] = ctx.saved;
  const m = eq(a, restore(res, ctx));
  const dims = reducedDims(ctx);
  const count = dims.length ? sum(m, dims, true) : m;
  return [mul(div(restore(g!, ctx), count), m)];
};

/** grad · (product of the others) along [outer, n, inner], safe when some elements are zero. */
function prodSafeZeros(g: ArrayLike<number>, x: ArrayLike<number>, outer: number, n: number, inner: number, out: Float64Array | Float32Array): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number): number => o * n * inner + j * inner + i;
      const pre = new Float64Array(n);
      let p = 1;
      for (let j = 0; j < n; j++) {
        pre[j] = p;
        p *= x[at(j)];
      }
      let s = 1;
      for (let j = n - 1; j >= 0; j--) {
        out[at(j)] = g[o * inner + i] * (pre[j] * s);
        s *= x[at(j)];
      }
    }
  }
}

function anyZero(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] === 0) return true;
  return false;
}

export const structuralExtraFormulas = {
  RepeatBackward0: throughMap,
  FlipBackward0: throughMap,
  RollBackward0: throughMap,
  TrilBackward0: throughMap,
  TriuBackward0: throughMap,
  GatherBackward0: throughMap,
  IndexSelectBackward0: throughMap,
  ConstantPadNdBackward0: throughMap,
  AmaxBackward0: scaleByCount,
  AminBackward0: scaleByCount,
  ProdBackward0: (ctx, [g]) => {
    const [a, res] = ctx.saved;
    if (a.ndim === 0) return [g];
    const x = contiguousData(a);
    if (!anyZero(x)) return [mul(g!, div(res, a))];
    const out = allocate(g!.dtype, x.length) as Float64Array;
    prodSafeZeros(contiguousData(g!), x, 1, x.length, 1, out);
    return [new Tensor(out, a.shape.slice(), g!.dtype)];
  },
  ProdBackward1: (ctx, [g]) => {
    const [a, res] = ctx.saved;
    if (a.ndim === 0) return [g];
    const d = ctx.args.dim as number;
    const keep = ctx.args.keepdim || a.ndim === 1;
    const gr = keep ? g! : unsqueeze(g!, d);
    const rr = keep ? res : unsqueeze(res, d);
    const x = contiguousData(a);
    if (!anyZero(x)) return [mul(gr, div(rr, a))];
    let outer = 1;
    let inner = 1;
    for (let i = 0; i < d; i++) outer *= a.shape[i];
    for (let i = d + 1; i < a.ndim; i++) inner *= a.shape[i];
    const out = allocate(g!.dtype, x.length) as Float64Array;
    prodSafeZeros(contiguousData(gr), x, outer, a.shape[d], inner, out);
    return [new Tensor(out, a.shape.slice(), g!.dtype)];
  },
  CumsumBackward0: (ctx, [g]) => {
    const m = meta(ctx);
    const d = ctx.args.dim as number;
    if (g!.numel() <= 1 || (m.shape[d] ?? 1) === 1) return [g];
    return [new Tensor(cumsumData(contiguousData(g!), m.shape, d, g!.dtype, true), m.shape.slice(), g!.dtype)];
  },
  NormBackward1: (ctx, [g]) => {
    const [a, res] = ctx.saved;
    const p = ctx.args.p as number;
    const gr = restore(g!, ctx);
    const nr = restore(res, ctx);
    if (p === 0) return [mul(a, 0)];
    if (p === 1) return [mul(sign(a), gr)];
    if (p === 2) return [mul(gr, broadcastBinary('norm_backward', a, nr, (x, n) => (n === 0 ? 0 : x / n), a.dtype))];
    if (p === Infinity) {
      const isMax = broadcastBinary('norm_backward', a, nr, (x, n) => (Math.abs(x) === n || (x !== x && n !== n) ? 1 : 0), a.dtype);
      const dims = reducedDims(ctx);
      const count = dims.length ? sum(isMax, dims, true) : isMax;
      return [mul(mul(sign(a), isMax), div(gr, count))];
    }
    const scale = broadcastBinary('norm_backward', gr, nr, (d, n) => (n === 0 ? 0 : d / Math.pow(n, p - 1)), a.dtype);
    return [mul(mul(a, broadcastBinary('pow', abs(a), a, (v) => Math.pow(v, p - 2), a.dtype)), scale)];
  },
  VarBackward0: (ctx, [g]) => {
    const [a] = ctx.saved;
    const c = 2 / ((ctx.args.count as number) - (ctx.args.correction as number));
    const dims = reducedDims(ctx);
    return [mul(mul(restore(g!, ctx), c), sub(a, mean(a, dims.length ? dims : undefined, dims.length > 0)))];
  },
  StdBackward0: (ctx, [g]) => {
    const [a, res] = ctx.saved;
    const gv = broadcastBinary('std_backward', g!, res, (d, r) => (r === 0 ? 0 : d / (r * 2)), g!.dtype);
    const c = 2 / ((ctx.args.count as number) - (ctx.args.correction as number));
    const dims = reducedDims(ctx);
    return [mul(mul(restore(gv, ctx), c), sub(a, mean(a, dims.length ? dims : undefined, dims.length > 0)))];
  },
  BaddbmmBackward0: (ctx, [g]) => {
    const [b1, b2] = ctx.saved;
    const beta = ctx.args.beta as number;
    const alpha = ctx.args.alpha as number;
    return [
      ctx.needs[0] ? sumToShape(scaled(g!, beta), ctx.inputs[0] as TensorMeta) : null,
      ctx.needs[1] ? scaled(bmm(g!, transpose(b2, 1, 2)), alpha) : null,
      ctx.needs[2] ? scaled(bmm(transpose(b1, 1, 2), g!), alpha) : null,
    ];
  },
  AddmvBackward0: (ctx, [g]) => {
    const [m, v] = ctx.saved;
    const beta = ctx.args.beta as number;
    const alpha = ctx.args.alpha as number;
    return [
      ctx.needs[0] ? sumToShape(scaled(g!, beta), ctx.inputs[0] as TensorMeta) : null,
      ctx.needs[1] ? scaled(mul(unsqueeze(g!, 1), v), alpha) : null,
      ctx.needs[2] ? scaled(mv(t(m), g!), alpha) : null,
    ];
  },
  LogsumexpBackward0: (ctx, [g]) => {
    const [a, res] = ctx.saved;
    return [mul(restore(g!, ctx), exp(sub(a, restore(res, ctx))))];
  },
} satisfies Record<string, BackwardFn>;
