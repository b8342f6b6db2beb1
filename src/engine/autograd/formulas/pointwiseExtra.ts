// Backward formulas of the ops in ops/pointwiseExtra.ts (PyTorch 1.13's derivatives.yaml and the
// *_backward CPU kernels).
import { broadcastBinary, mul, neg, sub } from '../../ops/arith';
import { ge, gt, le, lt, where } from '../../ops/compare';
import { geluGrad } from '../../ops/pointwiseExtra';
import { sumToShape } from '../../ops/reduce';
import type { Tensor } from '../../tensor';
import type { BackwardCtx, BackwardFn, TensorMeta } from '../node';

function forInput(ctx: BackwardCtx, i: number, g: () => Tensor): Tensor | null {
  return ctx.needs[i] ? sumToShape(g(), ctx.inputs[i] as TensorMeta) : null;
}

/** One elementwise pass over the gradient and a saved tensor of the same shape. */
function fused(ctx: BackwardCtx, g: Tensor, op: string, f: (d: number, x: number) => number): (Tensor | null)[] {
  return [forInput(ctx, 0, () => broadcastBinary(op, g, ctx.saved[0], f, g.dtype))];
}

const LN2 = Math.LN2;
const LN10 = Math.LN10;

export const pointwiseExtraFormulas = {
  RsqrtBackward0: (ctx, [g]) => fused(ctx, g!, 'rsqrt_backward', (d, y) => -0.5 * d * (y * y * y)),
  Exp2Backward0: (ctx, [g]) => fused(ctx, g!, 'exp2_backward', (d, y) => d * (y * LN2)),
  Log1PBackward0: (ctx, [g]) => fused(ctx, g!, 'log1p_backward', (d, x) => d / (x + 1)),
  Expm1Backward0: (ctx, [g]) => fused(ctx, g!, 'expm1_backward', (d, y) => d * (y + 1)),
  Log2Backward0: (ctx, [g]) => fused(ctx, g!, 'log2_backward', (d, x) => d / (x * LN2)),
  Log10Backward0: (ctx, [g]) => fused(ctx, g!, 'log10_backward', (d, x) => d / (x * LN10)),
  LeakyReluBackward0: (ctx, [g]) => {
    const s = ctx.args.negativeSlope as number;
    return fused(ctx, g!, 'leaky_relu_backward', (d, x) => (x > 0 ? d : d * s));
  },
  EluBackward0: (ctx, [g]) => {
    const alpha = ctx.args.alpha as number;
    return fused(ctx, g!, 'elu_backward', (d, x) => (x <= 0 ? d * alpha * Math.exp(x) : d));
  },
  GeluBackward0: (ctx, [g]) => {
    const t = ctx.args.approximate === 'tanh';
    return fused(ctx, g!, 'gelu_backward', (d, x) => geluGrad(d, x, t));
  },
  SoftplusBackward0: (ctx, [g]) => {
    const beta = ctx.args.beta as number;
    const th = ctx.args.threshold as number;
    return fused(ctx, g!, 'softplus_backward', (d, x) => {
      const z = Math.exp(x * beta);
      return x * beta > th ? d : (d * z) / (z + 1);
    });
  },
  SiluBackward0: (ctx, [g]) =>
    fused(ctx, g!, 'silu_backward', (d, x) => {
      const s = 1 / (1 + Math.exp(-x));
      return d * s * (1 + x * (1 - s));
    }),
  HardtanhBackward0: (ctx, [g]) => {
    const lo = ctx.args.min as number;
    const hi = ctx.args.max as number;
    return fused(ctx, g!, 'hardtanh_backward', (d, x) => (x <= lo || x >= hi ? 0 : d));
  },
  LogSigmoidBackward0: (ctx, [g]) =>
    fused(ctx, g!, 'log_sigmoid_backward', (d, x) => {
      const z = Math.exp(-Math.abs(x));
      const neg = x < 0;
      const maxDeriv = neg ? 1 : 0;
      const sign = neg ? 1 : -1;
      return d * (maxDeriv - sign * (z / (1 + z)));
    }),
  ClampMinBackward0: (ctx, [g]) => [forInput(ctx, 0, () => where(ge(ctx.saved[0], ctx.args.min as number), g!, 0))],
  ClampMaxBackward0: (ctx, [g]) => [forInput(ctx, 0, () => where(le(ctx.saved[0], ctx.args.max as number), g!, 0))],
  ClampBackward0: (ctx, [g]) => {
    const [a, ...bounds] = ctx.saved;
    const lo = ctx.args.hasMin ? bounds[0] : null;
    const hi = ctx.args.hasMax ? bounds[ctx.args.hasMin ? 1 : 0] : null;
    const keep = (): Tensor => {
      let k: Tensor | null = lo ? ge(a, lo) : null;
      if (hi) {
        const k2 = le(a, hi);
        k = k ? where(k, k2, false) : k2;
      }
      return k!;
    };
    return [
      forInput(ctx, 0, () => where(keep(), g!, 0)),
      // PyTorch's clamp_backward_min_max: where min > max, max wins and min gets no gradient
      lo ? forInput(ctx, 1, () => where(hi ? where(lt(a, lo), lt(lo, hi), false) : lt(a, lo), g!, 0)) : null,
      hi ? forInput(ctx, 2, () => where(lo ? where(gt(a, hi), true, lt(hi, lo)) : gt(a, hi), g!, 0)) : null,
    ];
  },
  LerpBackward0: (ctx, [g]) => {
    const w = ctx.args.weight as number;
    return [forInput(ctx, 0, () => mul(g!, 1 - w)), forInput(ctx, 1, () => mul(g!, w))];
  },
  LerpBackward1: (ctx, [g]) => {
    const [a, end, w] = ctx.saved;
    return [
      forInput(ctx, 0, () => broadcastBinary('lerp_backward', g!, w, (d, x) => d * (1 - x), g!.dtype)),
      forInput(ctx, 1, () => mul(g!, w)),
      forInput(ctx, 2, () => mul(g!, sub(end, a))),
    ];
  },
  AddcmulBackward0: (ctx, [g]) => {
    const [t1, t2] = ctx.saved;
    const v = ctx.args.value as number;
    return [forInput(ctx, 0, () => g!), forInput(ctx, 1, () => mul(mul(g!, t2), v)), forInput(ctx, 2, () => mul(mul(g!, t1), v))];
  },
  AddcdivBackward0: (ctx, [g]) => {
    const [t1, t2] = ctx.saved;
    const v = ctx.args.value as number;
    return [
      forInput(ctx, 0, () => g!),
      forInput(ctx, 1, () => broadcastBinary('addcdiv_backward', g!, t2, (d, z) => (d * v) / z, g!.dtype)),
      forInput(ctx, 2, () => neg(mul(mul(g!, v), broadcastBinary('addcdiv_backward', t1, t2, (y, z) => y / (z * z), g!.dtype)))),
    ];
  },
} satisfies Record<string, BackwardFn>;
