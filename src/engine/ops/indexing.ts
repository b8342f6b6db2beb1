// Indexing: Python-style `a[...]` (ints, slices, None, Ellipsis, index tensors) and embedding.
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import { allocate } from '../dtype';
import { TorchError } from '../errors';
import { contiguousData } from '../storage';
import { boolMaskIndex } from './gatherOps';
import { Tensor } from '../tensor';
import { select, slice, unsqueeze } from './views';

/** A Python slice `start:stop:step`; null fields are open. */
export interface SliceSpec {
  start: number | null;
  stop: number | null;
  step: number | null;
}

/** One item of an index expression: int, slice, None (new axis), Ellipsis, or an index tensor. */
export type IndexItem = number | SliceSpec | null | '...' | Tensor;

/** Builds a slice spec. e.g. `sl(1, null)` is `1:` */
export function sl(start: number | null = null, stop: number | null = null, step: number | null = null): SliceSpec {
  return { start, stop, step };
}

function isSlice(x: IndexItem): x is SliceSpec {
  return typeof x === 'object' && x !== null && !(x instanceof Tensor);
}

/**
 * `a[items]` with Python/PyTorch semantics: ints select (SelectBackward0), slices view
 * (SliceBackward0), None adds a dim, '...' fills, an int64/bool tensor gathers (IndexBackward0).
 * e.g. `getItem(x, [sl(), -1])` is `x[:, -1]`
 */
export function getItem(a: Tensor, items: readonly IndexItem[]): Tensor {
  const consumed = items.filter((x) => x !== null && x !== '...').length;
  const ell = items.indexOf('...');
  if (items.filter((x) => x === '...').length > 1) {
    throw new TorchError('an index can only have a single ellipsis', { kind: 'index', op: 'index' });
  }
  if (consumed > a.ndim) {
    throw new TorchError(`too many indices for tensor of dimension ${a.ndim}`, { kind: 'index', op: 'index' });
  }
  const full: IndexItem[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i === ell) for (let k = 0; k < a.ndim - consumed; k++) full.push(sl());
    else full.push(items[i]);
  }
  let out = a;
  let dim = 0;
  const tensorIdx: { dim: number; index: Tensor }[] = [];
  for (const item of full) {
    if (typeof item === 'number') {
      const size = out.shape[dim];
      if (item < -size || item >= size) {
        // Python indexing words it differently from `select()`
        throw new TorchError(`index ${item} is out of bounds for dimension ${dim} with size ${size}`, { kind: 'index', op: 'index' });
      }
      out = select(out, dim, item);
    } else if (item === null) {
      out = unsqueeze(out, dim);
      dim++;
    } else if (item instanceof Tensor) {
      tensorIdx.push({ dim, index: item });
      dim++;
    } else if (isSlice(item)) {
      // PyTorch 1.13 records a SliceBackward0 even for a full `:`
      out = slice(out, dim, item.start, item.stop, item.step ?? 1);
      dim++;
    }
  }
  if (tensorIdx.length === 0) return out;
  if (tensorIdx.length > 1 || tensorIdx[0].dim !== 0) {
    throw new TorchError('indexing with index tensors is supported only on the first indexed dimension', {
      kind: 'unsupported',
      op: 'index',
    });
  }
  const index = tensorIdx[0].index;
  if (index.dtype === 'bool') return boolMaskIndex(out, index);
  return indexSelect0(out, index);
}

/** `a[idx]` for an int64 index tensor (or bool mask) on dim 0. e.g. `indexSelect0(x, idx)` */
export function indexSelect0(a: Tensor, index: Tensor): Tensor {
  notifyOp('index');
  let idx = index;
  if (index.dtype === 'bool') {
    const m = contiguousData(index);
    const picks: number[] = [];
    for (let i = 0; i < m.length; i++) if (m[i]) picks.push(i);
    idx = new Tensor(Float64Array.from(picks), [picks.length], 'int64');
  } else if (index.dtype !== 'int64') {
    throw new TorchError('tensors used as indices must be long, int, byte or bool tensors', { kind: 'index', op: 'index' });
  }
  const rows = contiguousData(idx);
  const size = a.shape[0];
  const inner = a.numel() / Math.max(size, 1);
  const src = contiguousData(a);
  const out = allocate(a.dtype, rows.length * inner);
  for (let r = 0; r < rows.length; r++) {
    let i = rows[r];
    if (i < -size || i >= size) {
      throw new TorchError(`index ${i} is out of bounds for dimension 0 with size ${size}`, { kind: 'index', op: 'index' });
    }
    if (i < 0) i += size;
    for (let j = 0; j < inner; j++) out[r * inner + j] = src[i * inner + j];
  }
  const shape = [...idx.shape, ...a.shape.slice(1)];
  return record('IndexBackward0', [a], [new Tensor(out, shape, a.dtype)], [idx]);
}

/** `F.embedding(indices, weight, padding_idx)`: rows of `weight`. e.g. `embedding(idx, w)` */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx: number | null = null): Tensor {
  notifyOp('embedding');
  if (indices.dtype !== 'int64') {
    throw new TorchError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${indices.dtype === 'float64' ? 'torch.DoubleTensor' : 'torch.FloatTensor'} instead (while checking arguments for embedding)`,
      { kind: 'dtype', op: 'embedding' },
    );
  }
  if (weight.ndim !== 2) throw new TorchError("'weight' must be 2-D", { kind: 'shape', op: 'embedding' });
  const [num, dimE] = weight.shape;
  const idx = contiguousData(indices);
  const w = contiguousData(weight);
  const out = allocate(weight.dtype, idx.length * dimE);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r];
    if (i < 0 || i >= num) throw new TorchError('index out of range in self', { kind: 'index', op: 'embedding' });
    for (let j = 0; j < dimE; j++) out[r * dimE + j] = w[i * dimE + j];
  }
  const pad = paddingIdx === null ? -1 : paddingIdx < 0 ? paddingIdx + num : paddingIdx;
  return record('EmbeddingBackward0', [weight], [new Tensor(out, [...indices.shape, dimE], weight.dtype)], [indices], {
    paddingIdx: pad,
  });
}
