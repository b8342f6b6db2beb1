// torch.optim.SGD (1.13.1, the single-tensor path `_single_tensor_sgd`), op by op.
import type { Tensor } from '../tensor';
import { checkOption, Optimizer, valueError, withDefaults, type ParamGroup, type ParamGroupInput } from './optimizer';
import { fullLike, gradValues, openWrite, rounding, type Writable } from './tensorData';

/** SGD's options; snake_case spellings are accepted too. */
export interface SGDOptions {
  /** Required, here or in every param group. */
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
}

/** `torch.optim.SGD`: stochastic gradient descent, optionally with (Nesterov) momentum. e.g. `new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })` */
export class SGD extends Optimizer<Required<SGDOptions>> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput>, options: SGDOptions = {}) {
    const o = withDefaults('SGD', options, {
      lr: undefined as unknown as number,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      foreach: null as boolean | null,
      differentiable: false,
    });
    if (o.lr !== undefined) checkOption(o.lr >= 0, 'learning rate', o.lr, 'SGD');
    checkOption(o.momentum >= 0, 'momentum value', o.momentum, 'SGD');
    checkOption(o.weightDecay >= 0, 'weight_decay value', o.weightDecay, 'SGD');
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw valueError('Nesterov momentum requires a momentum and zero dampening', 'SGD');
    }
    super('SGD', params, o, ['lr']);
  }

  protected updateGroup(group: ParamGroup<Required<SGDOptions>>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const g = gradValues(p, p.grad, 'SGD.step');
      const state = this.stateOf(p);
      const { r, fma } = rounding(p.dtype);
      const n = g.length;
      const P = openWrite(p);
      const pa = P.a;
      const wd = r(weightDecay);
      const m = r(momentum);
      const damp = r(1 - dampening);
      const nlr = r(-lr);
      let B: Writable | null = null;
      let fresh = false;
      if (momentum !== 0) {
        const buf = state.momentum_buffer as Tensor | null | undefined;
        fresh = buf === undefined || buf === null;
        const t = fresh ? fullLike(p) : (buf as Tensor);
        state.momentum_buffer = t;
        B = openWrite(t);
      } else {
        state.momentum_buffer = null;
      }
      // Every op of the step is elementwise, so one pass does them all in PyTorch's order.
      for (let i = 0; i < n; i++) {
        let d = maximize ? -g[i] : g[i];
        if (weightDecay !== 0) d = fma(wd, pa[i], d); // d_p = d_p.add(param, alpha=weight_decay)
        if (B !== null) {
          // first step: buf = torch.clone(d_p).detach(); then buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
          const buf = fresh ? d : fma(damp, d, r(B.a[i] * m));
          B.a[i] = buf;
          d = nesterov ? fma(m, buf, d) : buf; // d_p.add(buf, alpha=momentum) or buf
        }
        pa[i] = fma(nlr, d, pa[i]); // param.add_(d_p, alpha=-lr)
      }
      B?.close();
      P.close();
    }
  }
}
