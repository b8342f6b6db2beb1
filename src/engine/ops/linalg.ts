// Matrix products: mm, addmm, mv, dot, bmm and matmul (which dispatches as PyTorch 1.13 does,
// so grad_fn names match: MmBackward0, MvBackward0, DotBackward0, SqueezeBackward3, UnsafeViewBackward0).
import { notifyOp } from '../autograd/observers';
import { noGrad } from '../autograd/gradMode';
import type { SavedArgs } from '../autograd/node';
import { record, savePair, saveIf } from '../autograd/record';
import { allocate, scalarTypeName } from '../dtype';
import { TorchError } from '../errors';
import { gemm, type MatrixView } from '../kernels/matmul';
import { broadcastShapes, numel } from '../shape';
import { Tensor } from '../tensor';
import { contiguous, expand, reshape, squeezeInPlaceResult, t, transpose, unsafeView, unsqueeze } from './views';

// Views of the operands, filled per call (gemm keeps no reference past its return).
const VA: MatrixView = { data: new Float64Array(0), offset: 0, rowStride: 0, colStride: 0 };
const VB: MatrixView = { data: new Float64Array(0), offset: 0, rowStride: 0, colStride: 0 };
const VBIAS: MatrixView = { data: new Float64Array(0), offset: 0, rowStride: 0, colStride: 0 };

function mat(t: Tensor, batchOffset = 0, into: MatrixView = VA): MatrixView {
  const nd = t.ndim;
  into.data = t.storage;
  into.offset = t.offset + batchOffset;
  into.rowStride = t.strides[nd - 2];
  into.colStride = t.strides[nd - 1];
  return into;
}

const ALPHA_BETA_1: SavedArgs = Object.freeze({ alpha: 1, beta: 1 });

function checkSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new TorchError(`expected scalar type ${scalarTypeName(a.dtype)} but found ${scalarTypeName(b.dtype)}`, {
      kind: 'dtype',
      op,
    });
  }
}

function check2d(op: string, t: Tensor, name: string): void {
  if (t.ndim !== 2) throw new TorchError(`${name} must be a matrix`, { kind: 'shape', op, shapes: [t.shape.slice()] });
}

function checkMm(op: string, a: Tensor, b: Tensor): void {
  check2d(op, a, 'self');
  check2d(op, b, 'mat2');
  if (a.shape[1] !== b.shape[0]) {
    throw new TorchError(
      `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`,
      { kind: 'shape', op, shapes: [a.shape.slice(), b.shape.slice()] },
    );
  }
  checkSameDType(op, a, b);
}

function rawMm(a: Tensor, b: Tensor): Tensor {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const out = allocate(a.dtype, m * n);
  gemm(m, n, k, mat(a), mat(b, 0, VB), out);
  return new Tensor(out, [m, n], a.dtype);
}

/** `torch.mm(a, b)`. e.g. `mm(x, w)` */
export function mm(a: Tensor, b: Tensor): Tensor {
  notifyOp('mm');
  checkMm('mm', a, b);
  return record('MmBackward0', [a, b], [rawMm(a, b)], savePair(a, b.requiresGrad, b, a.requiresGrad));
}

/** Whether a bias of `shape` broadcasts to [m, n]. */
function expandsTo(shape: readonly number[], m: number, n: number): boolean {
  const nd = shape.length;
  if (nd > 2) return false;
  const last = nd >= 1 ? shape[nd - 1] : 1;
  const first = nd === 2 ? shape[0] : 1;
  return (last === n || last === 1) && (first === m || first === 1);
}

/** `torch.addmm(bias, a, b, beta=1, alpha=1)`: beta·bias + alpha·(a @ b). e.g. `addmm(b, x, w.t())` */
export function addmm(bias: Tensor, a: Tensor, b: Tensor, beta = 1, alpha = 1): Tensor {
  notifyOp('addmm');
  checkMm('addmm', a, b);
  checkSameDType('addmm', a, bias);
  const [m, k] = a.shape;
  const n = b.shape[1];
  // PyTorch expands the bias to [m, n] first, so a bad bias gets expand's error
  if (!expandsTo(bias.shape, m, n)) noGrad(() => expand(bias, [m, n]));
  const bv = VBIAS;
  bv.data = bias.storage;
  bv.offset = bias.offset;
  bv.rowStride = bias.ndim === 2 && bias.shape[0] !== 1 ? bias.strides[0] : 0;
  bv.colStride = bias.ndim >= 1 && bias.shape[bias.ndim - 1] !== 1 ? bias.strides[bias.ndim - 1] : 0;
  const out = allocate(a.dtype, m * n);
  gemm(m, n, k, mat(a), mat(b, 0, VB), out, 0, alpha, beta, bv);
  const saved = savePair(a, b.requiresGrad, b, a.requiresGrad);
  return record('AddmmBackward0', [bias, a, b], [new Tensor(out, [m, n], a.dtype)], saved, alpha === 1 && beta === 1 ? ALPHA_BETA_1 : { alpha, beta });
}

/** `torch.mv(a, v)`. e.g. `mv(w, x)` */
export function mv(a: Tensor, v: Tensor): Tensor {
  notifyOp('mv');
  if (a.ndim !== 2 || v.ndim !== 1) {
    throw new TorchError(`vector + matrix @ vector expected, got 1, ${a.ndim}, ${v.ndim}`, { kind: 'shape', op: 'mv', shapes: [a.shape.slice(), v.shape.slice()] });
  }
  if (a.shape[1] !== v.shape[0]) {
    throw new TorchError(`size mismatch, got ${a.shape[0]}, ${a.shape[0]}x${a.shape[1]},${v.shape[0]}`, {
      kind: 'shape',
      op: 'mv',
      shapes: [a.shape.slice(), v.shape.slice()],
    });
  }
  checkSameDType('mv', a, v);
  const [m, k] = a.shape;
  const out = allocate(a.dtype, m);
  gemm(m, 1, k, mat(a), { data: v.storage, offset: v.offset, rowStride: v.strides[0], colStride: 1 }, out);
  return record('MvBackward0', [a, v], [new Tensor(out, [m], a.dtype)], saveIf([a, v.requiresGrad], [v, a.requiresGrad]));
}

/** `torch.dot(a, b)` of two 1-D tensors. e.g. `dot(x, y)` */
export function dot(a: Tensor, b: Tensor): Tensor {
  notifyOp('dot');
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new TorchError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`, { kind: 'shape', op: 'dot' });
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new TorchError(
      `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
      { kind: 'shape', op: 'dot', shapes: [a.shape.slice(), b.shape.slice()] },
    );
  }
  checkSameDType('dot', a, b);
  let s = 0;
  for (let i = 0; i < a.shape[0]; i++) s += a.storage[a.offset + i * a.strides[0]] * b.storage[b.offset + i * b.strides[0]];
  const out = allocate(a.dtype, 1);
  out[0] = s;
  return record('DotBackward0', [a, b], [new Tensor(out, [], a.dtype)], saveIf([a, b.requiresGrad], [b, a.requiresGrad]));
}

/** `torch.bmm(a, b)` for [B, n, m] @ [B, m, p]. e.g. `bmm(q, k)` */
export function bmm(a: Tensor, b: Tensor): Tensor {
  notifyOp('bmm');
  if (a.ndim !== 3 || b.ndim !== 3) {
    throw new TorchError(`batch1 must be a 3D tensor`, { kind: 'shape', op: 'bmm' });
  }
  const [batch, m, k] = a.shape;
  const n = b.shape[2];
  if (b.shape[0] !== batch || b.shape[1] !== k) {
    throw new TorchError(
      `Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
      { kind: 'shape', op: 'bmm', shapes: [a.shape.slice(), b.shape.slice()] },
    );
  }
  checkSameDType('bmm', a, b);
  const out = allocate(a.dtype, batch * m * n);
  for (let i = 0; i < batch; i++) gemm(m, n, k, mat(a, i * a.strides[0]), mat(b, i * b.strides[0], VB), out, i * m * n);
  return record('BmmBackward0', [a, b], [new Tensor(out, [batch, m, n], a.dtype)], saveIf([a, b.requiresGrad], [b, a.requiresGrad]));
}

/** `torch.matmul(a, b)` / `a @ b`, with PyTorch 1.13's dispatch. e.g. `matmul(x, w)` */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.ndim;
  const db = b.ndim;
  if (da === 0 || db === 0) {
    throw new TorchError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`, {
      kind: 'shape',
      op: 'matmul',
    });
  }
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) {
    if (a.shape[0] !== b.shape[0]) {
      throw new TorchError(`mat1 and mat2 shapes cannot be multiplied (1x${a.shape[0]} and ${b.shape[0]}x${b.shape[1]})`, {
        kind: 'shape',
        op: 'matmul',
        shapes: [a.shape.slice(), b.shape.slice()],
      });
    }
    return squeezeInPlaceResult(mm(unsqueeze(a, 0), b), 0);
  }
  if (da === 2 && db === 2) return mm(a, b);
  if (da >= 3 && (db === 1 || db === 2)) {
    const t2 = db === 1 ? unsqueeze(b, -1) : b;
    const outShape = a.shape.slice(0, -1);
    if (db === 2) outShape.push(b.shape[1]);
    const folded = reshape(a, [-1, a.shape[da - 1]]);
    if (folded.shape[1] !== t2.shape[0]) {
      throw new TorchError(
        `mat1 and mat2 shapes cannot be multiplied (${folded.shape[0]}x${folded.shape[1]} and ${t2.shape[0]}x${t2.shape[1]})`,
        { kind: 'shape', op: 'matmul', shapes: [a.shape.slice(), b.shape.slice()] },
      );
    }
    return unsafeView(mm(folded, t2), outShape);
  }
  if (da === 2 && db >= 3 && a.requiresGrad && a.shape[1] === b.shape[db - 2]) {
    // PyTorch 1.13 folds b's batch into mm when a requires grad: (b.mT folded @ a.t()).mT.contiguous()
    const bt = transpose(b, -1, -2);
    const outShape = [...bt.shape.slice(0, -1), a.shape[0]];
    const out = unsafeView(mm(reshape(bt, [-1, a.shape[1]]), t(a)), outShape);
    return contiguous(transpose(out, -1, -2));
  }
  // batched: broadcast the batch dims, fold them, bmm, unfold
  const n = da > 1 ? a.shape[da - 2] : 1;
  const m1 = a.shape[da - 1];
  const m2 = db > 1 ? b.shape[db - 2] : b.shape[0];
  const p = db > 1 ? b.shape[db - 1] : 1;
  const batchA = da > 2 ? a.shape.slice(0, -2) : [];
  const batchB = db > 2 ? b.shape.slice(0, -2) : [];
  const batch = broadcastShapes(batchA, batchB, 'matmul');
  const bp = numel(batch);
  if (m1 !== m2) {
    throw new TorchError(`Expected size for first two dimensions of batch2 tensor to be: [${bp}, ${m1}] but got: [${bp}, ${m2}].`, {
      kind: 'shape',
      op: 'matmul',
      shapes: [a.shape.slice(), b.shape.slice()],
    });
  }
  const a3 = reshape(expand(da === 1 ? unsqueeze(a, 0) : a, [...batch, n, m1]), [bp, n, m1]);
  const b3 = reshape(expand(db === 1 ? unsqueeze(b, -1) : b, [...batch, m2, p]), [bp, m2, p]);
  const outShape = [...batch];
  if (da > 1) outShape.push(n);
  if (db > 1) outShape.push(p);
  return unsafeView(bmm(a3, b3), outShape);
}
