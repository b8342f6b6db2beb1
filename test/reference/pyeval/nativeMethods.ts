/** The few methods of native lists, dicts, tuples, strings and floats that the subset needs. */
import { runtimeError, typeError } from './errors';
import type { PyHost } from './host';
import { pyEquals } from './ops';
import { pyStr } from './format';
import { iteratePy } from './sequences';
import { PyBuiltin, PyTuple, isInt, toIntOrFloat } from './values';

type Method = (self: never, args: readonly unknown[], host: PyHost) => unknown;

function argAt(args: readonly unknown[], i: number, dflt: unknown): unknown {
  return i < args.length ? args[i] : dflt;
}

function intArg(v: unknown, what: string): number {
  if (!isInt(v)) throw typeError(`${what} must be an integer`);
  return Number(toIntOrFloat(v));
}

function findIndex(items: readonly unknown[], x: unknown, host: PyHost): number {
  const i = items.findIndex((y) => pyEquals(y, x, host));
  if (i < 0) throw runtimeError('ValueError', 'value is not in list');
  return i;
}

const LIST_METHODS: Readonly<Record<string, Method>> = {
  append: (self: unknown[], args) => { self.push(args[0]); return null; },
  extend: (self: unknown[], args, host) => { self.push(...iteratePy(args[0], host)); return null; },
  insert: (self: unknown[], args) => {
    const i = intArg(args[0], 'index');
    self.splice(i < 0 ? Math.max(0, self.length + i) : i, 0, args[1]);
    return null;
  },
  pop: (self: unknown[], args) => {
    if (self.length === 0) throw runtimeError('IndexError', 'pop from empty list');
    const raw = intArg(argAt(args, 0, -1n), 'index');
    const i = raw < 0 ? raw + self.length : raw;
    if (i < 0 || i >= self.length) throw runtimeError('IndexError', 'pop index out of range');
    return self.splice(i, 1)[0];
  },
  index: (self: unknown[], args, host) => BigInt(findIndex(self, args[0], host)),
  count: (self: unknown[], args, host) => BigInt(self.filter((y) => pyEquals(y, args[0], host)).length),
  copy: (self: unknown[]) => [...self],
  clear: (self: unknown[]) => { self.length = 0; return null; },
  reverse: (self: unknown[]) => { self.reverse(); return null; },
};

const TUPLE_METHODS: Readonly<Record<string, Method>> = {
  index: (self: PyTuple, args, host) => BigInt(findIndex(self.items, args[0], host)),
  count: (self: PyTuple, args, host) => BigInt(self.items.filter((y) => pyEquals(y, args[0], host)).length),
};

const DICT_METHODS: Readonly<Record<string, Method>> = {
  keys: (self: Map<unknown, unknown>) => [...self.keys()],
  values: (self: Map<unknown, unknown>) => [...self.values()],
  items: (self: Map<unknown, unknown>) => [...self].map(([k, v]) => new PyTuple([k, v])),
  get: (self: Map<unknown, unknown>, args) => (self.has(args[0]) ? self.get(args[0]) : argAt(args, 1, null)),
  copy: (self: Map<unknown, unknown>) => new Map(self),
  pop: (self: Map<unknown, unknown>, args) => {
    if (self.has(args[0])) {
      const v = self.get(args[0]);
      self.delete(args[0]);
      return v;
    }
    if (args.length > 1) return args[1];
    throw runtimeError('KeyError', String(args[0]));
  },
  update: (self: Map<unknown, unknown>, args) => {
    const other = args[0];
    if (other instanceof Map) for (const [k, v] of other) self.set(k, v);
    return null;
  },
};

const STR_METHODS: Readonly<Record<string, Method>> = {
  join: (self: string, args, host) => [...iteratePy(args[0], host)].map((x) => pyStr(x, host)).join(self),
  split: (self: string, args) => {
    const sep = argAt(args, 0, null);
    return sep === null ? self.split(/\s+/).filter((s) => s !== '') : self.split(String(sep));
  },
  strip: (self: string) => self.trim(),
  upper: (self: string) => self.toUpperCase(),
  lower: (self: string) => self.toLowerCase(),
  startswith: (self: string, args) => self.startsWith(String(args[0])),
  endswith: (self: string, args) => self.endsWith(String(args[0])),
  replace: (self: string, args) => self.split(String(args[0])).join(String(args[1])),
};

const FLOAT_METHODS: Readonly<Record<string, Method>> = {
  is_integer: (self: number) => Number.isInteger(self),
};

function table(obj: unknown): Readonly<Record<string, Method>> | null {
  if (Array.isArray(obj)) return LIST_METHODS;
  if (obj instanceof PyTuple) return TUPLE_METHODS;
  if (obj instanceof Map) return DICT_METHODS;
  if (typeof obj === 'string') return STR_METHODS;
  if (typeof obj === 'number') return FLOAT_METHODS;
  return null;
}

/** A bound method of a native value, or undefined if it has none of that name. */
export function nativeMethod(obj: unknown, name: string, host: PyHost): PyBuiltin | undefined {
  const methods = table(obj);
  const m = methods && Object.hasOwn(methods, name) ? methods[name] : undefined;
  if (!m) return undefined;
  return new PyBuiltin(name, (args) => m(obj as never, args, host));
}
