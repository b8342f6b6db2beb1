// Reading the reference folder's JSON: tensors, cases, and tolerance-aware comparison.
import { readFileSync } from 'node:fs';
import { Tensor, torch, type DType } from '../../src/engine';

/** A tensor as the reference stores it. */
export interface RefTensor {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int64';
  data: (number | string)[];
}

/** One reference file: header fields and its cases. */
export interface RefFile {
  family: string;
  cases: Record<string, unknown>[];
}

/** Reads one family file. */
export function readRefFile(path: string): RefFile {
  return JSON.parse(readFileSync(path, 'utf8')) as RefFile;
}

function decodeNumber(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`bad number ${v}`);
}

/** Whether a JSON value is a reference tensor. */
export function isRefTensor(v: unknown): v is RefTensor {
  return typeof v === 'object' && v !== null && 'shape' in v && 'dtype' in v && 'data' in v;
}

/** Builds an engine tensor from a reference tensor (`bool` when listed in bool_inputs). */
export function fromRef(r: RefTensor, asBool = false): Tensor {
  const values = r.data.map(decodeNumber);
  const dtype: DType = asBool ? 'bool' : r.dtype;
  const t = torch.zeros(r.shape, { dtype });
  for (let i = 0; i < values.length; i++) t.storage[i] = dtype === 'bool' ? (values[i] ? 1 : 0) : values[i];
  return t;
}

/**
 * Tolerances by dtype: float64 1e-10 relative per element; float32 1e-5 relative to the tensor's
 * largest magnitude (1e-4 for long sequences): float32 sums with cancellation cannot promise a
 * per-element relative error, in PyTorch either.
 */
export interface Tolerance {
  rtol: number;
  atol: number;
  /** Scale the allowed error by the tensor's largest |value| instead of each element's. */
  tensorwise?: boolean;
}

/** The default tolerance for a dtype. */
export function toleranceFor(dtype: string, loose = false): Tolerance {
  if (dtype === 'float64') return { rtol: 1e-10, atol: 1e-12 };
  if (dtype === 'int64') return { rtol: 0, atol: 0 };
  return { rtol: loose ? 1e-4 : 1e-5, atol: 0, tensorwise: true };
}

/** Compares a tensor with a reference; returns a description of the difference or null. */
export function compareTensor(what: string, got: unknown, want: RefTensor, tol: Tolerance): string | null {
  if (!(got instanceof Tensor)) return `${what}: expected a tensor, got ${got === null ? 'None' : typeof got}`;
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return `${what}: shape [${got.shape.join(', ')}] vs reference [${want.shape.join(', ')}]`;
  }
  const wantDType = want.dtype;
  if (got.dtype !== wantDType && !(got.dtype === 'bool' && wantDType === 'int64')) {
    return `${what}: dtype ${got.dtype} vs reference ${wantDType}`;
  }
  const g = got.toArray();
  let worst = 0;
  let worstAt = -1;
  const round = wantDType === 'float32' ? Math.fround : (x: number) => x;
  let scale = 0;
  if (tol.tensorwise) for (const v of want.data) if (typeof v === 'number') scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < g.length; i++) {
    const w = round(decodeNumber(want.data[i]));
    const v = g[i];
    if (Number.isNaN(w) || Number.isNaN(v)) {
      if (Number.isNaN(w) !== Number.isNaN(v)) return `${what}[${i}]: ${v} vs reference ${w}`;
      continue;
    }
    if (!Number.isFinite(w) || !Number.isFinite(v)) {
      if (v !== w) return `${what}[${i}]: ${v} vs reference ${w}`;
      continue;
    }
    const err = Math.abs(v - w);
    const allowed = tol.atol + tol.rtol * (tol.tensorwise ? Math.max(scale, Math.abs(w)) : Math.abs(w));
    if (err > allowed) {
      const rel = err / Math.max(Math.abs(w), 1e-300);
      if (rel > worst || worstAt < 0) {
        worst = rel;
        worstAt = i;
      }
    }
  }
  if (worstAt >= 0) {
    return `${what}[${worstAt}]: ${g[worstAt]} vs reference ${decodeNumber(want.data[worstAt])} (relative error ${worst.toExponential(2)})`;
  }
  return null;
}
