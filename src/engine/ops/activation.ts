// softmax, log_softmax and dropout.
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import { allocate } from '../dtype';
import { TorchError } from '../errors';
import { softmaxAlong } from '../kernels/reduce';
import { wrapDim } from '../shape';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';
import { mul } from './arith';
import { floatResult } from './promote';
import { dropoutMask } from './random';

function softmaxImpl(a: Tensor, dim: number, log: boolean): Tensor {
  notifyOp(log ? 'log_softmax' : 'softmax');
  const d = wrapDim(dim, a.ndim, log ? 'log_softmax' : 'softmax');
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= a.shape[i];
  for (let i = d + 1; i < a.ndim; i++) inner *= a.shape[i];
  const dtype = floatResult(a.dtype);
  const out = allocate(dtype, a.numel());
  softmaxAlong(contiguousData(a), outer, a.shape[d] ?? 1, inner, out, log);
  return new Tensor(out, a.shape.slice(), dtype);
}

/** `torch.softmax(a, dim)`. e.g. `softmax(logits, -1)` */
export function softmax(a: Tensor, dim: number): Tensor {
  const out = softmaxImpl(a, dim, false);
  return record('SoftmaxBackward0', [a], [out], [out], { dim: wrapDim(dim, a.ndim) });
}

/** `torch.log_softmax(a, dim)`. e.g. `logSoftmax(logits, 1)` */
export function logSoftmax(a: Tensor, dim: number): Tensor {
  const out = softmaxImpl(a, dim, true);
  return record('LogSoftmaxBackward0', [a], [out], [out], { dim: wrapDim(dim, a.ndim) });
}

/**
 * `F.dropout(a, p, training)`: zeroes elements with probability p and scales the rest by 1/(1-p).
 * As in PyTorch, p=0 or eval mode returns `a` itself. e.g. `dropout(h, 0.5, true)`
 */
export function dropout(a: Tensor, p = 0.5, training = true): Tensor {
  if (p < 0 || p > 1) {
    throw new TorchError(`dropout probability has to be between 0 and 1, but got ${p}`, { kind: 'value', op: 'dropout' });
  }
  if (!training || p === 0 || a.numel() === 0) return a;
  return mul(a, dropoutMask(a.shape, p, a.dtype));
}
