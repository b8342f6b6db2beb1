// nn.Parameter: a leaf tensor that modules register as a learnable weight.
import { emptyTensor } from '../ops/result';
import { Tensor } from '../tensor';

/**
 * `nn.Parameter(data, requires_grad=True)`: shares `data`'s storage, is a leaf, requires grad and
 * prints as "Parameter containing:". e.g. `new Parameter(torch.zeros(3))`
 */
export class Parameter extends Tensor {
  constructor(data: Tensor | null = null, requiresGrad = true) {
    const d = data ?? emptyTensor([0], 'float32');
    super(d.storage, d.shape.slice(), d.dtype, d.strides.slice(), d.offset);
    this.isParameter = true;
    this.requiresGrad = requiresGrad;
  }
}

/** Whether `v` is a registered-able parameter (a Parameter, or a tensor flagged `isParameter`). */
export function isParameter(v: unknown): v is Tensor {
  return v instanceof Tensor && v.isParameter;
}
