// Arithmetic with broadcasting and type promotion: add, sub, mul, div, neg, pow, reciprocal.
import type { SavedArgs } from '../autograd/node';
import { needsGrad, record, savePair } from '../autograd/record';
import { notifyOp } from '../autograd/observers';
import { allocate, type DType } from '../dtype';
import { TorchError } from '../errors';
import { arithFast, mapBinary, mapUnary, type ArithOp } from '../kernels/elementwise';
import { broadcastShapes, numel } from '../shape';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';
import { floatResult, resultType, type Scalar } from './promote';
import { scalarTensor } from './result';


/** Elementwise `f(a, b)` with broadcasting into a fresh tensor of `dtype`; records nothing. */
export function broadcastBinary(
  op: string,
  a: Tensor | Scalar,
  b: Tensor | Scalar,
  f: (x: number, y: number) => number,
  dtype: DType,
  fast?: ArithOp,
  alpha = 1,
): Tensor {
  notifyOp(op);
  const aShape = typeof a === 'object' ? a.shape : [];
  const bShape = typeof b === 'object' ? b.shape : [];
  const shape = aShape === bShape ? aShape.slice() : broadcastShapes(aShape, bShape, op);
  const out = allocate(dtype, numel(shape));
  // PyTorch converts a Python scalar to the op's dtype before computing (float32 kernels see a float)
  const ad = typeof a === 'object' ? contiguousData(a) : [scalarIn(dtype, a)];
  const bd = typeof b === 'object' ? contiguousData(b) : [scalarIn(dtype, b)];
  if (dtype === 'int64') mapBinary(ad, aShape, bd, bShape, shape, out, (x, y) => Math.trunc(f(x, y)));
  else if (fast === undefined || !arithFast(fast, ad, bd, out, alpha)) mapBinary(ad, aShape, bd, bShape, shape, out, f);
  return new Tensor(out, shape, dtype);
}

/** A Python scalar as a kernel of `dtype` sees it. e.g. `scalarIn('float32', 0.1) === Math.fround(0.1)` */
export function scalarIn(dtype: DType, s: Scalar): number {
  const v = Number(s);
  return dtype === 'float32' ? Math.fround(v) : v;
}

/** Elementwise `f(x)` into a fresh tensor of `dtype`; records nothing. */
export function mapTensor(op: string, x: Tensor, f: (v: number) => number, dtype: DType = x.dtype): Tensor {
  notifyOp(op);
  const out = allocate(dtype, x.numel());
  mapUnary(contiguousData(x), out, f);
  return new Tensor(out, x.shape.slice(), dtype);
}

/**
 * What PyTorch saves for a Python scalar operand: the scalar wrapped in a 0-d tensor. Saving it
 * makes a second backward through `x * 2` fail without retainGraph, as it does in PyTorch.
 */
function wrapped(a: Tensor, s: number): Tensor[] {
  return needsGrad([a]) ? [scalarTensor(s, 'float64')] : [];
}

function tensorOrNull(x: Tensor | Scalar): Tensor | null {
  return typeof x === 'object' ? x : null;
}

function checkAlpha(op: string, dtype: DType, alpha: number): void {
  if (dtype !== 'float32' && dtype !== 'float64' && !Number.isInteger(alpha)) {
    throw new TorchError(`For integral input tensors, argument alpha must not be a floating point number.`, {
      kind: 'dtype',
      op,
    });
  }
}

// the elementwise functions of the common cases, made once (a closure per call is garbage)
const plus = (x: number, y: number): number => x + y;
const minus = (x: number, y: number): number => x - y;
const product = (x: number, y: number): number => x * y;
const quotient = (x: number, y: number): number => x / y;
const ALPHA_1: SavedArgs = Object.freeze({ alpha: 1 });
const NO_SCALAR: SavedArgs = Object.freeze({ scalar: null });

/** `torch.add(a, b, alpha=1)`: a + alpha·b. e.g. `add(x, y)`, `add(x, 2.5)` */
export function add(a: Tensor, b: Tensor | Scalar, alpha = 1): Tensor {
  const dtype = resultType(a, b);
  if (alpha !== 1) checkAlpha('add', dtype, alpha);
  const al = scalarIn(dtype, alpha);
  const out = broadcastBinary('add', a, b, al === 1 ? plus : (x, y) => x + al * y, dtype, 'add', al);
  return record('AddBackward0', [a, tensorOrNull(b)], [out], undefined, alpha === 1 ? ALPHA_1 : { alpha });
}

/** `torch.sub(a, b, alpha=1)`: a − alpha·b. e.g. `sub(x, y)` */
export function sub(a: Tensor, b: Tensor | Scalar, alpha = 1): Tensor {
  const dtype = resultType(a, b);
  if (dtype === 'bool') {
    throw new TorchError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
      { kind: 'dtype', op: 'sub' },
    );
  }
  if (alpha !== 1) checkAlpha('sub', dtype, alpha);
  const al = scalarIn(dtype, alpha);
  const out = broadcastBinary('sub', a, b, al === 1 ? minus : (x, y) => x - al * y, dtype, 'sub', al);
  return record('SubBackward0', [a, tensorOrNull(b)], [out], undefined, alpha === 1 ? ALPHA_1 : { alpha });
}

/** `torch.rsub(a, s)`: s − a, what `1.5 - a` computes. e.g. `rsub(x, 1.5)` */
export function rsub(a: Tensor, s: Scalar): Tensor {
  const out = broadcastBinary('rsub', s, a, (x, y) => x - y, resultType(a, s));
  return record('RsubBackward1', [a], [out], [], {});
}

/** `torch.mul(a, b)`. e.g. `mul(x, 3)` */
export function mul(a: Tensor, b: Tensor | Scalar): Tensor {
  const out = broadcastBinary('mul', a, b, product, resultType(a, b), 'mul');
  const bt = tensorOrNull(b);
  return record('MulBackward0', [a, bt], [out], bt ? savePair(bt, a.requiresGrad, a, bt.requiresGrad) : wrapped(a, Number(b)), bt ? NO_SCALAR : { scalar: Number(b) });
}

/** `torch.div(a, b)`: true division. e.g. `div(x, 4)` */
export function div(a: Tensor, b: Tensor | Scalar): Tensor {
  const out = broadcastBinary('div', a, b, quotient, floatResult(resultType(a, b)), 'div');
  const bt = tensorOrNull(b);
  return record('DivBackward0', [a, bt], [out], bt ? savePair(a, bt.requiresGrad, bt, true) : wrapped(a, Number(b)), bt ? NO_SCALAR : { scalar: Number(b) });
}

/** `torch.reciprocal(a)`: 1/a. e.g. `reciprocal(x)` */
export function reciprocal(a: Tensor): Tensor {
  const out = mapTensor('reciprocal', a, (v) => 1 / v, floatResult(a.dtype));
  return record('ReciprocalBackward0', [a], [out], [out]);
}

/** `s / a` for a Python scalar s, as PyTorch computes it: `reciprocal(a) * s`. e.g. `rdiv(x, 4)` */
export function rdiv(a: Tensor, s: Scalar): Tensor {
  return mul(reciprocal(a), s);
}

/** `torch.neg(a)`. e.g. `neg(x)` */
export function neg(a: Tensor): Tensor {
  if (a.dtype === 'bool') {
    throw new TorchError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
      { kind: 'dtype', op: 'neg' },
    );
  }
  const out = mapTensor('neg', a, (v) => -v);
  return record('NegBackward0', [a], [out]);
}

/** `torch.pow(a, exponent)` for a tensor base. e.g. `pow(x, 2)` */
export function pow(a: Tensor, exponent: Tensor | Scalar): Tensor {
  if (typeof exponent === 'object') {
    const dtype = resultType(a, exponent);
    const out = broadcastBinary('pow', a, exponent, Math.pow, dtype);
    return record('PowBackward1', [a, exponent], [out], [a, exponent, out]);
  }
  const e = Number(exponent);
  const dtype = resultType(a, exponent);
  const out = mapTensor('pow', a, e === 2 ? (v) => v * v : (v) => Math.pow(v, e), dtype);
  return record('PowBackward0', [a], [out], [a], { exponent: e });
}

/** `torch.pow(s, a)` for a scalar base, what `2 ** a` computes. e.g. `rpow(x, 2)` */
export function rpow(a: Tensor, base: Scalar): Tensor {
  const b = Number(base);
  const out = mapTensor('pow', a, (v) => Math.pow(b, v), resultType(a, base));
  return record('PowBackward2', [a], [out], [out], { base: b });
}
