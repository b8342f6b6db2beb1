// Autograd semantics, checked against PyTorch 1.13.1's behaviour and wording: iterative backward
// on 10,000-step graphs, accumulation, retain_graph, hooks, retain_grad, no_grad, detach, version
// counters, grad_fn graph structure, tags and observers, autograd.grad, views, and error messages.
import assert from 'node:assert/strict';
import { AccumulateGrad, type Node } from '../../../src/engine/autograd/node';
import { observeNodes } from '../../../src/engine/autograd/observers';
import { withTags } from '../../../src/engine/autograd/tags';
import { TorchError } from '../../../src/engine/errors';
import { F, torch } from '../../../src/engine/torch';
import type { Tensor } from '../../../src/engine/tensor';

const FREED =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True ' +
  'if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';
const HINT = 'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).';

function f64(data: number[], shape = [data.length], requiresGrad = false): Tensor {
  return torch.fromArray(Float64Array.from(data), shape, { requiresGrad });
}

function leaf(data: number[], shape = [data.length]): Tensor {
  return f64(data, shape, true);
}

function values(t: Tensor | null): number[] {
  assert.ok(t !== null, 'expected a tensor');
  return Array.from(t.toArray());
}

function close(got: number[], want: number[], tol = 1e-12): void {
  assert.equal(got.length, want.length, `length ${got.length} vs ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= tol * (1 + Math.abs(want[i])), `element ${i}: ${got[i]} vs ${want[i]}`);
  }
}

/** Asserts `fn` throws a TorchError with exactly `message` and, when given, `kind`/`op`/`shapes`. */
function throwsTorch(fn: () => unknown, message: string | RegExp, info: { kind?: string; op?: string; shapes?: number[][]; pyType?: string } = {}): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TorchError, `expected a TorchError, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    if (info.kind !== undefined) assert.equal(e.kind, info.kind);
    if (info.op !== undefined) assert.equal(e.op, info.op);
    if (info.shapes !== undefined) assert.deepEqual(e.shapes, info.shapes);
    if (info.pyType !== undefined) assert.equal(e.pyType, info.pyType);
    return true;
  });
}

function edgeNames(node: Node | null): [string | null, number][] {
  assert.ok(node !== null);
  return node.nextFunctions.map(([n, i]) => [n?.name ?? null, i]);
}

describe('autograd: backward is iterative', () => {
  const T = 10_000;

  it('a 10,000-step chain h = tanh(h*w + x) backpropagates without stack overflow, with the right gradient', function () {
    this.timeout(10_000);
    const w0 = [0.9, -0.7, 1.1];
    const x0 = [0.1, 0.2, -0.3];
    const w = leaf(w0);
    const x = leaf(x0);
    let h = f64([0.5, -0.5, 0.25]);
    for (let t = 0; t < T; t++) h = h.mul(w).add(x).tanh();
    h.sum().backward();

    // the same gradient by hand, in plain numbers
    const hs: number[][] = [[0.5, -0.5, 0.25]];
    for (let t = 0; t < T; t++) hs.push(hs[t].map((v, i) => Math.tanh(v * w0[i] + x0[i])));
    const gw = [0, 0, 0];
    const gx = [0, 0, 0];
    let dh = [1, 1, 1];
    for (let t = T; t >= 1; t--) {
      const dpre = dh.map((d, i) => d * (1 - hs[t][i] * hs[t][i]));
      for (let i = 0; i < 3; i++) {
        gw[i] += dpre[i] * hs[t - 1][i];
        gx[i] += dpre[i];
      }
      dh = dpre.map((d, i) => d * w0[i]);
    }
    close(values(w.grad), gw, 1e-10);
    close(values(x.grad), gx, 1e-10);
  });

  it('a 10,000-step graph made through unbind/stack backpropagates, with the right gradient', function () {
    this.timeout(10_000);
    const xs0 = Array.from({ length: T }, (_, t) => Math.sin(t) * 0.5);
    const xs = leaf(xs0);
    const w = leaf([0.8], []);
    let h = f64([0], []);
    const hs: Tensor[] = [];
    for (const xt of xs.unbind(0)) {
      h = h.mul(w).add(xt).tanh();
      hs.push(h);
    }
    const loss = torch.stack(hs).sum();
    loss.backward();

    const hv = [0];
    for (let t = 0; t < T; t++) hv.push(Math.tanh(hv[t] * 0.8 + xs0[t]));
    const gxs = new Array<number>(T).fill(0);
    let gw = 0;
    let dh = 0;
    for (let t = T; t >= 1; t--) {
      const dpre = (dh + 1) * (1 - hv[t] * hv[t]);
      gxs[t - 1] = dpre;
      gw += dpre * hv[t - 1];
      dh = dpre * 0.8;
    }
    close(values(xs.grad), gxs, 1e-10);
    assert.ok(Math.abs(loss.item() - hv.slice(1).reduce((a, b) => a + b, 0)) < 1e-9);
    close(values(w.grad), [gw], 1e-10);
  });
});

describe('autograd: gradients at kinks and ties follow PyTorch 1.13.1', () => {
  const cases: [string, (x: Tensor) => Tensor, number[], number[]][] = [
    ['relu at 0', (x) => x.relu(), [-1, 0, 2], [0, 0, 1]],
    ['abs at 0', (x) => x.abs(), [-1, 0, 2], [-1, 0, 1]],
    ['clamp at its bounds', (x) => x.clamp(0, 1), [-1, 0, 1, 2, 0.5], [0, 1, 1, 0, 1]],
    ['max() ties share evenly', (x) => x.max(), [1, 3, 3], [0, 0.5, 0.5]],
    ['min() ties share evenly', (x) => x.min(), [1, 1, 3], [0.5, 0.5, 0]],
    ['max(dim) ties: first index', (x) => x.max(0)[0], [1, 3, 3], [0, 1, 0]],
    ['maximum ties: half', (x) => torch.maximum(x, f64([1, 0, 3])), [1, 3, 2], [0.5, 1, 0]],
    ['sqrt at 0', (x) => x.sqrt(), [0, 4], [Infinity, 0.25]],
    ['pow 0 at 0', (x) => x.pow(0), [0, 4], [0, 0]],
    ['pow 2.5 at 0', (x) => x.pow(2.5), [0, 4], [0, 20]],
  ];
  for (const [name, f, input, want] of cases) {
    it(name, () => {
      const x = leaf(input);
      f(x).sum().backward();
      assert.deepEqual(values(x.grad), want);
    });
  }
});

describe('autograd: accumulation and retain_graph', () => {
  it('accumulates into .grad across two backward calls, in place', () => {
    const x = leaf([1, 2, 3]);
    x.mul(x).sum().backward();
    const g = x.grad;
    assert.deepEqual(values(g), [2, 4, 6]);
    x.mul(3).sum().backward();
    assert.equal(x.grad, g, 'the same .grad tensor is updated');
    assert.deepEqual(values(x.grad), [5, 7, 9]);
  });

  it('a second backward without retainGraph throws PyTorch\'s message, for nodes that saved tensors', () => {
    const x = leaf([1, 2, 3]);
    for (const f of [(t: Tensor) => t.exp(), (t: Tensor) => t.mul(2), (t: Tensor) => t.div(2), (t: Tensor) => t.mul(t), (t: Tensor) => t.tanh()]) {
      const y = f(x).sum();
      y.backward();
      throwsTorch(() => y.backward(), FREED, { kind: 'autograd', pyType: 'RuntimeError' });
    }
  });

  it('nodes that saved nothing can be backpropagated again (as in PyTorch: add, neg, rsub, t, sum)', () => {
    const x = leaf([1, 2, 3]);
    for (const f of [(t: Tensor) => t.add(2), (t: Tensor) => t.neg(), (t: Tensor) => torch.rsub(t, 1), (t: Tensor) => t.unsqueeze(0).t()]) {
      x.grad = null;
      const y = f(x).sum();
      y.backward();
      y.backward();
      assert.equal(Math.abs(values(x.grad)[0]), 2);
    }
  });

  it('with retainGraph a second backward works and accumulates', () => {
    const x = leaf([0, 1]);
    const y = x.exp().sum();
    y.backward(null, { retainGraph: true });
    y.backward();
    close(values(x.grad), [2, 2 * Math.E]);
    throwsTorch(() => y.backward(), FREED);
  });
});

describe('autograd: backward errors', () => {
  it('non-scalar backward needs an explicit gradient', () => {
    const x = leaf([1, 2]);
    throwsTorch(() => x.exp().backward(), 'grad can be implicitly created only for scalar outputs', { kind: 'autograd' });
    x.mul(3).backward(f64([1, 10]));
    assert.deepEqual(values(x.grad), [3, 30]);
    throwsTorch(
      () => x.exp().backward(f64([1, 1, 1])),
      'Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).',
      { kind: 'shape' },
    );
  });

  it('a tensor without grad cannot be backpropagated', () => {
    throwsTorch(() => f64([1, 2]).sum().backward(), 'element 0 of tensors does not require grad and does not have a grad_fn', {
      kind: 'autograd',
    });
    // PyTorch asks for a scalar only of outputs that require grad, so a non-scalar one without grad fails the same way
    throwsTorch(() => f64([1, 2]).backward(), 'element 0 of tensors does not require grad and does not have a grad_fn', {
      kind: 'autograd',
    });
  });

  it('backward of a leaf fills its own grad', () => {
    const l = leaf([4]);
    l.backward(f64([3]));
    assert.deepEqual(values(l.grad), [3]);
  });
});

describe('autograd: hooks and retain_grad', () => {
  it('a hook on a leaf sees its gradient and can replace it', () => {
    const x = leaf([1, 2]);
    const seen: number[][] = [];
    x.registerHook((g) => {
      seen.push(values(g));
    });
    x.registerHook((g) => g.mul(10));
    x.mul(3).sum().backward();
    assert.deepEqual(seen, [[3, 3]]);
    assert.deepEqual(values(x.grad), [30, 30]);
  });

  it('a hook on a non-leaf sees its gradient and its replacement flows on', () => {
    const x = leaf([1, 2]);
    const h = x.add(1); // AddBackward0 saves nothing, so h's node can run again below
    const seen: number[][] = [];
    const handle = h.registerHook((g) => {
      seen.push(values(g));
      return g.mul(10);
    });
    h.mul(3).sum().backward();
    assert.deepEqual(seen, [[3, 3]]);
    assert.deepEqual(values(x.grad), [30, 30]);
    assert.equal(h.grad, null, 'a non-leaf keeps no .grad unless it retains it');
    handle.remove();
    x.grad = null;
    h.mul(3).sum().backward();
    assert.deepEqual(values(x.grad), [3, 3]);
    assert.equal(seen.length, 1, 'a removed hook does not fire');
  });

  it('hooks cannot be registered on tensors that do not require grad', () => {
    throwsTorch(() => f64([1]).registerHook((g) => g), "cannot register a hook on a tensor that doesn't require gradient", {
      kind: 'autograd',
    });
    throwsTorch(() => f64([1]).retainGrad(), "can't retain_grad on Tensor that has requires_grad=False");
  });

  it('retainGrad keeps .grad on non-leaves, accumulating across backward calls', () => {
    const x = leaf([1, 2, 3]);
    const h = x.mul(2);
    h.retainGrad();
    h.retainGrad(); // idempotent
    const y = h.mul(3).sum();
    y.backward(null, { retainGraph: true });
    assert.deepEqual(values(h.grad), [3, 3, 3]);
    assert.equal(h.retainsGrad, true);
    y.backward();
    assert.deepEqual(values(h.grad), [6, 6, 6]);
    assert.deepEqual(values(x.grad), [12, 12, 12]);
  });

  it('retainGrad runs in hook order, as in PyTorch 1.13 (before a later hook, after an earlier one)', () => {
    const x1 = leaf([1, 1]);
    const h1 = x1.mul(2);
    h1.retainGrad();
    h1.registerHook((g) => g.mul(10));
    h1.mul(3).sum().backward();
    assert.deepEqual(values(h1.grad), [3, 3]);
    assert.deepEqual(values(x1.grad), [60, 60]);

    const x2 = leaf([1, 1]);
    const h2 = x2.mul(2);
    h2.registerHook((g) => g.mul(10));
    h2.retainGrad();
    h2.mul(3).sum().backward();
    assert.deepEqual(values(h2.grad), [30, 30]);
    assert.deepEqual(values(x2.grad), [60, 60]);
  });
});

describe('autograd: grad mode, detach and in-place checks', () => {
  it('noGrad records nothing and restores the mode, even after an exception', () => {
    const x = leaf([1, 2]);
    const y = torch.noGrad(() => x.mul(2).exp());
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.equal(torch.isGradEnabled(), true);
    assert.throws(() =>
      torch.noGrad(() => {
        throw new Error('boom');
      }),
    );
    assert.equal(torch.isGradEnabled(), true);
    const z = torch.noGrad(() => torch.enableGrad(() => x.mul(2)));
    assert.equal(z.gradFn?.name, 'MulBackward0');
    const prev = torch.setGradEnabled(false);
    assert.equal(x.add(1).requiresGrad, false);
    torch.setGradEnabled(prev);
  });

  it('detach shares storage and version counter but cuts the graph', () => {
    const x = leaf([1, 2, 3]);
    const d = x.detach();
    assert.equal(d.storage, x.storage);
    assert.equal(d.requiresGrad, false);
    assert.equal(d.gradFn, null);
    assert.equal(d.isLeaf, true);
    assert.equal(d.mul(2).requiresGrad, false);
    assert.equal(d.base, null, 'as in PyTorch, x.detach()._base is None');
    const y = x.exp();
    d.mul_(2); // allowed: d does not require grad; it writes x and bumps the shared version
    assert.deepEqual(values(x), [2, 4, 6]);
    assert.equal(x.version, 1);
    // exp saved its output, not x, so backward still works
    y.sum().backward();
    close(values(x.grad), [Math.exp(1), Math.exp(2), Math.exp(3)]);
    const z = x.mul(x);
    d.add_(1);
    throwsTorch(() => z.sum().backward(), `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]] is at version 2; expected version 1 instead. ${HINT}`);
  });

  it('in-place modification of a saved output makes backward throw PyTorch\'s message', () => {
    const x = leaf([1, 2, 3]);
    const y = x.exp();
    torch.noGrad(() => y.mul_(2));
    throwsTorch(
      () => y.sum().backward(),
      `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead. ${HINT}`,
      { kind: 'autograd' },
    );
    const h = x.mul(1);
    const z = h.sin();
    torch.noGrad(() => h.add_(1));
    throwsTorch(() => z.sum().backward(), /\[torch\.DoubleTensor \[3\]\], which is output 0 of MulBackward0, is at version 1; expected version 0 instead\./);
  });

  it('in-place modification of a saved constant makes backward throw (leaf wording)', () => {
    const x = leaf([1, 2, 3]);
    const w = torch.tensor([1, 2, 3], { dtype: 'float32' });
    const y = x.float().mul(w).sum();
    w.mul_(2);
    throwsTorch(
      () => y.backward(),
      `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]] is at version 1; expected version 0 instead. ${HINT}`,
    );
  });

  it('only what a formula needs is saved, as in PyTorch (x*w, mm, addmm with a constant w)', () => {
    for (const f of [
      (x: Tensor, w: Tensor) => x.mul(w).sum(),
      (x: Tensor, w: Tensor) => x.div(w).sum(),
      (x: Tensor, w: Tensor) => x.unsqueeze(0).mm(w.unsqueeze(1)).sum(),
      (x: Tensor, w: Tensor) => torch.addmm(f64([1]), x.unsqueeze(0), w.unsqueeze(1)).sum(),
      (x: Tensor, w: Tensor) => torch.dot(x, w),
      (x: Tensor, _w: Tensor) => x.mul(2).sum(),
    ]) {
      const x = leaf([1, 2, 3]);
      const w = f64([1, 2, 4]);
      const y = f(x, w);
      torch.noGrad(() => x.add_(1)); // x is not needed for x's own gradient
      y.backward();
      assert.ok(x.grad !== null);
    }
    // but the constant is: changing it is an error
    const x = leaf([1, 2, 3]);
    const w = f64([1, 2, 4]);
    const y = x.unsqueeze(0).mm(w.unsqueeze(1)).sum();
    w.add_(1);
    throwsTorch(() => y.backward(), /modified by an inplace operation/);
  });

  it('in-place ops on a leaf that requires grad (or a view of it) throw, but not under noGrad', () => {
    const x = leaf([1, 2, 3]);
    const msg = 'a leaf Variable that requires grad is being used in an in-place operation.';
    throwsTorch(() => x.add_(1), msg, { kind: 'autograd' });
    throwsTorch(() => x.zero_(), msg);
    throwsTorch(() => x.uniform_(), msg);
    throwsTorch(() => x.normal_(), msg);
    throwsTorch(() => x.index(0).add_(1), 'a view of a leaf Variable that requires grad is being used in an in-place operation.');
    torch.noGrad(() => x.mul_(2));
    assert.deepEqual(values(x), [2, 4, 6]);
    assert.equal(x.version, 1);
  });

  it('requiresGrad_ follows PyTorch on leaves and non-leaves', () => {
    const x = f64([1]).requiresGrad_();
    assert.equal(x.requiresGrad, true);
    const y = x.mul(2);
    assert.equal(y.requiresGrad_(true), y);
    throwsTorch(() => y.requiresGrad_(false), /^you can only change requires_grad flags of leaf variables\./);
    throwsTorch(() => torch.tensor([1, 2]).requiresGrad_(), 'only Tensors of floating point dtype can require gradients');
  });
});

describe('autograd: the grad_fn graph', () => {
  it('nextFunctions order and AccumulateGrad.variable match PyTorch: (a*2+1)', () => {
    const a = torch.randn([3], { requiresGrad: true });
    const y = a.mul(2).add(1);
    assert.equal(y.gradFn?.name, 'AddBackward0');
    assert.deepEqual(edgeNames(y.gradFn), [
      ['MulBackward0', 0],
      [null, 0],
    ]);
    const mulNode = y.gradFn!.nextFunctions[0][0]!;
    assert.deepEqual(edgeNames(mulNode), [
      ['AccumulateGrad', 0],
      [null, 0],
    ]);
    const acc = mulNode.nextFunctions[0][0];
    assert.ok(acc instanceof AccumulateGrad);
    assert.equal(acc.variable, a);
    assert.deepEqual(acc.nextFunctions, []);
    // one AccumulateGrad per leaf, shared by every use
    assert.equal(a.mul(3).gradFn!.nextFunctions[0][0], acc);
    assert.equal(a.isLeaf, true);
    assert.equal(y.isLeaf, false);
  });

  it('multi-input and multi-output nodes: where, addmm, cat, unbind outputNr', () => {
    const a = torch.randn([3], { requiresGrad: true, dtype: 'float64' });
    const b = torch.randn([3], { requiresGrad: true, dtype: 'float64' });
    assert.deepEqual(edgeNames(torch.where(a.gt(0), a, b).gradFn), [
      ['AccumulateGrad', 0],
      ['AccumulateGrad', 0],
    ]);
    const m = torch.randn([2, 3], { dtype: 'float64' });
    const w = torch.randn([4, 3], { requiresGrad: true, dtype: 'float64' });
    const out = torch.addmm(b.index(sl(0, 1)), m, w.t());
    assert.deepEqual(edgeNames(out.gradFn), [
      ['SliceBackward0', 0],
      [null, 0],
      ['TBackward0', 0],
    ]);
    assert.deepEqual(edgeNames(torch.cat([a, m.index(0), b]).gradFn), [
      ['AccumulateGrad', 0],
      [null, 0],
      ['AccumulateGrad', 0],
    ]);
    const parts = m.add(a).unbind(0);
    assert.deepEqual(
      parts.map((p) => p.outputNr),
      [0, 1],
    );
    assert.equal(parts[0].gradFn, parts[1].gradFn);
    assert.equal(parts[0].gradFn?.name, 'UnbindBackward0');
  });

  it('node ids are stable and unique, increasing in creation order', () => {
    const x = leaf([1, 2]);
    const nodes: Node[] = [];
    let h = x;
    for (let i = 0; i < 20; i++) {
      h = h.mul(1.5).tanh();
      nodes.push(h.gradFn!);
    }
    const ids = nodes.map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length);
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1]);
    h.sum().backward();
    assert.deepEqual(
      nodes.map((n) => n.id),
      ids,
      'ids do not change after backward',
    );
    const acc = nodes[0].nextFunctions[0][0]!.nextFunctions[0][0]!;
    assert.ok(acc instanceof AccumulateGrad);
    assert.ok(!ids.includes(acc.id));
  });

  it('withTags tags every node created in scope, merging nested scopes', () => {
    const x = leaf([1, 2]);
    const outside = x.mul(2);
    const inScope: Node[] = [];
    withTags({ module: 'rnn', layer: 0 }, () => {
      let h = x;
      for (let t = 0; t < 3; t++) {
        withTags({ t }, () => {
          h = h.mul(0.5).add(1).tanh();
          let n: Node | null = h.gradFn;
          for (let k = 0; k < 3 && n !== null; k++) {
            inScope.push(n);
            assert.deepEqual(n.tags, { module: 'rnn', layer: 0, t });
            n = n.nextFunctions[0][0];
          }
        });
      }
      assert.deepEqual(h.sum().gradFn?.tags, { module: 'rnn', layer: 0 });
    });
    assert.equal(inScope.length, 9);
    assert.equal(outside.gradFn?.tags, null);
    assert.equal(x.mul(3).gradFn?.tags, null, 'tags are gone after the scope');
    assert.throws(() =>
      withTags({ t: 9 }, () => {
        throw new Error('boom');
      }),
    );
    assert.equal(x.mul(3).gradFn?.tags, null, 'tags are gone after an exception');
  });

  it('observeNodes sees each recorded node with its outputs, until unsubscribed', () => {
    const seen: [string, Tensor[]][] = [];
    const off = observeNodes((node, outputs) => seen.push([node.name, outputs.slice()]));
    const x = leaf([1, 2, 3]);
    const y = x.mul(2);
    const parts = y.split(2);
    torch.noGrad(() => x.exp()); // not recorded
    f64([1]).exp(); // not recorded: no input requires grad
    off();
    x.exp();
    assert.deepEqual(
      seen.map((s) => s[0]),
      ['MulBackward0', 'SplitBackward0'],
    );
    assert.equal(seen[0][1][0], y);
    assert.deepEqual(seen[1][1], parts);
  });
});

describe('autograd: torch.autograd.grad', () => {
  it('returns gradients without touching .grad', () => {
    const x = leaf([1, 2, 3]);
    const w = leaf([2]);
    const h = x.mul(w);
    const y = h.pow(2).sum();
    const [gx, gw, gh] = torch.autograd.grad([y], [x, w, h]);
    assert.deepEqual(values(gx), [8, 16, 24]);
    assert.deepEqual(values(gw), [2 * (2 + 8 + 18)]);
    assert.deepEqual(values(gh), [4, 8, 12]);
    assert.equal(x.grad, null);
    assert.equal(w.grad, null);
    assert.equal(h.grad, null);
  });

  it('unused inputs: an error unless allowUnused; inputs must require grad', () => {
    const x = leaf([1, 2]);
    const z = leaf([3]);
    throwsTorch(
      () => torch.autograd.grad([x.exp().sum()], [x, z]),
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    );
    const [gx, gz] = torch.autograd.grad([x.exp().sum()], [x, z], undefined, { allowUnused: true });
    close(values(gx), [Math.exp(1), Math.exp(2)]);
    assert.equal(gz, null);
    throwsTorch(() => torch.autograd.grad([x.exp().sum()], [f64([1])]), 'One of the differentiated Tensors does not require grad');
  });

  it("returns the gradient before the input's own hooks, as PyTorch 1.13", () => {
    const x = leaf([1, 1, 1]);
    const h = x.mul(2);
    h.registerHook((g) => g.mul(10));
    const [gh] = torch.autograd.grad([h.mul(3).sum()], [h]);
    assert.deepEqual(values(gh), [3, 3, 3]);
    const x2 = leaf([1, 1]);
    x2.registerHook((g) => g.mul(10));
    const [gx] = torch.autograd.grad([x2.mul(3).sum()], [x2]);
    assert.deepEqual(values(gx), [3, 3]);
    assert.equal(x2.grad, null);
  });

  it('takes explicit output gradients and retainGraph', () => {
    const x = leaf([1, 2]);
    const y = x.exp();
    const [g1] = torch.autograd.grad([y], [x], [f64([1, 0])], { retainGraph: true });
    const [g2] = torch.autograd.grad([y], [x], [f64([0, 1])]);
    close(values(g1), [Math.E, 0]);
    close(values(g2), [0, Math.exp(2)]);
  });
});

const { sl } = torch;

describe('autograd: views share storage and give correct gradients', () => {
  const cases: [string, (x: Tensor) => Tensor, number[]][] = [
    // x = [[0, 1, 2], [3, 4, 5]], gradient of (view * weights).sum() with weights 1..n
    ['transpose', (x) => x.transpose(0, 1), [1, 3, 5, 2, 4, 6]],
    ['t', (x) => x.t(), [1, 3, 5, 2, 4, 6]],
    ['expand', (x) => x.index(sl(0, 1)).expand(3, 3), [12, 15, 18, 0, 0, 0]],
    ['select', (x) => x.select(1, 2), [0, 0, 1, 0, 0, 2]],
    ['slice', (x) => x.index(sl(), sl(1, null)), [0, 1, 2, 0, 3, 4]],
    ['narrow', (x) => x.narrow(1, 0, 2), [1, 2, 0, 3, 4, 0]],
    ['unbind', (x) => x.unbind(1)[1], [0, 1, 0, 0, 2, 0]],
    ['split', (x) => x.split(1, 0)[1], [0, 0, 0, 1, 2, 3]],
    ['permute', (x) => x.unsqueeze(0).permute(2, 0, 1), [1, 3, 5, 2, 4, 6]],
    ['view', (x) => x.view(3, 2), [1, 2, 3, 4, 5, 6]],
    ['squeeze', (x) => x.unsqueeze(1).squeeze(), [1, 2, 3, 4, 5, 6]],
  ];
  for (const [name, take, want] of cases) {
    it(name, () => {
      const x = leaf([0, 1, 2, 3, 4, 5], [2, 3]);
      const v = take(x);
      assert.equal(v.storage, x.storage, 'shares storage');
      assert.equal(v.versionCounter, x.versionCounter, 'shares the version counter');
      const weights = f64(
        Array.from({ length: v.numel() }, (_, i) => i + 1),
        v.shape.slice(),
      );
      v.mul(weights).sum().backward();
      assert.deepEqual(values(x.grad), want);
      if (name === 'expand') return; // writing through an expanded view is not allowed in PyTorch
      // a write through the view (of a detached alias) is seen by the base
      const d = take(x.detach());
      const before = values(d);
      d.add_(100);
      assert.deepEqual(
        values(take(x.detach())),
        before.map((b) => b + 100),
      );
    });
  }

  it('reshape of a non-contiguous tensor copies (UnsafeViewBackward0 over CloneBackward0)', () => {
    const x = leaf([0, 1, 2, 3, 4, 5], [2, 3]);
    const r = x.t().reshape(6);
    assert.notEqual(r.storage, x.storage);
    assert.equal(r.gradFn?.name, 'UnsafeViewBackward0');
    assert.deepEqual(edgeNames(r.gradFn), [['CloneBackward0', 0]]);
    r.mul(f64([1, 2, 3, 4, 5, 6])).sum().backward();
    assert.deepEqual(values(x.grad), [1, 3, 5, 2, 4, 6]);
  });
});

describe('autograd: errors worded like PyTorch, as TorchError with kind/op/shapes', () => {
  it('mm shape mismatch', () => {
    throwsTorch(() => torch.ones(5, 3).mm(torch.ones(4, 2)), 'mat1 and mat2 shapes cannot be multiplied (5x3 and 4x2)', {
      kind: 'shape',
      op: 'mm',
      shapes: [
        [5, 3],
        [4, 2],
      ],
      pyType: 'RuntimeError',
    });
    throwsTorch(() => torch.matmul(torch.ones(2, 3, 4), torch.ones(3, 2)), 'mat1 and mat2 shapes cannot be multiplied (6x4 and 3x2)', { kind: 'shape' });
    throwsTorch(() => torch.mm(torch.ones(3), torch.ones(3, 4)), 'self must be a matrix', { kind: 'shape' });
    throwsTorch(
      () => torch.matmul(torch.ones(2, 3, 4), torch.ones(2, 5, 4)),
      'Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].',
    );
    throwsTorch(() => torch.matmul(torch.ones([]), torch.ones(3)), 'both arguments to matmul need to be at least 1D, but they are 0D and 1D');
    throwsTorch(() => torch.mv(torch.ones(2, 3), torch.ones(4)), 'size mismatch, got 2, 2x3,4', { op: 'mv' });
    throwsTorch(() => torch.mv(torch.ones(3), torch.ones(3)), 'vector + matrix @ vector expected, got 1, 1, 1');
    throwsTorch(
      () => torch.dot(torch.ones(3), torch.ones(4)),
      'inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively',
    );
    throwsTorch(
      () => torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 3, 4)),
      'Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 3].',
    );
    throwsTorch(
      () => torch.addmm(torch.ones(3), torch.ones(2, 3), torch.ones(3, 4)),
      'The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [3]',
    );
  });

  it('broadcast mismatch', () => {
    throwsTorch(() => torch.ones(2, 3).add(torch.ones(3, 2)), 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1', {
      kind: 'shape',
      op: 'add',
      shapes: [
        [2, 3],
        [3, 2],
      ],
    });
  });

  it('dimension out of range', () => {
    const msg = 'Dimension out of range (expected to be in range of [-2, 1], but got 2)';
    const x = torch.ones(5, 3);
    throwsTorch(() => x.transpose(0, 2), msg, { kind: 'dim', op: 'transpose', pyType: 'IndexError' });
    throwsTorch(() => x.sum(2), msg, { kind: 'dim', pyType: 'IndexError' });
    throwsTorch(() => x.softmax(2), msg, { kind: 'dim' });
    throwsTorch(() => x.size(2), msg, { kind: 'dim', pyType: 'IndexError' });
    throwsTorch(() => x.select(-3, 0), 'Dimension out of range (expected to be in range of [-2, 1], but got -3)', { kind: 'dim' });
    throwsTorch(() => x.unsqueeze(3), 'Dimension out of range (expected to be in range of [-3, 2], but got 3)', { kind: 'dim' });
    throwsTorch(() => torch.tensor(1.5).size(0), 'Dimension specified as 0 but tensor has no dimensions', { kind: 'dim', pyType: 'IndexError' });
    assert.equal(x.size(-1), 3);
  });

  it('index and shape errors', () => {
    const x = torch.ones(2, 3);
    throwsTorch(() => x.index(sl(), 3), 'index 3 is out of bounds for dimension 1 with size 3', { kind: 'index', pyType: 'IndexError' });
    throwsTorch(() => x.index(-3), 'index -3 is out of bounds for dimension 0 with size 2', { kind: 'index' });
    throwsTorch(() => x.select(1, 3), 'select(): index 3 out of range for tensor of size [2, 3] at dimension 1', { kind: 'index', pyType: 'IndexError' });
    throwsTorch(() => x.narrow(1, 2, 2), 'start (2) + length (2) exceeds dimension size (3).', { kind: 'shape', pyType: 'RuntimeError' });
    throwsTorch(
      () => torch.cat([torch.ones(2, 3), torch.ones(2, 4)], 0),
      'Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.',
      { kind: 'shape', op: 'cat' },
    );
    throwsTorch(
      () => torch.stack([torch.ones(2, 3), torch.ones(3, 2)]),
      'stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 2] at entry 1',
      { kind: 'shape' },
    );
    throwsTorch(
      () => x.t().view(6),
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
      { kind: 'shape', op: 'view' },
    );
    throwsTorch(() => x.reshape(4, 2), "shape '[4, 2]' is invalid for input of size 6", { kind: 'shape' });
    throwsTorch(
      () => x.expand(3, 3),
      'The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3, 3].  Tensor sizes: [2, 3]',
      { kind: 'shape', op: 'expand' },
    );
    throwsTorch(() => F.dropout(x, 1.5), 'dropout probability has to be between 0 and 1, but got 1.5', { kind: 'value', pyType: 'ValueError' });
  });
});
