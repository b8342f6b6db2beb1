// Loss functions against PyTorch 1.13.1 (shared/reference/pytorch-1.13.1/losses.json): for every
// case, the output, the gradients after `out.backward(upstream_grad)`, the grad_fn name and the
// whole autograd graph (breadth-first, node for node). Each case's `code` is read by a small
// parser of `F.xxx(a, b, k=v)` / `nn.XxxLoss(k=v)(a, b)` calls, so new cases need no edits here.
// Then float64 gradchecks of every loss and reduction, and PyTorch's error messages.
// Extra reference files in the same format can be added with LOSSES_EXTRA_REFERENCE=a.json:b.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { F, Tensor, gradcheck, torch } from '../../../src/engine';
import { AccumulateGrad, type Node } from '../../../src/engine/autograd/node';
import type { DType } from '../../../src/engine/dtype';
import { contiguousData } from '../../../src/engine/storage';

// ---------------------------------------------------------------- reference format

type Datum = number | string;
interface RefTensor {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int64';
  data: Datum[];
}
interface RefDagNode {
  id: number;
  name: string;
  next: (number | null)[];
  leaf?: string;
  leaf_shape?: number[];
}
interface RefCase {
  name: string;
  op: string;
  code: string;
  inputs: Record<string, RefTensor>;
  requires_grad?: string[];
  bool_inputs?: string[];
  output: RefTensor;
  grad_fn: string | null;
  dag?: RefDagNode[];
  upstream_grad?: RefTensor;
  grads?: Record<string, RefTensor | null>;
}

const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/pytorch-1.13.1/losses.json');

function datum(d: Datum): number {
  if (typeof d === 'number') return d;
  return d === 'NaN' ? NaN : d === 'Infinity' ? Infinity : -Infinity;
}

function fromRef(t: RefTensor, asBool = false): Tensor {
  const dtype: DType = asBool ? 'bool' : t.dtype;
  const data = t.data.map(datum);
  const storage = dtype === 'float32' ? Float32Array.from(data) : dtype === 'bool' ? Uint8Array.from(data) : Float64Array.from(data);
  return new Tensor(storage, t.shape.slice(), dtype);
}

// ---------------------------------------------------------------- a tiny reader of the `code` line

type Value = Tensor | number | string | boolean | null | Callable;
interface Callable {
  call(args: Value[], kwargs: Record<string, Value>): Value;
}
type Expr =
  | { kind: 'name'; name: string }
  | { kind: 'lit'; value: number | string | boolean | null }
  | { kind: 'call'; callee: Expr; args: Expr[]; kwargs: [string, Expr][] };

function tokenize(src: string): string[] {
  const re = /\s*([A-Za-z_][\w.]*|\d+\.?\d*(?:e[-+]?\d+)?|\.\d+|'[^']*'|"[^"]*"|[(),=-])/gy;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src)) !== null) out.push(m[1]);
  if (re.lastIndex < src.trimEnd().length) throw new Error(`cannot read code at: ${src.slice(re.lastIndex)}`);
  return out;
}

function parseExpr(src: string): Expr {
  const toks = tokenize(src);
  let p = 0;
  const expect = (t: string): void => {
    if (toks[p++] !== t) throw new Error(`expected ${t} in ${src}`);
  };
  const primary = (): Expr => {
    const t = toks[p++];
    if (t === '-') {
      const e = primary();
      if (e.kind !== 'lit' || typeof e.value !== 'number') throw new Error(`unary minus on a non-number in ${src}`);
      return { kind: 'lit', value: -e.value };
    }
    if (/^['"]/.test(t)) return { kind: 'lit', value: t.slice(1, -1) };
    if (/^[\d.]/.test(t)) return { kind: 'lit', value: Number(t) };
    if (t === 'True' || t === 'False') return { kind: 'lit', value: t === 'True' };
    if (t === 'None') return { kind: 'lit', value: null };
    let e: Expr = { kind: 'name', name: t };
    while (toks[p] === '(') {
      p++;
      const args: Expr[] = [];
      const kwargs: [string, Expr][] = [];
      while (toks[p] !== ')') {
        if (toks[p + 1] === '=') {
          const k = toks[p];
          p += 2;
          kwargs.push([k, primary()]);
        } else args.push(primary());
        if (toks[p] === ',') p++;
      }
      expect(')');
      e = { kind: 'call', callee: e, args, kwargs };
    }
    return e;
  };
  const e = primary();
  if (p !== toks.length) throw new Error(`trailing tokens in ${src}`);
  return e;
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

type LossFn = (a: Tensor, b: Tensor, opts: Record<string, unknown>) => Tensor;
const functional: Record<string, LossFn> = {
  mse_loss: F.mseLoss,
  l1_loss: F.l1Loss,
  smooth_l1_loss: F.smoothL1Loss,
  huber_loss: F.huberLoss,
  binary_cross_entropy: F.binaryCrossEntropy,
  binary_cross_entropy_with_logits: F.binaryCrossEntropyWithLogits,
  nll_loss: F.nllLoss,
  cross_entropy: F.crossEntropy,
};
const modules: Record<string, string> = {
  MSELoss: 'mse_loss',
  L1Loss: 'l1_loss',
  SmoothL1Loss: 'smooth_l1_loss',
  HuberLoss: 'huber_loss',
  BCELoss: 'binary_cross_entropy',
  BCEWithLogitsLoss: 'binary_cross_entropy_with_logits',
  NLLLoss: 'nll_loss',
  CrossEntropyLoss: 'cross_entropy',
};

function options(kwargs: Record<string, Value>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) o[camel(k)] = v;
  return o;
}

function lossCallable(pyName: string, bound: Record<string, Value> = {}): Callable {
  const fn = functional[pyName];
  if (!fn) throw new Error(`no loss ${pyName}`);
  return {
    call: (args, kwargs) => {
      const [a, b, ...rest] = args;
      if (rest.length > 0) throw new Error(`${pyName}: only (input, target) are read positionally`);
      return fn(a as Tensor, b as Tensor, options({ ...bound, ...kwargs }));
    },
  };
}

function resolveName(name: string, env: Record<string, Tensor>): Value {
  if (name in env) return env[name];
  if (name.startsWith('F.')) {
    const py = name.slice(2);
    if (py === 'log_softmax') return { call: (args, kw) => F.logSoftmax(args[0] as Tensor, (kw.dim ?? args[1]) as number) };
    return lossCallable(py);
  }
  if (name.startsWith('nn.')) {
    const target = modules[name.slice(3)];
    if (!target) throw new Error(`no module ${name}`);
    return { call: (args, kwargs) => (args.length > 0 ? assert.fail(`${name}: positional args`) : lossCallable(target, kwargs)) };
  }
  if (name.startsWith('torch.')) {
    const fn = (torch as unknown as Record<string, (...a: Value[]) => Value>)[camel(name.slice(6))];
    if (typeof fn === 'function') return { call: (args) => fn(...args) };
  }
  throw new Error(`unknown name ${name}`);
}

function evaluate(e: Expr, env: Record<string, Tensor>): Value {
  if (e.kind === 'lit') return e.value;
  if (e.kind === 'name') return resolveName(e.name, env);
  const callee = evaluate(e.callee, env) as Callable;
  const args = e.args.map((a) => evaluate(a, env));
  const kwargs: Record<string, Value> = {};
  for (const [k, v] of e.kwargs) kwargs[k] = evaluate(v, env);
  return callee.call(args, kwargs);
}

function runCode(code: string, env: Record<string, Tensor>): Tensor {
  const m = /^\s*out\s*=\s*(.*)$/.exec(code);
  if (!m) throw new Error(`code does not assign out: ${code}`);
  return evaluate(parseExpr(m[1]), env) as Tensor;
}

// ---------------------------------------------------------------- comparisons

function assertClose(actual: Tensor, expected: RefTensor, what: string, rtol = expected.dtype === 'float32' ? 1e-6 : 1e-10): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  const a = contiguousData(actual);
  const e = expected.data.map(datum);
  for (let i = 0; i < e.length; i++) {
    const x = a[i];
    const y = e[i];
    if (Number.isNaN(y) ? Number.isNaN(x) : x === y || Math.abs(x - y) <= rtol * Math.max(Math.abs(x), Math.abs(y))) continue;
    assert.fail(`${what}[${i}]: got ${x}, PyTorch ${y} (all: ${Array.from(a).join(', ')})`);
  }
}

/** Our graph as the reference writes it: breadth-first from the root, deduplicated by identity. */
function dagOf(root: Node, leaves: Map<Tensor, string>): RefDagNode[] {
  const ids = new Map<Node, number>([[root, 0]]);
  const order: Node[] = [root];
  const out: RefDagNode[] = [];
  for (let i = 0; i < order.length; i++) {
    const n = order[i];
    const next = n.nextFunctions.map(([f]) => {
      if (f === null) return null;
      if (!ids.has(f)) {
        ids.set(f, order.length);
        order.push(f);
      }
      return ids.get(f)!;
    });
    const entry: RefDagNode = { id: i, name: n.name, next };
    if (n instanceof AccumulateGrad) {
      entry.leaf = leaves.get(n.variable) ?? '?';
      entry.leaf_shape = n.variable.shape.slice();
    }
    out.push(entry);
  }
  return out;
}

function refDag(dag: RefDagNode[]): RefDagNode[] {
  return dag.map((d) => {
    const e: RefDagNode = { id: d.id, name: d.name, next: d.next };
    if (d.leaf !== undefined) {
      e.leaf = d.leaf;
      e.leaf_shape = d.leaf_shape;
    }
    return e;
  });
}

// ---------------------------------------------------------------- the reference cases

const loadCases = (file: string): RefCase[] => (JSON.parse(readFileSync(file, 'utf8')) as { cases: RefCase[] }).cases;
const cases = loadCases(REFERENCE);
for (const extra of (process.env.LOSSES_EXTRA_REFERENCE ?? '').split(':').filter(Boolean)) cases.push(...loadCases(extra));

describe('losses: PyTorch 1.13.1 reference cases (losses.json)', () => {
  it('reads every case', () => assert.ok(cases.length >= 64, `${cases.length} cases`));

  for (const c of cases) {
    describe(c.name, () => {
      let env: Record<string, Tensor>;
      let out: Tensor;
      let graph: RefDagNode[] | null;
      before(() => {
        env = {};
        for (const [k, t] of Object.entries(c.inputs)) {
          env[k] = fromRef(t, c.bool_inputs?.includes(k) ?? false);
          if (c.requires_grad?.includes(k)) env[k].requiresGrad = true;
        }
        out = runCode(c.code, env);
        const leaves = new Map(Object.entries(env).map(([k, t]) => [t, k] as [Tensor, string]));
        graph = out.gradFn === null ? null : dagOf(out.gradFn, leaves);
        if (c.upstream_grad && out.requiresGrad) out.backward(fromRef(c.upstream_grad));
      });

      it('output', () => assertClose(out, c.output, 'output'));
      it('grad_fn', () => assert.equal(out.gradFn?.name ?? null, c.grad_fn));
      it('dag', () => {
        if (!c.dag) return;
        assert.ok(graph !== null, 'no grad_fn');
        assert.deepEqual(graph, refDag(c.dag));
      });
      it('grads', () => {
        for (const [k, g] of Object.entries(c.grads ?? {})) {
          if (g === null) assert.equal(env[k].grad, null, `${k}.grad should be None`);
          else {
            assert.ok(env[k].grad !== null, `${k}.grad is missing`);
            assertClose(env[k].grad!, g, `${k}.grad`);
          }
        }
      });
    });
  }
});

// ---------------------------------------------------------------- graphs of paths the cases do not cover

describe('losses: grad_fn graphs probed from PyTorch 1.13.1', () => {
  const x = (...shape: number[]): Tensor => seeded(shape, 1, { requiresGrad: true });
  const names = (t: Tensor): string[] => dagOf(t.gradFn!, new Map()).map((n) => `${n.name}${JSON.stringify(n.next)}`);

  it('K-dim input [N, C, d] with reduction none views around nll_loss2d', () => {
    const out = F.crossEntropy(x(2, 3, 4), labels([2, 4], 3), { reduction: 'none' });
    assert.deepEqual(out.shape, [2, 4]);
    assert.deepEqual(names(out), ['ViewBackward0[1]', 'NllLoss2DBackward0[2]', 'ViewBackward0[3]', 'LogSoftmaxBackward0[4]', 'AccumulateGrad[]']);
  });
  it('4-D input goes straight to nll_loss2d', () => {
    const out = F.crossEntropy(x(2, 3, 2, 2), labels([2, 2, 2], 3), { reduction: 'none' });
    assert.deepEqual(out.shape, [2, 2, 2]);
    assert.deepEqual(names(out), ['NllLoss2DBackward0[1]', 'LogSoftmaxBackward0[2]', 'AccumulateGrad[]']);
  });
  it('unbatched label smoothing writes through CopySlices', () => {
    const out = F.crossEntropy(x(4), torch.tensor(2), { labelSmoothing: 0.1 });
    assert.deepEqual(names(out), [
      'AddBackward0[1,2]',
      'MulBackward1[3]',
      'MulBackward1[4]',
      'NllLossBackward0[5]',
      'MeanBackward0[6]',
      'LogSoftmaxBackward0[7]',
      'MaskedSelectBackward0[8]',
      'AccumulateGrad[]',
      'CopySlices[9,null]',
      'NegBackward0[10]',
      'SumBackward1[5]',
    ]);
  });
  it('probability targets with label smoothing and a weight that requires grad', () => {
    const out = F.crossEntropy(x(3, 4), seeded([3, 4], 2, { requiresGrad: true, lo: 0, hi: 1 }), {
      weight: seeded([4], 3, { requiresGrad: true, lo: 0.5, hi: 1.5 }),
      labelSmoothing: 0.1,
    });
    assert.deepEqual(names(out), [
      'DivBackward1[1]',
      'NegBackward0[2]',
      'SumBackward0[3]',
      'MulBackward0[4,5]',
      'MulBackward0[6,7]',
      'ViewBackward0[8]',
      'LogSoftmaxBackward0[9]',
      'AddBackward1[10]',
      'AccumulateGrad[]',
      'AccumulateGrad[]',
      'MulBackward1[11]',
      'AccumulateGrad[]',
    ]);
  });
  it('broadcasting mse_loss and l1_loss expand the smaller operand', () => {
    const y = seeded([4], 4, { requiresGrad: true });
    assert.deepEqual(names(F.mseLoss(x(3, 4), y)), ['MseLossBackward0[1,2]', 'AccumulateGrad[]', 'ExpandBackward0[3]', 'AccumulateGrad[]']);
    assert.deepEqual(names(F.l1Loss(x(3, 4), y)), [
      'MeanBackward0[1]',
      'AbsBackward0[2]',
      'SubBackward0[3,4]',
      'AccumulateGrad[]',
      'ExpandBackward0[5]',
      'AccumulateGrad[]',
    ]);
  });
});

// ---------------------------------------------------------------- gradcheck

/** Deterministic float64 values in [lo, hi) (an LCG; independent of the engine's RNG). */
function seeded(shape: number[], seed: number, o: { requiresGrad?: boolean; lo?: number; hi?: number } = {}): Tensor {
  let s = seed * 2654435761 + 12345;
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  const lo = o.lo ?? -2;
  const hi = o.hi ?? 2;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = lo + ((s / 2147483648) * (hi - lo));
  }
  const t = new Tensor(data, shape, 'float64');
  t.requiresGrad = o.requiresGrad ?? false;
  return t;
}

function labels(shape: number[], classes: number, ignore: number[] = []): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = ignore.includes(i) ? -100 : (i * 7 + 3) % classes;
  return new Tensor(data, shape, 'int64');
}

/** A target kept at least `gap` away from the input plus each of `kinks` (where the loss is not smooth). */
function awayFromKinks(input: Tensor, kinks: number[], gap = 0.05): Tensor {
  const x = contiguousData(input);
  const t = seeded(input.shape.slice(), 7, { requiresGrad: true });
  for (let i = 0; i < x.length; i++) {
    for (let tries = 0; tries < 50 && kinks.some((k) => Math.abs(Math.abs(x[i] - t.storage[i]) - k) < gap); tries++) t.storage[i] += 0.173;
  }
  return t;
}

describe('losses: float64 gradcheck', () => {
  const reductions = ['mean', 'sum', 'none'] as const;
  for (const reduction of reductions) {
    describe(`reduction=${reduction}`, () => {
      const input = (): Tensor => seeded([3, 4], 11, { requiresGrad: true });
      it('mse_loss (input, target)', () => {
        const x = input();
        gradcheck((a, b) => F.mseLoss(a, b, { reduction }), [x, seeded([3, 4], 5, { requiresGrad: true })]);
      });
      it('mse_loss broadcasting target', () => {
        gradcheck((a, b) => F.mseLoss(a, b, { reduction }), [input(), seeded([4], 5, { requiresGrad: true })]);
      });
      it('l1_loss (input, target)', () => {
        const x = input();
        gradcheck((a, b) => F.l1Loss(a, b, { reduction }), [x, awayFromKinks(x, [0])]);
      });
      for (const beta of [1.0, 0.5]) {
        it(`smooth_l1_loss beta=${beta} (input, target)`, () => {
          const x = input();
          gradcheck((a, b) => F.smoothL1Loss(a, b, { reduction, beta }), [x, awayFromKinks(x, [0, beta])]);
        });
        it(`huber_loss delta=${beta} (input, target)`, () => {
          const x = input();
          gradcheck((a, b) => F.huberLoss(a, b, { reduction, delta: beta }), [x, awayFromKinks(x, [0, beta])]);
        });
      }
      it('binary_cross_entropy with weight (input, target)', () => {
        const p = seeded([3, 4], 12, { requiresGrad: true, lo: 0.05, hi: 0.95 });
        const t = seeded([3, 4], 13, { requiresGrad: true, lo: 0, hi: 1 });
        const w = seeded([4], 14, { lo: 0.5, hi: 1.5 });
        gradcheck((a, b) => F.binaryCrossEntropy(a, b, { reduction, weight: w }), [p, t]);
        gradcheck((a, b) => F.binaryCrossEntropy(a, b, { reduction }), [p, t]);
      });
      it('binary_cross_entropy_with_logits with weight and pos_weight (input, target)', () => {
        const t = seeded([3, 4], 13, { requiresGrad: true, lo: 0, hi: 1 });
        const w = seeded([3, 1], 14, { lo: 0.5, hi: 1.5 });
        const pw = seeded([4], 15, { lo: 0.5, hi: 2 });
        gradcheck((a, b) => F.binaryCrossEntropyWithLogits(a, b, { reduction, weight: w, posWeight: pw }), [input(), t]);
        gradcheck((a, b) => F.binaryCrossEntropyWithLogits(a, b, { reduction }), [input(), t]);
      });
      it('nll_loss with weight and ignore_index (input)', () => {
        const w = seeded([4], 16, { lo: 0.5, hi: 1.5 });
        gradcheck((a) => F.nllLoss(a, labels([3], 4, [1]), { reduction, weight: w }), [input()]);
        gradcheck((a) => F.nllLoss(a, labels([3], 4), { reduction, ignoreIndex: 3 }), [input()]);
      });
      it('cross_entropy: plain, weighted, ignore_index, label smoothing (input)', () => {
        const w = seeded([4], 16, { lo: 0.5, hi: 1.5 });
        const t = labels([3], 4, [2]);
        gradcheck((a) => F.crossEntropy(a, t, { reduction }), [input()]);
        gradcheck((a) => F.crossEntropy(a, t, { reduction, weight: w }), [input()]);
        gradcheck((a) => F.crossEntropy(a, t, { reduction, labelSmoothing: 0.2 }), [input()]);
        gradcheck((a) => F.crossEntropy(a, t, { reduction, weight: w, labelSmoothing: 0.2 }), [input()]);
      });
      it('cross_entropy K-dim and unbatched (input)', () => {
        gradcheck((a) => F.crossEntropy(a, labels([2, 3], 4, [4]), { reduction }), [seeded([2, 4, 3], 17, { requiresGrad: true })]);
        gradcheck((a) => F.crossEntropy(a, labels([2, 2, 2], 3), { reduction, labelSmoothing: 0.1 }), [seeded([2, 3, 2, 2], 18, { requiresGrad: true })]);
        gradcheck((a) => F.crossEntropy(a, torch.tensor(1), { reduction, labelSmoothing: 0.1 }), [seeded([4], 19, { requiresGrad: true })]);
      });
      it('cross_entropy probability targets (input, target, weight)', () => {
        const t = seeded([3, 4], 20, { requiresGrad: true, lo: 0, hi: 1 });
        const w = seeded([4], 21, { requiresGrad: true, lo: 0.5, hi: 1.5 });
        gradcheck((a, b, c) => F.crossEntropy(a, b, { reduction, weight: c, labelSmoothing: 0.1 }), [input(), t, w]);
        gradcheck((a, b) => F.crossEntropy(a, b, { reduction }), [input(), t]);
      });
    });
  }
});

// ---------------------------------------------------------------- values and errors worded as PyTorch's

describe('losses: edge values and errors', () => {
  const x = seeded([3, 4], 30);
  const throwsLike = (fn: () => unknown, message: string): void => assert.throws(fn, (e: Error) => e.message === message, message);

  it('nll_loss mean over all-ignored targets is nan, with zero gradients', () => {
    const a = seeded([2, 3], 31, { requiresGrad: true });
    const out = F.nllLoss(a, labels([2], 3, [0, 1]));
    assert.ok(Number.isNaN(out.item()));
    out.backward();
    assert.deepEqual(Array.from(contiguousData(a.grad!)), [0, 0, 0, 0, 0, 0]);
  });
  it('binary_cross_entropy clamps log at -100', () => {
    const out = F.binaryCrossEntropy(torch.tensor([0, 1], { dtype: 'float64' }), torch.tensor([0.3, 0.6], { dtype: 'float64' }), { reduction: 'none' });
    const v = Array.from(contiguousData(out));
    assert.ok(Math.abs(v[0] - 30) < 1e-12 && Math.abs(v[1] - 40) < 1e-12, `${v}`);
  });
  it('shape, dtype and argument errors', () => {
    throwsLike(() => F.nllLoss(x, labels([2], 4)), 'Expected input batch_size (3) to match target batch_size (2).');
    throwsLike(() => F.crossEntropy(x, torch.tensor([0.0, 1.5, 2.5])), 'expected scalar type Long but found Float');
    throwsLike(() => F.nllLoss(x, torch.tensor([0, 1, 7])), 'Target 7 is out of bounds.');
    throwsLike(() => F.nllLoss(x, labels([3], 4), { weight: seeded([3], 1) }), 'weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [3]');
    throwsLike(() => F.crossEntropy(seeded([2, 3, 4], 1), labels([2, 5], 3)), 'Expected target size [2, 4], got [2, 5]');
    throwsLike(() => F.crossEntropy(seeded([2, 3, 2, 2], 1), labels([2, 3], 3)), 'only batches of spatial targets supported (3D tensors) but got targets of dimension: 2');
    throwsLike(() => F.crossEntropy(x, labels([3], 4), { labelSmoothing: 1.5 }), 'label_smoothing must be between 0.0 and 1.0. Got: 1.5');
    throwsLike(() => F.crossEntropy(x, labels([3, 4], 4)), 'Expected floating point type for target with class probabilities, got Long');
    throwsLike(() => F.crossEntropy(x, seeded([3, 4], 2), { ignoreIndex: 1 }), 'ignore_index is not supported for floating point target');
    throwsLike(() => F.mseLoss(x, x, { reduction: 'foo' as 'mean' }), 'foo is not a valid value for reduction');
    throwsLike(() => F.binaryCrossEntropy(seeded([3, 4], 1, { lo: 0, hi: 1 }), seeded([4], 1, { lo: 0, hi: 1 })),
      'Using a target size (torch.Size([4])) that is different to the input size (torch.Size([3, 4])) is deprecated. Please ensure they have the same size.');
    throwsLike(() => F.binaryCrossEntropy(seeded([2], 1, { lo: 1.5, hi: 2 }), seeded([2], 1, { lo: 0, hi: 1 })), 'all elements of input should be between 0 and 1');
    throwsLike(() => F.binaryCrossEntropyWithLogits(x, seeded([4], 1)), 'Target size (torch.Size([4])) must be the same as input size (torch.Size([3, 4]))');
    throwsLike(() => F.smoothL1Loss(x, x, { beta: -1 }), 'smooth_l1_loss does not support negative values for beta.');
    throwsLike(() => F.huberLoss(x, x, { delta: 0 }), 'huber_loss does not support non-positive values for delta.');
  });
  it('weights that require grad are refused as PyTorch refuses them', () => {
    const w = seeded([4], 1, { requiresGrad: true });
    const a = seeded([3, 4], 2, { requiresGrad: true, lo: 0.1, hi: 0.9 });
    throwsLike(() => F.nllLoss(a, labels([3], 4), { weight: w }),
      "The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.");
    throwsLike(() => F.binaryCrossEntropy(a, a, { weight: w }),
      "The function 'binary_cross_entropy' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.");
    throwsLike(() => F.binaryCrossEntropyWithLogits(a, a, { posWeight: w }),
      "The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument 'pos_weight'. This input cannot have requires_grad True.");
  });
});
