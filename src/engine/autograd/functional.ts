// The user-facing autograd entry points: `tensor.backward()` and `torch.autograd.grad`.
import { TorchError } from '../errors';
import { filledTensor } from '../ops/result';
import { sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { runBackward, type BackwardOptions } from './backward';
import { emitEngineEvent, hasEngineObservers } from './observers';

/**
 * Backpropagates from `t` (`t.backward(gradient, retain_graph=...)`); a non-scalar `t` needs an
 * explicit `gradient`. e.g. `backward(loss)`
 */
export function backward(t: Tensor, gradient?: Tensor | null, options: BackwardOptions = {}): void {
  let g = gradient ?? null;
  if (g === null) {
    // PyTorch's _make_grads asks only outputs that require grad; the others fail in run_backward
    // ("element 0 of tensors does not require grad ...") whatever their size.
    if (t.numel() !== 1 && t.requiresGrad) {
      throw new TorchError('grad can be implicitly created only for scalar outputs', { kind: 'autograd', op: 'backward' });
    }
    g = filledTensor(t.shape.slice(), 1, t.dtype);
  } else if (!sameShape(g.shape, t.shape)) {
    throw new TorchError(
      `Mismatch in shape: grad_output[0] has a shape of torch.Size([${g.shape.join(', ')}]) and output[0] has a shape of torch.Size([${t.shape.join(', ')}]).`,
      { kind: 'shape', op: 'backward', shapes: [g.shape.slice(), t.shape.slice()] },
    );
  }
  const observed = hasEngineObservers();
  if (observed) emitEngineEvent({ type: 'backward', phase: 'start', roots: [t] });
  runBackward([t], [g], options);
  if (observed) emitEngineEvent({ type: 'backward', phase: 'end', roots: [t] });
}

/**
 * `torch.autograd.grad(outputs, inputs)`: gradients of `outputs` w.r.t. `inputs`, returned
 * instead of accumulated into `.grad`. e.g. `const [gw] = grad([loss], [w])`
 */
export function grad(
  outputs: Tensor[],
  inputs: Tensor[],
  gradOutputs?: (Tensor | null)[],
  options: BackwardOptions & { allowUnused?: boolean } = {},
): (Tensor | null)[] {
  for (const x of inputs) {
    if (!x.requiresGrad) {
      throw new TorchError('One of the differentiated Tensors does not require grad', { kind: 'autograd', op: 'grad' });
    }
  }
  const gs = outputs.map((o, i) => {
    const g = gradOutputs?.[i];
    if (g) return g;
    if (o.numel() !== 1 && o.requiresGrad) {
      throw new TorchError('grad can be implicitly created only for scalar outputs', { kind: 'autograd', op: 'grad' });
    }
    return filledTensor(o.shape.slice(), 1, o.dtype);
  });
  const results = runBackward(outputs, gs, options, inputs);
  if (!options.allowUnused && results.some((r) => r === null)) {
    throw new TorchError(
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
      { kind: 'autograd', op: 'grad' },
    );
  }
  return results;
}
