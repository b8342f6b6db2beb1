// Converting between the Python evaluator's values and the engine's.
import { Tensor, type DType } from '../../../src/engine';
import { PyTuple } from '../pyeval';

/** `torch.float32` and friends. */
export class DTypeObj {
  constructor(readonly dtype: DType) {}
  toString(): string {
    return `torch.${this.dtype}`;
  }
}

/** `torch.Size([5, 3])`: a tuple of ints that prints as PyTorch prints it. */
export class TorchSize {
  constructor(readonly dims: readonly number[]) {}
  toString(): string {
    return `torch.Size([${this.dims.join(', ')}])`;
  }
}

/** Raised for any Python API the engine binding does not cover. */
export class UnsupportedError extends Error {
  constructor(what: string) {
    super(`unsupported: ${what}`);
    this.name = 'UnsupportedError';
  }
}

/** A Python number (int as bigint, float as number, bool) as a JS number. */
export function num(v: unknown, what = 'argument'): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Tensor && v.numel() === 1) return v.item();
  throw new TypeError(`${what} must be a number, not ${describe(v)}`);
}

/** Whether a Python value is a float (not an int or bool). */
export function isPyFloat(v: unknown): v is number {
  return typeof v === 'number';
}

/** A shape from a tuple, list, torch.Size or int varargs. e.g. `(2, 3)` → [2, 3] */
export function shapeOf(v: unknown): number[] {
  if (v instanceof TorchSize) return v.dims.slice();
  if (v instanceof PyTuple) return v.items.map((x) => num(x, 'size'));
  if (Array.isArray(v)) return v.map((x) => num(x, 'size'));
  return [num(v, 'size')];
}

/** Shape given as `*sizes` or one tuple/list/Size. */
export function varShape(args: readonly unknown[]): number[] {
  if (args.length === 1 && (args[0] instanceof PyTuple || Array.isArray(args[0]) || args[0] instanceof TorchSize)) {
    return shapeOf(args[0]);
  }
  return args.map((a) => num(a, 'size'));
}

/** A dim argument: int, tuple of ints, or None. */
export function dimsOf(v: unknown): number | number[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof PyTuple || Array.isArray(v)) return shapeOf(v);
  return num(v, 'dim');
}

/** The engine dtype named by `dtype=` (None → undefined). */
export function dtypeArg(v: unknown): DType | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof DTypeObj) return v.dtype;
  throw new TypeError(`dtype must be torch.dtype, not ${describe(v)}`);
}

/** A Python value from a JS number of a tensor's dtype: ints as bigint. */
export function pyScalar(v: number, dtype: DType): unknown {
  if (dtype === 'int64') return BigInt(v);
  if (dtype === 'bool') return v !== 0;
  return v;
}

/** A Python operand for the engine: tensors stay, numbers become numbers. */
export function operand(v: unknown): Tensor | number | boolean {
  if (v instanceof Tensor) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  throw new TypeError(`unsupported operand ${describe(v)}`);
}

/** A short type description for messages. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof Tensor) return 'Tensor';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (v instanceof PyTuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v;
}

/** Nested Python lists/tuples of numbers as JS nested arrays, noting if any float appeared. */
export function nestedData(v: unknown, seen: { float: boolean }): number | boolean | unknown[] {
  if (v instanceof PyTuple) return v.items.map((x) => nestedData(x, seen));
  if (Array.isArray(v)) return v.map((x) => nestedData(x, seen));
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    seen.float = true;
    return v;
  }
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Tensor && v.numel() === 1) {
    if (v.dtype === 'float32' || v.dtype === 'float64') seen.float = true;
    return v.item();
  }
  throw new TypeError(`Could not infer dtype of ${describe(v)}`);
}
