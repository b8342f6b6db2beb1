/** Python arithmetic on ints (bigint) and floats (number). */
import type { BinaryOp } from './ast';
import { runtimeError, typeError, unsupported } from './errors';

function zeroDivision(msg: string): Error {
  return runtimeError('ZeroDivisionError', msg);
}

export function intBinary(op: BinaryOp, a: bigint, b: bigint): bigint | number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (b === 0n) throw zeroDivision('division by zero');
      return Number(a) / Number(b);
    case '//': {
      if (b === 0n) throw zeroDivision('integer division or modulo by zero');
      const q = a / b;
      return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
    }
    case '%': {
      if (b === 0n) throw zeroDivision('integer division or modulo by zero');
      const r = a % b;
      return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
    }
    case '**':
      if (b < 0n) return floatBinary('**', Number(a), Number(b));
      return a ** b;
    case '<<':
    case '>>':
      if (b < 0n) throw runtimeError('ValueError', 'negative shift count');
      return op === '<<' ? a << b : a >> b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '@':
      throw typeError("unsupported operand type(s) for @: 'int' and 'int'");
  }
}

export function floatBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (b === 0) throw zeroDivision('float division by zero');
      return a / b;
    case '//':
      if (b === 0) throw zeroDivision('float floor division by zero');
      return Math.floor(a / b);
    case '%': {
      if (b === 0) throw zeroDivision('float modulo');
      const r = a % b;
      if (r === 0) return b < 0 ? -0 : 0;
      return (r < 0) !== (b < 0) ? r + b : r;
    }
    case '**':
      return floatPow(a, b);
    default:
      throw typeError(`unsupported operand type(s) for ${op}: 'float' and 'float'`);
  }
}

function floatPow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && !Number.isFinite(b)) return 1;
  if (a === 0 && b < 0) throw zeroDivision('0.0 cannot be raised to a negative power');
  if (a < 0 && Number.isFinite(a) && Number.isFinite(b) && !Number.isInteger(b)) {
    throw unsupported('complex result of ** (negative base, fractional exponent)');
  }
  return Math.pow(a, b);
}

/** Python's round-half-to-even of a float to an int. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** round(x, ndigits) for a float: correctly rounded, ties to even (like Python). */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || ndigits > 75 || Math.abs(x) >= 1e21) return x;
  if (ndigits < 0) {
    const scale = 10 ** -ndigits;
    return roundHalfEven(x / scale) * scale;
  }
  // toFixed works on the exact binary value, so it only needs help with exact ties.
  const exact = Math.abs(x).toFixed(100);
  const rest = exact.slice(exact.indexOf('.') + 1 + ndigits);
  if (/^50*$/.test(rest)) return roundHalfEven(x * 10 ** ndigits) / 10 ** ndigits;
  return Number(x.toFixed(ndigits));
}

export function floatToInt(x: number): bigint {
  if (Number.isNaN(x)) throw runtimeError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw runtimeError('OverflowError', 'cannot convert float infinity to integer');
  return BigInt(Math.trunc(x));
}

const FLOAT_RE = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** float('...') parsing, including nan/inf spellings. */
export function parseFloatText(text: string): number | null {
  const s = text.trim().toLowerCase();
  const body = s.replace(/^[+-]/, '');
  const neg = s.startsWith('-');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return neg ? -Infinity : Infinity;
  if (!FLOAT_RE.test(s)) return null;
  return Number(s.replace(/_/g, ''));
}

/** int('...') parsing in base 2..36 (base 0 follows the literal prefix). */
export function parseIntText(text: string, base: number): bigint | null {
  let s = text.trim().toLowerCase().replace(/_/g, '');
  let sign = 1n;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -1n;
    s = s.slice(1);
  }
  const prefixes: Readonly<Record<string, number>> = { '0x': 16, '0o': 8, '0b': 2 };
  const prefixBase = prefixes[s.slice(0, 2)];
  if (prefixBase !== undefined && (base === 0 || base === prefixBase)) {
    s = s.slice(2);
    base = prefixBase;
  }
  if (base === 0) base = 10;
  if (s === '') return null;
  let value = 0n;
  for (const ch of s) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return null;
    value = value * BigInt(base) + BigInt(d);
  }
  return sign * value;
}
