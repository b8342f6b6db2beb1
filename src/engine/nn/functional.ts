// The parts of torch.nn.functional the modules are built from, composed exactly as PyTorch 1.13's
// CPU kernels compose them, so grad_fn graphs match node for node.
import { noGrad } from '../autograd/gradMode';
import { TorchError } from '../errors';
import { add } from '../ops/arith';
import { embedding as embeddingOp } from '../ops/indexing';
import { addmm, matmul } from '../ops/linalg';
import { t, view } from '../ops/views';
import { contiguousData } from '../storage';
import type { Tensor } from '../tensor';

/**
 * `F.linear(input, weight, bias)` as ATen's `at::linear` builds it: 2-D input with bias is one
 * `addmm(bias, input, weight.t())` (AddmmBackward0 + TBackward0); contiguous 3-D input with bias is
 * flattened with `view`, addmm'd and viewed back; anything else is `matmul(input, weight.t())`
 * (+ an in-place bias add, AddBackward0). e.g. `linear(x, w, b)`
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (input.ndim === 2 && bias !== null) return addmm(bias, input, t(weight));
  if (bias !== null) {
    if (input.ndim === 3 && input.isContiguous()) {
      const [a, b, k] = input.shape;
      const out = addmm(bias, view(input, [a * b, k]), t(weight));
      return view(out, [a, b, out.shape[1]]);
    }
    // ATen: matmul(...).add_(bias); the in-place add records the same AddBackward0 node
    return add(matmul(input, t(weight)), bias);
  }
  return matmul(input, t(weight));
}

/** Options of `F.embedding`. */
export interface EmbeddingOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

/**
 * `torch.embedding_renorm_(weight, indices, max_norm, norm_type)`: rescales, in place and without
 * recording, each referenced row whose norm exceeds `maxNorm` to norm `maxNorm` (float32 arithmetic
 * as ATen's CPU kernel). e.g. `embeddingRenorm_(w, idx, 1.0)`
 */
export function embeddingRenorm_(weight: Tensor, indices: Tensor, maxNorm: number, normType = 2): Tensor {
  if (weight.ndim !== 2) throw new TorchError('embedding_renorm_(): expected weight to be a 2-D tensor', { kind: 'shape', op: 'embedding_renorm_' });
  const rows = [...new Set(Array.from(contiguousData(indices)))].sort((x, y) => x - y);
  const [num, dim] = weight.shape;
  const f32 = weight.dtype === 'float32';
  const r = f32 ? Math.fround : (v: number) => v;
  noGrad(() => {
    for (const row of rows) {
      if (row < 0 || row >= num) throw new TorchError('index out of range in self', { kind: 'index', op: 'embedding_renorm_' });
      const base = weight.offset + row * weight.strides[0];
      const step = weight.strides[1];
      let acc = 0;
      for (let j = 0; j < dim; j++) {
        const v = Math.abs(weight.storage[base + j * step]);
        acc = normType === 2 ? r(acc + r(v * v)) : normType === 1 ? r(acc + v) : r(acc + r(Math.pow(v, normType)));
      }
      const norm = normType === 2 ? r(Math.sqrt(acc)) : normType === 1 ? acc : r(Math.pow(acc, 1 / normType));
      if (norm > maxNorm) {
        const scale = r(maxNorm / (norm + 1e-7));
        for (let j = 0; j < dim; j++) weight.storage[base + j * step] = r(weight.storage[base + j * step] * scale);
      }
    }
    weight.versionCounter.version++;
  });
  return weight;
}

/**
 * `F.embedding(input, weight, padding_idx, max_norm, ...)`: rows of `weight` (EmbeddingBackward0;
 * no gradient reaches the padding row). With `maxNorm`, the referenced rows are first renormalised
 * in place, as PyTorch does. e.g. `embedding(idx, w, { paddingIdx: 0 })`
 */
export function embedding(input: Tensor, weight: Tensor, opts: EmbeddingOptions = {}): Tensor {
  let pad = opts.paddingIdx ?? null;
  if (pad !== null) {
    if (pad >= weight.shape[0] || pad < -weight.shape[0]) {
      throw new TorchError('Padding_idx must be within num_embeddings', { kind: 'value', op: 'embedding', pyType: 'AssertionError' });
    }
    if (pad < 0) pad += weight.shape[0];
  }
  if (opts.scaleGradByFreq) {
    throw new TorchError('embedding: scale_grad_by_freq=True is not supported by the bptt-lens engine', { kind: 'unsupported', op: 'embedding' });
  }
  if (opts.maxNorm !== undefined && opts.maxNorm !== null) embeddingRenorm_(weight, input, opts.maxNorm, opts.normType ?? 2);
  return embeddingOp(input, weight, pad);
}
