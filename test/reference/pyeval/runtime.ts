/** Shared runtime state and the generic call/attribute/item protocol. */
import { attributeError, typeError } from './errors';
import type { PyHost } from './host';
import { nativeMethod } from './nativeMethods';
import { getItemNative, setItemNative } from './sequences';
import { PyCallable, PyModule, isHost, isNative, nativeTypeName } from './values';

export interface Runtime {
  readonly host: PyHost;
  readonly builtins: ReadonlyMap<string, unknown>;
  /** Modules `import` falls back to when the host does not know a name (e.g. math). */
  readonly modules: ReadonlyMap<string, unknown>;
}

/** A variable scope: the module scope is the globals map; lambdas/comprehensions nest. */
export class Scope {
  constructor(readonly vars: Map<string, unknown>, readonly parent: Scope | null) {}

  find(name: string): { readonly value: unknown } | null {
    if (this.vars.has(name)) return { value: this.vars.get(name) };
    return this.parent ? this.parent.find(name) : null;
  }
}

const EMPTY_KWARGS: ReadonlyMap<string, unknown> = new Map();

export function callValue(
  fn: unknown, args: unknown[], kwargs: Map<string, unknown>, rt: Runtime,
): unknown {
  if (fn instanceof PyCallable) return fn.invoke(args, kwargs);
  if (isNative(fn)) throw typeError(`'${nativeTypeName(fn)}' object is not callable`);
  const r = rt.host.call(fn, args, kwargs);
  return r === undefined ? null : r;
}

export function callMethod(obj: unknown, name: string, args: unknown[], rt: Runtime): unknown {
  return callValue(getAttribute(obj, name, rt), args, new Map(EMPTY_KWARGS), rt);
}

export function getAttribute(obj: unknown, name: string, rt: Runtime): unknown {
  if (isHost(obj)) {
    const v = rt.host.getAttr(obj, name);
    if (v === undefined) throw attributeError(`'object' object has no attribute '${name}'`);
    return v;
  }
  if (obj instanceof PyModule) {
    if (!obj.attrs.has(name)) throw attributeError(`module '${obj.name}' has no attribute '${name}'`);
    return obj.attrs.get(name);
  }
  const method = nativeMethod(obj, name, rt.host);
  if (method === undefined) {
    throw attributeError(`'${nativeTypeName(obj)}' object has no attribute '${name}'`);
  }
  return method;
}

export function setAttribute(obj: unknown, name: string, value: unknown, rt: Runtime): void {
  if (!isHost(obj)) {
    throw attributeError(`'${nativeTypeName(obj)}' object has no attribute '${name}' (or it is read-only)`);
  }
  rt.host.setAttr(obj, name, value);
}

export function getItem(obj: unknown, key: unknown, rt: Runtime): unknown {
  if (!isHost(obj)) return getItemNative(obj, key, rt.host);
  const v = rt.host.getItem(obj, key);
  if (v === undefined) throw typeError("'object' object is not subscriptable");
  return v;
}

export function setItem(obj: unknown, key: unknown, value: unknown, rt: Runtime): void {
  if (isHost(obj)) rt.host.setItem(obj, key, value);
  else setItemNative(obj, key, value);
}
