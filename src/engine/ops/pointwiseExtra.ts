// More pointwise math and activations, with PyTorch 1.13's CPU formulas: rsqrt, exp2, log1p,
// expm1, log2, log10, square, leaky_relu, elu, gelu, softplus, silu, hardtanh, relu6, logsigmoid,
// softsign, clamp_min/clamp_max, clamp with tensor bounds, lerp, addcmul, addcdiv.
import { record } from '../autograd/record';
import { TorchError } from '../errors';
import { isFloating } from '../dtype';
import type { Tensor } from '../tensor';
import { add, broadcastBinary, div, mapTensor, pow, scalarIn } from './arith';
import { mapTernary } from '../kernels/elementwise';
import { broadcastShapes, numel } from '../shape';
import { contiguousData } from '../storage';
import { allocate, promoteTypes } from '../dtype';
import { Tensor as TensorClass } from '../tensor';
import { floatResult, resultType } from './promote';
import { abs } from './unary';

/** `torch.rsqrt(a)`: 1/sqrt(a). e.g. `rsqrt(x)` */
export function rsqrt(a: Tensor): Tensor {
  const out = mapTensor('rsqrt', a, (v) => 1 / Math.sqrt(v), floatResult(a.dtype));
  return record('RsqrtBackward0', [a], [out], [out]);
}

/** `torch.exp2(a)`: 2**a. e.g. `exp2(x)` */
export function exp2(a: Tensor): Tensor {
  const out = mapTensor('exp2', a, (v) => Math.pow(2, v), floatResult(a.dtype));
  return record('Exp2Backward0', [a], [out], [out]);
}

/** `torch.log1p(a)`: log(1 + a), exact for small a. e.g. `log1p(x)` */
export function log1p(a: Tensor): Tensor {
  const out = mapTensor('log1p', a, Math.log1p, floatResult(a.dtype));
  return record('Log1PBackward0', [a], [out], [a]);
}

/** `torch.expm1(a)`: exp(a) - 1, exact for small a. e.g. `expm1(x)` */
export function expm1(a: Tensor): Tensor {
  const out = mapTensor('expm1', a, Math.expm1, floatResult(a.dtype));
  return record('Expm1Backward0', [a], [out], [out]);
}

/** `torch.log2(a)`. e.g. `log2(x)` */
export function log2(a: Tensor): Tensor {
  const out = mapTensor('log2', a, Math.log2, floatResult(a.dtype));
  return record('Log2Backward0', [a], [out], [a]);
}

/** `torch.log10(a)`. e.g. `log10(x)` */
export function log10(a: Tensor): Tensor {
  const out = mapTensor('log10', a, Math.log10, floatResult(a.dtype));
  return record('Log10Backward0', [a], [out], [a]);
}

/** `torch.square(a)`: `a ** 2` (PowBackward0, as in PyTorch). e.g. `square(x)` */
export function square(a: Tensor): Tensor {
  return pow(a, 2);
}

function checkFloat(op: string, a: Tensor): void {
  if (!isFloating(a.dtype)) {
    throw new TorchError(`"${op}" not implemented for '${a.dtype === 'int64' ? 'Long' : 'Bool'}'`, { kind: 'dtype', op, pyType: 'RuntimeError' });
  }
}

/** `F.leaky_relu(a, negative_slope=0.01)`. e.g. `leakyRelu(x, 0.2)` */
export function leakyRelu(a: Tensor, negativeSlope = 0.01): Tensor {
  checkFloat('leaky_relu_cpu', a);
  const s = scalarIn(a.dtype, negativeSlope);
  const out = mapTensor('leaky_relu', a, (v) => (v > 0 ? v : v * s));
  return record('LeakyReluBackward0', [a], [out], [a], { negativeSlope: s });
}

/** `F.elu(a, alpha=1.0)`. e.g. `elu(x, 0.5)` */
export function elu(a: Tensor, alpha = 1.0): Tensor {
  checkFloat('elu_cpu', a);
  const al = scalarIn(a.dtype, alpha);
  const out = mapTensor('elu', a, (v) => (v <= 0 ? Math.expm1(v) * al : v));
  return record('EluBackward0', [a], [out], [a], { alpha: al });
}

const ERX = 8.45062911510467529297e-1;
const EFX8 = 1.02703333676410069053;
const PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const QQ = [3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6];
const PA = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.16637559486879084300e-3];
const QA = [1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const RA = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592];
const SA = [1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2];
const RB = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2];
const SB = [3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1];

function poly(c: readonly number[], x: number): number {
  let r = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) r = c[i] + x * r;
  return r;
}

/** The error function (fdlibm's s_erf.c, as glibc computes it to within an ulp). */
export function erf(x: number): number {
  if (x !== x) return x;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  const ax = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (ax < 0.84375) {
    if (ax < 2 ** -28) return 0.125 * (8.0 * x + EFX8 * x);
    const z = x * x;
    const r = PP[0] + z * (PP[1] + z * (PP[2] + z * (PP[3] + z * PP[4])));
    const s = 1 + z * (QQ[0] + z * (QQ[1] + z * (QQ[2] + z * (QQ[3] + z * QQ[4]))));
    return x + x * (r / s);
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const P = poly(PA, s);
    const Q = 1 + s * poly(QA, s);
    return sign * (ERX + P / Q);
  }
  if (ax >= 6) return sign * (1 - 1e-300);
  const s = 1 / (ax * ax);
  let R: number;
  let S: number;
  if (ax < 1 / 0.35) {
    R = poly(RA, s);
    S = 1 + s * poly(SA, s);
  } else {
    R = poly(RB, s);
    S = 1 + s * poly(SB, s);
  }
  // z = ax with the low 32 bits cleared, as fdlibm does
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, ax);
  buf.setUint32(4, 0);
  const z = buf.getFloat64(0);
  const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S);
  return sign * (1 - r / ax);
}

const SQRT1_2 = Math.SQRT1_2;
const GELU_BETA = Math.sqrt(2) * (2 / Math.sqrt(Math.PI)) * 0.5;
const GELU_KAPPA = 0.044715;

/** gelu's value at x (approximate 'none' or 'tanh'), as ATen's CPU kernel computes it. */
export function geluValue(x: number, tanhApprox: boolean): number {
  if (!tanhApprox) return x * 0.5 * (1 + erf(x * SQRT1_2));
  const inner = GELU_BETA * (x + GELU_KAPPA * x * x * x);
  return 0.5 * x * (1 + Math.tanh(inner));
}

/** gelu's derivative at x times d, as ATen's gelu_backward kernel computes it. */
export function geluGrad(d: number, x: number, tanhApprox: boolean): number {
  if (!tanhApprox) {
    const kAlpha = SQRT1_2;
    const kBeta = (2 / Math.sqrt(Math.PI)) * SQRT1_2 * 0.5;
    const cdf = 0.5 * (1 + erf(x * kAlpha));
    const pdf = kBeta * Math.exp(x * x * -0.5);
    return d * (cdf + x * pdf);
  }
  const xSq = x * x;
  const xCube = xSq * x;
  const inner = GELU_BETA * (x + GELU_KAPPA * xCube);
  const tanhInner = Math.tanh(inner);
  const left = 0.5 * x;
  const right = 1 + tanhInner;
  const leftDerivative = 0.5 * right;
  const rightDerivative = left * (1 - tanhInner * tanhInner) * GELU_BETA * (1 + 3 * GELU_KAPPA * xSq);
  return d * (leftDerivative + rightDerivative);
}

/** `F.gelu(a, approximate='none')`. e.g. `gelu(x, 'tanh')` */
export function gelu(a: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new TorchError(`approximate argument must be either none or tanh.`, { kind: 'value', op: 'gelu', pyType: 'RuntimeError' });
  }
  checkFloat('GeluKernelImpl', a);
  const t = approximate === 'tanh';
  const out = mapTensor('gelu', a, (v) => geluValue(v, t));
  return record('GeluBackward0', [a], [out], [a], { approximate });
}

/** `F.softplus(a, beta=1, threshold=20)`: log(1 + exp(beta·a))/beta, linear above threshold. */
export function softplus(a: Tensor, beta = 1, threshold = 20): Tensor {
  checkFloat('softplus_cpu', a);
  const b = scalarIn(a.dtype, beta);
  const th = scalarIn(a.dtype, threshold);
  const out = mapTensor('softplus', a, (v) => (v * b > th ? v : Math.log1p(Math.exp(v * b)) / b));
  return record('SoftplusBackward0', [a], [out], [a], { beta: b, threshold: th });
}

/** `F.silu(a)`: a·sigmoid(a). e.g. `silu(x)` */
export function silu(a: Tensor): Tensor {
  checkFloat('silu_cpu', a);
  const out = mapTensor('silu', a, (v) => v / (1 + Math.exp(-v)));
  return record('SiluBackward0', [a], [out], [a]);
}

/** `F.hardtanh(a, min_val=-1, max_val=1)`. e.g. `hardtanh(x, -0.5, 0.5)` */
export function hardtanh(a: Tensor, minVal = -1, maxVal = 1): Tensor {
  if (a.dtype === 'bool') throw new TorchError(`"clamp_cpu" not implemented for 'Bool'`, { kind: 'dtype', op: 'hardtanh', pyType: 'RuntimeError' });
  const lo = scalarIn(a.dtype, minVal);
  const hi = scalarIn(a.dtype, maxVal);
  const out = mapTensor('hardtanh', a, (v) => (v !== v ? v : Math.min(Math.max(v, lo), hi)));
  return record('HardtanhBackward0', [a], [out], [a], { min: lo, max: hi });
}

/** `F.relu6(a)`: hardtanh(a, 0, 6). e.g. `relu6(x)` */
export function relu6(a: Tensor): Tensor {
  return hardtanh(a, 0, 6);
}

/** `F.logsigmoid(a)`: log(sigmoid(a)), stable for large |a|. e.g. `logsigmoid(x)` */
export function logsigmoid(a: Tensor): Tensor {
  checkFloat('log_sigmoid_cpu', a);
  const out = mapTensor('log_sigmoid', a, (v) => Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v))));
  return record('LogSigmoidBackward0', [a], [out], [a]);
}

/** `F.softsign(a)`: a / (|a| + 1), composed as PyTorch composes it. e.g. `softsign(x)` */
export function softsign(a: Tensor): Tensor {
  return div(a, add(abs(a), 1));
}

/** `torch.clamp_min(a, min)`. e.g. `clampMin(x, 0.1)` */
export function clampMin(a: Tensor, min: number): Tensor {
  const lo = scalarIn(a.dtype, min);
  const out = mapTensor('clamp_min', a, (v) => (v !== v ? v : Math.max(v, lo)), resultType(a, min));
  return record('ClampMinBackward0', [a], [out], [a], { min: lo });
}

/** `torch.clamp_max(a, max)`. e.g. `clampMax(x, 0.1)` */
export function clampMax(a: Tensor, max: number): Tensor {
  const hi = scalarIn(a.dtype, max);
  const out = mapTensor('clamp_max', a, (v) => (v !== v ? v : Math.min(v, hi)), resultType(a, max));
  return record('ClampMaxBackward0', [a], [out], [a], { max: hi });
}

/** Elementwise f over three broadcast tensors into a fresh tensor of a's promoted dtype. */
function ternary(op: string, a: Tensor, b: Tensor, c: Tensor, f: (x: number, y: number, z: number) => number): Tensor {
  const shape = broadcastShapes(broadcastShapes(a.shape, b.shape, op), c.shape, op);
  const ab = resultType(a, b);
  const dtype = c.dtype === ab ? ab : promoteTypes(ab, c.dtype);
  const out = allocate(dtype, numel(shape));
  mapTernary(contiguousData(a), a.shape, contiguousData(b), b.shape, contiguousData(c), c.shape, shape, out, f);
  return new TensorClass(out, shape, dtype);
}

/** `torch.clamp(a, min, max)` with tensor bounds (either may be null). e.g. `clampTensor(x, lo, hi)` */
export function clampTensor(a: Tensor, min: Tensor | null, max: Tensor | null): Tensor {
  if (min === null && max === null) {
    throw new TorchError("torch.clamp: At least one of 'min' or 'max' must not be None", { kind: 'value', op: 'clamp', pyType: 'RuntimeError' });
  }
  const lo = min ?? a;
  const hi = max ?? a;
  const out = ternary('clamp', a, lo, hi, (x, l, h) => {
    if (x !== x) return x;
    let r = x;
    if (min !== null) r = l !== l ? l : Math.max(r, l);
    if (max !== null) r = h !== h ? h : Math.min(r, h);
    return r;
  });
  return record('ClampBackward0', [a, min, max], [out], [a, ...(min ? [min] : []), ...(max ? [max] : [])], { hasMin: min !== null, hasMax: max !== null });
}

/** `torch.lerp(a, end, weight)`: a + weight·(end − a), as ATen's CPU kernel computes it. */
export function lerp(a: Tensor, end: Tensor, weight: Tensor | number): Tensor {
  const f = (x: number, y: number, w: number): number => (Math.abs(w) < 0.5 ? x + w * (y - x) : y - (y - x) * (1 - w));
  if (typeof weight === 'number') {
    const w = scalarIn(a.dtype, weight);
    const out = broadcastBinary('lerp', a, end, (x, y) => f(x, y, w), resultType(a, end));
    return record('LerpBackward0', [a, end], [out], [], { weight: w });
  }
  const out = ternary('lerp', a, end, weight, f);
  return record('LerpBackward1', [a, end, weight], [out], [a, end, weight]);
}

/** `torch.addcmul(a, t1, t2, value=1)`: a + value·t1·t2. */
export function addcmul(a: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const v = scalarIn(resultType(a, t1), value);
  const out = ternary('addcmul', a, t1, t2, (x, y, z) => x + v * y * z);
  return record('AddcmulBackward0', [a, t1, t2], [out], [t1, t2], { value: v });
}

/** `torch.addcdiv(a, t1, t2, value=1)`: a + value·t1/t2. */
export function addcdiv(a: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const v = scalarIn(resultType(a, t1), value);
  const out = ternary('addcdiv', a, t1, t2, (x, y, z) => x + (v * y) / z);
  return record('AddcdivBackward0', [a, t1, t2], [out], [t1, t2], { value: v });
}

