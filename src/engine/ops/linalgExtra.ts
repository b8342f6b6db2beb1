// More products: baddbmm, addmv, outer/ger, and `scalar ** tensor` as Python's operator records it.
import { record } from '../autograd/record';
import { TorchError } from '../errors';
import { broadcastShapes, sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { broadcastBinary, mul, scalarIn } from './arith';
import { bmm, mv } from './linalg';
import { resultType } from './promote';
import { scalarTensor } from './result';
import { reshape } from './views';

function checkBroadcastTo(op: string, self: Tensor, shape: readonly number[]): void {
  const b = broadcastShapes(self.shape, shape, op);
  if (!sameShape(b, shape)) {
    throw new TorchError(`The expanded size of the tensor (${shape.join(', ')}) must match the existing size (${self.shape.join(', ')}) at non-singleton dimension`, { kind: 'shape', op, pyType: 'RuntimeError' });
  }
}

/** beta·self + alpha·prod, as ATen's addmm-family kernels combine them (beta = 0 ignores self). */
function combine(op: string, self: Tensor, prod: Tensor, beta: number, alpha: number): Tensor {
  checkBroadcastTo(op, self, prod.shape);
  const b = scalarIn(prod.dtype, beta);
  const al = scalarIn(prod.dtype, alpha);
  return broadcastBinary(op, self, prod, (s, p) => (b === 0 ? al * p : s * b + al * p), prod.dtype);
}

/** `torch.baddbmm(self, batch1, batch2, beta=1, alpha=1)`. */
export function baddbmm(self: Tensor, batch1: Tensor, batch2: Tensor, beta = 1, alpha = 1): Tensor {
  const prod = bmm(batch1.detach(), batch2.detach());
  const out = combine('baddbmm', self, prod, beta, alpha);
  return record('BaddbmmBackward0', [self, batch1, batch2], [out], [batch1, batch2], { beta, alpha });
}

/** `torch.addmv(self, mat, vec, beta=1, alpha=1)`. */
export function addmv(self: Tensor, mat: Tensor, vec: Tensor, beta = 1, alpha = 1): Tensor {
  const prod = mv(mat.detach(), vec.detach());
  const out = combine('addmv', self, prod, beta, alpha);
  return record('AddmvBackward0', [self, mat, vec], [out], [mat, vec], { beta, alpha });
}

/** `torch.outer(a, b)` (also `ger`): `a.reshape(n, 1) * b`, as ATen composes it. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new TorchError(`outer: Expected 1-D argument self, but got ${a.ndim}-D`, { kind: 'shape', op: 'outer', pyType: 'RuntimeError' });
  }
  return mul(reshape(a, [a.shape[0], 1]), b);
}

/**
 * `base ** a` for a Python scalar base, as the operator computes it: `pow(tensor(base), a)` with the
 * base a wrapped number (PowBackward1; `torch.pow(base, a)` gives PowBackward2 instead).
 */
export function scalarPow(base: number, a: Tensor): Tensor {
  const dtype = resultType(a, base);
  const bt = scalarTensor(base, dtype);
  const out = broadcastBinary('pow', bt, a, Math.pow, dtype);
  return record('PowBackward1', [null, a], [out], [bt, a, out]);
}
