// A finite-difference gradient check like torch.autograd.gradcheck: float64 inputs, central
// differences, and the check that a zero upstream gradient gives zero input gradients.
import { grad } from './autograd/functional';
import { noGrad } from './autograd/gradMode';
import { TorchError } from './errors';
import { filledTensor } from './ops/result';
import { contiguousData } from './storage';
import type { Tensor } from './tensor';

/** Tolerances of `gradcheck` (PyTorch's defaults). */
export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
}

function flatOffset(t: Tensor, i: number): number {
  let p = t.offset;
  let rem = i;
  for (let d = t.shape.length - 1; d >= 0; d--) {
    const k = rem % t.shape[d];
    rem = (rem - k) / t.shape[d];
    p += k * t.strides[d];
  }
  return p;
}

function outputsOf(r: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(r) ? r : [r];
}

/**
 * Checks analytical gradients of `fn` at `inputs` against central differences; throws a
 * TorchError naming the output, input and element that disagree. e.g. `gradcheck(x => x.tanh(), [x64])`
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], opts: GradcheckOptions = {}): true {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const diff = inputs.filter((x) => x.requiresGrad);
  for (const x of diff) {
    if (x.dtype !== 'float64') {
      throw new TorchError('gradcheck expects double precision (float64) inputs that require grad', { kind: 'dtype', op: 'gradcheck' });
    }
  }
  const outs0 = outputsOf(fn(...inputs));
  for (let oi = 0; oi < outs0.length; oi++) {
    // as in PyTorch, only outputs that require grad are checked (not max's indices)
    if (!outs0[oi].requiresGrad) continue;
    const nOut = outs0[oi].numel();
    for (let xi = 0; xi < diff.length; xi++) {
      const x = diff[xi];
      const nIn = x.numel();
      // numerical Jacobian column by column
      const numerical = new Float64Array(nOut * nIn);
      for (let j = 0; j < nIn; j++) {
        const p = flatOffset(x, j);
        const orig = x.storage[p];
        x.storage[p] = orig + eps;
        // copies: a view output shares the storage being perturbed
        const plus = Float64Array.from(contiguousData(noGrad(() => outputsOf(fn(...inputs)))[oi]));
        x.storage[p] = orig - eps;
        const minus = Float64Array.from(contiguousData(noGrad(() => outputsOf(fn(...inputs)))[oi]));
        x.storage[p] = orig;
        for (let r = 0; r < nOut; r++) numerical[r * nIn + j] = (plus[r] - minus[r]) / (2 * eps);
      }
      // analytical Jacobian row by row
      for (let r = 0; r < nOut; r++) {
        const outs = outputsOf(fn(...inputs));
        const o = outs[oi];
        const go = filledTensor(o.shape.slice(), 0, o.dtype);
        go.storage[r] = 1;
        const [g] = grad([o], [x], [go], { allowUnused: true });
        const gd = g === null ? new Float64Array(nIn) : contiguousData(g);
        for (let j = 0; j < nIn; j++) {
          const a = gd[j];
          const n = numerical[r * nIn + j];
          if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
            throw new TorchError(
              `Jacobian mismatch for output ${oi} with respect to input ${inputs.indexOf(x)},\n` +
                `at output element ${r}, input element ${j}: numerical ${n} vs analytical ${a}`,
              { kind: 'autograd', op: 'gradcheck' },
            );
          }
        }
      }
    }
    // a zero upstream gradient must give zero gradients
    const outs = outputsOf(fn(...inputs));
    const o = outs[oi];
    const zeros = filledTensor(o.shape.slice(), 0, o.dtype);
    const gs = grad([o], diff, [zeros], { allowUnused: true });
    gs.forEach((g, k) => {
      if (g === null) return;
      const d = contiguousData(g);
      for (let i = 0; i < d.length; i++) {
        if (d[i] !== 0) {
          throw new TorchError(
            `Backward is not reentrant or not zero for a zero upstream gradient: output ${oi}, input ${inputs.indexOf(diff[k])}, element ${i} is ${d[i]}`,
            { kind: 'autograd', op: 'gradcheck' },
          );
        }
      }
    });
  }
  return true;
}
