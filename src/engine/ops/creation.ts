// Factories: tensor, zeros, ones, full, empty, arange, linspace, eye and the *Like variants.
import { notifyOp } from '../autograd/observers';
import { allocate, castValue, defaultFloatDType, type DType } from '../dtype';
import { TorchError } from '../errors';
import { numel } from '../shape';
import { Tensor } from '../tensor';
import { emptyTensor, filledTensor } from './result';

/** Options of factories (`dtype=`, `requires_grad=`). */
export interface FactoryOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** Nested arrays of numbers or booleans, as `torch.tensor` takes them. */
export type NestedData = number | boolean | readonly NestedData[];

function finish(t: Tensor, opts: FactoryOptions): Tensor {
  if (opts.requiresGrad) {
    if (t.dtype !== 'float32' && t.dtype !== 'float64') {
      throw new TorchError('Only Tensors of floating point and complex dtype can require gradients', { kind: 'dtype' });
    }
    t.requiresGrad = true;
  }
  return t;
}

function inferShape(data: NestedData): number[] {
  const shape: number[] = [];
  let cur: NestedData = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

function flatten(data: NestedData, shape: number[], depth: number, out: number[], kinds: { float: boolean; bool: boolean; num: boolean }): void {
  if (depth === shape.length) {
    if (Array.isArray(data)) throw new TorchError('setting an array element with a sequence.', { kind: 'value', pyType: 'ValueError' });
    if (typeof data === 'boolean') {
      kinds.bool = true;
      out.push(data ? 1 : 0);
    } else {
      kinds.num = true;
      if (!Number.isInteger(data)) kinds.float = true;
      out.push(data as number);
    }
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new TorchError(
      `expected sequence of length ${shape[depth]} at dim ${depth} (got ${Array.isArray(data) ? data.length : 'a scalar'})`,
      { kind: 'value', pyType: 'ValueError' },
    );
  }
  for (const d of data as readonly NestedData[]) flatten(d, shape, depth + 1, out, kinds);
}

/**
 * `torch.tensor(data)`: copies nested arrays; the dtype is inferred as PyTorch infers it
 * (all integers → int64, any fraction → float32, booleans → bool) unless given. As JS has one
 * number type, pass `{ dtype: 'float32' }` for integer-valued floats. e.g. `tensor([[1, 2], [3, 4]])`
 */
export function tensor(data: NestedData, opts: FactoryOptions = {}): Tensor {
  notifyOp('tensor');
  const shape = inferShape(data);
  const flat: number[] = [];
  const kinds = { float: false, bool: false, num: false };
  flatten(data, shape, 0, flat, kinds);
  const inferred: DType = kinds.float ? defaultFloatDType : kinds.num ? 'int64' : kinds.bool ? 'bool' : defaultFloatDType;
  const dtype = opts.dtype ?? inferred;
  const storage = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) storage[i] = castValue(dtype, flat[i]);
  return finish(new Tensor(storage, shape, dtype), opts);
}

/** Wraps a typed array without copying. e.g. `fromArray(new Float32Array([1, 2]), [2])` */
export function fromArray(data: Float32Array | Float64Array, shape: readonly number[], opts: FactoryOptions = {}): Tensor {
  const dtype: DType = opts.dtype ?? (data instanceof Float32Array ? 'float32' : 'float64');
  if (numel(shape) !== data.length) {
    throw new TorchError(`shape '[${shape.join(', ')}]' is invalid for input of size ${data.length}`, { kind: 'shape' });
  }
  const storage = dtype === 'float32' && !(data instanceof Float32Array) ? Float32Array.from(data) : data;
  return finish(new Tensor(storage, shape.slice(), dtype), opts);
}

/** `torch.zeros(*shape)`. e.g. `zeros([2, 3])` */
export function zeros(shape: readonly number[], opts: FactoryOptions = {}): Tensor {
  notifyOp('zeros');
  return finish(emptyTensor(shape.slice(), opts.dtype ?? defaultFloatDType), opts);
}

/** `torch.ones(*shape)`. e.g. `ones([5])` */
export function ones(shape: readonly number[], opts: FactoryOptions = {}): Tensor {
  notifyOp('ones');
  return finish(filledTensor(shape.slice(), 1, opts.dtype ?? defaultFloatDType), opts);
}

/** `torch.empty(*shape)` (zero-filled here, deterministic). e.g. `empty([6])` */
export function empty(shape: readonly number[], opts: FactoryOptions = {}): Tensor {
  return zeros(shape, opts);
}

/** `torch.full(shape, value)`; the dtype follows the value as in PyTorch. e.g. `full([10], 0.5)` */
export function full(shape: readonly number[], value: number | boolean, opts: FactoryOptions = {}): Tensor {
  notifyOp('full');
  const dtype = opts.dtype ?? (typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int64' : defaultFloatDType);
  return finish(filledTensor(shape.slice(), Number(value), dtype), opts);
}

/** `torch.zeros_like(t)`. e.g. `zerosLike(x)` */
export function zerosLike(t: Tensor, opts: FactoryOptions = {}): Tensor {
  return zeros(t.shape, { dtype: t.dtype, ...opts });
}

/** `torch.ones_like(t)`. e.g. `onesLike(x)` */
export function onesLike(t: Tensor, opts: FactoryOptions = {}): Tensor {
  return ones(t.shape, { dtype: t.dtype, ...opts });
}

/** `torch.full_like(t, value)`. e.g. `fullLike(x, 7)` */
export function fullLike(t: Tensor, value: number, opts: FactoryOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...opts });
}

/**
 * `torch.arange(start, end, step)` (or `arange(end)`); int64 when all arguments are integers.
 * Pass `{ dtype: 'float32' }` for `torch.arange(6.)`. e.g. `arange(0, 10, 2)`
 */
export function arange(start: number, end?: number, step = 1, opts: FactoryOptions = {}): Tensor {
  notifyOp('arange');
  const [s, e] = end === undefined ? [0, start] : [start, end];
  if (step === 0) throw new TorchError('step must be nonzero', { kind: 'value', pyType: 'RuntimeError' });
  if ((step > 0 && e < s) || (step < 0 && e > s)) {
    throw new TorchError('upper bound and larger bound inconsistent with step sign', { kind: 'value', pyType: 'RuntimeError' });
  }
  const allInt = Number.isInteger(s) && Number.isInteger(e) && Number.isInteger(step);
  const dtype = opts.dtype ?? (allInt ? 'int64' : defaultFloatDType);
  const n = Math.max(0, Math.ceil((e - s) / step));
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = castValue(dtype, s + i * step);
  return finish(new Tensor(out, [n], dtype), opts);
}

/** `torch.linspace(start, end, steps)`, with PyTorch's symmetric evaluation. e.g. `linspace(0, 1, 5)` */
export function linspace(start: number, end: number, steps: number, opts: FactoryOptions = {}): Tensor {
  notifyOp('linspace');
  if (steps < 0) throw new TorchError('number of steps must be non-negative', { kind: 'value', pyType: 'RuntimeError' });
  const dtype = opts.dtype ?? defaultFloatDType;
  const out = allocate(dtype, steps);
  if (steps === 1) out[0] = castValue(dtype, start);
  else if (steps > 1) {
    const f32 = dtype === 'float32';
    const st = f32 ? Math.fround((end - start) / (steps - 1)) : (end - start) / (steps - 1);
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) {
      const v = i < half ? start + st * i : end - st * (steps - i - 1);
      out[i] = castValue(dtype, f32 ? Math.fround(v) : v);
    }
  }
  return finish(new Tensor(out, [steps], dtype), opts);
}

/** `torch.eye(n, m)`. e.g. `eye(3)` */
export function eye(n: number, m = n, opts: FactoryOptions = {}): Tensor {
  const t = zeros([n, m], opts);
  for (let i = 0; i < Math.min(n, m); i++) t.storage[i * m + i] = 1;
  return t;
}
