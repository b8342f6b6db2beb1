// Random tensors drawn from the PyTorch-exact generator in random/.
import { notifyOp } from '../autograd/observers';
import { defaultFloatDType, type DType } from '../dtype';
import { TorchError } from '../errors';
import {
  defaultGenerator,
  fillBernoulli,
  fillDropoutMask,
  fillNormal,
  fillNormalTensorParams,
  fillRandint,
  fillUniform,
  randpermArray,
  type Generator,
} from '../random';
import { contiguousData, writeData } from '../storage';
import type { Tensor } from '../tensor';
import { checkInPlace } from './inplace';
import { emptyTensor } from './result';

/** Options of random factories. */
export interface RandomOptions {
  dtype?: DType;
  generator?: Generator;
  requiresGrad?: boolean;
}

function floatStorage(t: Tensor): Float32Array | Float64Array {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new TorchError(`"check_uniform_bounds" not implemented for '${t.dtype === 'int64' ? 'Long' : 'Bool'}'`, { kind: 'dtype' });
  }
  return t.storage as Float32Array | Float64Array;
}

function fresh(shape: readonly number[], opts: RandomOptions, op: string): Tensor {
  notifyOp(op);
  return emptyTensor(shape.slice(), opts.dtype ?? defaultFloatDType);
}

function done(t: Tensor, opts: RandomOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/** `torch.rand(*shape)`: uniform on [0, 1). e.g. `rand([2, 3])` */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const t = fresh(shape, opts, 'rand');
  fillUniform(floatStorage(t), 0, 1, opts.generator ?? defaultGenerator);
  return done(t, opts);
}

/** `torch.randn(*shape)`: standard normal. e.g. `randn([5, 3])` */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const t = fresh(shape, opts, 'randn');
  fillNormal(floatStorage(t), 0, 1, opts.generator ?? defaultGenerator);
  return done(t, opts);
}

/** `torch.randint(low, high, shape)`: int64 in [low, high). e.g. `randint(0, 10, [8])` */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (high <= low) {
    throw new TorchError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`, { kind: 'value', pyType: 'RuntimeError' });
  }
  const t = fresh(shape, { dtype: 'int64', ...opts }, 'randint');
  fillRandint(t.storage as Float64Array, low, high, opts.generator ?? defaultGenerator);
  return t;
}

/** `torch.randperm(n)`: a random permutation of 0..n-1 (int64). e.g. `randperm(10)` */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  notifyOp('randperm');
  const t = emptyTensor([n], 'int64');
  t.storage.set(randpermArray(n, opts.generator ?? defaultGenerator));
  return t;
}

/** `torch.normal(mean, std, size)` with scalar mean and std. e.g. `normal(2, 3, [7])` */
export function normal(mean: number, std: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const t = fresh(shape, opts, 'normal');
  fillNormal(floatStorage(t), mean, std, opts.generator ?? defaultGenerator);
  return done(t, opts);
}

/** `torch.normal(meanT, stdT)`: elementwise means and stds. e.g. `normalTensor(zeros([5]), ones([5]))` */
export function normalTensor(mean: Tensor, std: Tensor, opts: RandomOptions = {}): Tensor {
  const t = fresh(mean.shape, { dtype: mean.dtype, ...opts }, 'normal');
  fillNormalTensorParams(floatStorage(t), contiguousData(mean), contiguousData(std), opts.generator ?? defaultGenerator);
  return t;
}

/** `torch.bernoulli(p)`: 0/1 draws with probabilities `p`. e.g. `bernoulli(full([10], 0.5))` */
export function bernoulli(p: Tensor, opts: RandomOptions = {}): Tensor {
  const t = fresh(p.shape, { dtype: p.dtype, ...opts }, 'bernoulli');
  const probs = p.dtype === 'float64' ? Float64Array.from(contiguousData(p)) : Float32Array.from(contiguousData(p));
  fillBernoulli(t.storage as Float32Array | Float64Array, probs, opts.generator ?? defaultGenerator);
  return t;
}

/** The scaled keep-mask F.dropout multiplies by: 0 or 1/(1-p). */
export function dropoutMask(shape: readonly number[], p: number, dtype: DType, gen: Generator = defaultGenerator): Tensor {
  const t = emptyTensor(shape.slice(), dtype);
  fillDropoutMask(floatStorage(t), p, gen);
  return t;
}

/** `t.uniform_(from, to)` in place. e.g. `uniform_(w, -0.1, 0.1)` */
export function uniform_(t: Tensor, from = 0, to = 1, gen: Generator = defaultGenerator): Tensor {
  notifyOp('uniform_');
  checkInPlace(t, 'uniform_');
  const buf = t.dtype === 'float64' ? new Float64Array(t.numel()) : new Float32Array(t.numel());
  fillUniform(buf, from, to, gen);
  writeData(t, buf);
  return t;
}

/** `t.normal_(mean, std)` in place. e.g. `normal_(w, 0, 0.02)` */
export function normal_(t: Tensor, mean = 0, std = 1, gen: Generator = defaultGenerator): Tensor {
  notifyOp('normal_');
  checkInPlace(t, 'normal_');
  const buf = t.dtype === 'float64' ? new Float64Array(t.numel()) : new Float32Array(t.numel());
  fillNormal(buf, mean, std, gen);
  writeData(t, buf);
  return t;
}
