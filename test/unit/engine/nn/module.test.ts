// nn.Module semantics: registration by property assignment, traversal order, modes, zero_grad,
// state dicts, dtype casts, hooks, and the basic modules.
import assert from 'node:assert/strict';
import { nn, torch, TorchError, type Tensor } from '../../../../src/engine';

class Tied extends nn.Module {
  a = new nn.Linear(2, 2);
  w: Tensor;
  b = new nn.Linear(2, 2);
  constructor() {
    super();
    this.w = new nn.Parameter(torch.zeros(2));
    this.b.weight = this.a.weight; // weight tying
  }
}

function throwsTorch(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TorchError, `not a TorchError: ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

describe('nn.Module', () => {
  it('registers properties in definition order, own parameters first, each parameter once', () => {
    const m = new Tied();
    // PyTorch: ['w', 'a.weight', 'a.bias', 'b.bias'] / state_dict adds 'b.weight'
    assert.deepEqual(
      m.namedParameters().map(([n]) => n),
      ['w', 'a.weight', 'a.bias', 'b.bias'],
    );
    assert.deepEqual([...m.stateDict().keys()], ['w', 'a.weight', 'a.bias', 'b.weight', 'b.bias']);
    assert.deepEqual(
      m.namedChildren().map(([n]) => n),
      ['a', 'b'],
    );
    assert.deepEqual(
      m.namedModules().map(([n]) => n),
      ['', 'a', 'b'],
    );
    assert.equal(m.parameters().length, 4);
    assert.ok(m.parameters().every((p) => p.requiresGrad && p.isParameter && p.isLeaf));
  });

  it('names nested modules with dots and skips None parameters', () => {
    const seq = new nn.Sequential(new nn.Linear(2, 3, { bias: false }), new nn.ReLU(), new nn.Sequential(new nn.Linear(3, 1)));
    assert.deepEqual(
      seq.namedParameters().map(([n]) => n),
      ['0.weight', '2.0.weight', '2.0.bias'],
    );
    assert.deepEqual(
      seq.namedModules().map(([n]) => n),
      ['', '0', '1', '2', '2.0'],
    );
    assert.equal(seq.length, 3);
    assert.ok(seq.get(-1) instanceof nn.Sequential);
  });

  it('orders RNN parameters as PyTorch (per layer, per direction: w_ih, w_hh, b_ih, b_hh)', () => {
    const rnn = new nn.GRU(2, 3, { numLayers: 2, bidirectional: true });
    assert.deepEqual(
      rnn.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`),
      [
        'weight_ih_l0:9x2',
        'weight_hh_l0:9x3',
        'bias_ih_l0:9',
        'bias_hh_l0:9',
        'weight_ih_l0_reverse:9x2',
        'weight_hh_l0_reverse:9x3',
        'bias_ih_l0_reverse:9',
        'bias_hh_l0_reverse:9',
        'weight_ih_l1:9x6',
        'weight_hh_l1:9x3',
        'bias_ih_l1:9',
        'bias_hh_l1:9',
        'weight_ih_l1_reverse:9x6',
        'weight_hh_l1_reverse:9x3',
        'bias_ih_l1_reverse:9',
        'bias_hh_l1_reverse:9',
      ],
    );
    assert.equal(rnn.allWeights.length, 4);
  });

  it('train() / eval() propagate, and dropout follows them', () => {
    const seq = new nn.Sequential(new nn.Dropout(0.5), new nn.Sequential(new nn.Dropout(0.5)));
    assert.equal(seq.eval(), seq);
    assert.ok(seq.modules().every((m) => !m.training));
    const x = torch.ones(100);
    assert.equal(seq.call(x), x);
    seq.train();
    assert.ok(seq.modules().every((m) => m.training));
    torch.manualSeed(0);
    const y = seq.call(x) as Tensor;
    const vals = new Set(Array.from(y.toArray()));
    assert.ok([...vals].every((v) => v === 0 || v === 4), [...vals].join(','));
  });

  it('zeroGrad() zeroes grads in place by default (1.13) or sets them to null', () => {
    const lin = new nn.Linear(3, 2);
    lin.call(torch.ones(4, 3)).sum().backward();
    const g = lin.weight.grad!;
    lin.zeroGrad();
    assert.equal(lin.weight.grad, g);
    assert.deepEqual(Array.from(g.toArray()), [0, 0, 0, 0, 0, 0]);
    lin.zeroGrad(true);
    assert.equal(lin.weight.grad, null);
    assert.equal(lin.bias!.grad, null);
  });

  it('stateDict() / loadStateDict() round-trip values', () => {
    torch.manualSeed(1);
    const a = new nn.LSTM(2, 3);
    const b = new nn.LSTM(2, 3);
    const sd = a.stateDict();
    assert.ok([...sd.values()].every((t) => !t.requiresGrad && t.gradFn === null));
    const r = b.loadStateDict(sd);
    assert.deepEqual(r, { missingKeys: [], unexpectedKeys: [] });
    for (const [n, p] of b.namedParameters()) assert.deepEqual(Array.from(p.toArray()), Array.from(sd.get(n)!.toArray()), n);
    assert.ok(b.parameters().every((p) => p.requiresGrad));
    // plain objects work too
    b.loadStateDict(Object.fromEntries(sd));
  });

  it("loadStateDict() raises PyTorch's error", () => {
    const m = new nn.Linear(4, 3);
    throwsTorch(
      () => m.loadStateDict({ weight: torch.zeros(3, 5), foo: torch.zeros(1) }),
      'Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: "bias". \n\tUnexpected key(s) in state_dict: "foo". \n' +
        '\tsize mismatch for weight: copying a param with shape torch.Size([3, 5]) from checkpoint, the shape in current model is torch.Size([3, 4]).',
    );
    const r = m.loadStateDict({ bias: torch.ones(3), foo: torch.zeros(1) }, false);
    assert.deepEqual(r, { missingKeys: ['weight'], unexpectedKeys: ['foo'] });
    assert.deepEqual(Array.from(m.bias!.toArray()), [1, 1, 1]);
  });

  it('double() casts parameters in place, keeping their identity', () => {
    const rnn = new nn.RNN(2, 3);
    const before = rnn.parameters();
    const vals = before.map((p) => Array.from(p.toArray()));
    rnn.double();
    const after = rnn.parameters();
    after.forEach((p, i) => {
      assert.equal(p, before[i]);
      assert.equal(p.dtype, 'float64');
      assert.deepEqual(Array.from(p.toArray()), vals[i]);
    });
    const [out] = rnn.call(torch.randn(4, 1, 2, { dtype: 'float64' }));
    assert.equal(out.dtype, 'float64');
    rnn.float();
    assert.ok(rnn.parameters().every((p) => p.dtype === 'float32'));
  });

  it('runs forward hooks and pre-hooks around forward', () => {
    const lin = new nn.Linear(2, 2);
    const seen: string[] = [];
    const h1 = lin.registerForwardPreHook((_m, inputs) => {
      seen.push(`pre:${inputs.length}`);
    });
    const h2 = lin.registerForwardHook((_m, _in, out) => {
      seen.push('post');
      return (out as Tensor).mul(0);
    });
    const y = lin.call(torch.ones(1, 2));
    assert.deepEqual(seen, ['pre:1', 'post']);
    assert.deepEqual(Array.from(y.toArray()).map(Math.abs), [0, 0]);
    h1.remove();
    h2.remove();
    lin.call(torch.ones(1, 2));
    assert.equal(seen.length, 2);
  });

  it('raises NotImplementedError for a module without forward', () => {
    throwsTorch(() => nn.callModule(new nn.Module(), 1), 'Module [Module] is missing the required "forward" function');
  });

  it('registerParameter refuses non-leaf tensors', () => {
    const m = new nn.Module();
    const x = torch.ones(2, { requiresGrad: true }).mul(2);
    assert.throws(() => m.registerParameter('w', x), /Cannot assign non-leaf Tensor to parameter 'w'/);
    m.registerBuffer('running', torch.zeros(2));
    m.registerBuffer('tmp', torch.zeros(1), false);
    assert.deepEqual([...m.stateDict().keys()], ['running']);
    assert.deepEqual(
      m.namedBuffers().map(([n]) => n),
      ['running', 'tmp'],
    );
  });

  it('Parameter shares storage, is a leaf that requires grad, and prints as PyTorch', () => {
    const t = torch.tensor([1.5, 2]);
    const p = new nn.Parameter(t);
    assert.equal(p.storage, t.storage);
    assert.ok(p.requiresGrad && p.isLeaf && p instanceof nn.Parameter);
    assert.equal(String(p), 'Parameter containing:\ntensor([1.5000, 2.0000], requires_grad=True)');
    assert.equal(new nn.Parameter(t, false).requiresGrad, false);
  });
});

describe('nn basic modules', () => {
  it('Embedding zeroes the padding row and gives it no gradient', () => {
    torch.manualSeed(3);
    const e = new nn.Embedding(5, 2, { paddingIdx: -1 });
    assert.equal(e.paddingIdx, 4);
    assert.deepEqual(Array.from(e.weight.toArray().slice(8)), [0, 0]);
    e.call(torch.tensor([4, 1, 4])).sum().backward();
    assert.deepEqual(Array.from(e.weight.grad!.toArray()), [0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('Embedding with maxNorm renormalises the looked-up rows in place', () => {
    torch.manualSeed(4);
    const e = new nn.Embedding(4, 3, { maxNorm: 1 });
    e.call(torch.tensor([0, 2]));
    for (const row of [0, 2]) {
      const r = Array.from(e.weight.toArray().slice(row * 3, row * 3 + 3));
      assert.ok(Math.hypot(...r) <= 1 + 1e-6, `row ${row}`);
    }
  });

  it('Sequential chains, Identity passes through, activations apply', () => {
    const seq = new nn.Sequential(new nn.Identity(), new nn.Tanh(), new nn.Sigmoid(), new nn.ReLU());
    const y = seq.call(torch.tensor([0.0, 1.0])) as Tensor;
    const expect = [0, 1].map((v) => 1 / (1 + Math.exp(-Math.tanh(v))));
    Array.from(y.toArray()).forEach((v, i) => assert.ok(Math.abs(v - expect[i]) < 1e-6));
    const ml = new nn.ModuleList([new nn.Linear(1, 1), new nn.Linear(1, 1)]);
    assert.equal(ml.length, 2);
    assert.equal(ml.parameters().length, 4);
  });

  it('loss modules wrap the functional losses', () => {
    const p = torch.tensor([0.5, 1.5]);
    const t = torch.tensor([1.0, 1.0]);
    assert.equal(new nn.MSELoss().call(p, t).item(), 0.25);
    assert.equal(new nn.MSELoss({ reduction: 'sum' }).call(p, t).item(), 0.5);
    assert.equal(new nn.L1Loss().call(p, t).item(), 0.5);
    const logits = torch.tensor([[1.0, 2.0, 3.0]]);
    const ce = new nn.CrossEntropyLoss().call(logits, torch.tensor([2]));
    assert.ok(Math.abs(ce.item() - 0.40760596) < 1e-6);
  });
});
