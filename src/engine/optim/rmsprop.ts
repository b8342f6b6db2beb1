// torch.optim.RMSprop (1.13.1, `_single_tensor_rmsprop`), op by op. Its `step` state is a Python int.
import type { Tensor } from '../tensor';
import { checkOption, Optimizer, withDefaults, type ParamGroup, type ParamGroupInput } from './optimizer';
import { fullLike, gradValues, openWrite, rounding, type Writable } from './tensorData';

/** RMSprop's options; snake_case spellings are accepted too. */
export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
}

/** `torch.optim.RMSprop`. e.g. `new RMSprop(model.parameters(), { lr: 0.01, momentum: 0.9, centered: true })` */
export class RMSprop extends Optimizer<Required<RMSpropOptions>> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput>, options: RMSpropOptions = {}) {
    const o = withDefaults('RMSprop', options, {
      lr: 1e-2,
      momentum: 0,
      alpha: 0.99,
      eps: 1e-8,
      centered: false,
      weightDecay: 0,
      foreach: null as boolean | null,
      maximize: false,
      differentiable: false,
    });
    checkOption(o.lr >= 0, 'learning rate', o.lr, 'RMSprop');
    checkOption(o.eps >= 0, 'epsilon value', o.eps, 'RMSprop');
    checkOption(o.momentum >= 0, 'momentum value', o.momentum, 'RMSprop');
    checkOption(o.weightDecay >= 0, 'weight_decay value', o.weightDecay, 'RMSprop');
    checkOption(o.alpha >= 0, 'alpha value', o.alpha, 'RMSprop');
    super('RMSprop', params, o);
  }

  protected updateGroup(group: ParamGroup<Required<RMSpropOptions>>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const g = gradValues(p, p.grad, 'RMSprop.step');
      const state = this.stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = 0;
        state.square_avg = fullLike(p);
        if (momentum > 0) state.momentum_buffer = fullLike(p);
        if (centered) state.grad_avg = fullLike(p);
      }
      state.step = (state.step as number) + 1;
      const { r, fma } = rounding(p.dtype);
      const P = openWrite(p);
      const S = openWrite(state.square_avg as Tensor);
      const B: Writable | null = momentum > 0 ? openWrite(state.momentum_buffer as Tensor) : null;
      const G: Writable | null = centered ? openWrite(state.grad_avg as Tensor) : null;
      const pa = P.a;
      const sa = S.a;
      const wd = r(weightDecay);
      const al = r(alpha);
      const oneMinus = r(1 - alpha);
      const e = r(eps);
      const mom = r(momentum);
      const nlr = r(-lr);
      for (let i = 0; i < g.length; i++) {
        let gi = maximize ? -g[i] : g[i];
        if (weightDecay !== 0) gi = fma(wd, pa[i], gi); // grad.add(param, alpha=weight_decay)
        const sq = fma(r(oneMinus * gi), gi, r(sa[i] * al)); // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        sa[i] = sq;
        let avg: number;
        if (G !== null) {
          const ga = fma(oneMinus, gi, r(G.a[i] * al)); // grad_avg.mul_(alpha).add_(grad, alpha=1 - alpha)
          G.a[i] = ga;
          avg = r(Math.sqrt(fma(-ga, ga, sq))); // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
        } else {
          avg = r(Math.sqrt(sq));
        }
        avg = r(avg + e); // avg.add_(eps)
        if (B !== null) {
          const buf = r(r(B.a[i] * mom) + r(gi / avg)); // buf.mul_(momentum).addcdiv_(grad, avg)
          B.a[i] = buf;
          pa[i] = fma(nlr, buf, pa[i]); // param.add_(buf, alpha=-lr)
        } else {
          pa[i] = r(pa[i] + r(r(nlr * gi) / avg)); // param.addcdiv_(grad, avg, value=-lr)
        }
      }
      P.close();
      S.close();
      B?.close();
      G?.close();
    }
  }
}
