// Pointwise math and activations: exp, log, sqrt, abs, tanh, sigmoid, relu, clamp, sin, cos, sign.
import { record } from '../autograd/record';
import { TorchError } from '../errors';
import type { Tensor } from '../tensor';
import { mapTensor } from './arith';
import { floatResult } from './promote';

/** `torch.exp(a)`. e.g. `exp(x)` */
export function exp(a: Tensor): Tensor {
  const out = mapTensor('exp', a, Math.exp, floatResult(a.dtype));
  return record('ExpBackward0', [a], [out], [out]);
}

/** `torch.log(a)`. e.g. `log(x)` */
export function log(a: Tensor): Tensor {
  const out = mapTensor('log', a, Math.log, floatResult(a.dtype));
  return record('LogBackward0', [a], [out], [a]);
}

/** `torch.sqrt(a)`. e.g. `sqrt(x)` */
export function sqrt(a: Tensor): Tensor {
  const out = mapTensor('sqrt', a, Math.sqrt, floatResult(a.dtype));
  return record('SqrtBackward0', [a], [out], [out]);
}

/** `torch.abs(a)`. e.g. `abs(x)` */
export function abs(a: Tensor): Tensor {
  const out = mapTensor('abs', a, Math.abs);
  return record('AbsBackward0', [a], [out], [a]);
}

/** `torch.sign(a)`. e.g. `sign(x)` */
export function sign(a: Tensor): Tensor {
  const out = mapTensor('sign', a, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
  return record('SignBackward0', [a], [out]);
}

/** `torch.tanh(a)`. e.g. `tanh(x)` */
export function tanh(a: Tensor): Tensor {
  const out = mapTensor('tanh', a, Math.tanh, floatResult(a.dtype));
  return record('TanhBackward0', [a], [out], [out]);
}

/** Logistic function, stable for large |v|. */
export function sigmoidValue(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** `torch.sigmoid(a)`. e.g. `sigmoid(x)` */
export function sigmoid(a: Tensor): Tensor {
  const out = mapTensor('sigmoid', a, sigmoidValue, floatResult(a.dtype));
  return record('SigmoidBackward0', [a], [out], [out]);
}

/** `torch.relu(a)`. e.g. `relu(x)` */
export function relu(a: Tensor): Tensor {
  const out = mapTensor('relu', a, (v) => (v > 0 ? v : v !== v ? v : 0));
  return record('ReluBackward0', [a], [out], [out]);
}

/** `torch.sin(a)`. e.g. `sin(x)` */
export function sin(a: Tensor): Tensor {
  const out = mapTensor('sin', a, Math.sin, floatResult(a.dtype));
  return record('SinBackward0', [a], [out], [a]);
}

/** `torch.cos(a)`. e.g. `cos(x)` */
export function cos(a: Tensor): Tensor {
  const out = mapTensor('cos', a, Math.cos, floatResult(a.dtype));
  return record('CosBackward0', [a], [out], [a]);
}

/** `torch.clamp(a, min, max)`; either bound may be null. e.g. `clamp(x, -1, 1)` */
export function clamp(a: Tensor, min: number | null = null, max: number | null = null): Tensor {
  if (min === null && max === null) {
    throw new TorchError("torch.clamp: At least one of 'min' or 'max' must not be None", { kind: 'value', op: 'clamp', pyType: 'RuntimeError' });
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const out = mapTensor('clamp', a, (v) => (v !== v ? v : Math.min(Math.max(v, lo), hi)));
  return record('ClampBackward1', [a], [out], [a], { min, max });
}
