// In-place ops (`add_`, `zero_`, `copy_`, ...). They write into the tensor's storage (through its
// strides) and bump its version, so a backward that saved the old values fails as in PyTorch.
// Recording in-place ops into the graph is not supported: they are for parameter updates and
// initialisation, under `noGrad` or on tensors that do not require grad.
import { isGradEnabled, noGrad } from '../autograd/gradMode';
import { castValue } from '../dtype';
import { TorchError } from '../errors';
import { broadcastShapes, sameShape } from '../shape';
import { contiguousData, writeData } from '../storage';
import type { Tensor } from '../tensor';
import { add, div, mul, sub } from './arith';
import { clamp } from './unary';
import { expand } from './views';
import type { Scalar } from './promote';

/** Rejects in-place writes autograd cannot allow, with PyTorch's messages. e.g. `checkInPlace(w, 'add_')` */
export function checkInPlace(self: Tensor, op: string, others: readonly (Tensor | Scalar)[] = []): void {
  if (!isGradEnabled()) return;
  if (self.requiresGrad && self.isLeaf) {
    throw new TorchError('a leaf Variable that requires grad is being used in an in-place operation.', { kind: 'autograd', op });
  }
  const base = self.base;
  if (self.requiresGrad && base !== null && base.isLeaf && base.requiresGrad) {
    throw new TorchError('a view of a leaf Variable that requires grad is being used in an in-place operation.', { kind: 'autograd', op });
  }
  if (self.requiresGrad || others.some((o) => typeof o === 'object' && o.requiresGrad)) {
    throw new TorchError(
      `${op}: in-place operations on tensors that require grad are not recorded by bptt-lens's engine; use the out-of-place form (e.g. x = x.add(y)) or wrap the update in torch.no_grad()`,
      { kind: 'unsupported', op },
    );
  }
}

function assign(self: Tensor, result: Tensor, op: string): Tensor {
  if (!sameShape(result.shape, self.shape)) {
    const shape = broadcastShapes(self.shape, result.shape, op);
    throw new TorchError(
      `output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`,
      { kind: 'shape', op, shapes: [self.shape.slice(), result.shape.slice()] },
    );
  }
  if (result.dtype !== self.dtype && (self.dtype === 'int64' || self.dtype === 'bool') && (result.dtype === 'float32' || result.dtype === 'float64')) {
    throw new TorchError(`result type Float can't be cast to the desired output type ${self.dtype === 'int64' ? 'Long' : 'Bool'}`, {
      kind: 'dtype',
      op,
    });
  }
  writeData(self, contiguousData(result));
  return self;
}

/** `self.add_(other, alpha=1)`. e.g. `noGrad(() => w.add_(g, -0.1))` */
export function add_(self: Tensor, other: Tensor | Scalar, alpha = 1): Tensor {
  checkInPlace(self, 'add_', [other]);
  return assign(self, noGrad(() => add(self, other, alpha)), 'add_');
}

/** `self.sub_(other, alpha=1)`. e.g. `w.sub_(g)` */
export function sub_(self: Tensor, other: Tensor | Scalar, alpha = 1): Tensor {
  checkInPlace(self, 'sub_', [other]);
  return assign(self, noGrad(() => sub(self, other, alpha)), 'sub_');
}

/** `self.mul_(other)`. e.g. `g.mul_(0.5)` */
export function mul_(self: Tensor, other: Tensor | Scalar): Tensor {
  checkInPlace(self, 'mul_', [other]);
  return assign(self, noGrad(() => mul(self, other)), 'mul_');
}

/** `self.div_(other)`. e.g. `g.div_(2)` */
export function div_(self: Tensor, other: Tensor | Scalar): Tensor {
  checkInPlace(self, 'div_', [other]);
  return assign(self, noGrad(() => div(self, other)), 'div_');
}

/** `self.clamp_(min, max)`. e.g. `g.clamp_(-1, 1)` */
export function clamp_(self: Tensor, min: number | null = null, max: number | null = null): Tensor {
  checkInPlace(self, 'clamp_');
  return assign(self, noGrad(() => clamp(self, min, max)), 'clamp_');
}

/** `self.fill_(value)`. e.g. `b.fill_(0)` */
export function fill_(self: Tensor, value: number): Tensor {
  checkInPlace(self, 'fill_');
  const v = castValue(self.dtype, value);
  const n = self.numel();
  const vals = new Float64Array(n).fill(v);
  writeData(self, vals);
  return self;
}

/** `self.zero_()`. e.g. `p.grad.zero_()` */
export function zero_(self: Tensor): Tensor {
  return fill_(self, 0);
}

/** `self.copy_(src)`: copies values (broadcasting `src`). e.g. `w.copy_(w0)` */
export function copy_(self: Tensor, src: Tensor): Tensor {
  checkInPlace(self, 'copy_', [src]);
  const s = sameShape(src.shape, self.shape) ? src : noGrad(() => expand(src, self.shape));
  writeData(self, contiguousData(s));
  return self;
}
