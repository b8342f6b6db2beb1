// Binds Python call arguments to a PyTorch-style signature such as
// `['input', 'other', '*', 'alpha=1']` (`*name` collects varargs).
import { UnsupportedError } from './convert';

/** Arguments by parameter name after binding. */
export type Bound = Record<string, unknown>;

interface Param {
  name: string;
  hasDefault: boolean;
  def: unknown;
  varargs: boolean;
  kwOnly: boolean;
}

function parseDefault(text: string): unknown {
  if (text === 'None') return null;
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (/^-?\d+$/.test(text)) return BigInt(text);
  if (/^[-\d.e+]+$/.test(text) || text === 'inf') return Number(text === 'inf' ? Infinity : text);
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  throw new Error(`bad default ${text}`);
}

const cache = new Map<string, Param[]>();

function parse(spec: readonly string[]): Param[] {
  const key = spec.join(',');
  let params = cache.get(key);
  if (params) return params;
  params = [];
  let kwOnly = false;
  for (const s of spec) {
    if (s === '*') {
      kwOnly = true;
      continue;
    }
    if (s.startsWith('*')) {
      params.push({ name: s.slice(1), hasDefault: true, def: [], varargs: true, kwOnly: false });
      kwOnly = true;
      continue;
    }
    const eq = s.indexOf('=');
    if (eq < 0) params.push({ name: s, hasDefault: false, def: undefined, varargs: false, kwOnly });
    else params.push({ name: s.slice(0, eq), hasDefault: true, def: parseDefault(s.slice(eq + 1)), varargs: false, kwOnly });
  }
  cache.set(key, params);
  return params;
}

/** Binds `args`/`kwargs` to `spec` with Python's rules and messages. e.g. `bind('add', ['input', 'other'], [a, b], new Map())` */
export function bind(fn: string, spec: readonly string[], args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>): Bound {
  const params = parse(spec);
  const out: Bound = {};
  let ai = 0;
  for (const p of params) {
    if (p.varargs) {
      out[p.name] = args.slice(ai);
      ai = args.length;
    } else if (!p.kwOnly && ai < args.length) {
      out[p.name] = args[ai++];
    }
  }
  if (ai < args.length) throw new TypeError(`${fn}() takes ${params.filter((p) => !p.kwOnly).length} positional arguments but ${args.length} were given`);
  for (const [k, v] of kwargs) {
    const p = params.find((q) => q.name === k);
    if (!p) throw new UnsupportedError(`${fn}() keyword argument '${k}'`);
    if (k in out) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
    out[k] = v;
  }
  for (const p of params) {
    if (p.name in out) continue;
    if (!p.hasDefault) throw new TypeError(`${fn}() missing 1 required positional argument: '${p.name}'`);
    out[p.name] = p.def;
  }
  return out;
}
