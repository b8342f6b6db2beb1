// Wires a freshly computed op result into the autograd graph.
import type { Tensor } from '../tensor';
import { formulas, type GradFnName } from './formulas';
import { isGradEnabled } from './gradMode';
import { FunctionNode, gradAccumulator, type Edge, type SavedArgs, type TensorMeta } from './node';
import { notifyNodeCreated } from './observers';
import { currentTags } from './tags';

const NULL_EDGE: Edge = [null, 0];
const NO_TENSORS: Tensor[] = [];
const NO_ARGS: SavedArgs = Object.freeze({});

/** The edge a gradient for `t` flows along, or a null edge when `t` needs none (edges are shared, never mutated). */
export function edgeOf(t: Tensor | null): Edge {
  if (t === null || !t.requiresGrad) return NULL_EDGE;
  return t.gradFn !== null ? t.gradFn.edgeTo(t.outputNr) : gradAccumulator(t).edgeTo(0);
}

/** Shape and dtype of an input: the producing node's record of it when that is still the tensor's. */
function metaOf(t: Tensor): TensorMeta {
  const known = t.gradFn instanceof FunctionNode ? t.gradFn.outputMeta(t.outputNr) : undefined;
  return known !== undefined && known.shape === t.shape && known.dtype === t.dtype ? known : { shape: t.shape, dtype: t.dtype };
}

/** Whether an op on these inputs is recorded now. */
export function needsGrad(inputs: readonly (Tensor | null)[]): boolean {
  if (!isGradEnabled()) return false;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    if (t !== null && t.requiresGrad) return true;
  }
  return false;
}

/**
 * The tensors an op saves, each kept only when its flag is set, as PyTorch saves `self` of `mul`
 * only when `other` needs a gradient (so an in-place change to an unsaved input is no error).
 * Formulas get them back with `savedSlots`. e.g. `saveIf([a, b.requiresGrad], [b, a.requiresGrad])`
 */
export function saveIf(...entries: [Tensor, boolean][]): Tensor[] {
  if (entries.length === 2) return savePair(entries[0][0], entries[0][1], entries[1][0], entries[1][1]);
  const out: Tensor[] = [];
  for (const [t, keep] of entries) if (keep) out.push(t);
  return out;
}

/** `saveIf([a, keepA], [b, keepB])` without the argument arrays (the hot binary ops). */
export function savePair(a: Tensor, keepA: boolean, b: Tensor, keepB: boolean): Tensor[] {
  if (keepA) return keepB ? [a, b] : [a];
  return keepB ? [b] : NO_TENSORS;
}

/**
 * Records `outputs` as made by op `name` from `inputs` (null marks a slot PyTorch keeps as None,
 * such as a Python scalar wrapped into a tensor). Does nothing when no input requires grad or grad
 * mode is off. Returns `outputs[0]` for chaining.
 */
export function record(
  name: GradFnName,
  inputs: readonly (Tensor | null)[],
  outputs: Tensor[],
  saved: Tensor[] = NO_TENSORS,
  args: SavedArgs = NO_ARGS,
): Tensor {
  if (!needsGrad(inputs)) return outputs[0];
  const n = inputs.length;
  const edges = new Array<Edge>(n);
  const inputMeta = new Array<TensorMeta | null>(n);
  for (let i = 0; i < n; i++) {
    const t = inputs[i];
    edges[i] = edgeOf(t);
    inputMeta[i] = t === null ? null : metaOf(t);
  }
  const outputMeta = new Array<TensorMeta>(outputs.length);
  for (let i = 0; i < outputs.length; i++) outputMeta[i] = { shape: outputs[i].shape, dtype: outputs[i].dtype };
  const node = new FunctionNode(name, formulas[name], edges, currentTags(), inputMeta, outputMeta, saved, args);
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i];
    o.gradFn = node;
    o.outputNr = i;
    o.requiresGrad = true;
  }
  notifyNodeCreated(node, outputs);
  return outputs[0];
}
