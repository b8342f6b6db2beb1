// Statistics of tensors for the trace: norms, ranges, non-finite counts.
import { tensorValues } from '../engine';
import type { Tensor } from '../engine';
import type { TensorStats } from './types';

const acc = new Float64Array(4);

// acc = [Σv², Σv, min, max] over data[from..to): the tight loop alone, one copy per storage type so
// that each stays monomorphic (one polymorphic copy runs several times slower).
function sums32(data: Float32Array, from: number, to: number): void {
  let sq = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const v = data[i];
    sq += v * v;
    sum += v;
    min = v < min ? v : min;
    max = v > max ? v : max;
  }
  acc[0] = sq;
  acc[1] = sum;
  acc[2] = min;
  acc[3] = max;
}

function sums64(data: Float64Array, from: number, to: number): void {
  let sq = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const v = data[i];
    sq += v * v;
    sum += v;
    min = v < min ? v : min;
    max = v > max ? v : max;
  }
  acc[0] = sq;
  acc[1] = sum;
  acc[2] = min;
  acc[3] = max;
}

function sumsAny(data: ArrayLike<number>, from: number, to: number): void {
  let sq = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const v = data[i];
    sq += v * v;
    sum += v;
    min = v < min ? v : min;
    max = v > max ? v : max;
  }
  acc[0] = sq;
  acc[1] = sum;
  acc[2] = min;
  acc[3] = max;
}

// every line of the loops' functions runs once before any long loop, so on-stack replacement never
// compiles them without type feedback for the code after the loop (V8 then deoptimizes every call)
sums32(new Float32Array(1), 0, 1);
sums64(new Float64Array(1), 0, 1);
sumsAny([0], 0, 1);

/** Stats of row-major values (of `data[from..to)`); `values` kept when there are at most `maxValues`. */
export function statsOf(data: ArrayLike<number>, maxValues = 0, from = 0, to = data.length): TensorStats {
  // all finite, the common case: one tight pass; any NaN/Inf makes the sums non-finite
  if (data instanceof Float32Array) sums32(data, from, to);
  else if (data instanceof Float64Array) sums64(data, from, to);
  else sumsAny(data, from, to);
  let sq = acc[0];
  let sum = acc[1];
  let min = acc[2];
  let max = acc[3];
  const numel = to - from;
  let finite = numel;
  let nanCount = 0;
  let infCount = 0;
  if (!Number.isFinite(sq) || !Number.isFinite(sum)) {
    sq = 0;
    sum = 0;
    finite = 0;
    min = Infinity;
    max = -Infinity;
    for (let i = from; i < to; i++) {
      const v = data[i];
      if (v !== v) nanCount++;
      else if (v === Infinity || v === -Infinity) infCount++;
      else {
        sq += v * v;
        sum += v;
        finite++;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  const stats: TensorStats = {
    numel,
    norm: Math.sqrt(sq),
    min: finite ? min : 0,
    max: finite ? max : 0,
    mean: finite ? sum / finite : 0,
    nanCount,
    infCount,
  };
  if (numel <= maxValues && nanCount === 0 && infCount === 0) stats.values = Array.from({ length: numel }, (_, i) => data[from + i]);
  return stats;
}

/** Stats of a tensor. e.g. `tensorStats(w.grad!)` */
export function tensorStats(t: Tensor, maxValues = 0): TensorStats {
  return statsOf(tensorValues(t), maxValues);
}

/** L2 norm of a tensor's finite elements (0 for null). */
export function normOf(t: Tensor | null | undefined): number {
  if (!t) return 0;
  const d = tensorValues(t);
  let sq = 0;
  for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i])) sq += d[i] * d[i];
  return Math.sqrt(sq);
}

/** Whether a tensor holds any NaN or ±Inf. */
export function hasNonFinite(t: Tensor | null | undefined): boolean {
  if (!t) return false;
  const d = tensorValues(t);
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return true;
  return false;
}

/** A finite number for JSON (NaN and ±Inf become null-free sentinels: NaN → -1, Inf → 1e308). */
export function jsonNumber(v: number): number {
  if (Number.isNaN(v)) return -1;
  if (!Number.isFinite(v)) return v > 0 ? 1e308 : -1e308;
  return v;
}

/** Whether `t`'s elements fill `[offset, offset + numel)` of its storage exactly once (row-major or transposed). */
function isDense(t: Tensor): boolean {
  if (t.isContiguous()) return true;
  if (t.shape.length !== 2) return false;
  const [n0, n1] = t.shape;
  const [s0, s1] = t.strides;
  return s0 === 1 && s1 === n0 && n1 > 1;
}

/** Below this many elements a tensor is scanned again rather than looked up. */
const MEMO_MIN = 1024;

const memo = new WeakMap<object, { offset: number; numel: number; version: number; stats: TensorStats }>();

/**
 * Stats of a tensor seen during a run (a forward output, a gradient), computed once per set of
 * elements: a transposed or reshaped view of a tensor already seen (W.t() at every step, the
 * gradient that TBackward0 passes on) reuses its numbers. Keyed by storage, offset and version,
 * so an in-place change is seen; the order of summation is the storage's.
 */
export function seenStats(t: Tensor): TensorStats {
  const version = t.versionCounter.version;
  // the same tensor again (a gradient one node sends and the next receives): its own slot first
  const own = t.meta;
  if (own instanceof SeenStats && own.version === version) return own.stats;
  const stats = storageStats(t, version);
  t.meta = new SeenStats(version, stats);
  return stats;
}

/** A tensor's stats at one version, cached on the tensor (`Tensor.meta`). */
class SeenStats {
  constructor(
    readonly version: number,
    readonly stats: TensorStats,
  ) {}
}

function storageStats(t: Tensor, version: number): TensorStats {
  const n = t.numel();
  if (!isDense(t)) return statsOf(tensorValues(t));
  if (n < MEMO_MIN) return statsOf(t.storage, 0, t.offset, t.offset + n);
  const hit = memo.get(t.storage);
  if (hit && hit.offset === t.offset && hit.numel === n && hit.version === version) return hit.stats;
  const stats = statsOf(t.storage, 0, t.offset, t.offset + n);
  memo.set(t.storage, { offset: t.offset, numel: n, version, stats });
  return stats;
}

/** The stats of several tensors' elements together (as if concatenated). */
export function combinedStats(parts: readonly TensorStats[]): TensorStats {
  let numel = 0;
  let sq = 0;
  let sum = 0;
  let finite = 0;
  let min = Infinity;
  let max = -Infinity;
  let nanCount = 0;
  let infCount = 0;
  for (const p of parts) {
    const f = p.numel - p.nanCount - p.infCount;
    numel += p.numel;
    sq += p.norm * p.norm;
    sum += p.mean * f;
    finite += f;
    nanCount += p.nanCount;
    infCount += p.infCount;
    if (f > 0) {
      min = Math.min(min, p.min);
      max = Math.max(max, p.max);
    }
  }
  return { numel, norm: Math.sqrt(sq), min: finite ? min : 0, max: finite ? max : 0, mean: finite ? sum / finite : 0, nanCount, infCount };
}

/** Whether a tensor seen during a run holds any NaN or ±Inf (`seenStats`'s numbers when it has them). */
export function seenNonFinite(t: Tensor): boolean {
  const n = t.numel();
  if (n >= MEMO_MIN || !isDense(t)) {
    const s = seenStats(t);
    return s.nanCount + s.infCount > 0;
  }
  const d = t.storage;
  for (let i = t.offset, end = t.offset + n; i < end; i++) if (d[i] - d[i] !== 0) return true;
  return false;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** Σv², Σv, min, max of finite `d`, or null when it holds NaN/Inf. */
function factorSums(d: ArrayLike<number>): [number, number, number, number] | null {
  let sq = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) return null;
    sq += v * v;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [sq, sum, min, max];
}

/**
 * The stats of the outer product a @ b (a: [m, 1], b: [1, n]) from its factors, in O(m + n): a
 * gradient that backward added straight into a sum without making it (SunkGradient). Norm and mean
 * factor; the extremes are products of the factors' extremes. With NaN/Inf in a factor, or a
 * float32 product that would overflow, the product is made and scanned.
 */
export function outerProductStats(a: Tensor, b: Tensor): TensorStats {
  const x = tensorValues(a);
  const y = tensorValues(b);
  const numel = x.length * y.length;
  const sx = factorSums(x);
  const sy = factorSums(y);
  if (sx !== null && sy !== null && numel > 0) {
    const ends = [sx[2] * sy[2], sx[2] * sy[3], sx[3] * sy[2], sx[3] * sy[3]];
    const min = Math.min(...ends);
    const max = Math.max(...ends);
    const sq = sx[0] * sy[0];
    const limit = a.dtype === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
    if (Math.max(-min, max) <= limit && Number.isFinite(sq)) {
      return { numel, norm: Math.sqrt(sq), min, max, mean: (sx[1] * sy[1]) / numel, nanCount: 0, infCount: 0 };
    }
  }
  const out = a.dtype === 'float32' ? new Float32Array(numel) : new Float64Array(numel);
  for (let i = 0; i < x.length; i++) for (let j = 0; j < y.length; j++) out[i * y.length + j] = x[i] * y[j];
  return statsOf(out);
}
