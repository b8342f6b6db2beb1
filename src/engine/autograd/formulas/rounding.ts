// Backward formulas of ops/rounding.ts and ops/sorting.ts (PyTorch 1.13's derivatives.yaml:
// zeros_like for the rounding ops, remainder/fmod's −grad·div(self, other, rounding_mode),
// value_selecting_reduction_backward for topk/sort, cumprod_backward).
import { allocate } from '../../dtype';
import { TorchError } from '../../errors';
import { broadcastBinary, div, mul, neg } from '../../ops/arith';
import { divMode } from '../../ops/rounding';
import { sumToShape } from '../../ops/reduce';
import { contiguousData } from '../../storage';
import { Tensor } from '../../tensor';
import type { BackwardCtx, BackwardFn, TensorMeta } from '../node';

function forInput(ctx: BackwardCtx, i: number, g: () => Tensor): Tensor | null {
  return ctx.needs[i] ? sumToShape(g(), ctx.inputs[i] as TensorMeta) : null;
}

function zeros(ctx: BackwardCtx, i: number): Tensor | null {
  const m = ctx.inputs[i] as TensorMeta | null;
  if (!ctx.needs[i] || m === null) return null;
  return new Tensor(allocate(m.dtype, m.shape.reduce((a, b) => a * b, 1)), m.shape.slice(), m.dtype);
}

const zeroGrad: BackwardFn = (ctx) => ctx.inputs.map((_, i) => zeros(ctx, i));

/** Scatters the gradient of selected values back to their positions along `dim` (value_selecting_reduction_backward). */
const selectBack: BackwardFn = (ctx, [g]) => {
  const m = ctx.inputs[0] as TensorMeta;
  const [indices] = ctx.saved;
  const dim = ctx.args.dim as number;
  const out = allocate(m.dtype, m.shape.reduce((a, b) => a * b, 1));
  const gs = contiguousData(g!);
  const ix = contiguousData(indices);
  const shape = indices.shape;
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < dim; d++) outer *= shape[d];
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d];
  const k = shape[dim] ?? 1;
  const n = m.shape[dim] ?? 1;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < inner; i++) {
        const p = o * k * inner + j * inner + i;
        out[o * n * inner + ix[p] * inner + i] += gs[p];
      }
    }
  }
  return [new Tensor(out, m.shape.slice(), m.dtype)];
};

export const roundingFormulas = {
  FloorBackward0: zeroGrad,
  CeilBackward0: zeroGrad,
  RoundBackward0: zeroGrad,
  TruncBackward0: zeroGrad,
  DivBackward2: (ctx, [g]) => {
    if (ctx.args.mode !== null) return zeroGrad(ctx, [g]);
    // 1.13's div_tensor_self_backward / div_tensor_other_backward: grad / b, -grad * ((a / b) / b)
    if (ctx.args.scalar !== null) return [forInput(ctx, 0, () => div(g!, ctx.args.scalar as number)), null];
    const [a, b] = ctx.saved;
    return [forInput(ctx, 0, () => div(g!, b)), forInput(ctx, 1, () => mul(neg(g!), div(div(a, b), b)))];
  },
  FracBackward0: (ctx, [g]) => [forInput(ctx, 0, () => g!)],
  RemainderBackward0: (ctx, [g]) => [forInput(ctx, 0, () => g!)],
  FmodBackward0: (ctx, [g]) => [forInput(ctx, 0, () => g!)],
  RemainderBackward1: (ctx, [g]) => {
    const [a, b] = ctx.saved;
    return [forInput(ctx, 0, () => g!), forInput(ctx, 1, () => mul(neg(g!), divMode(a, b, 'floor')))];
  },
  FmodBackward1: (ctx, [g]) => {
    const [a, b] = ctx.saved;
    return [forInput(ctx, 0, () => g!), forInput(ctx, 1, () => mul(neg(g!), divMode(a, b, 'trunc')))];
  },
  NotImplemented: (ctx) => {
    throw new TorchError(`derivative for aten::${String(ctx.args.op)} is not implemented`, { kind: 'autograd', op: String(ctx.args.op), pyType: 'RuntimeError' });
  },
  XlogyBackward0: (ctx, [g]) => {
    // self: xlogy(grad, other).masked_fill((self == 0) & (other <= 0), 0); other: grad * self / other
    const [a, b] = ctx.saved;
    const selfGrad = (): Tensor => {
      const gl = broadcastBinary('xlogy_backward', g!, b, (x, y) => (y !== y ? NaN : x === 0 ? 0 : x * Math.log(y)), g!.dtype);
      const keep = broadcastBinary('xlogy_backward', a, b, (x, y) => (x === 0 && y <= 0 ? 0 : 1), g!.dtype);
      return broadcastBinary('xlogy_backward', gl, keep, (v, k) => (k === 0 ? 0 : v), g!.dtype);
    };
    return [forInput(ctx, 0, selfGrad), forInput(ctx, 1, () => div(mul(g!, a), b))];
  },
  TopkBackward0: selectBack,
  SortBackward0: selectBack,
  CumprodBackward0: (ctx, [g]) => {
    // grad_i = Σ_{j≥i} g_j · Π_{k≤j, k≠i} x_k, computed directly so zeros need no special case
    const [a] = ctx.saved;
    const d = ctx.args.dim as number;
    const m = ctx.inputs[0] as TensorMeta;
    const x = contiguousData(a);
    const gs = contiguousData(g!);
    const out = allocate(m.dtype, x.length);
    let outer = 1;
    let inner = 1;
    for (let i = 0; i < d; i++) outer *= a.shape[i];
    for (let i = d + 1; i < a.ndim; i++) inner *= a.shape[i];
    const n = a.shape[d] ?? 1;
    for (let o = 0; o < outer; o++) {
      for (let t = 0; t < inner; t++) {
        const at = (j: number): number => o * n * inner + j * inner + t;
        for (let i = 0; i < n; i++) {
          let acc = 0;
          let pre = 1;
          for (let k = 0; k < i; k++) pre *= x[at(k)];
          let run = pre;
          for (let j = i; j < n; j++) {
            if (j > i) run *= x[at(j)];
            acc += gs[at(j)] * run;
          }
          out[at(i)] = acc;
        }
      }
    }
    return [ctx.needs[0] ? new Tensor(out, m.shape.slice(), m.dtype) : null];
  },
} satisfies Record<string, BackwardFn>;

