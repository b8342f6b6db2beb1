// dtypes and their storage. int64 lives in a Float64Array: exact up to 2^53, which covers
// indices, targets and counts, and keeps every kernel on plain numbers instead of BigInt.

/** A PyTorch dtype name. e.g. `'float32'` */
export type DType = 'float32' | 'float64' | 'int64' | 'bool';

/** The typed array behind a tensor. */
export type Storage = Float32Array | Float64Array | Uint8Array;

/** The default floating dtype, as `torch.get_default_dtype()`. e.g. `'float32'` */
export const defaultFloatDType: DType = 'float32';

// Small typed arrays are carved out of shared slabs: V8 allocates a fresh ArrayBuffer for each
// typed array over 64 bytes, which costs ~600 ns, while a view on an existing buffer costs ~50 ns.
// A slab stays alive while any view into it does, so slabs are kept small.
const SLAB_BYTES = 1 << 16;
const SMALL_BYTES = 2048;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/** Told how many fresh bytes each new buffer takes (a runner's memory budget). */
export type AllocationObserver = (bytes: number) => void;
let allocationObserver: AllocationObserver | null = null;

/** Installs the one allocation observer; null removes it. e.g. `setAllocationObserver(n => used += n)` */
export function setAllocationObserver(observer: AllocationObserver | null): void {
  allocationObserver = observer;
}

function carve(bytes: number): [ArrayBuffer, number] {
  const size = (bytes + 7) & ~7;
  if (slabUsed + size > SLAB_BYTES) {
    if (allocationObserver !== null) allocationObserver(SLAB_BYTES);
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += size;
  return [slab, at];
}

/** Allocates zeroed storage for `n` elements. e.g. `allocate('float32', 3)` */
export function allocate(dtype: DType, n: number): Storage {
  const bytes = n * itemSize(dtype);
  if (bytes <= SMALL_BYTES && bytes > 0) {
    const [buf, at] = carve(bytes);
    switch (dtype) {
      case 'float32':
        return new Float32Array(buf, at, n);
      case 'float64':
      case 'int64':
        return new Float64Array(buf, at, n);
      case 'bool':
        return new Uint8Array(buf, at, n);
    }
  }
  if (allocationObserver !== null) allocationObserver(bytes);
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
    case 'int64':
      return new Float64Array(n);
    case 'bool':
      return new Uint8Array(n);
  }
}

/** Bytes per element of a dtype's storage. e.g. `itemSize('float32') === 4` */
export function itemSize(dtype: DType): number {
  return dtype === 'float32' ? 4 : dtype === 'bool' ? 1 : 8;
}

/** Whether the dtype is a floating-point type. e.g. `isFloating('int64') === false` */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** 0 bool, 1 integer, 2 floating: PyTorch's promotion categories. */
export function dtypeCategory(dtype: DType): number {
  return dtype === 'bool' ? 0 : dtype === 'int64' ? 1 : 2;
}

const order: Record<DType, number> = { bool: 0, int64: 1, float32: 2, float64: 3 };

/** `torch.promote_types`. e.g. `promoteTypes('int64', 'float32') === 'float32'` */
export function promoteTypes(a: DType, b: DType): DType {
  return order[a] >= order[b] ? a : b;
}

/** PyTorch's name of a dtype, as printed. e.g. `torchDTypeName('float64') === 'torch.float64'` */
export function torchDTypeName(dtype: DType): string {
  return `torch.${dtype}`;
}

/** The legacy tensor type name PyTorch uses in some errors. e.g. `'torch.FloatTensor'` */
export function legacyTypeName(dtype: DType): string {
  return { float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int64: 'torch.LongTensor', bool: 'torch.BoolTensor' }[
    dtype
  ];
}

/** PyTorch's scalar type name used in dtype errors. e.g. `scalarTypeName('float32') === 'Float'` */
export function scalarTypeName(dtype: DType): string {
  return { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' }[dtype];
}

/** Rounds a value to what the dtype can hold. e.g. `castValue('int64', 2.7) === 2` */
export function castValue(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'int64':
      return Math.trunc(v);
    case 'bool':
      return v !== 0 ? 1 : 0;
  }
}
