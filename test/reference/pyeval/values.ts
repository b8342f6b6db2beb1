/**
 * Python values inside the evaluator.
 *
 *   int      -> bigint            (2  is 2n)
 *   float    -> number            (2.0 is 2; NaN/Infinity are float('nan')/float('inf'))
 *   bool     -> boolean
 *   str      -> string
 *   None     -> null              (undefined coming from the host also means None)
 *   list     -> JS Array (mutable)
 *   tuple    -> PyTuple (frozen items)
 *   dict     -> Map (keys compared with SameValueZero: str/int/None keys behave; unlike Python,
 *               1, 1.0 and True are distinct keys and tuple keys compare by identity)
 *   slice    -> PySlice, Ellipsis -> pyEllipsis, range(...) -> PyRange
 *   zip/map/enumerate/generator expressions -> PyIterator (single pass)
 *   builtins, lambdas, native bound methods, math functions -> PyCallable (call `invoke`)
 *   int/float/bool/str/list/tuple/dict (the types) -> PyType (a PyCallable)
 *   math -> PyModule
 * Everything else is a host object and every operation on it goes through PyHost.
 */

/** Base class of the evaluator's own non-primitive values. */
export abstract class PyObject {
  abstract readonly typeName: string;
}

export class PyTuple extends PyObject implements Iterable<unknown> {
  readonly typeName = 'tuple';
  readonly items: readonly unknown[];
  constructor(items: readonly unknown[]) {
    super();
    this.items = Object.freeze([...items]);
  }
  get length(): number {
    return this.items.length;
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.items[Symbol.iterator]();
  }
}

export function pyTuple(...items: unknown[]): PyTuple {
  return new PyTuple(items);
}

/** `a:b:c`; omitted parts are null. Parts are whatever the index expressions evaluated to. */
export class PySlice extends PyObject {
  readonly typeName = 'slice';
  constructor(readonly start: unknown, readonly stop: unknown, readonly step: unknown) {
    super();
  }
}

export class PyEllipsisType extends PyObject {
  readonly typeName = 'ellipsis';
}
export const pyEllipsis = new PyEllipsisType();

export class PyRange extends PyObject implements Iterable<bigint> {
  readonly typeName = 'range';
  constructor(readonly start: bigint, readonly stop: bigint, readonly step: bigint) {
    super();
  }
  get length(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }
  *[Symbol.iterator](): Iterator<bigint> {
    for (let v = this.start, n = this.length; n > 0n; v += this.step, n--) yield v;
  }
}

/** A single-pass iterator (zip, map, enumerate, generator expressions). */
export class PyIterator extends PyObject implements Iterable<unknown> {
  constructor(readonly typeName: string, private readonly source: Iterator<unknown>) {
    super();
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.source;
  }
}

/** Something the evaluator calls itself; the host may call `invoke` too. */
export abstract class PyCallable extends PyObject {
  abstract readonly name: string;
  abstract invoke(args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>): unknown;
}

export type NativeImpl = (args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>) => unknown;

export class PyBuiltin extends PyCallable {
  readonly typeName = 'builtin_function_or_method';
  constructor(readonly name: string, private readonly impl: NativeImpl) {
    super();
  }
  invoke(args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>): unknown {
    return this.impl(args, kwargs);
  }
}

export type NativeTypeName = 'int' | 'float' | 'bool' | 'str' | 'list' | 'tuple' | 'dict';

/** The builtin types: callable (constructors) and usable with isinstance. */
export class PyType extends PyCallable {
  readonly typeName = 'type';
  constructor(readonly name: NativeTypeName, private readonly impl: NativeImpl) {
    super();
  }
  invoke(args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>): unknown {
    return this.impl(args, kwargs);
  }
  isInstance(v: unknown): boolean {
    return nativeTypeName(v) === this.name || (this.name === 'int' && typeof v === 'boolean');
  }
}

export class PyModule extends PyObject {
  readonly typeName = 'module';
  constructor(readonly name: string, readonly attrs: ReadonlyMap<string, unknown>) {
    super();
  }
}

/** True for values the evaluator handles itself; false for host objects. */
export function isNative(v: unknown): boolean {
  switch (typeof v) {
    case 'bigint':
    case 'number':
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    default:
      return v === null || Array.isArray(v) || v instanceof Map || v instanceof PyObject;
  }
}

export function isHost(v: unknown): boolean {
  return !isNative(v);
}

/** Python type name of a native value ('object' for host objects). */
export function nativeTypeName(v: unknown): string {
  switch (typeof v) {
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'str';
    case 'boolean': return 'bool';
    case 'undefined': return 'NoneType';
    default:
      if (v === null) return 'NoneType';
      if (Array.isArray(v)) return 'list';
      if (v instanceof Map) return 'dict';
      if (v instanceof PyObject) return v.typeName;
      return 'object';
  }
}

/** True for Python ints, including bools. */
export function isInt(v: unknown): v is bigint | boolean {
  return typeof v === 'bigint' || typeof v === 'boolean';
}

export function isNumeric(v: unknown): v is bigint | number | boolean {
  return typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean';
}

/** bool -> int; int and float unchanged. */
export function toIntOrFloat(v: bigint | number | boolean): bigint | number {
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}
