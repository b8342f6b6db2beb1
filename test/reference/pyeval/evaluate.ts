/** Expression evaluation. */
import type { Call, Comprehension, Expr, Lambda } from './ast';
import { locateError, nameError, typeError } from './errors';
import { binaryOp, compareOp, truthy, unaryOp } from './ops';
import { callMethod, callValue, getAttribute, getItem, Scope } from './runtime';
import type { Runtime } from './runtime';
import { iteratePy } from './sequences';
import { assignTarget } from './assign';
import {
  PyCallable, PyIterator, PySlice, PyTuple, isHost, nativeTypeName, pyEllipsis,
} from './values';

/** Evaluates `node`; any error gets the position of the innermost node it came from. */
export function evalExpr(node: Expr, scope: Scope, rt: Runtime): unknown {
  try {
    return evalNode(node, scope, rt);
  } catch (e) {
    throw locateError(e, node.line, node.col);
  }
}

export function lookupName(name: string, scope: Scope, rt: Runtime): unknown {
  const found = scope.find(name);
  if (found) return found.value;
  if (rt.builtins.has(name)) return rt.builtins.get(name);
  throw nameError(name);
}

function evalNode(node: Expr, scope: Scope, rt: Runtime): unknown {
  const ev = (e: Expr): unknown => evalExpr(e, scope, rt);
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'constant':
      return node.value;
    case 'ellipsis':
      return pyEllipsis;
    case 'name':
      return lookupName(node.id, scope, rt);
    case 'attribute':
      return getAttribute(ev(node.object), node.attr, rt);
    case 'subscript': {
      const obj = ev(node.object);
      return getItem(obj, ev(node.index), rt);
    }
    case 'slice':
      return new PySlice(
        node.lower && ev(node.lower), node.upper && ev(node.upper), node.step && ev(node.step),
      );
    case 'call':
      return evalCall(node, scope, rt);
    case 'binary': {
      const left = ev(node.left);
      return binaryOp(node.op, left, ev(node.right), rt.host);
    }
    case 'unary': {
      const v = ev(node.operand);
      return node.op === 'not' ? !truthy(v, rt.host) : unaryOp(node.op, v, rt.host);
    }
    case 'boolean': {
      let v: unknown = null;
      for (const e of node.values) {
        v = ev(e);
        if (truthy(v, rt.host) === (node.op === 'or')) return v;
      }
      return v;
    }
    case 'compare': {
      let left = ev(node.left);
      let result: unknown = true;
      for (let i = 0; i < node.ops.length; i++) {
        const right = ev(node.comparators[i] as Expr);
        result = compareOp(node.ops[i] ?? '==', left, right, rt.host);
        if (i < node.ops.length - 1 && !truthy(result, rt.host)) return result;
        left = right;
      }
      return result;
    }
    case 'conditional':
      return truthy(ev(node.test), rt.host) ? ev(node.body) : ev(node.orelse);
    case 'tuple':
      return new PyTuple(node.elts.map(ev));
    case 'list':
      return node.elts.map(ev);
    case 'dict': {
      const map = new Map<unknown, unknown>();
      for (const { key, value } of node.entries) {
        const k = ev(key);
        map.set(k, ev(value));
      }
      return map;
    }
    case 'listComp':
      return [...comprehension(node.elt, node.generators, scope, rt)];
    case 'generator':
      return new PyIterator('generator', comprehension(node.elt, node.generators, scope, rt));
    case 'lambda':
      return new PyLambda(node, scope, rt);
  }
}

function evalCall(node: Call, scope: Scope, rt: Runtime): unknown {
  const fn = evalExpr(node.func, scope, rt);
  const args: unknown[] = [];
  const kwargs = new Map<string, unknown>();
  const addKeyword = (name: unknown, value: unknown): void => {
    if (typeof name !== 'string') throw typeError('keywords must be strings');
    if (kwargs.has(name)) throw typeError(`got multiple values for keyword argument '${name}'`);
    kwargs.set(name, value);
  };
  for (const arg of node.args) {
    const value = evalExpr(arg.value, scope, rt);
    if (arg.kind === 'positional') args.push(value);
    else if (arg.kind === 'keyword') addKeyword(arg.name, value);
    else if (arg.kind === 'star') args.push(...iteratePy(value, rt.host));
    else if (value instanceof Map) for (const [k, v] of value) addKeyword(k, v);
    else if (isHost(value)) {
      for (const k of iteratePy(callMethod(value, 'keys', [], rt), rt.host)) addKeyword(k, getItem(value, k, rt));
    } else {
      throw typeError(`argument after ** must be a mapping, not ${nativeTypeName(value)}`);
    }
  }
  return callValue(fn, args, kwargs, rt);
}

/**
 * Lazily runs the `for`/`if` clauses of a comprehension in a fresh scope. The first iterable is
 * evaluated immediately in the enclosing scope, as in Python.
 */
function comprehension(
  elt: Expr, generators: readonly Comprehension[], outer: Scope, rt: Runtime,
): Generator<unknown> {
  const scope = new Scope(new Map(), outer);
  const [first] = generators;
  if (!first) throw new Error('comprehension without a for clause');
  const firstIterable = iteratePy(evalExpr(first.iter, outer, rt), rt.host);
  function* run(index: number, iterable: Iterable<unknown>): Generator<unknown> {
    const gen = generators[index] as Comprehension;
    for (const item of iterable) {
      assignTarget(gen.target, item, scope, rt);
      if (!gen.ifs.every((c) => truthy(evalExpr(c, scope, rt), rt.host))) continue;
      const nextGen = generators[index + 1];
      if (nextGen) yield* run(index + 1, iteratePy(evalExpr(nextGen.iter, scope, rt), rt.host));
      else yield evalExpr(elt, scope, rt);
    }
  }
  return run(0, firstIterable);
}

/** A `lambda`: closes over its defining scope (late binding, like Python). */
export class PyLambda extends PyCallable {
  readonly typeName = 'function';
  readonly name = '<lambda>';
  private readonly defaults: readonly unknown[];

  constructor(private readonly node: Lambda, private readonly closure: Scope, private readonly rt: Runtime) {
    super();
    this.defaults = node.params.map((p) => (p.default ? evalExpr(p.default, closure, rt) : undefined));
  }

  invoke(args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>): unknown {
    const { params } = this.node;
    if (args.length > params.length) {
      throw typeError(`<lambda>() takes ${params.length} positional arguments but ${args.length} were given`);
    }
    const locals = new Map<string, unknown>();
    params.forEach((p, i) => {
      if (i < args.length) {
        if (kwargs.has(p.name)) throw typeError(`<lambda>() got multiple values for argument '${p.name}'`);
        locals.set(p.name, args[i]);
      } else if (kwargs.has(p.name)) {
        locals.set(p.name, kwargs.get(p.name));
      } else if (p.default !== null) {
        locals.set(p.name, this.defaults[i]);
      } else {
        throw typeError(`<lambda>() missing required argument: '${p.name}'`);
      }
    });
    for (const k of kwargs.keys()) {
      if (!params.some((p) => p.name === k)) throw typeError(`<lambda>() got an unexpected keyword argument '${k}'`);
    }
    return evalExpr(this.node.body, new Scope(locals, this.closure), this.rt);
  }
}
