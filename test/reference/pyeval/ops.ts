/** Operators with Python semantics; host objects are delegated to the PyHost. */
import type { BinaryOp, CompareOp, SourceCompareOp, UnaryOp } from './ast';
import { typeError, unsupported } from './errors';
import type { PyHost } from './host';
import { floatBinary, intBinary } from './numbers';
import { iteratePy } from './sequences';
import {
  PyRange, PyTuple, isHost, isInt, isNumeric, nativeTypeName, toIntOrFloat,
} from './values';

function operandError(op: string, a: unknown, b: unknown): Error {
  return typeError(`unsupported operand type(s) for ${op}: '${nativeTypeName(a)}' and '${nativeTypeName(b)}'`);
}

function hostResult(r: unknown, err: () => Error): unknown {
  if (r === undefined) throw err();
  return r;
}

export function binaryOp(op: BinaryOp, a: unknown, b: unknown, host: PyHost): unknown {
  if (isHost(a) || isHost(b)) return hostResult(host.binary(op, a, b), () => operandError(op, a, b));
  if (isNumeric(a) && isNumeric(b)) {
    if (typeof a === 'boolean' && typeof b === 'boolean' && (op === '&' || op === '|' || op === '^')) {
      return op === '&' ? a && b : op === '|' ? a || b : a !== b;
    }
    const x = toIntOrFloat(a);
    const y = toIntOrFloat(b);
    if (typeof x === 'bigint' && typeof y === 'bigint') return intBinary(op, x, y);
    if (['&', '|', '^', '<<', '>>', '@'].includes(op)) throw operandError(op, a, b);
    return floatBinary(op, Number(x), Number(y));
  }
  return sequenceBinary(op, a, b);
}

function repeatCount(n: unknown): number | null {
  return isInt(n) ? Math.max(0, Number(toIntOrFloat(n))) : null;
}

function sequenceBinary(op: BinaryOp, a: unknown, b: unknown): unknown {
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
  }
  if (op === '*') {
    const [seq, n] = isInt(a) ? [b, repeatCount(a)] : [a, repeatCount(b)];
    if (n !== null) {
      if (typeof seq === 'string') return seq.repeat(n);
      const items = Array.isArray(seq) ? seq : seq instanceof PyTuple ? seq.items : null;
      if (items) {
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(...items);
        return Array.isArray(seq) ? out : new PyTuple(out);
      }
    }
  }
  if (op === '%' && typeof a === 'string') throw unsupported('printf-style string formatting (%)');
  throw operandError(op, a, b);
}

/** `a op= b`: lists are extended/repeated in place; host objects may update in place. */
export function inplaceOp(op: BinaryOp, a: unknown, b: unknown, host: PyHost): unknown {
  if (isHost(a)) {
    const r = host.inplace ? host.inplace(op, a, b) : host.binary(op, a, b);
    return hostResult(r, () => operandError(`${op}=`, a, b));
  }
  if (Array.isArray(a) && op === '+' && !isHost(b)) {
    a.push(...iteratePy(b, host));
    return a;
  }
  if (Array.isArray(a) && op === '*' && isInt(b)) {
    const items = [...a];
    a.length = 0;
    for (let i = Number(toIntOrFloat(b)); i > 0; i--) a.push(...items);
    return a;
  }
  return binaryOp(op, a, b, host);
}

export function unaryOp(op: UnaryOp, v: unknown, host: PyHost): unknown {
  if (isHost(v)) {
    return hostResult(host.unary(op, v), () => typeError(`bad operand type for unary ${op}: 'object'`));
  }
  if (isNumeric(v)) {
    const x = toIntOrFloat(v);
    if (op === '+') return x;
    if (op === '-') return -x;
    if (typeof x === 'bigint') return ~x;
  }
  throw typeError(`bad operand type for unary ${op}: '${nativeTypeName(v)}'`);
}

export function truthy(v: unknown, host: PyHost): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
    default: break;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof PyRange) return v.length > 0n;
  if (isHost(v)) return host.truthy(v);
  return true;
}

export function isSame(a: unknown, b: unknown): boolean {
  const na = a === undefined ? null : a;
  const nb = b === undefined ? null : b;
  return na === nb || Object.is(na, nb);
}

/** `==` as a boolean (used by `in`, list equality, ...). */
export function pyEquals(a: unknown, b: unknown, host: PyHost): boolean {
  if (isSame(a, b)) return true;
  if (isHost(a) || isHost(b)) return truthy(compareHost('==', a, b, host), host);
  if (isNumeric(a) && isNumeric(b)) return toIntOrFloat(a) == toIntOrFloat(b);
  if (Array.isArray(a) && Array.isArray(b)) return seqEquals(a, b, host);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEquals(a.items, b.items, host);
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !pyEquals(v, b.get(k), host)) return false;
    return true;
  }
  if (a instanceof PyRange && b instanceof PyRange) {
    return a.start === b.start && a.stop === b.stop && a.step === b.step;
  }
  return false;
}

function seqEquals(a: readonly unknown[], b: readonly unknown[], host: PyHost): boolean {
  return a.length === b.length && a.every((x, i) => pyEquals(x, b[i], host));
}

function compareHost(op: CompareOp, a: unknown, b: unknown, host: PyHost): unknown {
  const r = host.compare(op, a, b);
  if (r !== undefined) return r;
  if (op === '==' || op === '!=') return (op === '==') === isSame(a, b);
  throw orderError(op, a, b);
}

function orderError(op: string, a: unknown, b: unknown): Error {
  return typeError(`'${op}' not supported between instances of '${nativeTypeName(a)}' and '${nativeTypeName(b)}'`);
}

/** Negative, zero or positive for native a ? b (or throws TypeError). */
function order(a: unknown, b: unknown, op: string, host: PyHost): number {
  if (isNumeric(a) && isNumeric(b)) {
    const x = toIntOrFloat(a);
    const y = toIntOrFloat(b);
    return x < y ? -1 : x > y ? 1 : x == y ? 0 : NaN;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const seqA = Array.isArray(a) ? a : a instanceof PyTuple ? a.items : null;
  const seqB = Array.isArray(b) ? b : b instanceof PyTuple ? b.items : null;
  if (seqA && seqB && Array.isArray(a) === Array.isArray(b)) {
    for (let i = 0; i < Math.min(seqA.length, seqB.length); i++) {
      if (!pyEquals(seqA[i], seqB[i], host)) {
        return truthy(compareOp('<', seqA[i], seqB[i], host), host) ? -1 : 1;
      }
    }
    return seqA.length - seqB.length;
  }
  throw orderError(op, a, b);
}

export function compareOp(op: SourceCompareOp, a: unknown, b: unknown, host: PyHost): unknown {
  switch (op) {
    case 'is': return isSame(a, b);
    case 'is not': return !isSame(a, b);
    case 'in': return contains(b, a, host);
    case 'not in': return !contains(b, a, host);
    default: break;
  }
  if (isHost(a) || isHost(b)) return compareHost(op, a, b, host);
  if (op === '==') return pyEquals(a, b, host);
  if (op === '!=') return !pyEquals(a, b, host);
  const c = order(a, b, op, host);
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    default: return c >= 0;
  }
}

export function contains(container: unknown, item: unknown, host: PyHost): boolean {
  if (isHost(container)) return truthy(compareHost('in', item, container, host), host);
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${nativeTypeName(item)}`);
    return container.includes(item);
  }
  if (container instanceof Map) return container.has(item);
  if (container instanceof PyRange && isInt(item)) {
    const v = toIntOrFloat(item) as bigint;
    const { start, stop, step } = container;
    const inside = step > 0n ? v >= start && v < stop : v <= start && v > stop;
    return inside && (v - start) % step === 0n;
  }
  for (const x of iteratePy(container, host)) if (pyEquals(x, item, host)) return true;
  return false;
}
