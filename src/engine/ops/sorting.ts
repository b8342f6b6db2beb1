// Sorting and selection along a dim: sort, topk (values and int64 indices, SortBackward0 /
// TopkBackward0), and cumprod (CumprodBackward0).
import { notifyOp } from '../autograd/observers';
import { record } from '../autograd/record';
import { allocate, isFloating, type DType } from '../dtype';
import { TorchError } from '../errors';
import { wrapDim } from '../shape';
import { contiguousData } from '../storage';
import { Tensor } from '../tensor';

/** Orders NaN above every number, as ATen's sort and topk do. */
function greater(x: number, y: number): boolean {
  return (x !== x && y === y) || x > y;
}

function along(a: Tensor, dim: number, op: string): [number, number, number, number] {
  const d = wrapDim(dim, Math.max(a.ndim, 1), op);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= a.shape[i];
  for (let i = d + 1; i < a.ndim; i++) inner *= a.shape[i];
  return [d, outer, a.shape[d] ?? 1, inner];
}

function selectSorted(a: Tensor, dim: number, k: number, descending: boolean, op: 'sort' | 'topk'): [Tensor, Tensor] {
  notifyOp(op);
  const [d, outer, n, inner] = along(a, dim, op);
  const x = contiguousData(a);
  const shape = a.shape.slice();
  if (a.ndim > 0) shape[d] = k;
  const vals = allocate(a.dtype, outer * k * inner);
  const idx = new Float64Array(outer * k * inner);
  const order = new Array<number>(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number): number => o * n * inner + j * inner + i;
      for (let j = 0; j < n; j++) order[j] = j;
      // stable: ties keep their index order
      order.sort((p, q) => {
        const xp = x[at(p)];
        const xq = x[at(q)];
        if (greater(xp, xq)) return descending ? -1 : 1;
        if (greater(xq, xp)) return descending ? 1 : -1;
        return p - q;
      });
      for (let j = 0; j < k; j++) {
        const q = o * k * inner + j * inner + i;
        vals[q] = x[at(order[j])];
        idx[q] = order[j];
      }
    }
  }
  const values = new Tensor(vals, shape, a.dtype);
  const indices = new Tensor(idx, shape.slice(), 'int64');
  record(op === 'sort' ? 'SortBackward0' : 'TopkBackward0', [a], [values], [indices], { dim: d });
  return [values, indices];
}

/** `torch.sort(a, dim=-1, descending=False)`: `[values, indices]`, ties in index order, NaN last. e.g. `const [v, i] = sort(x, 1)` */
export function sort(a: Tensor, dim = -1, descending = false): [Tensor, Tensor] {
  return selectSorted(a, dim, a.ndim === 0 ? 1 : a.shape[wrapDim(dim, Math.max(a.ndim, 1), 'sort')], descending, 'sort');
}

/** `torch.topk(a, k, dim=-1, largest=True, sorted=True)`: `[values, indices]` of the k largest (smallest). e.g. `topk(x, 2)` */
export function topk(a: Tensor, k: number, dim = -1, largest = true): [Tensor, Tensor] {
  const d = wrapDim(dim, Math.max(a.ndim, 1), 'topk');
  const n = a.ndim === 0 ? 1 : a.shape[d];
  if (k < 0 || k > n) throw new TorchError('selected index k out of range', { kind: 'index', op: 'topk', pyType: 'RuntimeError' });
  return selectSorted(a, d, k, largest, 'topk');
}

/** `torch.cumprod(a, dim)`. e.g. `cumprod(x, 1)` */
export function cumprod(a: Tensor, dim: number): Tensor {
  notifyOp('cumprod');
  const [d, outer, n, inner] = along(a, dim, 'cumprod');
  const dtype: DType = isFloating(a.dtype) ? a.dtype : 'int64';
  const x = contiguousData(a);
  const out = allocate(dtype, x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = 1;
      for (let j = 0; j < n; j++) {
        const p = o * n * inner + j * inner + i;
        acc *= x[p];
        out[p] = acc;
      }
    }
  }
  const t = new Tensor(out, a.shape.slice(), dtype);
  return record('CumprodBackward0', [a], [t], [a], { dim: d });
}
