// Loss modules: thin wrappers of the functional losses (ops/losses.ts, ops/lossesNll.ts), with
// PyTorch's constructor keywords (camelCased) and `weight` / `pos_weight` registered as buffers.
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  checkReduction,
  huberLoss,
  l1Loss,
  mseLoss,
  smoothL1Loss,
  type Reduction,
} from '../ops/losses';
import { crossEntropy, nllLoss } from '../ops/lossesNll';
import type { Tensor } from '../tensor';
import { Module } from './module';

/** `reduction=` of every loss module. */
export interface LossOptions {
  reduction?: Reduction;
}

/** Base of the loss modules (`nn.modules.loss._Loss`). */
export class Loss extends Module {
  static readonly pyName: string = '_Loss';
  readonly reduction: Reduction;
  constructor(opts: LossOptions = {}) {
    super();
    this.reduction = checkReduction(opts.reduction);
  }
  override forward(_input: Tensor, _target: Tensor): Tensor {
    return super.forward() as Tensor;
  }
}

/** A loss with a per-class `weight` buffer (`_WeightedLoss`). */
export class WeightedLoss extends Loss {
  static override readonly pyName: string = '_WeightedLoss';
  declare weight: Tensor | null;
  constructor(opts: LossOptions & { weight?: Tensor | null } = {}) {
    super(opts);
    this.registerBuffer('weight', opts.weight ?? null);
  }
}

/** `nn.MSELoss(reduction='mean')`. e.g. `new MSELoss().call(pred, y)` */
export class MSELoss extends Loss {
  static override readonly pyName: string = 'MSELoss';
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** `nn.L1Loss(reduction='mean')`. */
export class L1Loss extends Loss {
  static override readonly pyName: string = 'L1Loss';
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/** `nn.SmoothL1Loss(reduction='mean', beta=1.0)`. */
export class SmoothL1Loss extends Loss {
  static override readonly pyName: string = 'SmoothL1Loss';
  readonly beta: number;
  constructor(opts: LossOptions & { beta?: number } = {}) {
    super(opts);
    this.beta = opts.beta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** `nn.HuberLoss(reduction='mean', delta=1.0)`. */
export class HuberLoss extends Loss {
  static override readonly pyName: string = 'HuberLoss';
  readonly delta: number;
  constructor(opts: LossOptions & { delta?: number } = {}) {
    super(opts);
    this.delta = opts.delta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** `nn.BCELoss(weight=None, reduction='mean')` on probabilities. */
export class BCELoss extends WeightedLoss {
  static override readonly pyName: string = 'BCELoss';
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** `nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)` on logits. */
export class BCEWithLogitsLoss extends Loss {
  static override readonly pyName: string = 'BCEWithLogitsLoss';
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(opts: LossOptions & { weight?: Tensor | null; posWeight?: Tensor | null } = {}) {
    super(opts);
    this.registerBuffer('weight', opts.weight ?? null);
    this.registerBuffer('pos_weight', opts.posWeight ?? null);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.pos_weight, reduction: this.reduction });
  }
}

/** `nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')` on log-probabilities. */
export class NLLLoss extends WeightedLoss {
  static override readonly pyName: string = 'NLLLoss';
  readonly ignoreIndex: number;
  constructor(opts: LossOptions & { weight?: Tensor | null; ignoreIndex?: number } = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** `nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`. e.g. `new CrossEntropyLoss().call(logits, labels)` */
export class CrossEntropyLoss extends WeightedLoss {
  static override readonly pyName: string = 'CrossEntropyLoss';
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(opts: LossOptions & { weight?: Tensor | null; ignoreIndex?: number; labelSmoothing?: number } = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    this.labelSmoothing = opts.labelSmoothing ?? 0.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}
