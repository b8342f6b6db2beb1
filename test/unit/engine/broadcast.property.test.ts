// Property tests of broadcasting: for random broadcast-compatible shape pairs, binary ops give the
// broadcast shape, the values of an explicit index-by-index computation, and gradients of each
// input's shape equal to sums over the broadcast dims; incompatible pairs throw PyTorch's error.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TorchError } from '../../../src/engine/errors';
import { torch } from '../../../src/engine/torch';
import type { Tensor } from '../../../src/engine/tensor';
import { prng } from './prng';

const RUNS = 150;

/** The broadcasting rule, written out independently of the engine's shape.ts. */
function expectedShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const pa = [...new Array<number>(n - a.length).fill(1), ...a];
  const pb = [...new Array<number>(n - b.length).fill(1), ...b];
  return pa.map((s, i) => (s === 1 ? pb[i] : s));
}

function numel(shape: readonly number[]): number {
  return shape.reduce((x, y) => x * y, 1);
}

/** Row-major multi-index of flat position k in `shape`. */
function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = k % shape[d];
    k = Math.floor(k / shape[d]);
  }
  return idx;
}

/** Flat row-major position in `shape` of the output index `outIdx`, reading size-1 dims at 0. */
function sourceOffset(outIdx: readonly number[], shape: readonly number[]): number {
  const lead = outIdx.length - shape.length;
  let p = 0;
  for (let d = 0; d < shape.length; d++) p = p * shape[d] + (shape[d] === 1 ? 0 : outIdx[lead + d]);
  return p;
}


/**
 * A float64 tensor of `shape` with values in [0.5, 2); when `strided`, it is a permuted view
 * (non-contiguous) of a tensor laid out in reverse dim order.
 */
function makeTensor(shape: readonly number[], rand: () => number, strided: boolean, requiresGrad: boolean): Tensor {
  const data = Float64Array.from({ length: numel(shape) }, () => 0.5 + 1.5 * rand());
  if (!strided || shape.length < 2) return torch.fromArray(data, shape.slice(), { requiresGrad });
  const rev = shape.slice().reverse();
  const base = torch.fromArray(data, rev, { requiresGrad });
  const dims = rev.map((_, i) => rev.length - 1 - i);
  const v = base.permute(...dims);
  // leaf for the gradient checks: the permuted view is re-wrapped as its own leaf when grad is wanted
  return requiresGrad ? torch.fromArray(Float64Array.from(v.detach().toArray()), shape.slice(), { requiresGrad }) : v;
}

/** Broadcast-compatible pairs: a base shape, each operand a suffix of it with some dims set to 1. */
const compatiblePair = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((base) =>
    fc.tuple(
      fc.constant(base),
      fc.integer({ min: 0, max: base.length }),
      fc.integer({ min: 0, max: base.length }),
      fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.boolean(),
    ),
  )
  .map(([base, la, lb, onesA, onesB, seed, strided]) => {
    const a = base.slice(base.length - la).map((s, i) => (onesA[i] ? 1 : s));
    const b = base.slice(base.length - lb).map((s, i) => (onesB[i] ? 1 : s));
    return { a, b, seed, strided };
  });

/** Pairs with at least one aligned dim where both sizes are > 1 and differ, maybe with extra leading dims. */
const incompatiblePair = fc
  .tuple(
    fc.array(
      fc.record({ kind: fc.constantFrom('same', 'oneA', 'oneB', 'clash'), s: fc.integer({ min: 2, max: 5 }), t: fc.integer({ min: 2, max: 5 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    fc.integer({ min: 0, max: 2 }),
    fc.boolean(),
  )
  .filter(([dims]) => dims.some((d) => d.kind === 'clash' && d.s !== d.t))
  .map(([dims, extra, extraOnA]) => {
    const a = dims.map((d) => (d.kind === 'oneA' ? 1 : d.s));
    const b = dims.map((d) => (d.kind === 'oneB' ? 1 : d.kind === 'clash' ? d.t : d.kind === 'oneA' ? d.t : d.s));
    const lead = Array.from({ length: extra }, (_, i) => 2 + i);
    return extraOnA ? { a: [...lead, ...a], b } : { a, b: [...lead, ...b] };
  });

type BinOp = (a: Tensor, b: Tensor) => Tensor;
const ops: [string, BinOp, (x: number, y: number) => number][] = [
  ['add', (a, b) => a.add(b), (x, y) => x + y],
  ['add alpha', (a, b) => torch.add(a, b, 2.5), (x, y) => x + 2.5 * y],
  ['sub', (a, b) => a.sub(b), (x, y) => x - y],
  ['mul', (a, b) => a.mul(b), (x, y) => x * y],
  ['div', (a, b) => a.div(b), (x, y) => x / y],
  ['pow', (a, b) => a.pow(b), (x, y) => Math.pow(x, y)],
  ['maximum', (a, b) => torch.maximum(a, b), (x, y) => Math.max(x, y)],
  ['minimum', (a, b) => torch.minimum(a, b), (x, y) => Math.min(x, y)],
  ['where', (a, b) => torch.where(a.gt(1.2), a, b), (x, y) => (x > 1.2 ? x : y)],
];

describe('broadcasting (property tests)', () => {
  for (const [name, op, f] of ops) {
    it(`${name}: broadcast shape and values match an index-by-index computation`, () => {
      fc.assert(
        fc.property(compatiblePair, ({ a: sa, b: sb, seed, strided }) => {
          const rand = prng(seed);
          const a = makeTensor(sa, rand, strided, false);
          const b = makeTensor(sb, rand, !strided, false);
          const out = op(a, b);
          const shape = expectedShape(sa, sb);
          assert.deepEqual(out.shape, shape);
          const av = a.toArray();
          const bv = b.toArray();
          const ov = out.toArray();
          assert.equal(ov.length, numel(shape));
          for (let k = 0; k < ov.length; k++) {
            const idx = unravel(k, shape);
            assert.equal(ov[k], f(av[sourceOffset(idx, sa)], bv[sourceOffset(idx, sb)]));
          }
          // the rule is symmetric in shape
          assert.deepEqual(op(b, a).shape, shape);
        }),
        { numRuns: RUNS, seed: 42 },
      );
    });
  }

  const gradOps: [string, BinOp, (g: number, x: number, y: number) => [number, number]][] = [
    ['add', (a, b) => a.add(b), (g) => [g, g]],
    ['sub alpha', (a, b) => torch.sub(a, b, 0.5), (g) => [g, -0.5 * g]],
    ['mul', (a, b) => a.mul(b), (g, x, y) => [g * y, g * x]],
    ['div', (a, b) => a.div(b), (g, x, y) => [g / y, (-g * x) / (y * y)]],
  ];
  for (const [name, op, df] of gradOps) {
    it(`${name}: gradients have the inputs' shapes and are sums over the broadcast dims`, () => {
      fc.assert(
        fc.property(compatiblePair, ({ a: sa, b: sb, seed }) => {
          const rand = prng(seed);
          const a = makeTensor(sa, rand, false, true);
          const b = makeTensor(sb, rand, false, true);
          const out = op(a, b);
          const shape = out.shape;
          const g = torch.fromArray(Float64Array.from({ length: numel(shape) }, () => rand() - 0.5), shape.slice());
          out.backward(g);
          assert.deepEqual(a.grad!.shape, sa);
          assert.deepEqual(b.grad!.shape, sb);
          const ga = new Float64Array(numel(sa));
          const gb = new Float64Array(numel(sb));
          const av = a.toArray();
          const bv = b.toArray();
          const gv = g.toArray();
          for (let k = 0; k < gv.length; k++) {
            const idx = unravel(k, shape);
            const ia = sourceOffset(idx, sa);
            const ib = sourceOffset(idx, sb);
            const [da, db] = df(gv[k], av[ia], bv[ib]);
            ga[ia] += da;
            gb[ib] += db;
          }
          const close = (got: Float64Array, want: Float64Array): void => {
            assert.equal(got.length, want.length);
            for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-12 * (1 + Math.abs(want[i])), `${got[i]} vs ${want[i]}`);
          };
          close(a.grad!.toArray(), ga);
          close(b.grad!.toArray(), gb);
        }),
        { numRuns: RUNS, seed: 7 },
      );
    });
  }

  it('incompatible shapes throw PyTorch\'s error naming the last mismatching dim', () => {
    fc.assert(
      fc.property(incompatiblePair, ({ a: sa, b: sb }) => {
        const n = Math.max(sa.length, sb.length);
        const pa = [...new Array<number>(n - sa.length).fill(1), ...sa];
        const pb = [...new Array<number>(n - sb.length).fill(1), ...sb];
        let d = n - 1;
        while (pa[d] === pb[d] || pa[d] === 1 || pb[d] === 1) d--;
        const message = `The size of tensor a (${pa[d]}) must match the size of tensor b (${pb[d]}) at non-singleton dimension ${d}`;
        const a = torch.ones(sa, { dtype: 'float64' });
        const b = torch.ones(sb, { dtype: 'float64' });
        for (const [name, op] of [
          ['add', (x: Tensor, y: Tensor) => x.add(y)],
          ['sub', (x: Tensor, y: Tensor) => x.sub(y)],
          ['mul', (x: Tensor, y: Tensor) => x.mul(y)],
          ['div', (x: Tensor, y: Tensor) => x.div(y)],
          ['maximum', (x: Tensor, y: Tensor) => torch.maximum(x, y)],
        ] as const) {
          assert.throws(
            () => op(a, b),
            (e: unknown) => {
              assert.ok(e instanceof TorchError, `${name} threw ${String(e)}`);
              assert.equal(e.message, message);
              assert.equal(e.kind, 'shape');
              assert.deepEqual(e.shapes, [sa, sb]);
              return true;
            },
          );
        }
      }),
      { numRuns: RUNS, seed: 3 },
    );
  });

  it('examples checked against PyTorch 1.13.1', () => {
    const cases: [number[], number[], string][] = [
      [[2, 3], [3, 2], 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1'],
      [[4, 2, 3], [5, 3, 3], 'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1'],
      [[2, 3], [4, 5, 3], 'The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 1'],
    ];
    for (const [sa, sb, msg] of cases) assert.throws(() => torch.ones(sa).add(torch.ones(sb)), { message: msg });
    assert.deepEqual(torch.ones([0, 1]).add(torch.ones([3])).shape, [0, 3]);
    assert.deepEqual(torch.ones([2, 1]).mul(torch.ones([1, 0])).shape, [2, 0]);
  });
});
