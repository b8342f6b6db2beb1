// Converting values between the Python evaluator and plain JS APIs (nn modules, optimizers):
// Python ints (bigint) become numbers, tuples arrays, keyword arguments camelCased options.
import { Tensor } from '../../../src/engine';
import { PyTuple } from '../pyeval';

/** `batch_first` → `batchFirst`. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A Python value as a JS argument. */
export function toJs(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PyTuple) return v.items.map(toJs);
  if (Array.isArray(v)) return v.map(toJs);
  return v;
}

/** Keyword arguments as a camelCased options object. */
export function options(kwargs: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of kwargs) o[camel(k)] = toJs(v);
  return o;
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/** A JS result as a Python value: integers as int, arrays as tuples (`asTuple`) or lists. */
export function toPy(v: unknown, asTuple = false): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (v === undefined) return null;
  if (v instanceof Tensor || v instanceof Map || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const items = v.map((x) => toPy(x, asTuple));
    return asTuple ? new PyTuple(items) : items;
  }
  if (isIterable(v) && !(v instanceof PyTuple) && Object.getPrototypeOf(v) !== Object.prototype && 'next' in (v as object)) {
    return [...v].map((x) => toPy(x, true));
  }
  return v;
}
