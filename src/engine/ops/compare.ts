// Comparisons (bool results, never recorded), where and masked_fill.
import { record } from '../autograd/record';
import { TorchError } from '../errors';
import { allocate } from '../dtype';
import { mapBinary, mapTernary } from '../kernels/elementwise';
import { broadcastShapes, numel } from '../shape';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';
import { broadcastBinary, mapTensor } from './arith';
import { resultType, type Scalar } from './promote';

function compare(op: string, a: Tensor, b: Tensor | Scalar, f: (x: number, y: number) => boolean): Tensor {
  return broadcastBinary(op, a, b, (x, y) => (f(x, y) ? 1 : 0), 'bool');
}

/** `a > b`. e.g. `gt(x, 0)` */
export function gt(a: Tensor, b: Tensor | Scalar): Tensor {
  return compare('gt', a, b, (x, y) => x > y);
}
/** `a < b`. e.g. `lt(x, 0)` */
export function lt(a: Tensor, b: Tensor | Scalar): Tensor {
  return compare('lt', a, b, (x, y) => x < y);
}
/** `a >= b`. e.g. `ge(x, 0)` */
export function ge(a: Tensor, b: Tensor | Scalar): Tensor {
  return compare('ge', a, b, (x, y) => x >= y);
}
/** `a <= b`. e.g. `le(x, 0)` */
export function le(a: Tensor, b: Tensor | Scalar): Tensor {
  return compare('le', a, b, (x, y) => x <= y);
}
/** `a == b` elementwise. e.g. `eq(x, y)` */
export function eq(a: Tensor, b: Tensor | Scalar): Tensor {
  return compare('eq', a, b, (x, y) => x === y);
}
/** `a != b` elementwise. e.g. `ne(x, y)` */
export function ne(a: Tensor, b: Tensor | Scalar): Tensor {
  return compare('ne', a, b, (x, y) => x !== y);
}
/** `~a` / `torch.logical_not(a)`. e.g. `logicalNot(mask)` */
export function logicalNot(a: Tensor): Tensor {
  return mapTensor('logical_not', a, (v) => (v === 0 ? 1 : 0), 'bool');
}
/** `torch.isnan(a)`. e.g. `isnan(x).any()` */
export function isnan(a: Tensor): Tensor {
  return mapTensor('isnan', a, (v) => (v !== v ? 1 : 0), 'bool');
}
/** `torch.isfinite(a)`. e.g. `isfinite(x)` */
export function isfinite(a: Tensor): Tensor {
  return mapTensor('isfinite', a, (v) => (Number.isFinite(v) ? 1 : 0), 'bool');
}

function checkMask(op: string, mask: Tensor): void {
  if (mask.dtype !== 'bool') {
    throw new TorchError(`${op} expected condition to be a boolean tensor, but got a tensor with dtype ${mask.dtype === 'int64' ? 'Long' : 'Float'}`, {
      kind: 'dtype',
      op,
    });
  }
}

/** `torch.where(cond, a, b)`. e.g. `where(gt(x, 0), x, zerosLike(x))` */
export function where(cond: Tensor, a: Tensor | Scalar, b: Tensor | Scalar): Tensor {
  checkMask('where', cond);
  const at = typeof a === 'object' ? a : null;
  const bt = typeof b === 'object' ? b : null;
  const dtype = resultType(a, b);
  const ab = broadcastShapes(at?.shape ?? [], bt?.shape ?? [], 'where');
  const shape = broadcastShapes(cond.shape, ab, 'where');
  const out = allocate(dtype, numel(shape));
  const ad = at ? contiguousData(at) : [Number(a)];
  const bd = bt ? contiguousData(bt) : [Number(b)];
  mapTernary(contiguousData(cond), cond.shape, ad, at?.shape ?? [], bd, bt?.shape ?? [], shape, out, (m, x, y) => (m ? x : y));
  const result = new Tensor(out, shape, dtype);
  return record('WhereBackward0', [at, bt], [result], [cond]);
}

/** `a.masked_fill(mask, value)`. e.g. `maskedFill(scores, mask, -Infinity)` */
export function maskedFill(a: Tensor, mask: Tensor, value: number): Tensor {
  checkMask('masked_fill_', mask);
  const shape = broadcastShapes(a.shape, mask.shape, 'masked_fill');
  if (shape.length !== a.ndim || shape.some((s, i) => s !== a.shape[i])) {
    throw new TorchError(
      `The expanded size of the tensor (${a.shape[0]}) must match the existing size (${mask.shape[0]}) at non-singleton dimension 0.`,
      { kind: 'shape', op: 'masked_fill' },
    );
  }
  const out = allocate(a.dtype, a.numel());
  mapBinary(contiguousData(a), a.shape, contiguousData(mask), mask.shape, shape, out, (x, m) => (m ? value : x));
  return record('MaskedFillBackward0', [a], [new Tensor(out, shape, a.dtype)], [mask]);
}
