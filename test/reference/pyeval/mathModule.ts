/** The `math` module (host-independent: arguments must be Python numbers). */
import { runtimeError, typeError } from './errors';
import { floatToInt } from './numbers';
import { toReal } from './args';
import { PyBuiltin, PyModule, isInt, toIntOrFloat } from './values';

function domain(ok: boolean): void {
  if (!ok) throw runtimeError('ValueError', 'math domain error');
}

function range(x: number): number {
  if (!Number.isFinite(x)) throw runtimeError('OverflowError', 'math range error');
  return x;
}

type Fn = (...xs: number[]) => unknown;

const FUNCTIONS: Readonly<Record<string, [number, Fn]>> = {
  sqrt: [1, (x) => { domain(x >= 0 || Number.isNaN(x)); return Math.sqrt(x); }],
  exp: [1, (x) => (Number.isFinite(x) ? range(Math.exp(x)) : Math.exp(x))],
  expm1: [1, Math.expm1],
  log: [1, (x) => { domain(x > 0 || Number.isNaN(x)); return Math.log(x); }],
  log2: [1, (x) => { domain(x > 0 || Number.isNaN(x)); return Math.log2(x); }],
  log10: [1, (x) => { domain(x > 0 || Number.isNaN(x)); return Math.log10(x); }],
  log1p: [1, (x) => { domain(x > -1 || Number.isNaN(x)); return Math.log1p(x); }],
  sin: [1, Math.sin], cos: [1, Math.cos], tan: [1, Math.tan],
  asin: [1, Math.asin], acos: [1, Math.acos], atan: [1, Math.atan], atan2: [2, Math.atan2],
  sinh: [1, Math.sinh], cosh: [1, Math.cosh], tanh: [1, Math.tanh],
  fabs: [1, Math.abs], hypot: [2, Math.hypot],
  copysign: [2, (x, y) => (y < 0 || Object.is(y, -0) ? -Math.abs(x) : Math.abs(x))],
  pow: [2, (x, y) => Math.pow(x, y)],
  degrees: [1, (x) => (x * 180) / Math.PI], radians: [1, (x) => (x * Math.PI) / 180],
  floor: [1, (x) => floatToInt(Math.floor(x))], ceil: [1, (x) => floatToInt(Math.ceil(x))],
  trunc: [1, (x) => floatToInt(Math.trunc(x))],
  isnan: [1, Number.isNaN], isinf: [1, (x) => x === Infinity || x === -Infinity],
  isfinite: [1, Number.isFinite],
};

function makeFunction(name: string, arity: number, fn: Fn): PyBuiltin {
  return new PyBuiltin(name, (args) => {
    const [first] = args;
    // floor/ceil/trunc of an int stay exact
    if (arity === 1 && args.length === 1 && isInt(first) && ['floor', 'ceil', 'trunc'].includes(name)) {
      return toIntOrFloat(first);
    }
    if (name === 'log' && args.length === 2) {
      const [x, base] = args.map((a) => toReal(a, 'math.log'));
      domain((x ?? 0) > 0 && (base ?? 0) > 0 && base !== 1);
      return Math.log(x ?? 0) / Math.log(base ?? 0);
    }
    if (args.length !== arity) throw typeError(`math.${name}() takes exactly ${arity} argument(s)`);
    return fn(...args.map((a) => toReal(a, `math.${name}()`)));
  });
}

export const mathModule: PyModule = new PyModule('math', new Map<string, unknown>([
  ['pi', Math.PI], ['e', Math.E], ['tau', 2 * Math.PI], ['inf', Infinity], ['nan', NaN],
  ...Object.entries(FUNCTIONS).map(([name, [arity, fn]]): [string, unknown] => [name, makeFunction(name, arity, fn)]),
]));
