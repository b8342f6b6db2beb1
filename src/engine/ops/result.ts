// Small constructors shared by ops.
import { allocate, castValue, type DType } from '../dtype';
import { numel } from '../shape';
import { Tensor } from '../tensor';

/** A new zero-filled contiguous tensor. e.g. `emptyTensor([2, 3], 'float32')` */
export function emptyTensor(shape: number[], dtype: DType): Tensor {
  return new Tensor(allocate(dtype, numel(shape)), shape, dtype);
}

/** A 0-d tensor holding `v`. e.g. `scalarTensor(2.5, 'float32')` */
export function scalarTensor(v: number, dtype: DType): Tensor {
  const t = emptyTensor([], dtype);
  t.storage[0] = castValue(dtype, v);
  return t;
}

/** A tensor filled with `v`. e.g. `filledTensor([3], 1, 'float32')` */
export function filledTensor(shape: number[], v: number, dtype: DType): Tensor {
  const t = emptyTensor(shape, dtype);
  if (v !== 0) t.storage.fill(castValue(dtype, v));
  return t;
}
