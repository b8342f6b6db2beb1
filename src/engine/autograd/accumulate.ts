// Adding a gradient into a leaf's `.grad`, as AccumulateGrad does.
import { allocate } from '../dtype';
import { TorchError } from '../errors';
import { sameShape } from '../shape';
import { contiguousData, copyData, fromStorage, writeData } from '../storage';
import type { Tensor } from '../tensor';

/** Adds `g` into `variable.grad`, in place when a grad exists (optimizers keep references to it). */
export function accumulateGrad(variable: Tensor, g: Tensor): void {
  if (!sameShape(g.shape, variable.shape)) {
    throw new TorchError(
      `Function AccumulateGrad returned an invalid gradient - got [${g.shape.join(', ')}] but expected shape compatible with [${variable.shape.join(', ')}]`,
      { kind: 'shape', op: 'AccumulateGrad', shapes: [g.shape.slice(), variable.shape.slice()] },
    );
  }
  const existing = variable.grad;
  if (existing === null) {
    // Always a private copy: the same gradient tensor may flow to several leaves.
    variable.grad = fromStorage(copyData(g, variable.dtype), variable.shape.slice(), variable.dtype);
    return;
  }
  const a = contiguousData(existing);
  const b = contiguousData(g);
  const sum = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) sum[i] = a[i] + b[i];
  writeData(existing, sum);
}

/** Keeps a non-leaf's gradient in `.grad` (the hook `retain_grad()` adds): a copy, then out-of-place sums. */
export function retainGradient(t: Tensor, g: Tensor): void {
  if (t.grad === null) {
    t.grad = fromStorage(copyData(g), g.shape.slice(), g.dtype);
    return;
  }
  const a = contiguousData(t.grad);
  const b = contiguousData(g);
  const sum = allocate(t.grad.dtype, a.length);
  for (let i = 0; i < a.length; i++) sum[i] = a[i] + b[i];
  t.grad = fromStorage(sum, t.grad.shape.slice(), t.grad.dtype);
}
