// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (1.13.1). The norms follow ATen's CPU
// reduction order, so float32 totals match PyTorch bit for bit.
import { emitEngineEvent, hasEngineObservers } from '../autograd/observers';
import type { DType } from '../dtype';
import { TorchError } from '../errors';
import { fma64, fmaf32 } from '../random/fma';
import { Tensor } from '../tensor';
import { pyFloatRepr, pyPow } from './pyScalar';
import { openWrite, readOnly, rounding, scalarTensor } from './tensorData';

/** Sum of squares the way ATen's float32 `norm_two` fast path adds them (AVX2 build of 1.13). */
function sumSquaresF32(x: ArrayLike<number>): number {
  const n = x.length;
  const lanes = new Float64Array(8);
  const main = n - (n % 8);
  for (let d = 0; d < main; d += 8) {
    for (let j = 0; j < 8; j++) lanes[j] = fmaf32(x[d + j], x[d + j], lanes[j]); // acc_vec += data_vec * data_vec
  }
  let acc = lanes[0];
  for (let j = 1; j < 8; j++) acc = Math.fround(acc + lanes[j]);
  // The scalar tail `buffer[0] += v * v`: GCC vectorizes it in blocks of 4 as an in-order
  // reduction (products rounded, then added in order); the last < 4 elements are fused.
  const blocks = main + Math.floor((n - main) / 4) * 4;
  for (let d = main; d < blocks; d++) acc = Math.fround(acc + Math.fround(x[d] * x[d]));
  for (let d = blocks; d < n; d++) acc = fmaf32(x[d], x[d], acc);
  return acc;
}

/**
 * `torch.linalg.vector_norm(x, p)` over all elements, for values of a float dtype in the order
 * ATen reduces them. e.g. `vectorNorm([3, 4], 'float32', 2) === 5`
 */
export function vectorNorm(x: ArrayLike<number>, dtype: DType, p: number, fastPath = true): number {
  const { r } = rounding(dtype);
  const n = x.length;
  if (n === 0) return p < 0 ? Infinity : 0;
  if (p === Infinity || p === -Infinity) {
    let acc = p === Infinity ? 0 : Infinity;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(x[i]);
      if (a !== a) return NaN;
      acc = p === Infinity ? Math.max(acc, a) : Math.min(acc, a);
    }
    return acc;
  }
  if (p === 0) {
    let c = 0;
    for (let i = 0; i < n; i++) if (x[i] !== 0) c++;
    return r(c);
  }
  if (p === 1) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc = r(acc + Math.abs(x[i]));
    return acc;
  }
  if (p === 2) {
    if (dtype === 'float32' && fastPath) return Math.fround(Math.sqrt(sumSquaresF32(x)));
    // NormTwoOps: `acc + x * x`, contracted to an FMA.
    const fma = dtype === 'float32' ? fmaf32 : fma64;
    let acc = 0;
    for (let i = 0; i < n; i++) acc = fma(x[i], x[i], acc);
    return r(Math.sqrt(acc));
  }
  // NormOps: the order is held as a C float (`float val`) before it becomes acc_t.
  const q = Math.fround(p);
  let acc = 0;
  // pyPow is correctly rounded for integer orders, as glibc's pow; fractional ones may differ by an ulp in float64.
  for (let i = 0; i < n; i++) acc = r(acc + r(pyPow(Math.abs(x[i]), q)));
  return r(Math.pow(acc, r(1 / q)));
}

/** Whether `t` covers its storage densely (a permutation of a contiguous layout), so ATen reduces it in memory order. */
function denseInMemoryOrder(t: Tensor): ArrayLike<number> | null {
  const dims = t.shape.map((s, i) => [s, t.strides[i]] as const).filter(([s]) => s !== 1);
  dims.sort((a, b) => b[1] - a[1]);
  let expected = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    if (dims[i][1] !== expected) return null;
    expected *= dims[i][0];
  }
  return t.storage.subarray(t.offset, t.offset + t.numel());
}

function gradNorm(g: Tensor, p: number): number {
  if (g.isContiguous()) return vectorNorm(readOnly(g), g.dtype, p);
  const dense = denseInMemoryOrder(g);
  return dense !== null ? vectorNorm(dense, g.dtype, p) : vectorNorm(readOnly(g), g.dtype, p, false);
}

function gradsOf(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const params = parameters instanceof Tensor ? [parameters] : Array.from(parameters);
  return params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

/**
 * `torch.nn.utils.clip_grad_norm_`: scales the gradients of `parameters` in place so that their joint `normType`-norm is at most
 * `maxNorm`, and returns that norm before clipping as a 0-d tensor.
 * e.g. `const total = clipGradNorm_(model.parameters(), 1.0)`
 */
export function clipGradNorm_(parameters: Tensor | Iterable<Tensor>, maxNorm: number, normType = 2, errorIfNonfinite = false): Tensor {
  const grads = gradsOf(parameters);
  if (grads.length === 0) return scalarTensor(0, 'float32');
  const dtype: DType = grads.some((g) => g.dtype === 'float64') ? 'float64' : 'float32'; // torch.stack promotes
  let total: number;
  if (normType === Infinity) {
    const norms = grads.map((g) => vectorNorm(readOnly(g), g.dtype, Infinity));
    total = norms.length === 1 ? norms[0] : vectorNorm(norms, dtype, Infinity);
  } else {
    const norms = grads.map((g) => gradNorm(g, normType));
    total = vectorNorm(norms, dtype, normType);
  }
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new TorchError(
      `The total norm of order ${pyFloatRepr(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``,
      { kind: 'value', op: 'clip_grad_norm_' },
    );
  }
  const { r } = rounding(dtype);
  // clip_coef = max_norm / (total_norm + 1e-6): Python's rtruediv is reciprocal() * max_norm.
  const coef = r(r(1 / r(total + r(1e-6))) * r(maxNorm));
  const clamped = coef !== coef ? coef : Math.min(coef, 1); // torch.clamp(clip_coef, max=1.0)
  if (hasEngineObservers()) emitEngineEvent({ type: 'clip', maxNorm, totalNorm: total, clipCoef: clamped });
  for (const g of grads) {
    const gr = rounding(g.dtype).r;
    const c = gr(clamped);
    const W = openWrite(g);
    for (let i = 0; i < W.a.length; i++) W.a[i] = gr(W.a[i] * c); // g.detach().mul_(clip_coef_clamped)
    W.close();
  }
  return scalarTensor(total, dtype);
}

/** `torch.nn.utils.clip_grad_value_`: clamps every gradient of `parameters` to [-clipValue, clipValue] in place. e.g. `clipGradValue_(params, 0.5)` */
export function clipGradValue_(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  for (const g of gradsOf(parameters)) {
    const { r } = rounding(g.dtype);
    const lo = r(-clipValue);
    const hi = r(clipValue);
    const W = openWrite(g);
    for (let i = 0; i < W.a.length; i++) {
      const v = W.a[i];
      W.a[i] = v !== v ? v : Math.min(Math.max(v, lo), hi); // std::min(std::max(a, min), max)
    }
    W.close();
  }
}

/** `torch.nn.utils` (the gradient clipping part) until nn/ hosts it. e.g. `nnUtils.clipGradNorm_(params, 1)` */
export const nnUtils = { clipGradNorm_, clipGradValue_ };
