// nn.Linear and nn.Identity.
import { noGrad } from '../autograd/gradMode';
import { defaultFloatDType, type DType } from '../dtype';
import { zeros } from '../ops/creation';
import { uniform_ } from '../ops/random';
import { kaimingUniformBound, linearBiasBound } from '../random';
import type { Tensor } from '../tensor';
import { linear } from './functional';
import { Module } from './module';
import { Parameter } from './parameter';
import { pyBool } from './pyRepr';

/** Constructor options of Linear. */
export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
}

/**
 * `nn.Linear(in_features, out_features, bias=True)`: `y = x W^T + b`, initialised as PyTorch does
 * (kaiming-uniform weight, U(-1/sqrt(in), 1/sqrt(in)) bias). e.g. `new Linear(32, 1).call(h)`
 */
export class Linear extends Module {
  static readonly pyName: string = 'Linear';
  readonly inFeatures: number;
  readonly outFeatures: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const dtype = opts.dtype ?? defaultFloatDType;
    this.registerParameter('weight', new Parameter(zeros([outFeatures, inFeatures], { dtype })));
    this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([outFeatures], { dtype })) : null);
    this.resetParameters();
  }

  /** `reset_parameters()`: `kaiming_uniform_(weight, a=sqrt(5))`, then the bias. */
  resetParameters(): void {
    const fanIn = this.weight.shape[1];
    noGrad(() => {
      if (this.weight.numel() > 0) {
        const b = kaimingUniformBound(fanIn);
        uniform_(this.weight, -b, b);
      }
      if (this.bias !== null) {
        const bound = linearBiasBound(fanIn);
        uniform_(this.bias, -bound, bound);
      }
    });
  }

  override forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** `nn.Identity()`: returns its input. */
export class Identity extends Module {
  static readonly pyName: string = 'Identity';
  override forward(input: Tensor): Tensor {
    return input;
  }
}
