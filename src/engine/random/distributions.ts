// Fill functions that draw exactly what PyTorch 1.13's CPU kernels draw, in the same order, with the
// same rounding (aten/src/ATen/native/cpu/DistributionTemplates.h, core/DistributionsHelper.h).
import type { Generator } from './generator';
import { defaultGenerator } from './generator';
import { fma64, fmaf32 } from './fma';
import { normalFill16Avx2 } from './avx2Normal';
import { glibcLog, glibcSincos, sincosResult } from './glibcMath';

/** A float tensor's storage: float32 or float64. */
export type FloatArray = Float32Array | Float64Array;

/** Any writable numeric storage (int64 values are kept as float64 numbers). */
export interface WritableNumbers {
  readonly length: number;
  [index: number]: number;
}

const f = Math.fround;
const TWO_PI = 2 * Math.PI;
const TWO_POW_32 = 4294967296;

/** Fills `out` like `tensor.uniform_(from, to)`. Example: `fillUniform(new Float32Array(3), -1, 1)` */
export function fillUniform(out: FloatArray, from = 0, to = 1, gen: Generator = defaultGenerator): void {
  if (!(from <= to)) throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  if (out instanceof Float32Array) {
    const lo = f(from);
    const range = f(f(to) - lo);
    // uniform_real computes `u * (to - from) + from` in float; the AVX2 build fuses it into one FMA.
    for (let i = 0; i < out.length; i++) out[i] = fmaf32(gen.nextFloat24(), range, lo);
  } else {
    const range = to - from;
    for (let i = 0; i < out.length; i++) out[i] = fma64(gen.nextDouble53(), range, from);
  }
}

/** One `at::normal_distribution<double>(mean, std)` draw, using and refilling the generator's cache. Example: `normalSample(gen, 0, 1)` */
export function normalSample(gen: Generator, mean: number, std: number): number {
  const cached = gen.nextDoubleNormal;
  if (cached !== null) {
    gen.nextDoubleNormal = null;
    return fma64(cached, std, mean);
  }
  const u1 = gen.nextDouble53();
  const u2 = gen.nextDouble53();
  const r = Math.sqrt(-2 * glibcLog(1 - u2));
  glibcSincos(TWO_PI * u1);
  gen.nextDoubleNormal = r * sincosResult[0];
  return fma64(r * sincosResult[1], std, mean);
}

function normalFill16Double(data: Float64Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[o + j];
    const u2 = data[o + j + 8];
    const radius = Math.sqrt(-2 * glibcLog(u1));
    glibcSincos(TWO_PI * u2);
    data[o + j] = fma64(radius * sincosResult[1], std, mean);
    data[o + j + 8] = fma64(radius * sincosResult[0], std, mean);
  }
}

function normalFillBlocks(out: FloatArray, mean: number, std: number, gen: Generator): void {
  const n = out.length;
  const isF32 = out instanceof Float32Array;
  const fill16 = (o: number): void => {
    if (isF32) normalFill16Avx2(out, o, mean, std);
    else normalFill16Double(out, o, mean, std);
  };
  const draw = (o: number, count: number): void => {
    if (isF32) for (let i = 0; i < count; i++) out[o + i] = gen.nextFloat24();
    else for (let i = 0; i < count; i++) out[o + i] = gen.nextDouble53();
  };
  draw(0, n);
  for (let i = 0; i + 16 <= n; i += 16) fill16(i);
  if (n % 16 !== 0) {
    // PyTorch redraws the last 16 uniforms and transforms them again, overwriting a finished tail.
    draw(n - 16, 16);
    fill16(n - 16);
  }
}

/**
 * Fills `out` like `tensor.normal_(mean, std)` on a contiguous tensor: 16 or more elements take the
 * blocked Box-Muller path (normal_fill), fewer take the scalar path that caches its second sample.
 * Example: `fillNormal(new Float32Array(16))`
 */
export function fillNormal(out: FloatArray, mean = 0, std = 1, gen: Generator = defaultGenerator): void {
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  if (out.length >= 16) {
    if (out instanceof Float32Array) normalFillBlocks(out, f(mean), f(std), gen);
    else normalFillBlocks(out, mean, std, gen);
    return;
  }
  // The scalar path always samples in double; a Float32Array store is the static_cast<float>.
  for (let i = 0; i < out.length; i++) out[i] = normalSample(gen, mean, std);
}

function paramAt(p: number | ArrayLike<number>, i: number): number {
  return typeof p === 'number' ? p : p[p.length === 1 ? 0 : i];
}

function checkParamLength(name: string, p: number | ArrayLike<number>, n: number): void {
  if (typeof p !== 'number' && p.length !== n && p.length !== 1) {
    throw new RangeError(`${name} has ${p.length} elements, expected ${n} (or 1 to broadcast)`);
  }
}

/**
 * Fills `out` like `torch.normal(mean, std)` where either may be a tensor (given as an array of the
 * output's length, or of length 1). 1.13 draws N(0, 1) (or N(0, std) for a scalar std), then
 * multiplies by std and adds mean as separate rounded ops.
 * Example: `fillNormalTensorParams(new Float32Array(2), [0, 1], [1, 2])`
 */
export function fillNormalTensorParams(
  out: FloatArray,
  mean: number | ArrayLike<number>,
  std: number | ArrayLike<number>,
  gen: Generator = defaultGenerator,
): void {
  const n = out.length;
  checkParamLength('mean', mean, n);
  checkParamLength('std', std, n);
  if (typeof std !== 'number') {
    for (let i = 0; i < std.length; i++) {
      if (!(std[i] >= 0)) throw new RangeError('normal expects all elements of std >= 0.0');
    }
  }
  if (typeof mean === 'number' && typeof std === 'number') {
    fillNormal(out, mean, std, gen);
    return;
  }
  const round = out instanceof Float32Array ? f : (x: number): number => x;
  if (typeof std === 'number') {
    fillNormal(out, 0, std, gen);
  } else {
    fillNormal(out, 0, 1, gen);
    for (let i = 0; i < n; i++) out[i] = out[i] * round(paramAt(std, i));
  }
  for (let i = 0; i < n; i++) out[i] = out[i] + round(paramAt(mean, i));
}

/** Fills `out` like `torch.randint(low, high, size)` (int64 as numbers). Example: `fillRandint(new Float64Array(4), 0, 10)` */
export function fillRandint(out: WritableNumbers, low: number, high: number, gen: Generator = defaultGenerator): void {
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new RangeError('randint bounds must be integers');
  if (!(low < high)) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const range = high - low;
  if (range < TWO_POW_32) {
    for (let i = 0; i < out.length; i++) out[i] = (gen.nextUint32() % range) + low;
    return;
  }
  // Ranges of 2^32 or more take random64(): ((random64 % range) + low) in 64-bit integers.
  const bigRange = BigInt(high) - BigInt(low);
  const bigLow = BigInt(low);
  for (let i = 0; i < out.length; i++) out[i] = Number(BigInt.asIntN(64, (gen.nextUint64() % bigRange) + bigLow));
}

/** A permutation of 0..n-1 like `torch.randperm(n)` on CPU. Example: `randpermArray(5, new Generator(0)) // [4, 0, 1, 3, 2]` */
export function randpermArray(n: number, gen: Generator = defaultGenerator): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randperm expects n >= 0, got ${n}`);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  // Forward Fisher-Yates with `random() % (n - i)`.
  for (let i = 0; i < n - 1; i++) {
    const z = gen.nextUint32() % (n - i);
    const sav = r[i];
    r[i] = r[i + z];
    r[i + z] = sav;
  }
  return r;
}

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli expects 0 <= p <= 1, but got p=${p}`);
}

/**
 * Fills `out` with 0/1 like `bernoulli_(p)`. A number p (as in dropout) and a Float64Array p draw
 * 53-bit doubles; any other p array is treated as a float32 tensor and draws 24-bit floats.
 * Example: `fillBernoulli(new Float32Array(4), 0.5)`
 */
export function fillBernoulli(
  out: WritableNumbers,
  p: number | ArrayLike<number>,
  gen: Generator = defaultGenerator,
): void {
  const n = out.length;
  if (typeof p === 'number') {
    checkProbability(p);
    for (let i = 0; i < n; i++) out[i] = gen.nextDouble53() < p ? 1 : 0;
    return;
  }
  checkParamLength('p', p, n);
  for (let i = 0; i < p.length; i++) checkProbability(p[i]);
  if (p instanceof Float64Array) {
    for (let i = 0; i < n; i++) out[i] = gen.nextDouble53() < paramAt(p, i) ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[i] = gen.nextFloat24() < f(paramAt(p, i)) ? 1 : 0;
  }
}

/**
 * Fills `out` with the noise F.dropout multiplies by: bernoulli_(1 - p), then divided by (1 - p) in
 * the output's dtype. p = 0 gives ones and p = 1 zeros, both without drawing, as PyTorch does.
 * Example: `fillDropoutMask(new Float32Array(4), 0.5) // values 0 or 2`
 */
export function fillDropoutMask(out: FloatArray, p: number, gen: Generator = defaultGenerator): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (p === 0 || p === 1) {
    out.fill(p === 0 ? 1 : 0);
    return;
  }
  const keep = 1 - p;
  fillBernoulli(out, keep, gen);
  const scale = out instanceof Float32Array ? f(1 / f(keep)) : 1 / keep;
  for (let i = 0; i < out.length; i++) out[i] = out[i] === 0 ? 0 : scale;
}
