// F.kl_div and F.cosine_similarity, composed as PyTorch 1.13 composes them (so the graphs match
// node for node), and torch.xlogy, which kl_div is built from.
import { noGrad } from '../autograd/gradMode';
import { record } from '../autograd/record';
import { TorchError } from '../errors';
import { warn } from '../nn/warnings';
import type { Tensor } from '../tensor';
import { broadcastBinary, div, mul, pow, sub } from './arith';
import { resultType } from './promote';
import { mean, sum } from './reduce';
import { exp, sqrt } from './unary';
import { expand } from './views';
import { broadcastShapes } from '../shape';

/** `torch.xlogy(a, b)`: a·log(b), 0 where a is 0 (unless b is NaN). XlogyBackward0. e.g. `xlogy(p, p)` */
export function xlogy(a: Tensor, b: Tensor): Tensor {
  const dtype = resultType(a, b);
  const out = broadcastBinary('xlogy', a, b, (x, y) => (y !== y ? NaN : x === 0 ? 0 : x * Math.log(y)), dtype === 'int64' || dtype === 'bool' ? 'float32' : dtype);
  return record('XlogyBackward0', [a, b], [out], [a, b]);
}

/** Options of `F.kl_div`. */
export interface KlDivOptions {
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  logTarget?: boolean;
}

/**
 * `F.kl_div(input, target, reduction='mean', log_target=False)` on log-probabilities `input`:
 * `xlogy(target, target) - target * input` (or `exp(target) * (target - input)` with `logTarget`),
 * then reduced; 'batchmean' is the sum divided by `input.size(0)`, and 'mean' warns as PyTorch does.
 * e.g. `klDiv(logSoftmax(x, 1), p, { reduction: 'batchmean' })`
 */
export function klDiv(input: Tensor, target: Tensor, opts: KlDivOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  if (!['mean', 'batchmean', 'sum', 'none'].includes(reduction)) {
    throw new TorchError(`${String(reduction)} is not a valid value for reduction`, { kind: 'value', op: 'kl_div', pyType: 'ValueError' });
  }
  if (reduction === 'mean') {
    warn(
      "reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.",
    );
  }
  const out = opts.logTarget ? mul(exp(target), sub(target, input)) : sub(xlogy(target, target), mul(target, input));
  if (reduction === 'none') return out;
  if (reduction === 'mean') return mean(out);
  const s = sum(out);
  return reduction === 'batchmean' && input.ndim !== 0 ? div(s, input.shape[0]) : s;
}

/**
 * `F.cosine_similarity(x1, x2, dim=1, eps=1e-8)` as ATen 1.13 computes it: each input expanded to
 * the common shape, divided by its norm along `dim` (the squared norm clamped to eps² without
 * recording), multiplied and summed. e.g. `cosineSimilarity(a, b, 1)`
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
  const common = broadcastShapes(x1.shape, x2.shape, 'cosine_similarity');
  const dtype = resultType(x1, x2);
  const a = expand(x1.dtype === dtype ? x1 : x1.to(dtype), common);
  const b = expand(x2.dtype === dtype ? x2 : x2.to(dtype), common);
  const norm = (x: Tensor): Tensor => {
    const sq = sum(pow(x, 2), dim, true);
    noGrad(() => {
      const lo = dtype === 'float32' ? Math.fround(eps * eps) : eps * eps;
      const s = sq.storage;
      for (let i = 0; i < s.length; i++) if (s[i] < lo) s[i] = lo;
    });
    return sqrt(sq);
  };
  const na = norm(a);
  const nb = norm(b);
  return sum(mul(div(a, na), div(b, nb)), dim);
}
