/** Argument checking and conversion helpers for builtins. */
import { typeError } from './errors';
import type { Runtime } from './runtime';
import { callMethod } from './runtime';
import { isHost, isInt, isNumeric, nativeTypeName, toIntOrFloat } from './values';

/** Checks the positional count and the allowed keyword names of a builtin call. */
export function checkArgs(
  name: string, args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>,
  min: number, max: number, keywords: readonly string[] = [],
): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw typeError(`${name}() takes ${expected} positional argument(s) but ${args.length} were given`);
  }
  for (const k of kwargs.keys()) {
    if (!keywords.includes(k)) throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
  }
}

/** Positional argument i, or keyword `key`, or the default. */
export function argOr(
  args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>, i: number, key: string, dflt: unknown,
): unknown {
  if (i < args.length) return args[i];
  return kwargs.has(key) ? kwargs.get(key) : dflt;
}

/** An int argument (int, bool, or a host object with __index__) as bigint. */
export function toIndex(v: unknown, rt: Runtime): bigint {
  if (isInt(v)) return toIntOrFloat(v) as bigint;
  if (isHost(v)) {
    const r = callMethod(v, '__index__', [], rt);
    if (isInt(r)) return toIntOrFloat(r) as bigint;
  }
  throw typeError(`'${nativeTypeName(v)}' object cannot be interpreted as an integer`);
}

/** A real-number argument as a JS number. */
export function toReal(v: unknown, what: string): number {
  if (isNumeric(v)) return Number(toIntOrFloat(v));
  throw typeError(`${what}: must be real number, not ${nativeTypeName(v)}`);
}
