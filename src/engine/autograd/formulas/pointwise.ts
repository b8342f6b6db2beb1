// Backward formulas of pointwise ops (PyTorch's derivatives.yaml, one entry per grad_fn name).
import { add, broadcastBinary, div, mul, neg, pow } from '../../ops/arith';
import { eq, ge, gt, le, logicalNot, lt, where } from '../../ops/compare';
import { sumToShape } from '../../ops/reduce';
import { emptyTensor } from '../../ops/result';
import { cos, log, sign, sin } from '../../ops/unary';
import type { Tensor } from '../../tensor';
import { savedSlots, type BackwardCtx, type BackwardFn } from '../node';

function meta(ctx: BackwardCtx, i: number) {
  const m = ctx.inputs[i];
  if (m === null) throw new Error('internal: no metadata for a wrapped scalar input');
  return m;
}

/** Gradient for input i, reduced to its shape, or null when not needed. */
function forInput(ctx: BackwardCtx, i: number, g: () => Tensor): Tensor | null {
  return ctx.needs[i] ? sumToShape(g(), meta(ctx, i)) : null;
}

/** One elementwise pass of a backward kernel over the gradient and a saved tensor. */
function fused(op: string, g: Tensor, saved: Tensor, f: (d: number, y: number) => number): Tensor {
  return broadcastBinary(op, g, saved, f, g.dtype);
}

function zerosLikeInput(ctx: BackwardCtx, i: number): Tensor {
  const m = meta(ctx, i);
  return emptyTensor(m.shape.slice(), m.dtype);
}

const tanhBackward = (d: number, y: number): number => d * (1 - y * y);
const sigmoidBackward = (d: number, y: number): number => d * (1 - y) * y;
const thresholdBackward = (d: number, y: number): number => (y > 0 ? d : 0);

export const pointwiseFormulas = {
  AddBackward0: (ctx, [g]) => [forInput(ctx, 0, () => g!), forInput(ctx, 1, () => (ctx.args.alpha === 1 ? g! : mul(g!, ctx.args.alpha as number)))],
  SubBackward0: (ctx, [g]) => [forInput(ctx, 0, () => g!), forInput(ctx, 1, () => mul(g!, -(ctx.args.alpha as number)))],
  RsubBackward1: (ctx, [g]) => [forInput(ctx, 0, () => neg(g!))],
  MulBackward0: (ctx, [g]) => {
    if (ctx.args.scalar !== null) return [forInput(ctx, 0, () => mul(g!, ctx.args.scalar as number)), null];
    const [b, a] = savedSlots(ctx, [ctx.needs[0], ctx.needs[1]]);
    return [forInput(ctx, 0, () => mul(g!, b!)), forInput(ctx, 1, () => mul(g!, a!))];
  },
  DivBackward0: (ctx, [g]) => {
    if (ctx.args.scalar !== null) return [forInput(ctx, 0, () => div(g!, ctx.args.scalar as number)), null];
    const [a, b] = savedSlots(ctx, [ctx.needs[1], true]);
    return [forInput(ctx, 0, () => div(g!, b!)), forInput(ctx, 1, () => neg(div(mul(g!, a!), mul(b!, b!))))];
  },
  ReciprocalBackward0: (ctx, [g]) => {
    const [out] = ctx.saved;
    return [forInput(ctx, 0, () => neg(mul(g!, mul(out, out))))];
  },
  NegBackward0: (ctx, [g]) => [forInput(ctx, 0, () => neg(g!))],
  PowBackward0: (ctx, [g]) => {
    const [a] = ctx.saved;
    const e = ctx.args.exponent as number;
    if (e === 0) return [zerosLikeInput(ctx, 0)];
    return [forInput(ctx, 0, () => mul(g!, mul(pow(a, e - 1), e)))];
  },
  PowBackward1: (ctx, [g]) => {
    const [a, e, out] = ctx.saved;
    const ga = () => where(eq(e, 0), 0, mul(g!, mul(e, pow(a, add(e, -1)))));
    const ge_ = () => where(logicalAndZeroBase(a, e), 0, mul(g!, mul(out, log(a))));
    return [forInput(ctx, 0, ga), forInput(ctx, 1, ge_)];
  },
  PowBackward2: (ctx, [g]) => {
    const [out] = ctx.saved;
    return [forInput(ctx, 0, () => mul(g!, mul(out, Math.log(ctx.args.base as number))))];
  },
  ExpBackward0: (ctx, [g]) => [forInput(ctx, 0, () => mul(g!, ctx.saved[0]))],
  LogBackward0: (ctx, [g]) => [forInput(ctx, 0, () => div(g!, ctx.saved[0]))],
  SqrtBackward0: (ctx, [g]) => [forInput(ctx, 0, () => div(g!, mul(ctx.saved[0], 2)))],
  AbsBackward0: (ctx, [g]) => [forInput(ctx, 0, () => mul(g!, sign(ctx.saved[0])))],
  SignBackward0: (ctx) => [zerosLikeInput(ctx, 0)],
  // fused, as ATen's tanh_backward / sigmoid_backward / threshold_backward kernels are
  TanhBackward0: (ctx, [g]) => [forInput(ctx, 0, () => fused('tanh_backward', g!, ctx.saved[0], tanhBackward))],
  SigmoidBackward0: (ctx, [g]) => [forInput(ctx, 0, () => fused('sigmoid_backward', g!, ctx.saved[0], sigmoidBackward))],
  ReluBackward0: (ctx, [g]) => [forInput(ctx, 0, () => fused('threshold_backward', g!, ctx.saved[0], thresholdBackward))],
  SinBackward0: (ctx, [g]) => [forInput(ctx, 0, () => mul(g!, cos(ctx.saved[0])))],
  CosBackward0: (ctx, [g]) => [forInput(ctx, 0, () => neg(mul(g!, sin(ctx.saved[0]))))],
  ClampBackward1: (ctx, [g]) => {
    const [a] = ctx.saved;
    const lo = ctx.args.min as number | null;
    const hi = ctx.args.max as number | null;
    let keep: Tensor | null = null;
    if (lo !== null) keep = ge(a, lo);
    if (hi !== null) {
      const k2 = le(a, hi);
      keep = keep === null ? k2 : logicalNot(add(logicalNot(keep), logicalNot(k2)));
    }
    return [forInput(ctx, 0, () => where(keep!, g!, 0))];
  },
  WhereBackward0: (ctx, [g]) => {
    const [cond] = ctx.saved;
    return [forInput(ctx, 0, () => where(cond, g!, 0)), forInput(ctx, 1, () => where(cond, 0, g!))];
  },
  MaskedFillBackward0: (ctx, [g]) => {
    const [mask] = ctx.saved;
    return [forInput(ctx, 0, () => where(mask, 0, g!))];
  },
  MaximumBackward0: (ctx, [g]) => {
    const [a, b] = ctx.saved;
    const half = () => div(g!, 2);
    return [
      forInput(ctx, 0, () => where(eq(a, b), half(), where(lt(a, b), 0, g!))),
      forInput(ctx, 1, () => where(eq(a, b), half(), where(lt(b, a), 0, g!))),
    ];
  },
  MinimumBackward0: (ctx, [g]) => {
    const [a, b] = ctx.saved;
    const half = () => div(g!, 2);
    return [
      forInput(ctx, 0, () => where(eq(a, b), half(), where(gt(a, b), 0, g!))),
      forInput(ctx, 1, () => where(eq(a, b), half(), where(gt(b, a), 0, g!))),
    ];
  },
} satisfies Record<string, BackwardFn>;

function logicalAndZeroBase(a: Tensor, e: Tensor): Tensor {
  // PyTorch: where base == 0 and exponent >= 0 the exponent's gradient is 0
  return logicalNot(add(logicalNot(eq(a, 0)), logicalNot(ge(e, 0))));
}

