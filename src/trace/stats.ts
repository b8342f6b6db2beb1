// Statistics of tensors for the trace: norms, ranges, non-finite counts.
import { tensorValues } from '../engine';
import type { Tensor } from '../engine';
import type { TensorStats } from './types';

/** Stats of row-major values; `values` kept when there are at most `maxValues`. */
export function statsOf(data: ArrayLike<number>, maxValues = 0): TensorStats {
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  let nanCount = 0;
  let infCount = 0;
  for (let i = 0; i < data.length; i++) {
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
  const stats: TensorStats = {
    numel: data.length,
    norm: Math.sqrt(sq),
    min: finite ? min : 0,
    max: finite ? max : 0,
    mean: finite ? sum / finite : 0,
    nanCount,
    infCount,
  };
  if (data.length <= maxValues && nanCount === 0 && infCount === 0) stats.values = Array.from(data, (v) => v);
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
