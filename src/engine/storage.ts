// Reading and writing a tensor's elements regardless of its strides.
import { allocate, type DType, type Storage } from './dtype';
import { gatherStrided, scatterStrided } from './kernels/strided';
import { Tensor } from './tensor';

/**
 * The elements of `t` in row-major order: its own storage when already laid out that way,
 * otherwise a fresh copy. Callers must not write into the result. e.g. `contiguousData(a.t())`
 */
export function contiguousData(t: Tensor): Storage {
  const n = t.numel();
  if (t.isContiguous()) {
    if (t.offset === 0 && t.storage.length === n) return t.storage;
    return t.storage.subarray(t.offset, t.offset + n) as Storage;
  }
  const out = allocate(t.dtype, n);
  gatherStrided(t.storage, t.shape, t.strides, t.offset, out);
  return out;
}

/** A copy of the elements of `t` in row-major order, safe to write into. */
export function copyData(t: Tensor, dtype: DType = t.dtype): Storage {
  const out = allocate(dtype, t.numel());
  if (t.isContiguous()) {
    const src = t.storage.subarray(t.offset, t.offset + out.length);
    if (dtype === 'bool' && t.dtype !== 'bool') for (let i = 0; i < out.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
    else if (dtype === 'int64' && t.dtype !== 'int64') for (let i = 0; i < out.length; i++) out[i] = Math.trunc(src[i]);
    else out.set(src);
    return out;
  }
  if (dtype === t.dtype) {
    gatherStrided(t.storage, t.shape, t.strides, t.offset, out);
    return out;
  }
  return copyData(new Tensor(contiguousData(t), t.shape, t.dtype), dtype);
}

/** Writes row-major `values` into the elements of `t`, honouring its strides. Bumps its version. */
export function writeData(t: Tensor, values: ArrayLike<number>): void {
  if (t.isContiguous()) {
    const n = t.numel();
    const dst = t.storage;
    const o = t.offset;
    if (t.dtype === 'int64') for (let i = 0; i < n; i++) dst[o + i] = Math.trunc(values[i]);
    else if (t.dtype === 'bool') for (let i = 0; i < n; i++) dst[o + i] = values[i] !== 0 ? 1 : 0;
    else for (let i = 0; i < n; i++) dst[o + i] = values[i];
  } else {
    scatterStrided(values, t.storage, t.shape, t.strides, t.offset);
  }
  t.versionCounter.version++;
}

/** Wraps fresh row-major storage as a new tensor. e.g. `fromStorage(new Float32Array(3), [3], 'float32')` */
export function fromStorage(storage: Storage, shape: number[], dtype: DType): Tensor {
  return new Tensor(storage, shape, dtype);
}

/** A new tensor sharing `t`'s storage and version counter with another layout (a view). */
export function viewOf(t: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const v = new Tensor(t.storage, shape, t.dtype, strides, offset, t.versionCounter);
  v.base = t.base ?? t;
  return v;
}

/** The single element of a one-element tensor, as a number. e.g. `scalarValue(torch.tensor(2))` */
export function elementAt(t: Tensor, flatIndex: number): number {
  if (t.isContiguous()) return t.storage[t.offset + flatIndex];
  let p = t.offset;
  let rem = flatIndex;
  for (let d = t.shape.length - 1; d >= 0; d--) {
    const i = rem % t.shape[d];
    rem = (rem - i) / t.shape[d];
    p += i * t.strides[d];
  }
  return t.storage[p];
}
