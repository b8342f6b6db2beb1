// torch.optim.Adam and AdamW (1.13.1, `_single_tensor_adam` / `_single_tensor_adamw`, the
// non-capturable branch), op by op. Bias corrections are Python float math on `step_t.item()`.
import { TorchError } from '../errors';
import type { Tensor } from '../tensor';
import { checkOption, Optimizer, withDefaults, type ParamGroup, type ParamGroupInput, type ParamState } from './optimizer';
import { pyPow } from './pyScalar';
import { fullLike, gradValues, maxNaN, openWrite, rounding, scalarTensor } from './tensorData';

/** Adam's options; snake_case spellings are accepted too. */
export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean;
}

/** AdamW's options (1.13's AdamW has no `differentiable` / `fused`). */
export type AdamWOptions = Omit<AdamOptions, 'differentiable' | 'fused'>;

function checkAdam(name: string, o: Required<AdamWOptions>): void {
  checkOption(o.lr >= 0, 'learning rate', o.lr, name);
  checkOption(o.eps >= 0, 'epsilon value', o.eps, name);
  checkOption(o.betas[0] >= 0 && o.betas[0] < 1, 'beta parameter at index 0', o.betas[0], name);
  checkOption(o.betas[1] >= 0 && o.betas[1] < 1, 'beta parameter at index 1', o.betas[1], name);
  checkOption(o.weightDecay >= 0, 'weight_decay value', o.weightDecay, name);
  if (o.capturable) {
    throw new TorchError('If capturable=True, params and state_steps must be CUDA tensors.', { kind: 'unsupported', op: name });
  }
}

/** The shared Adam/AdamW update of one parameter; `decoupled` selects AdamW's weight decay. */
function adamUpdate(p: Tensor, state: ParamState, group: Required<AdamWOptions>, decoupled: boolean, name: string): void {
  const g = gradValues(p, p.grad as Tensor, `${name}.step`);
  if (Object.keys(state).length === 0) {
    state.step = scalarTensor(0, 'float32'); // torch.tensor(0.)
    state.exp_avg = fullLike(p);
    state.exp_avg_sq = fullLike(p);
    if (group.amsgrad) state.max_exp_avg_sq = fullLike(p);
  }
  const { lr, eps, weightDecay, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  const { r, fma } = rounding(p.dtype);

  const stepT = openWrite(state.step as Tensor);
  stepT.a[0] = Math.fround(stepT.a[0] + 1); // step_t += 1 (a float32 tensor)
  stepT.close();
  const step = stepT.a[0];

  const P = openWrite(p);
  const M = openWrite(state.exp_avg as Tensor);
  const V = openWrite(state.exp_avg_sq as Tensor);
  const MX = amsgrad ? openWrite(state.max_exp_avg_sq as Tensor) : null;
  const pa = P.a;
  const ma = M.a;
  const va = V.a;

  const bias1 = 1 - pyPow(beta1, step);
  const bias2 = 1 - pyPow(beta2, step);
  const negStepSize = r(-(lr / bias1));
  const bias2Sqrt = r(Math.sqrt(bias2));
  const b1 = r(beta1);
  const a1 = r(1 - beta1);
  const b2 = r(beta2);
  const a2 = r(1 - beta2);
  const wd = r(weightDecay);
  const decay = r(1 - lr * weightDecay);
  const e = r(eps);
  const n = g.length;
  for (let i = 0; i < n; i++) {
    let gi = maximize ? -g[i] : g[i];
    if (decoupled) pa[i] = r(pa[i] * decay); // param.mul_(1 - lr * weight_decay)
    else if (weightDecay !== 0) gi = fma(wd, pa[i], gi); // grad.add(param, alpha=weight_decay)
    const m = fma(a1, gi, r(ma[i] * b1)); // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    const v = fma(r(a2 * gi), gi, r(va[i] * b2)); // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    ma[i] = m;
    va[i] = v;
    let root: number;
    if (MX !== null) {
      const mx = maxNaN(MX.a[i], v); // torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
      MX.a[i] = mx;
      root = r(Math.sqrt(mx));
    } else {
      root = r(Math.sqrt(v));
    }
    const denom = r(r(root / bias2Sqrt) + e); // (sqrt / bias_correction2_sqrt).add_(eps)
    pa[i] = r(pa[i] + r(r(negStepSize * m) / denom)); // param.addcdiv_(exp_avg, denom, value=-step_size)
  }
  P.close();
  M.close();
  V.close();
  MX?.close();
}

/** `torch.optim.Adam`. e.g. `new Adam(model.parameters(), { lr: 1e-3 })` */
export class Adam extends Optimizer<Required<AdamOptions>> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput>, options: AdamOptions = {}) {
    const o = withDefaults('Adam', options, {
      lr: 1e-3,
      betas: [0.9, 0.999] as readonly [number, number],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
      foreach: null as boolean | null,
      capturable: false,
      differentiable: false,
      fused: false,
    });
    checkAdam('Adam', o);
    if (o.fused) throw new TorchError('`fused` is not supported on CPU', { kind: 'unsupported', op: 'Adam' });
    super('Adam', params, o);
  }

  protected updateGroup(group: ParamGroup<Required<AdamOptions>>): void {
    for (const p of group.params) if (p.grad !== null) adamUpdate(p, this.stateOf(p), group, false, 'Adam');
  }
}

/** `torch.optim.AdamW`: Adam with decoupled weight decay. e.g. `new AdamW(model.parameters(), { weightDecay: 0.01 })` */
export class AdamW extends Optimizer<Required<AdamWOptions>> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput>, options: AdamWOptions = {}) {
    const o = withDefaults('AdamW', options, {
      lr: 1e-3,
      betas: [0.9, 0.999] as readonly [number, number],
      eps: 1e-8,
      weightDecay: 1e-2,
      amsgrad: false,
      foreach: null as boolean | null,
      maximize: false,
      capturable: false,
    });
    checkAdam('AdamW', o);
    super('AdamW', params, o);
  }

  protected updateGroup(group: ParamGroup<Required<AdamWOptions>>): void {
    for (const p of group.params) if (p.grad !== null) adamUpdate(p, this.stateOf(p), group, true, 'AdamW');
  }
}
