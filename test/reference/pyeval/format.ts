/** str() and repr() of native values, with Python's float formatting. */
import type { PyHost } from './host';
import {
  PyBuiltin, PyEllipsisType, PyIterator, PyModule, PyRange, PySlice, PyTuple, PyType, isHost,
} from './values';

/** Python's repr of a float: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  return `${sign}${intPart}.${digits.slice(exp + 1) || '0'}`;
}

export function quoteString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

export function pyRepr(v: unknown, host: PyHost): string {
  return reprInner(v, host, new Set());
}

export function pyStr(v: unknown, host: PyHost): string {
  if (typeof v === 'string') return v;
  if (isHost(v)) return host.str(v);
  return pyRepr(v, host);
}

function reprInner(v: unknown, host: PyHost, seen: Set<unknown>): string {
  if (v === null || v === undefined) return 'None';
  switch (typeof v) {
    case 'boolean': return v ? 'True' : 'False';
    case 'bigint': return v.toString();
    case 'number': return formatFloat(v);
    case 'string': return quoteString(v);
    default: break;
  }
  if (isHost(v)) return host.repr(v);
  if (seen.has(v)) return Array.isArray(v) ? '[...]' : '{...}';
  seen.add(v);
  try {
    return containerRepr(v, (x) => reprInner(x, host, seen));
  } finally {
    seen.delete(v);
  }
}

function containerRepr(v: unknown, repr: (x: unknown) => string): string {
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (v instanceof PyTuple) {
    return v.length === 1 ? `(${repr(v.items[0])},)` : `(${v.items.map(repr).join(', ')})`;
  }
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
  if (v instanceof PySlice) return `slice(${repr(v.start)}, ${repr(v.stop)}, ${repr(v.step)})`;
  if (v instanceof PyEllipsisType) return 'Ellipsis';
  if (v instanceof PyRange) {
    return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  }
  if (v instanceof PyType) return `<class '${v.name}'>`;
  if (v instanceof PyBuiltin) return `<built-in function ${v.name}>`;
  if (v instanceof PyModule) return `<module '${v.name}' (built-in)>`;
  if (v instanceof PyIterator) return `<${v.typeName} object>`;
  const name = typeof v === 'object' && v !== null && 'name' in v ? String(v.name) : 'object';
  return `<function ${name}>`;
}
