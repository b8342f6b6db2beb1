/** Statement execution and the public entry points runPython / evalPython. */
import type { AugAssign, Module, Stmt, WithItem } from './ast';
import { assignTarget } from './assign';
import { createBuiltins } from './builtins';
import { PyEvalError, locateError, runtimeError, typeError } from './errors';
import { evalExpr, lookupName } from './evaluate';
import { pyStr } from './format';
import type { PyHost } from './host';
import { mathModule } from './mathModule';
import { inplaceOp, truthy } from './ops';
import { parseExpression, parsePython } from './parser';
import {
  callMethod, callValue, getAttribute, getItem, Scope, setAttribute, setItem,
} from './runtime';
import type { Runtime } from './runtime';
import { iteratePy } from './sequences';
import { isHost, nativeTypeName } from './values';

/** Thrown (not as an Error) to unwind to the enclosing loop. */
class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}
const BREAK = new LoopSignal('break');
const CONTINUE = new LoopSignal('continue');

export function createRuntime(host: PyHost): Runtime {
  const builtins = new Map<string, unknown>();
  const rt: Runtime = { host, builtins, modules: new Map([['math', mathModule]]) };
  for (const [k, v] of createBuiltins(rt)) builtins.set(k, v);
  return rt;
}

/**
 * Runs a script. Top-level names are read from and written to `globals` (so the caller finds
 * `out`, `loss`, ... there afterwards); builtins are looked up after globals.
 */
export function runPython(source: string, globals: Map<string, unknown>, host: PyHost): void {
  runModule(parsePython(source), globals, host);
}

export function runModule(module: Module, globals: Map<string, unknown>, host: PyHost): void {
  execBlock(module.body, new Scope(globals, null), createRuntime(host));
}

/** Evaluates one expression against `globals`. */
export function evalPython(source: string, globals: Map<string, unknown>, host: PyHost): unknown {
  return evalExpr(parseExpression(source), new Scope(globals, null), createRuntime(host));
}

function execBlock(body: readonly Stmt[], scope: Scope, rt: Runtime): void {
  for (const stmt of body) {
    try {
      execStmt(stmt, scope, rt);
    } catch (e) {
      throw locateError(e, stmt.line, stmt.col);
    }
  }
}

function execStmt(stmt: Stmt, scope: Scope, rt: Runtime): void {
  switch (stmt.kind) {
    case 'assign': {
      const value = evalExpr(stmt.value, scope, rt);
      for (const t of stmt.targets) assignTarget(t, value, scope, rt);
      return;
    }
    case 'augAssign':
      return execAugAssign(stmt, scope, rt);
    case 'expr':
      evalExpr(stmt.value, scope, rt);
      return;
    case 'for':
      for (const item of iteratePy(evalExpr(stmt.iter, scope, rt), rt.host)) {
        assignTarget(stmt.target, item, scope, rt);
        try {
          execBlock(stmt.body, scope, rt);
        } catch (e) {
          if (e === BREAK) break;
          if (e !== CONTINUE) throw e;
        }
      }
      return;
    case 'if':
      return execBlock(truthy(evalExpr(stmt.test, scope, rt), rt.host) ? stmt.body : stmt.orelse, scope, rt);
    case 'with':
      return execWith(stmt.items, 0, stmt.body, scope, rt);
    case 'import':
      for (const { name, asname } of stmt.names) {
        const module = importModule(name, rt);
        const top = name.split('.')[0] ?? name;
        scope.vars.set(asname ?? top, asname === null && top !== name ? importModule(top, rt) : module);
      }
      return;
    case 'importFrom': {
      const module = importModule(stmt.module, rt);
      for (const { name, asname } of stmt.names) scope.vars.set(asname ?? name, importFrom(module, stmt.module, name, rt));
      return;
    }
    case 'assert':
      if (!truthy(evalExpr(stmt.test, scope, rt), rt.host)) {
        const msg = stmt.msg ? pyStr(evalExpr(stmt.msg, scope, rt), rt.host) : '';
        throw new PyEvalError('runtime', msg ? `AssertionError: ${msg}` : 'AssertionError');
      }
      return;
    case 'pass':
      return;
    case 'break':
      throw BREAK;
    case 'continue':
      throw CONTINUE;
  }
}

function execAugAssign(stmt: AugAssign, scope: Scope, rt: Runtime): void {
  const { target, op } = stmt;
  switch (target.kind) {
    case 'name': {
      const current = lookupName(target.id, scope, rt);
      scope.vars.set(target.id, inplaceOp(op, current, evalExpr(stmt.value, scope, rt), rt.host));
      return;
    }
    case 'attribute': {
      const obj = evalExpr(target.object, scope, rt);
      const current = getAttribute(obj, target.attr, rt);
      setAttribute(obj, target.attr, inplaceOp(op, current, evalExpr(stmt.value, scope, rt), rt.host), rt);
      return;
    }
    case 'subscript': {
      const obj = evalExpr(target.object, scope, rt);
      const key = evalExpr(target.index, scope, rt);
      const current = getItem(obj, key, rt);
      setItem(obj, key, inplaceOp(op, current, evalExpr(stmt.value, scope, rt), rt.host), rt);
      return;
    }
    default:
      throw typeError(`illegal target for augmented assignment: ${target.kind}`);
  }
}

/** Python exception type name passed to __exit__ (e.g. 'ZeroDivisionError'). */
function exceptionTypeName(e: unknown): string {
  if (e instanceof PyEvalError) return e.detail.split(':')[0] ?? 'Exception';
  return e instanceof Error ? e.name : 'Exception';
}

/** `with a as x, b:` = nested withs; `__exit__(typeName, error, None)` on an exception. */
function execWith(items: readonly WithItem[], i: number, body: readonly Stmt[], scope: Scope, rt: Runtime): void {
  const item = items[i];
  if (!item) return execBlock(body, scope, rt);
  const manager = evalExpr(item.context, scope, rt);
  if (!isHost(manager)) {
    throw typeError(`'${nativeTypeName(manager)}' object does not support the context manager protocol`);
  }
  const exit = getAttribute(manager, '__exit__', rt);
  const entered = callMethod(manager, '__enter__', [], rt);
  try {
    if (item.target) assignTarget(item.target, entered, scope, rt);
    execWith(items, i + 1, body, scope, rt);
  } catch (e) {
    if (e instanceof LoopSignal) {
      callValue(exit, [null, null, null], new Map(), rt);
      throw e;
    }
    const err = locateError(e, item.context.line, item.context.col);
    if (!truthy(callValue(exit, [exceptionTypeName(err), err, null], new Map(), rt), rt.host)) throw err;
    return;
  }
  callValue(exit, [null, null, null], new Map(), rt);
}

function importModule(name: string, rt: Runtime): unknown {
  const fromHost = rt.host.importModule(name);
  if (fromHost !== undefined) return fromHost;
  if (rt.modules.has(name)) return rt.modules.get(name);
  throw runtimeError('ModuleNotFoundError', `No module named '${name}'`);
}

function importFrom(module: unknown, moduleName: string, name: string, rt: Runtime): unknown {
  try {
    return getAttribute(module, name, rt);
  } catch (e) {
    if (!(e instanceof PyEvalError) || !e.detail.startsWith('AttributeError')) throw e;
  }
  const sub = rt.host.importModule(`${moduleName}.${name}`);
  if (sub !== undefined) return sub;
  throw runtimeError('ImportError', `cannot import name '${name}' from '${moduleName}'`);
}
