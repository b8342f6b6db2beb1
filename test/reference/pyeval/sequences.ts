/** Iteration, indexing and slicing of native sequences and mappings. */
import { runtimeError, typeError, unsupported } from './errors';
import type { PyHost } from './host';
import { pyRepr } from './format';
import {
  PyIterator, PyRange, PySlice, PyTuple, isHost, isInt, nativeTypeName, toIntOrFloat,
} from './values';

/** Iterates any Python value (lists are read live, like Python). */
export function iteratePy(v: unknown, host: PyHost): Iterable<unknown> {
  if (Array.isArray(v)) return liveList(v);
  if (v instanceof PyTuple || v instanceof PyRange || v instanceof PyIterator) return v;
  if (typeof v === 'string') return v;
  if (v instanceof Map) return [...v.keys()];
  if (isHost(v)) return host.iterate(v);
  throw typeError(`'${nativeTypeName(v)}' object is not iterable`);
}

function* liveList(list: readonly unknown[]): Generator<unknown> {
  for (let i = 0; i < list.length; i++) yield list[i];
}

/** Unpacks exactly `n` values (`a, b = value`). */
export function unpack(v: unknown, n: number, host: PyHost): unknown[] {
  const out: unknown[] = [];
  for (const x of iteratePy(v, host)) {
    if (out.length === n) throw runtimeError('ValueError', `too many values to unpack (expected ${n})`);
    out.push(x);
  }
  if (out.length < n) {
    throw runtimeError('ValueError', `not enough values to unpack (expected ${n}, got ${out.length})`);
  }
  return out;
}

export interface SliceBounds {
  readonly start: number;
  readonly stop: number;
  readonly step: number;
  /** Number of selected elements. */
  readonly count: number;
}

function sliceInt(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (isInt(v)) return Number(toIntOrFloat(v));
  throw typeError('slice indices must be integers or None or have an __index__ method');
}

/** Python's slice.indices(length). */
export function sliceIndices(slice: PySlice, length: number): SliceBounds {
  const step = sliceInt(slice.step) ?? 1;
  if (step === 0) throw runtimeError('ValueError', 'slice step cannot be zero');
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) return Math.max(v + length, step < 0 ? -1 : 0);
    return Math.min(v, step < 0 ? length - 1 : length);
  };
  const start = clamp(sliceInt(slice.start), step < 0 ? length - 1 : 0);
  const stop = clamp(sliceInt(slice.stop), step < 0 ? -1 : length);
  const span = step < 0 ? start - stop : stop - start;
  const count = span <= 0 ? 0 : Math.floor((span - 1) / Math.abs(step)) + 1;
  return { start, stop, step, count };
}

function sliceItems<T>(items: readonly T[], slice: PySlice): T[] {
  const { start, step, count } = sliceIndices(slice, items.length);
  const out: T[] = [];
  for (let i = 0, j = start; i < count; i++, j += step) out.push(items[j] as T);
  return out;
}

function indexOf(key: unknown, length: number, what: string): number {
  if (!isInt(key)) throw typeError(`${what} indices must be integers or slices, not ${nativeTypeName(key)}`);
  const raw = Number(toIntOrFloat(key));
  const i = raw < 0 ? raw + length : raw;
  if (i < 0 || i >= length) throw runtimeError('IndexError', `${what} index out of range`);
  return i;
}

export function getItemNative(obj: unknown, key: unknown, host: PyHost): unknown {
  if (Array.isArray(obj)) return key instanceof PySlice ? sliceItems(obj, key) : obj[indexOf(key, obj.length, 'list')];
  if (obj instanceof PyTuple) {
    return key instanceof PySlice ? new PyTuple(sliceItems(obj.items, key)) : obj.items[indexOf(key, obj.length, 'tuple')];
  }
  if (typeof obj === 'string') {
    const chars = [...obj];
    return key instanceof PySlice ? sliceItems(chars, key).join('') : chars[indexOf(key, chars.length, 'string')];
  }
  if (obj instanceof Map) {
    if (!obj.has(key)) throw runtimeError('KeyError', pyRepr(key, host));
    return obj.get(key);
  }
  if (obj instanceof PyRange) {
    const all = [...obj];
    if (key instanceof PySlice) return sliceItems(all, key);
    return all[indexOf(key, all.length, 'range object')];
  }
  throw typeError(`'${nativeTypeName(obj)}' object is not subscriptable`);
}

export function setItemNative(obj: unknown, key: unknown, value: unknown): void {
  if (Array.isArray(obj)) {
    if (key instanceof PySlice) throw unsupported('slice assignment');
    obj[indexOf(key, obj.length, 'list assignment')] = value;
    return;
  }
  if (obj instanceof Map) {
    obj.set(key, value);
    return;
  }
  throw typeError(`'${nativeTypeName(obj)}' object does not support item assignment`);
}
