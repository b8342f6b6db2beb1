/** Assignment to targets: names, (nested) tuples/lists, attributes, subscripts. */
import type { Expr } from './ast';
import { locateError } from './errors';
import { evalExpr } from './evaluate';
import { setAttribute, setItem } from './runtime';
import type { Runtime, Scope } from './runtime';
import { unpack } from './sequences';

export function assignTarget(target: Expr, value: unknown, scope: Scope, rt: Runtime): void {
  try {
    assignInner(target, value, scope, rt);
  } catch (e) {
    throw locateError(e, target.line, target.col);
  }
}

function assignInner(target: Expr, value: unknown, scope: Scope, rt: Runtime): void {
  switch (target.kind) {
    case 'name':
      scope.vars.set(target.id, value);
      return;
    case 'tuple':
    case 'list': {
      const values = unpack(value, target.elts.length, rt.host);
      target.elts.forEach((t, i) => assignTarget(t, values[i], scope, rt));
      return;
    }
    case 'attribute':
      setAttribute(evalExpr(target.object, scope, rt), target.attr, value, rt);
      return;
    case 'subscript': {
      const obj = evalExpr(target.object, scope, rt);
      setItem(obj, evalExpr(target.index, scope, rt), value, rt);
      return;
    }
    default:
      throw new Error(`invalid assignment target '${target.kind}'`);
  }
}
