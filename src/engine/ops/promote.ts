// PyTorch's type promotion for binary ops, including its rule that 0-d tensors and Python
// scalars only raise the category (bool < integer < floating), never the width.
import { defaultFloatDType, dtypeCategory, isFloating, promoteTypes, type DType } from '../dtype';
import type { Tensor } from '../tensor';

/** A Python-style scalar operand. */
export type Scalar = number | boolean;

function scalarDType(s: Scalar): DType {
  if (typeof s === 'boolean') return 'bool';
  return Number.isInteger(s) ? 'int64' : defaultFloatDType;
}

/** `torch.result_type(a, b)`. e.g. an int64 tensor and 2.5 give float32 */
export function resultType(a: Tensor | Scalar, b: Tensor | Scalar): DType {
  const ops = [a, b];
  let dimmed: DType | null = null;
  let zeroDim: DType | null = null;
  let scalar: DType | null = null;
  for (const o of ops) {
    if (typeof o === 'number' || typeof o === 'boolean') {
      const d = scalarDType(o);
      scalar = scalar === null ? d : promoteTypes(scalar, d);
    } else if (o.shape.length === 0) zeroDim = zeroDim === null ? o.dtype : promoteTypes(zeroDim, o.dtype);
    else dimmed = dimmed === null ? o.dtype : promoteTypes(dimmed, o.dtype);
  }
  let result: DType | null = dimmed;
  for (const lower of [zeroDim, scalar]) {
    if (lower === null) continue;
    if (result === null) result = lower;
    else if (dtypeCategory(lower) > dtypeCategory(result)) {
      result = lower === 'int64' || isFloating(lower) ? (lower === scalar ? scalarWiden(lower) : lower) : lower;
    }
  }
  return result ?? defaultFloatDType;
}

function scalarWiden(d: DType): DType {
  return d === 'int64' ? 'int64' : defaultFloatDType;
}

/** The dtype of true division and other ops that always give floats. e.g. int64 becomes float32 */
export function floatResult(d: DType): DType {
  return isFloating(d) ? d : defaultFloatDType;
}
