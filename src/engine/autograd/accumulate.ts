// Adding a gradient into a leaf's `.grad`, as AccumulateGrad does.
import { allocate, isFloating, type Storage } from '../dtype';
import { addStridedInto } from '../kernels/strided';
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
  if (existing.isContiguous() && isFloating(existing.dtype) && existing.storage !== g.storage) {
    // in place, one pass: each sum is rounded once to the grad's dtype, as through a float64 copy
    const d = existing.storage;
    const o = existing.offset;
    if (g.isContiguous()) {
      const src = g.storage;
      const go = g.offset;
      for (let i = 0, n = existing.numel(); i < n; i++) d[o + i] += src[go + i];
    } else addStridedInto(o === 0 ? d : (d.subarray(o, o + existing.numel()) as Storage), g.storage, g.shape, g.strides, g.offset);
    existing.versionCounter.version++;
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
