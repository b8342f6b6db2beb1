// Direct element access for optimizer updates. The update loops run over typed arrays instead of
// engine ops (one pass per parameter instead of ~10 tensor temporaries), emulating each PyTorch op's
// rounding: float32 ops round once per op (Math.fround), and ops that ATen's AVX2 kernels fuse
// (`a + alpha * b` in add, `self + (v * t1) * t2` in addcmul) round once through an emulated FMA.
import { allocate, type DType } from '../dtype';
import { TorchError } from '../errors';
import { fma64, fmaf32 } from '../random/fma';
import { copyData, contiguousData, fromStorage, writeData } from '../storage';
import type { Tensor } from '../tensor';

/** Float storage of an optimizer tensor. */
export type FloatArray = Float32Array | Float64Array;

/** Rounding of one dtype: `r` after each op, `fma` for the fused ones. */
export interface Rounding {
  r(x: number): number;
  fma(a: number, b: number, c: number): number;
}

const F32: Rounding = { r: Math.fround, fma: fmaf32 };
const F64: Rounding = { r: (x) => x, fma: fma64 };

// The rounding of a float dtype. e.g. `rounding('float32').r(0.1) === Math.fround(0.1)`
export function rounding(dtype: DType): Rounding {
  return dtype === 'float32' ? F32 : F64;
}

/** A tensor's elements opened for an in-place update; `close()` writes back and bumps `_version`. */
export interface Writable {
  a: FloatArray;
  close(): void;
}

// Opens a float tensor for writing its elements in row-major order; close() writes back and bumps
// the version.
export function openWrite(t: Tensor): Writable {
  checkFloat(t, 'step');
  if (t.isContiguous()) {
    const a = t.storage.subarray(t.offset, t.offset + t.numel()) as FloatArray;
    return { a, close: () => void t.versionCounter.version++ };
  }
  const a = copyData(t) as FloatArray;
  return { a, close: () => writeData(t, a) };
}

// The elements of a tensor in row-major order, read-only. e.g. `readOnly(p.grad)`
export function readOnly(t: Tensor): ArrayLike<number> {
  return contiguousData(t);
}

// A fresh contiguous tensor of `like`'s shape and dtype filled with `value` (`torch.full_like`).
export function fullLike(like: Tensor, value = 0): Tensor {
  const s = allocate(like.dtype, like.numel());
  if (value !== 0) s.fill(value);
  return fromStorage(s, like.shape.slice(), like.dtype);
}

// A contiguous copy (`torch.clone(t).detach()`) of row-major values.
export function tensorFrom(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  const s = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) s[i] = values[i];
  return fromStorage(s, shape.slice(), dtype);
}

// A 0-d tensor. e.g. `scalarTensor(0, 'float32')` is `torch.tensor(0.)`
export function scalarTensor(value: number, dtype: DType = 'float32'): Tensor {
  const s = allocate(dtype, 1);
  s[0] = value;
  return fromStorage(s, [], dtype);
}

function checkFloat(t: Tensor, op: string): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new TorchError(`optimizers support float32 and float64 parameters, got ${t.dtype}`, { kind: 'dtype', op });
  }
}

// Checks that `p.grad` can drive an update of `p`, and returns its values.
export function gradValues(p: Tensor, grad: Tensor, op: string): ArrayLike<number> {
  checkFloat(p, op);
  if (grad.dtype !== p.dtype) {
    throw new TorchError(`assigned grad has data of a different type (${grad.dtype} vs ${p.dtype})`, { kind: 'dtype', op });
  }
  if (grad.numel() !== p.numel() || grad.shape.length !== p.shape.length || grad.shape.some((d, i) => d !== p.shape[i])) {
    throw new TorchError(`assigned grad has data of a different size ([${grad.shape.join(', ')}] vs [${p.shape.join(', ')}])`, {
      kind: 'shape',
      op,
      shapes: [grad.shape.slice(), p.shape.slice()],
    });
  }
  return readOnly(grad);
}

// `torch.maximum` of two elements: NaN wins.
export function maxNaN(a: number, b: number): number {
  return a !== a || b !== b ? NaN : a > b ? a : b;
}
