/** The builtin types int, float, bool, str, list, tuple, dict (callable, usable with isinstance). */
import { argOr, checkArgs } from './args';
import { runtimeError, typeError } from './errors';
import { pyRepr, pyStr } from './format';
import { floatToInt, parseFloatText, parseIntText } from './numbers';
import { truthy } from './ops';
import { callMethod } from './runtime';
import type { Runtime } from './runtime';
import { iteratePy, unpack } from './sequences';
import { PyTuple, PyType, isHost, nativeTypeName, toIntOrFloat } from './values';
import type { NativeImpl, NativeTypeName } from './values';

function toInt(v: unknown, base: unknown, rt: Runtime): bigint {
  if (typeof v === 'string') {
    const b = base === undefined ? 10 : Number(base);
    const r = parseIntText(v, b);
    if (r === null) throw runtimeError('ValueError', `invalid literal for int() with base ${b}: ${pyRepr(v, rt.host)}`);
    return r;
  }
  if (base !== undefined) throw typeError("int() can't convert non-string with explicit base");
  if (typeof v === 'bigint' || typeof v === 'boolean') return toIntOrFloat(v) as bigint;
  if (typeof v === 'number') return floatToInt(v);
  if (isHost(v)) return toInt(callMethod(v, '__int__', [], rt), undefined, rt);
  throw typeError(`int() argument must be a string or a real number, not '${nativeTypeName(v)}'`);
}

function toFloat(v: unknown, rt: Runtime): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return Number(toIntOrFloat(v));
  if (typeof v === 'string') {
    const r = parseFloatText(v);
    if (r === null) throw runtimeError('ValueError', `could not convert string to float: ${pyRepr(v, rt.host)}`);
    return r;
  }
  if (isHost(v)) return toFloat(callMethod(v, '__float__', [], rt), rt);
  throw typeError(`float() argument must be a string or a real number, not '${nativeTypeName(v)}'`);
}

function toDict(args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>, rt: Runtime): Map<unknown, unknown> {
  checkArgs('dict', args, new Map(), 0, 1);
  const out = new Map<unknown, unknown>();
  const [src] = args;
  if (src instanceof Map) for (const [k, v] of src) out.set(k, v);
  else if (args.length > 0) {
    for (const pair of iteratePy(src, rt.host)) {
      const [k, v] = unpack(pair, 2, rt.host);
      out.set(k, v);
    }
  }
  for (const [k, v] of kwargs) out.set(k, v);
  return out;
}

export function createBuiltinTypes(rt: Runtime): PyType[] {
  const host = rt.host;
  const impls: Record<NativeTypeName, NativeImpl> = {
    int: (args, kwargs) => {
      checkArgs('int', args, kwargs, 0, 2, ['base']);
      return args.length === 0 ? 0n : toInt(args[0], argOr(args, kwargs, 1, 'base', undefined), rt);
    },
    float: (args, kwargs) => {
      checkArgs('float', args, kwargs, 0, 1);
      return args.length === 0 ? 0 : toFloat(args[0], rt);
    },
    bool: (args, kwargs) => {
      checkArgs('bool', args, kwargs, 0, 1);
      return args.length > 0 && truthy(args[0], host);
    },
    str: (args, kwargs) => {
      checkArgs('str', args, kwargs, 0, 1);
      return args.length === 0 ? '' : pyStr(args[0], host);
    },
    list: (args, kwargs) => {
      checkArgs('list', args, kwargs, 0, 1);
      return args.length === 0 ? [] : [...iteratePy(args[0], host)];
    },
    tuple: (args, kwargs) => {
      checkArgs('tuple', args, kwargs, 0, 1);
      return new PyTuple(args.length === 0 ? [] : [...iteratePy(args[0], host)]);
    },
    dict: (args, kwargs) => toDict(args, kwargs, rt),
  };
  return Object.entries(impls).map(([name, impl]) => new PyType(name as NativeTypeName, impl));
}
