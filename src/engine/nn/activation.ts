// Activation modules and Dropout.
import { TorchError } from '../errors';
import { dropout } from '../ops/activation';
import { relu, sigmoid, tanh } from '../ops/unary';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { pyBool, pyFloatRepr } from './pyRepr';

/** `nn.ReLU()`. e.g. `new ReLU().call(x)` */
export class ReLU extends Module {
  static readonly pyName: string = 'ReLU';
  readonly inplace: boolean;
  /** `inplace=True` is accepted and computed out of place (same graph node, ReluBackward0). */
  constructor(inplace = false) {
    super();
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return relu(input);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** `nn.Tanh()`. */
export class Tanh extends Module {
  static readonly pyName: string = 'Tanh';
  override forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

/** `nn.Sigmoid()`. */
export class Sigmoid extends Module {
  static readonly pyName: string = 'Sigmoid';
  override forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

/**
 * `nn.Dropout(p=0.5)`: in training mode zeroes elements with probability p (mask drawn from the
 * global generator as PyTorch's CPU kernel draws it) and scales the rest by 1/(1-p); identity in
 * eval mode. e.g. `new Dropout(0.1).call(x)`
 */
export class Dropout extends Module {
  static readonly pyName: string = 'Dropout';
  readonly p: number;
  readonly inplace: boolean;
  constructor(p = 0.5, inplace = false) {
    super();
    if (p < 0 || p > 1) {
      throw new TorchError(`dropout probability has to be between 0 and 1, but got ${pyFloatRepr(p)}`, { kind: 'value', pyType: 'ValueError' });
    }
    this.p = p;
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training);
  }
  override extraRepr(): string {
    return `p=${pyFloatRepr(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
