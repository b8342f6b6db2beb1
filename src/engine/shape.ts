// Shape arithmetic: broadcasting, strides and dim wrapping, with PyTorch's error messages.
import { TorchError } from './errors';

/** Number of elements of a shape. e.g. `numel([2, 3]) === 6` */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major strides of a shape. e.g. `contiguousStrides([2, 3])` is `[3, 1]` */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Whether two shapes are equal. e.g. `sameShape([2], [2])` */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The broadcast shape of two shapes, or PyTorch's error. e.g. `broadcastShapes([3, 1], [4])` is `[3, 4]` */
export function broadcastShapes(a: readonly number[], b: readonly number[], op?: string): number[] {
  if (sameShape(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // right to left, as ATen's infer_size, so the error names the last mismatching dim as PyTorch does
  for (let i = n - 1; i >= 0; i--) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else
      throw new TorchError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
        { kind: 'shape', op, shapes: [a.slice(), b.slice()] },
      );
  }
  return out;
}

/** Wraps a possibly negative dim, with PyTorch's IndexError. e.g. `wrapDim(-1, 3) === 2` */
export function wrapDim(dim: number, ndim: number, op?: string): number {
  const n = Math.max(ndim, 1); // a 0-d tensor accepts dims -1 and 0, as in PyTorch
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new TorchError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`, {
      kind: 'dim',
      op,
    });
  }
  return dim < 0 ? dim + n : dim;
}

/** Formats a shape as PyTorch does in `[2, 3]`-style messages. e.g. `shapeStr([2, 3]) === '[2, 3]'` */
export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Resolves a view/reshape size with one -1, with PyTorch's errors.
 * e.g. `inferSize([-1, 2], 6)` is `[3, 2]`
 */
export function inferSize(size: readonly number[], total: number, op = 'view'): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < size.length; i++) {
    const d = size[i];
    if (d === -1) {
      if (infer >= 0) throw new TorchError('only one dimension can be inferred', { kind: 'shape', op });
      infer = i;
    } else if (d < 0 || !Number.isInteger(d)) {
      throw new TorchError(`invalid shape dimension ${d}`, { kind: 'shape', op });
    } else known *= d;
  }
  const out = size.slice();
  if (infer >= 0) {
    if (known === 0 || total % known !== 0) {
      throw new TorchError(`shape '${shapeStr(size)}' is invalid for input of size ${total}`, { kind: 'shape', op });
    }
    out[infer] = total / known;
  } else if (known !== total) {
    throw new TorchError(`shape '${shapeStr(size)}' is invalid for input of size ${total}`, { kind: 'shape', op });
  }
  return out;
}
