// torch.optim.lr_scheduler (1.13.1): the scheduler base, StepLR, ExponentialLR and MultiStepLR.
import { TorchError } from '../errors';
import type { Optimizer } from './optimizer';
import { pyPow } from './pyScalar';

/** `torch.optim.lr_scheduler._LRScheduler`, the base of schedulers: writes each group's `lr` on every `step()`. */
export abstract class LRScheduler {
  readonly optimizer: Optimizer<object>;
  /** The initial lr of each group (`base_lrs`). */
  readonly baseLrs: number[];
  /** The epoch count (`last_epoch`); -1 before the first `step()`. */
  lastEpoch: number;
  protected lastLr: number[] = [];

  constructor(optimizer: Optimizer<object>, lastEpoch = -1) {
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const g of optimizer.paramGroups) if (!('initialLr' in g)) g.initialLr = g.lr;
    } else {
      optimizer.paramGroups.forEach((g, i) => {
        if (!('initialLr' in g)) {
          throw new TorchError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`, {
            kind: 'value',
            op: 'lr_scheduler',
          });
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /** Finishes construction: PyTorch's constructor ends with one `step()`. */
  protected initialStep(): void {
    this.step();
  }

  /** The lr of each group for `lastEpoch`, from the current ones (`get_lr`). */
  protected abstract getLr(): number[];

  /** The lr of each group at `lastEpoch` in closed form (`_get_closed_form_lr`), when the schedule has one. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** Advances one epoch (or jumps to `epoch`, deprecated in PyTorch) and updates the groups' lr. e.g. `sched.step()` */
  step(epoch?: number): void {
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i];
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  /** The lr of each group after the last `step()` (`get_last_lr()`). e.g. `sched.getLastLr()[0]` */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** The scheduler's own state (`state_dict()`), without the optimizer. */
  stateDict(): Record<string, unknown> {
    return { baseLrs: this.baseLrs.slice(), lastEpoch: this.lastEpoch, lastLr: this.lastLr.slice() };
  }
}

/** `torch.optim.lr_scheduler.StepLR`: multiplies each group's lr by `gamma` every `stepSize` epochs. e.g. `new StepLR(opt, 30, 0.1)` */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer<object>, stepSize: number, gamma = 0.1, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr as number);
    return groups.map((g) => (g.lr as number) * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pyPow(this.gamma, Math.floor(this.lastEpoch / this.stepSize)));
  }

  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), stepSize: this.stepSize, gamma: this.gamma };
  }
}

/** `torch.optim.lr_scheduler.ExponentialLR`: multiplies each group's lr by `gamma` every epoch. e.g. `new ExponentialLR(opt, 0.9)` */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer<object>, gamma: number, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr as number);
    return groups.map((g) => (g.lr as number) * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pyPow(this.gamma, this.lastEpoch));
  }

  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), gamma: this.gamma };
  }
}

/** `torch.optim.lr_scheduler.MultiStepLR`: multiplies each group's lr by `gamma` at each milestone epoch. e.g. `new MultiStepLR(opt, [30, 80], 0.1)` */
export class MultiStepLR extends LRScheduler {
  /** Each milestone with how often it was given (PyTorch keeps a Counter). */
  readonly milestones: Map<number, number>;
  readonly gamma: number;

  constructor(optimizer: Optimizer<object>, milestones: readonly number[], gamma = 0.1, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.milestones = new Map();
    for (const m of milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return groups.map((g) => g.lr as number);
    return groups.map((g) => (g.lr as number) * pyPow(this.gamma, count));
  }

  protected override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, count] of this.milestones) if (m <= this.lastEpoch) passed += count;
    return this.baseLrs.map((b) => b * pyPow(this.gamma, passed));
  }

  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), milestones: Object.fromEntries(this.milestones), gamma: this.gamma };
  }
}
