// torch.optim.Adagrad (1.13.1, `_single_tensor_adagrad`, dense gradients), op by op. Unlike the
// others its state (`step`, `sum`) is created for every parameter in the constructor.
import type { Tensor } from '../tensor';
import { checkOption, Optimizer, withDefaults, type ParamGroup, type ParamGroupInput } from './optimizer';
import { fullLike, gradValues, openWrite, rounding, scalarTensor } from './tensorData';

/** Adagrad's options; snake_case spellings are accepted too. */
export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

/** `torch.optim.Adagrad`. e.g. `new Adagrad(model.parameters(), { lr: 0.1, lrDecay: 0.01 })` */
export class Adagrad extends Optimizer<Required<AdagradOptions>> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput>, options: AdagradOptions = {}) {
    const o = withDefaults('Adagrad', options, {
      lr: 1e-2,
      lrDecay: 0,
      eps: 1e-10,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      foreach: null as boolean | null,
      maximize: false,
    });
    checkOption(o.lr >= 0, 'learning rate', o.lr, 'Adagrad');
    checkOption(o.lrDecay >= 0, 'lr_decay value', o.lrDecay, 'Adagrad');
    checkOption(o.weightDecay >= 0, 'weight_decay value', o.weightDecay, 'Adagrad');
    checkOption(o.initialAccumulatorValue >= 0, 'initial_accumulator_value value', o.initialAccumulatorValue, 'Adagrad');
    checkOption(o.eps >= 0, 'epsilon value', o.eps, 'Adagrad');
    super('Adagrad', params, o);
    for (const group of this.paramGroups) for (const p of group.params) this.initState(p, group.initialAccumulatorValue);
  }

  private initState(p: Tensor, initialAccumulatorValue: number): void {
    const state = this.stateOf(p);
    state.step = scalarTensor(0, 'float32'); // torch.tensor(0.0)
    state.sum = fullLike(p, rounding(p.dtype).r(initialAccumulatorValue)); // torch.full_like(p, init)
  }

  protected updateGroup(group: ParamGroup<Required<AdagradOptions>>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const g = gradValues(p, p.grad, 'Adagrad.step');
      // PyTorch creates the state in __init__ only; groups added later get it here instead of a KeyError.
      if (!this.state.has(p)) this.initState(p, group.initialAccumulatorValue);
      const state = this.stateOf(p);
      const stepT = openWrite(state.step as Tensor);
      stepT.a[0] = Math.fround(stepT.a[0] + 1); // step_t += 1
      stepT.close();
      const step = stepT.a[0];
      const clr = lr / (1 + (step - 1) * lrDecay);
      const { r, fma } = rounding(p.dtype);
      const P = openWrite(p);
      const S = openWrite(state.sum as Tensor);
      const pa = P.a;
      const sa = S.a;
      const wd = r(weightDecay);
      const e = r(eps);
      const nclr = r(-clr);
      for (let i = 0; i < g.length; i++) {
        let gi = maximize ? -g[i] : g[i];
        if (weightDecay !== 0) gi = fma(wd, pa[i], gi); // grad.add(param, alpha=weight_decay)
        const s = fma(gi, gi, sa[i]); // state_sum.addcmul_(grad, grad, value=1)
        sa[i] = s;
        const std = r(r(Math.sqrt(s)) + e); // state_sum.sqrt().add_(eps)
        pa[i] = r(pa[i] + r(r(nclr * gi) / std)); // param.addcdiv_(grad, std, value=-clr)
      }
      P.close();
      S.close();
    }
  }
}
