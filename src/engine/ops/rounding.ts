// Rounding and integer-style division, with PyTorch 1.13's CPU kernels and derivatives.yaml:
// floor, ceil, round, trunc (zero gradients), frac, remainder, fmod, div(rounding_mode=...),
// floor_divide (a NotImplemented node, as in 1.13), isinf.
import { record } from '../autograd/record';
import { isFloating, type DType } from '../dtype';
import { TorchError } from '../errors';
import type { Tensor } from '../tensor';
import { noGrad } from '../autograd/gradMode';
import { broadcastBinary, div, mapTensor } from './arith';
import { resultType, type Scalar } from './promote';
import { clone } from './views';

/** Round half to even (std::nearbyint under the default rounding mode). */
export function roundHalfEven(v: number): number {
  if (!Number.isFinite(v)) return v;
  const r = Math.round(v);
  const out = Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return out === 0 ? (v < 0 || Object.is(v, -0) ? -0 : 0) : out;
}

function rounding(op: string, name: 'FloorBackward0' | 'CeilBackward0' | 'RoundBackward0' | 'TruncBackward0', a: Tensor, f: (v: number) => number): Tensor {
  if (!isFloating(a.dtype)) {
    if (a.dtype === 'bool') throw new TorchError(`"${op}_cpu" not implemented for 'Bool'`, { kind: 'dtype', op, pyType: 'RuntimeError' });
    return clone(a);
  }
  return record(name, [a], [mapTensor(op, a, f)]);
}

/** `torch.floor(a)` (FloorBackward0: a zero gradient). e.g. `floor(x)` */
export function floor(a: Tensor): Tensor {
  return rounding('floor', 'FloorBackward0', a, Math.floor);
}

/** `torch.ceil(a)` (CeilBackward0: a zero gradient). e.g. `ceil(x)` */
export function ceil(a: Tensor): Tensor {
  return rounding('ceil', 'CeilBackward0', a, Math.ceil);
}

/** `torch.round(a)`: half to even, as std::nearbyint (RoundBackward0: a zero gradient). e.g. `round(x)` */
export function round(a: Tensor): Tensor {
  return rounding('round', 'RoundBackward0', a, roundHalfEven);
}

/** `torch.trunc(a)` (TruncBackward0: a zero gradient). e.g. `trunc(x)` */
export function trunc(a: Tensor): Tensor {
  return rounding('trunc', 'TruncBackward0', a, Math.trunc);
}

/** `torch.frac(a)`: a − trunc(a) (FracBackward0: the gradient passes unchanged). e.g. `frac(x)` */
export function frac(a: Tensor): Tensor {
  if (!isFloating(a.dtype)) {
    throw new TorchError(`"frac_cpu" not implemented for '${a.dtype === 'int64' ? 'Long' : 'Bool'}'`, { kind: 'dtype', op: 'frac', pyType: 'RuntimeError' });
  }
  return record('FracBackward0', [a], [mapTensor('frac', a, (v) => v - Math.trunc(v))]);
}

/** `torch.isinf(a)`. e.g. `isinf(x)` */
export function isinf(a: Tensor): Tensor {
  return mapTensor('isinf', a, (v) => (v === Infinity || v === -Infinity ? 1 : 0), 'bool');
}

function zeroDivision(op: string): never {
  throw new TorchError('ZeroDivisionError', { kind: 'value', op, pyType: 'RuntimeError' });
}

function intOrFloat(op: string, a: Tensor | Scalar, b: Tensor | Scalar): DType {
  const dtype = typeof a === 'object' ? resultType(a, b) : resultType(b as Tensor, a);
  if (dtype === 'bool') throw new TorchError(`"${op}_cpu" not implemented for 'Bool'`, { kind: 'dtype', op, pyType: 'RuntimeError' });
  return dtype;
}

/** ATen's remainder kernel: the result has the divisor's sign (Python's `%`). */
export function remainderValue(a: number, b: number, floating: boolean): number {
  if (!floating) {
    if (b === 0) zeroDivision('remainder');
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  }
  let mod = a % b;
  if (mod !== 0 && b < 0 !== mod < 0) mod += b;
  return mod;
}

/** ATen's div_floor kernels (Python's `//`). */
export function floorDivValue(a: number, b: number, floating: boolean): number {
  if (!floating) {
    if (b === 0) zeroDivision('div');
    const q = Math.trunc(a / b);
    return a < 0 !== b < 0 && a % b !== 0 ? q - 1 : q;
  }
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  let fl = Math.floor(div);
  if (div - fl > 0.5) fl += 1;
  return fl;
}

function truncDivValue(a: number, b: number, floating: boolean): number {
  if (!floating) {
    if (b === 0) zeroDivision('div');
    return Math.trunc(a / b);
  }
  return Math.trunc(a / b);
}

function binary(op: string, a: Tensor | Scalar, b: Tensor | Scalar, f: (x: number, y: number, floating: boolean) => number): Tensor {
  const dtype = intOrFloat(op, a, b);
  const floating = isFloating(dtype);
  return broadcastBinary(op, a, b, (x, y) => f(x, y, floating), dtype);
}

/**
 * `torch.remainder(a, b)` / `a % b`: Python's modulo (sign of the divisor). RemainderBackward0 for a
 * scalar divisor, RemainderBackward1 for a tensor (other: −grad·floor(a/b)); a scalar dividend
 * (`2 % x`) records 1.13's NotImplemented node. e.g. `remainder(x, 2)`
 */
export function remainder(a: Tensor | Scalar, b: Tensor | Scalar): Tensor {
  const out = binary('remainder', a, b, remainderValue);
  if (typeof a !== 'object') return record('NotImplemented', [b as Tensor], [out], [], { op: 'remainder' });
  if (typeof b !== 'object') return record('RemainderBackward0', [a], [out]);
  return record('RemainderBackward1', [a, b], [out], [a, b]);
}

/** `torch.fmod(a, b)`: C's fmod (sign of the dividend). FmodBackward0 / FmodBackward1. e.g. `fmod(x, 1.5)` */
export function fmod(a: Tensor, b: Tensor | Scalar): Tensor {
  const out = binary('fmod', a, b, (x, y, floating) => {
    if (!floating && y === 0) zeroDivision('fmod');
    return x % y;
  });
  if (typeof b !== 'object') return record('FmodBackward0', [a], [out]);
  return record('FmodBackward1', [a, b], [out], [a, b]);
}

/**
 * `torch.div(a, b, rounding_mode='floor' | 'trunc' | None)`: DivBackward2, whose gradients are zero
 * with a rounding mode; with `null` (an explicit `rounding_mode=None`) true division with the
 * true-division gradients. e.g. `divMode(x, 2, 'floor')`
 */
export function divMode(a: Tensor, b: Tensor | Scalar, roundingMode: 'floor' | 'trunc' | null): Tensor {
  if (roundingMode === null) {
    const quotient = noGrad(() => div(a, b));
    const bt = typeof b === 'object' ? b : null;
    return record('DivBackward2', [a, bt], [quotient], bt ? [a, bt] : [], { mode: null, scalar: bt ? null : Number(b) });
  }
  if (roundingMode !== 'floor' && roundingMode !== 'trunc') {
    throw new TorchError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(roundingMode)}'`, { kind: 'value', op: 'div', pyType: 'ValueError' });
  }
  const out = binary('div', a, b, roundingMode === 'floor' ? floorDivValue : truncDivValue);
  // a scalar divisor is a wrapped number: its next_functions slot is None, as in PyTorch
  return record('DivBackward2', [a, typeof b === 'object' ? b : null], [out], [], { mode: roundingMode });
}

/**
 * `torch.floor_divide(a, b)` / `a // b`: division rounded down. Its grad_fn is 1.13's `NotImplemented`
 * node, whose backward fails ("derivative for aten::floor_divide is not implemented"). e.g. `floorDivide(x, 2)`
 */
export function floorDivide(a: Tensor | Scalar, b: Tensor | Scalar): Tensor {
  const out = binary('floor_divide', a, b, floorDivValue);
  const inputs = [a, b].filter((t): t is Tensor => typeof t === 'object');
  return record('NotImplemented', inputs, [out], [], { op: 'floor_divide' });
}
