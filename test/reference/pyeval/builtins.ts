/** Builtin functions (per run, bound to the runtime's host). */
import { argOr, checkArgs, toIndex } from './args';
import { createBuiltinTypes } from './builtinTypes';
import { PyEvalError, runtimeError, typeError, unsupported } from './errors';
import { pyRepr, pyStr } from './format';
import { floatToInt, roundFloat, roundHalfEven } from './numbers';
import { binaryOp, compareOp, truthy } from './ops';
import { callMethod, callValue, getAttribute, setAttribute } from './runtime';
import type { Runtime } from './runtime';
import { iteratePy } from './sequences';
import {
  PyBuiltin, PyIterator, PyRange, PyTuple, PyType, isHost, isInt, nativeTypeName, pyEllipsis, toIntOrFloat,
} from './values';
import type { NativeImpl } from './values';

function isAttributeError(e: unknown): boolean {
  return e instanceof PyEvalError && e.detail.startsWith('AttributeError');
}

function intRound(x: bigint, ndigits: bigint): bigint {
  if (ndigits >= 0n) return x;
  const q = 10n ** -ndigits;
  let base = x - (((x % q) + q) % q);
  const rem = x - base;
  if (2n * rem > q || (2n * rem === q && (base / q) % 2n !== 0n)) base += q;
  return base;
}

export function createBuiltins(rt: Runtime): Map<string, unknown> {
  const host = rt.host;
  const call = (fn: unknown, args: unknown[]): unknown => callValue(fn, args, new Map(), rt);
  const lessThan = (a: unknown, b: unknown): boolean => truthy(compareOp('<', a, b, host), host);
  const greaterThan = (a: unknown, b: unknown): boolean => truthy(compareOp('>', a, b, host), host);
  const items = (v: unknown): unknown[] => [...iteratePy(v, host)];

  const extremum = (name: string, better: (a: unknown, b: unknown) => boolean): NativeImpl => (args, kwargs) => {
    checkArgs(name, args, kwargs, 1, Infinity, ['key', 'default']);
    const list = args.length === 1 ? items(args[0]) : [...args];
    const key = kwargs.get('key') ?? null;
    if (list.length === 0) {
      if (kwargs.has('default')) return kwargs.get('default');
      throw runtimeError('ValueError', `${name}() arg is an empty sequence`);
    }
    let best = list[0];
    let bestKey = key === null ? best : call(key, [best]);
    for (const x of list.slice(1)) {
      const k = key === null ? x : call(key, [x]);
      if (better(k, bestKey)) [best, bestKey] = [x, k];
    }
    return best;
  };

  const fns: Record<string, NativeImpl> = {
    print: (args, kwargs) => {
      checkArgs('print', args, kwargs, 0, Infinity, ['sep', 'end', 'flush']);
      const sep = kwargs.get('sep') ?? ' ';
      const end = kwargs.get('end') ?? '\n';
      host.print(args.map((a) => pyStr(a, host)).join(pyStr(sep, host)) + pyStr(end, host));
      return null;
    },
    repr: (args, kwargs) => { checkArgs('repr', args, kwargs, 1, 1); return pyRepr(args[0], host); },
    len: (args, kwargs) => {
      checkArgs('len', args, kwargs, 1, 1);
      const [v] = args;
      if (Array.isArray(v)) return BigInt(v.length);
      if (v instanceof PyTuple) return BigInt(v.length);
      if (typeof v === 'string') return BigInt([...v].length);
      if (v instanceof Map) return BigInt(v.size);
      if (v instanceof PyRange) return v.length;
      if (isHost(v)) return toIndex(callMethod(v, '__len__', [], rt), rt);
      throw typeError(`object of type '${nativeTypeName(v)}' has no len()`);
    },
    range: (args, kwargs) => {
      checkArgs('range', args, kwargs, 1, 3);
      const [a, b, c] = args.map((x) => toIndex(x, rt));
      if (c === 0n) throw runtimeError('ValueError', 'range() arg 3 must not be zero');
      return b === undefined ? new PyRange(0n, a ?? 0n, 1n) : new PyRange(a ?? 0n, b, c ?? 1n);
    },
    zip: (args, kwargs) => {
      checkArgs('zip', args, kwargs, 0, Infinity, ['strict']);
      const its = args.map((a) => iteratePy(a, host)[Symbol.iterator]());
      return new PyIterator('zip', (function* zip() {
        if (its.length === 0) return;
        for (;;) {
          const row: unknown[] = [];
          for (const it of its) {
            const r = it.next();
            if (r.done) return;
            row.push(r.value);
          }
          yield new PyTuple(row);
        }
      })());
    },
    enumerate: (args, kwargs) => {
      checkArgs('enumerate', args, kwargs, 1, 2, ['start']);
      let i = toIndex(argOr(args, kwargs, 1, 'start', 0n), rt);
      const it = iteratePy(args[0], host);
      return new PyIterator('enumerate', (function* enumerate() {
        for (const x of it) yield new PyTuple([i++, x]);
      })());
    },
    map: (args, kwargs) => {
      checkArgs('map', args, kwargs, 2, Infinity);
      const [fn, ...rest] = args;
      const zipped = fns.zip?.(rest, new Map()) as PyIterator;
      return new PyIterator('map', (function* map() {
        for (const row of zipped) yield call(fn, [...(row as PyTuple).items]);
      })());
    },
    sum: (args, kwargs) => {
      checkArgs('sum', args, kwargs, 1, 2, ['start']);
      let acc = argOr(args, kwargs, 1, 'start', 0n);
      if (typeof acc === 'string') throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
      for (const x of iteratePy(args[0], host)) acc = binaryOp('+', acc, x, host);
      return acc;
    },
    min: extremum('min', lessThan),
    max: extremum('max', greaterThan),
    any: (args, kwargs) => { checkArgs('any', args, kwargs, 1, 1); return items(args[0]).some((x) => truthy(x, host)); },
    all: (args, kwargs) => { checkArgs('all', args, kwargs, 1, 1); return items(args[0]).every((x) => truthy(x, host)); },
    sorted: (args, kwargs) => {
      checkArgs('sorted', args, kwargs, 1, 1, ['key', 'reverse']);
      const key = kwargs.get('key') ?? null;
      const sign = truthy(kwargs.get('reverse') ?? false, host) ? -1 : 1;
      const keyed = items(args[0]).map((x) => ({ x, k: key === null ? x : call(key, [x]) }));
      keyed.sort((p, q) => sign * (lessThan(p.k, q.k) ? -1 : lessThan(q.k, p.k) ? 1 : 0));
      return keyed.map((p) => p.x);
    },
    reversed: (args, kwargs) => {
      checkArgs('reversed', args, kwargs, 1, 1);
      const [v] = args;
      if (isHost(v) || v instanceof Map || v instanceof PyIterator) throw unsupported(`reversed() of ${nativeTypeName(v)}`);
      return new PyIterator('reversed', items(v).reverse()[Symbol.iterator]());
    },
    abs: (args, kwargs) => {
      checkArgs('abs', args, kwargs, 1, 1);
      const [v] = args;
      if (isInt(v)) { const x = toIntOrFloat(v) as bigint; return x < 0n ? -x : x; }
      if (typeof v === 'number') return Math.abs(v);
      if (isHost(v)) return callMethod(v, '__abs__', [], rt);
      throw typeError(`bad operand type for abs(): '${nativeTypeName(v)}'`);
    },
    round: (args, kwargs) => {
      checkArgs('round', args, kwargs, 1, 2, ['ndigits']);
      const [v] = args;
      const nd = argOr(args, kwargs, 1, 'ndigits', null);
      if (isHost(v)) return callMethod(v, '__round__', nd === null ? [] : [nd], rt);
      if (isInt(v)) return nd === null ? toIntOrFloat(v) : intRound(toIntOrFloat(v) as bigint, toIndex(nd, rt));
      if (typeof v !== 'number') throw typeError(`type ${nativeTypeName(v)} doesn't define __round__ method`);
      return nd === null ? floatToInt(roundHalfEven(v)) : roundFloat(v, Number(toIndex(nd, rt)));
    },
    isinstance: (args, kwargs) => {
      checkArgs('isinstance', args, kwargs, 2, 2);
      const [obj, cls] = args;
      const check = (c: unknown): boolean => {
        if (c instanceof PyType) return c.isInstance(obj);
        if (c instanceof PyTuple) return c.items.some(check);
        if (!host.isInstance) throw unsupported('isinstance() with a host class (PyHost.isInstance is not provided)');
        return host.isInstance(obj, c);
      };
      return check(cls);
    },
    getattr: (args, kwargs) => {
      checkArgs('getattr', args, kwargs, 2, 3);
      try {
        return getAttribute(args[0], String(args[1]), rt);
      } catch (e) {
        if (args.length === 3 && isAttributeError(e)) return args[2];
        throw e;
      }
    },
    hasattr: (args, kwargs) => {
      checkArgs('hasattr', args, kwargs, 2, 2);
      try {
        getAttribute(args[0], String(args[1]), rt);
        return true;
      } catch (e) {
        if (isAttributeError(e)) return false;
        throw e;
      }
    },
    setattr: (args, kwargs) => {
      checkArgs('setattr', args, kwargs, 3, 3);
      setAttribute(args[0], String(args[1]), args[2], rt);
      return null;
    },
  };
  const out = new Map<string, unknown>(Object.entries(fns).map(([n, f]) => [n, new PyBuiltin(n, f)]));
  for (const t of createBuiltinTypes(rt)) out.set(t.name, t);
  out.set('Ellipsis', pyEllipsis);
  return out;
}
