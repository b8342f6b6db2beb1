/** A tiny host for the pyeval tests: `Vec` is a float vector with elementwise operators. */
import { PyTuple, sliceIndices, PySlice } from '../../reference/pyeval';
import type { BinaryOp, CompareOp, PyHost, UnaryOp } from '../../reference/pyeval';

export type HostImpl = (args: unknown[], kwargs: Map<string, unknown>) => unknown;

export class Vec {
  constructor(public data: number[]) {}
}

/** A host callable (what torch functions and bound methods would be). */
export class HostFn {
  constructor(readonly name: string, readonly impl: HostImpl) {}
}

/** A host object with free-form attributes (modules, nn.Module-like objects). */
export class Bag {
  readonly attrs = new Map<string, unknown>();
  constructor(readonly name: string, attrs: Record<string, unknown> = {}) {
    for (const [k, v] of Object.entries(attrs)) this.attrs.set(k, v);
  }
}

/** A context manager that logs enter/exit; `suppress` makes __exit__ swallow exceptions. */
export class Ctx {
  constructor(readonly log: string[], readonly name: string, readonly suppress = false) {}
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TypeError(`not a number: ${String(v)}`);
}

function vecArg(v: unknown): Vec {
  if (v instanceof Vec) return v;
  if (Array.isArray(v)) return new Vec(v.map(num));
  throw new TypeError('expected a Vec or a list');
}

const BIN: Partial<Record<BinaryOp, (x: number, y: number) => number>> = {
  '+': (x, y) => x + y, '-': (x, y) => x - y, '*': (x, y) => x * y, '/': (x, y) => x / y,
  '**': (x, y) => x ** y,
};
const CMP: Partial<Record<CompareOp, (x: number, y: number) => boolean>> = {
  '==': (x, y) => x === y, '!=': (x, y) => x !== y, '<': (x, y) => x < y, '<=': (x, y) => x <= y,
  '>': (x, y) => x > y, '>=': (x, y) => x >= y,
};

function zipWith<T>(a: unknown, b: unknown, f: (x: number, y: number) => T): T[] {
  const n = a instanceof Vec ? a.data.length : (b as Vec).data.length;
  const at = (v: unknown, i: number): number => (v instanceof Vec ? (v.data[i] ?? NaN) : num(v));
  return Array.from({ length: n }, (_, i) => f(at(a, i), at(b, i)));
}

export class FakeHost implements PyHost {
  readonly printed: string[] = [];
  readonly ops: string[] = [];
  readonly keys: unknown[] = [];

  getAttr(obj: unknown, name: string): unknown {
    if (obj instanceof Bag) return obj.attrs.get(name);
    if (obj instanceof Ctx) {
      if (name === '__enter__') return new HostFn('enter', () => { obj.log.push(`enter ${obj.name}`); return obj.name; });
      if (name === '__exit__') {
        return new HostFn('exit', (args) => {
          obj.log.push(`exit ${obj.name} ${args.map((a) => (a === null ? 'None' : typeof a === 'string' ? a : 'err')).join(' ')}`);
          return obj.suppress;
        });
      }
      return undefined;
    }
    if (!(obj instanceof Vec)) return undefined;
    switch (name) {
      case 'data': return [...obj.data];
      case 'shape': return new PyTuple([BigInt(obj.data.length)]);
      case 'sum': return new HostFn('sum', () => obj.data.reduce((s, x) => s + x, 0));
      case 'dot': return new HostFn('dot', (args) => this.binary('@', obj, args[0]));
      case '__len__': return new HostFn('len', () => BigInt(obj.data.length));
      case '__abs__': return new HostFn('abs', () => new Vec(obj.data.map(Math.abs)));
      case '__float__': return new HostFn('float', () => { if (obj.data.length !== 1) throw new Error('only one element'); return obj.data[0]; });
      case '__int__': return new HostFn('int', () => BigInt(Math.trunc(obj.data[0] ?? 0)));
      case '__round__': return new HostFn('round', () => new Vec(obj.data.map(Math.round)));
      case '__index__': return new HostFn('index', () => BigInt(obj.data[0] ?? 0));
      default: return undefined;
    }
  }

  setAttr(obj: unknown, name: string, value: unknown): void {
    if (obj instanceof Bag) obj.attrs.set(name, value);
    else if (obj instanceof Vec && name === 'data') obj.data = vecArg(value).data;
    else throw new Error(`cannot set ${name}`);
  }

  call(fn: unknown, args: unknown[], kwargs: Map<string, unknown>): unknown {
    if (fn instanceof HostFn) return fn.impl(args, kwargs);
    throw new TypeError('object is not callable');
  }

  binary(op: BinaryOp, a: unknown, b: unknown): unknown {
    this.ops.push(`${typeof a === 'object' ? 'Vec' : typeof a} ${op} ${typeof b === 'object' ? 'Vec' : typeof b}`);
    if (!(a instanceof Vec || b instanceof Vec)) return undefined;
    if (op === '@') return zipWith(a, b, (x, y) => x * y).reduce((s, x) => s + x, 0);
    const f = BIN[op];
    return f ? new Vec(zipWith(a, b, f)) : undefined;
  }

  inplace(op: BinaryOp, a: unknown, b: unknown): unknown {
    this.ops.push(`inplace ${op}`);
    const r = this.binary(op, a, b);
    if (a instanceof Vec && r instanceof Vec) {
      a.data = r.data;
      return a;
    }
    return r;
  }

  unary(op: UnaryOp, a: unknown): unknown {
    if (a instanceof Vec && op === '-') return new Vec(a.data.map((x) => -x));
    return undefined;
  }

  compare(op: CompareOp, a: unknown, b: unknown): unknown {
    if (op === 'in') return b instanceof Vec && b.data.includes(num(a));
    if (!(a instanceof Vec || b instanceof Vec)) return undefined;
    const f = CMP[op];
    return f ? new Vec(zipWith(a, b, (x, y) => (f(x, y) ? 1 : 0))) : undefined;
  }

  getItem(obj: unknown, key: unknown): unknown {
    this.keys.push(key);
    if (obj instanceof Bag) return obj.attrs.get(String(key));
    if (!(obj instanceof Vec)) return undefined;
    if (typeof key === 'bigint') {
      const i = Number(key) < 0 ? Number(key) + obj.data.length : Number(key);
      if (i < 0 || i >= obj.data.length) throw new RangeError('index out of range');
      return obj.data[i];
    }
    if (key instanceof PySlice) {
      const { start, step, count } = sliceIndices(key, obj.data.length);
      return new Vec(Array.from({ length: count }, (_, k) => obj.data[start + k * step] ?? NaN));
    }
    return 0;
  }

  setItem(obj: unknown, key: unknown, value: unknown): void {
    if (obj instanceof Vec && typeof key === 'bigint') obj.data[Number(key)] = num(value);
    else if (obj instanceof Bag) obj.attrs.set(String(key), value);
    else throw new Error('bad setItem');
  }

  iterate(obj: unknown): Iterable<unknown> {
    if (obj instanceof Vec) return obj.data;
    throw new TypeError('not iterable');
  }

  truthy(obj: unknown): boolean {
    if (obj instanceof Vec) {
      if (obj.data.length > 1) throw new Error('Boolean value of Vec with more than one value is ambiguous');
      return obj.data.length === 1 && obj.data[0] !== 0;
    }
    return true;
  }

  importModule(name: string): unknown {
    if (name === 'vec') return VEC_MODULE;
    if (name === 'vec.linalg') return LINALG_MODULE;
    return undefined;
  }

  str(obj: unknown): string {
    return obj instanceof Vec ? `vec${JSON.stringify(obj.data)}` : `<${obj instanceof Bag ? obj.name : 'host'}>`;
  }

  repr(obj: unknown): string {
    return obj instanceof Vec ? `Vec(${JSON.stringify(obj.data)})` : `<${obj instanceof Bag ? obj.name : 'host'}>`;
  }

  print(text: string): void {
    this.printed.push(text);
  }

  isInstance(obj: unknown, cls: unknown): boolean {
    return cls === VEC_CLASS && obj instanceof Vec;
  }
}

export const VEC_CLASS = new HostFn('Vec', (args) => vecArg(args[0]));
const LINALG_MODULE = new Bag('vec.linalg', { norm: new HostFn('norm', (args) => Math.hypot(...vecArg(args[0]).data)) });
export const VEC_MODULE = new Bag('vec', {
  Vec: VEC_CLASS,
  linalg: LINALG_MODULE,
  /** Returns its arguments as (args_list, kwargs_dict). */
  record: new HostFn('record', (args, kwargs) => new PyTuple([args, new Map<unknown, unknown>(kwargs)])),
  boom: new HostFn('boom', () => { throw new RangeError('kaboom'); }),
  nothing: new HostFn('nothing', () => undefined),
});
