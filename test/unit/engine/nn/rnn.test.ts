// RNN / LSTM / GRU and the cells beyond the reference cases: shapes, unbatched input, dropout
// between layers (checked against numbers printed by PyTorch 1.13.1), errors worded as PyTorch
// words them, float64 gradcheck, and the time-step tags the trace recorder relies on.
import assert from 'node:assert/strict';
import { gradcheck, nn, observeEngine, observeNodes, torch, TorchError, type EngineEvent, type Node, type NodeTags, type StepEvent, type Tensor } from '../../../../src/engine';
import { dagOf, leafNames, loadCases, runCase } from './refCases';

function throwsTorch(fn: () => unknown, message: string, pyType?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TorchError, `not a TorchError: ${String(e)}`);
    assert.equal(e.message, message);
    if (pyType) assert.equal(e.pyType, pyType);
    return true;
  });
}

function near(a: number, b: number, tol = 1e-5): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
}

/** Runs `fn` and returns the nodes it created, with their tags. */
function recordNodes(fn: () => void): Node[] {
  const nodes: Node[] = [];
  const off = observeNodes((n) => nodes.push(n));
  try {
    fn();
  } finally {
    off();
  }
  return nodes;
}

describe('nn.RNN / LSTM / GRU', () => {
  it('returns PyTorch output shapes (batched, batch_first, bidirectional, unbatched)', () => {
    const lstm = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
    const [out, [h, c]] = lstm.call(torch.randn(2, 5, 3));
    assert.deepEqual([out.shape, h.shape, c.shape], [[2, 5, 8], [4, 2, 4], [4, 2, 4]]);
    const gru = new nn.GRU(3, 4);
    const [o2, h2] = gru.call(torch.randn(5, 3), torch.randn(1, 4));
    assert.deepEqual([o2.shape, h2.shape], [[5, 4], [1, 4]]);
    const [o3, [h3, c3]] = new nn.LSTM(3, 4, { batchFirst: true }).call(torch.randn(5, 3));
    assert.deepEqual([o3.shape, h3.shape, c3.shape], [[5, 4], [1, 4], [1, 4]]);
    const cell = new nn.LSTMCell(3, 4);
    const [hc, cc] = cell.call(torch.randn(3));
    assert.deepEqual([hc.shape, cc.shape], [[4], [4]]);
  });

  it('applies dropout between layers in training mode only, drawing masks as PyTorch', () => {
    // numbers printed by PyTorch 1.13.1 for the same script
    torch.manualSeed(7);
    const m = new nn.LSTM(3, 4, { numLayers: 3, dropout: 0.5 });
    const x = torch.randn(5, 2, 3).requiresGrad_();
    const [out, [h, c]] = m.call(x);
    out.pow(2).sum().add(h.sum()).add(c.sum()).backward();
    near(out.sum().item(), -2.71267032623291);
    near(h.sum().item(), -0.14878103137016296);
    near(c.sum().item(), -0.41956931352615356);
    near(x.grad!.sum().item(), 4.353609561920166, 1e-4);
    assert.equal(torch.randn(1).item(), Math.fround(-0.1784602552652359));

    torch.manualSeed(8);
    const g = new nn.GRU(2, 3, { numLayers: 2, dropout: 0.3, bidirectional: true, batchFirst: true });
    const xg = torch.randn(2, 4, 2);
    const [og, hg] = g.call(xg);
    near(og.sum().item(), -0.43143004179000854);
    near(hg.sum().item(), 1.3760205507278442);
    assert.equal(torch.randn(1).item(), Math.fround(-0.815470814704895));
    g.eval();
    near(g.call(xg)[0].sum().item(), -0.4364417791366577);
  });

  it('raises PyTorch 1.13 errors for wrong shapes and options', () => {
    const m = new nn.RNN(1, 5);
    throwsTorch(() => m.call(torch.randn(2, 3, 4, 1)), 'input must have 3 dimensions, got 5', 'RuntimeError');
    throwsTorch(() => m.call(torch.randn(5, 3, 3)), 'input.size(-1) must be equal to input_size. Expected 1, got 3');
    throwsTorch(() => m.call(torch.randn(5, 3, 1), torch.randn(2, 3, 5)), 'Expected hidden size (1, 3, 5), got [2, 3, 5]');
    throwsTorch(() => m.call(torch.randn(5, 1), torch.randn(1, 1, 5)), 'For unbatched 2-D input, hx should also be 2-D but got 3-D tensor');
    throwsTorch(() => m.call(torch.randn(5, 3, 1), torch.randn(3, 5)), 'For batched 3-D input, hx should also be 3-D but got 2-D tensor');
    throwsTorch(() => m.call(torch.randn(1)), 'input must have 3 dimensions, got 2');
    const l = new nn.LSTM(1, 5);
    throwsTorch(() => l.call(torch.randn(5, 3, 1), [torch.randn(1, 3, 5), torch.randn(1, 2, 5)]), 'Expected hidden[1] size (1, 3, 5), got [1, 2, 5]');
    throwsTorch(
      () => l.call(torch.randn(5, 1), [torch.randn(1, 3, 5), torch.randn(1, 2, 5)]),
      'For unbatched 2-D input, hx and cx should also be 2-D but got (3-D, 3-D) tensors',
    );
    const c = new nn.RNNCell(1, 5);
    throwsTorch(() => c.call(torch.randn(2, 3, 1)), 'RNNCell: Expected input to be 1-D or 2-D but received 3-D tensor', 'AssertionError');
    throwsTorch(() => c.call(torch.randn(2, 3)), 'input has inconsistent input_size: got 3 expected 1');
    throwsTorch(() => c.call(torch.randn(2, 1), torch.randn(3, 5)), "Input batch size 2 doesn't match hidden0 batch size 3");
    throwsTorch(() => c.call(torch.randn(2, 1), torch.randn(2, 4)), 'hidden0 has inconsistent hidden_size: got 4, expected 5');
    const lc = new nn.LSTMCell(1, 5);
    throwsTorch(() => lc.call(torch.randn(2, 1), [torch.randn(2, 5), torch.randn(3, 5)]), "Input batch size 2 doesn't match hidden1 batch size 3");
    throwsTorch(() => new nn.RNN(2, 3, { nonlinearity: 'sig' as 'tanh' }), "Unknown nonlinearity 'sig'", 'ValueError');
    throwsTorch(
      () => new nn.RNN(2, 3, { dropout: 2 }),
      'dropout should be a number in range [0, 1] representing the probability of an element being zeroed',
      'ValueError',
    );
    throwsTorch(() => new nn.Linear(3, 2).call(torch.randn(4, 5)), 'mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2)');
    throwsTorch(() => new nn.Linear(3, 2).call(torch.randn(4, 2, 5)), 'mat1 and mat2 shapes cannot be multiplied (8x5 and 3x2)');
    throwsTorch(() => new nn.Embedding(4, 2).call(torch.tensor([5])), 'index out of range in self', 'IndexError');
  });

  it('warns, as PyTorch, about dropout with one layer', () => {
    const seen: string[] = [];
    const prev = nn.setWarningHandler((m) => seen.push(m));
    try {
      void new nn.RNN(2, 3, { dropout: 0.5 });
    } finally {
      nn.setWarningHandler(prev);
    }
    assert.deepEqual(seen, [
      'dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=0.5 and num_layers=1',
    ]);
  });
});

describe('nn gradcheck (float64)', () => {
  const opts = { dtype: 'float64' as const };
  const x64 = (...shape: number[]): Tensor => torch.randn(shape, opts).requiresGrad_();

  before(() => torch.manualSeed(1234));

  it('RNNCell (tanh and relu), LSTMCell, GRUCell', () => {
    for (const nonlinearity of ['tanh', 'relu'] as const) {
      const cell = new nn.RNNCell(3, 2, { ...opts, nonlinearity });
      gradcheck((x, h) => cell.call(x, h), [x64(2, 3), x64(2, 2), ...cell.parameters()]);
    }
    const lstm = new nn.LSTMCell(3, 2, opts);
    gradcheck((x, h, c) => lstm.call(x, [h, c]), [x64(2, 3), x64(2, 2), x64(2, 2), ...lstm.parameters()]);
    const gru = new nn.GRUCell(3, 2, opts);
    gradcheck((x, h) => gru.call(x, h), [x64(2, 3), x64(2, 2), ...gru.parameters()]);
    const unbatched = new nn.GRUCell(2, 2, { ...opts, bias: false });
    gradcheck((x) => unbatched.call(x), [x64(2), ...unbatched.parameters()]);
  });

  it('2-layer bidirectional LSTM and GRU', () => {
    const lstm = new nn.LSTM(2, 2, { ...opts, numLayers: 2, bidirectional: true });
    gradcheck(
      (x, h, c) => {
        const [out, [hn, cn]] = lstm.call(x, [h, c]);
        return [out, hn, cn];
      },
      [x64(3, 1, 2), x64(4, 1, 2), x64(4, 1, 2), ...lstm.parameters()],
    );
    const gru = new nn.GRU(2, 2, { ...opts, numLayers: 2, bidirectional: true, batchFirst: true });
    gradcheck(
      (x, h) => {
        const [out, hn] = gru.call(x, h);
        return [out, hn];
      },
      [x64(1, 3, 2), x64(4, 1, 2), ...gru.parameters()],
    );
  });

  it('RNN (relu, no bias, unbatched) and Linear / Embedding', () => {
    const rnn = new nn.RNN(2, 3, { ...opts, nonlinearity: 'relu', bias: false, numLayers: 2 });
    gradcheck((x, h) => rnn.call(x, h), [x64(4, 2), x64(2, 3), ...rnn.parameters()]);
    const lin = new nn.Linear(3, 2, opts);
    gradcheck((x) => lin.call(x), [x64(2, 4, 3), ...lin.parameters()]);
    gradcheck((x) => lin.call(x), [x64(3), ...lin.parameters()]);
    const emb = new nn.Embedding(5, 2, { ...opts, paddingIdx: 1 });
    // the padding row gets no gradient by design, so the checked lookup avoids it
    gradcheck(() => emb.call(torch.tensor([[0, 3], [4, 0]])), [...emb.parameters()]);
  });
});

describe('time-step tags', () => {
  class Model extends nn.Module {
    enc = new nn.GRU(2, 3, { numLayers: 2, bidirectional: true });
    head = new nn.Linear(6, 1);
    override forward(x: Tensor): Tensor {
      const [out] = this.enc.call(x);
      return this.head.call(out);
    }
  }

  it('tags every node of a recurrent layer with { module, layer, direction, t }', () => {
    const model = new Model();
    const T = 4;
    const nodes = recordNodes(() => model.call(torch.randn(T, 2, 2)));
    const enc = nodes.filter((n) => n.tags?.module === 'enc');
    assert.ok(enc.length > 0);
    const steps = enc.filter((n) => n.tags?.t !== undefined);
    // per layer, direction and step: one cell's worth of nodes
    const perStep = new Map<string, number>();
    for (const n of steps) {
      const k = `${n.tags!.layer}/${n.tags!.direction}/${n.tags!.t}`;
      perStep.set(k, (perStep.get(k) ?? 0) + 1);
    }
    assert.equal(perStep.size, 2 * 2 * T);
    assert.ok([...perStep.values()].every((v) => v === perStep.get('0/0/0')), JSON.stringify([...perStep]));
    // the GRU cell: hidden projection (Addmm + T), 2 UnsafeSplit, 3 Add + 2 Sigmoid + Mul + Tanh, Sub, Mul, Add
    const names0 = steps.filter((n) => n.tags!.layer === 1 && n.tags!.direction === 1 && n.tags!.t === 2).map((n) => n.name);
    assert.deepEqual(names0.sort(), [
      'AddBackward0',
      'AddBackward0',
      'AddBackward0',
      'AddBackward0',
      'AddmmBackward0',
      'MulBackward0',
      'MulBackward0',
      'SigmoidBackward0',
      'SigmoidBackward0',
      'SubBackward0',
      'TBackward0',
      'TanhBackward0',
      'UnsafeSplitBackward0',
      'UnsafeSplitBackward0',
    ]);
    // the layer-wide nodes: input projection, unbind and stack per direction, cat per layer
    const layerWide = enc.filter((n) => n.tags?.t === undefined).map((n) => `${n.name}@${n.tags!.layer ?? '-'}/${n.tags!.direction ?? '-'}`);
    assert.ok(layerWide.includes('UnbindBackward0@1/1'));
    assert.ok(layerWide.includes('CatBackward0@1/-'));
    assert.ok(layerWide.includes('StackBackward0@-/-'), 'h_n stack is module-level');
    // the head is tagged with its own path and no step
    const head = nodes.filter((n) => n.tags?.module === 'head');
    assert.ok(head.length > 0 && head.every((n) => n.tags!.t === undefined && n.tags!.layer === undefined));
  });

  it('counts cell calls within a forward pass', () => {
    const cell = new nn.LSTMCell(2, 3);
    const xs = torch.randn(3, 1, 2);
    const stepsOf = (): number[] => {
      let hc: [Tensor, Tensor] | null = null;
      const ts: number[] = [];
      const nodes = recordNodes(() => {
        for (let t = 0; t < 3; t++) hc = cell.call(xs.select(0, t), hc);
      });
      for (const n of nodes) if (!ts.includes(n.tags!.t as number)) ts.push(n.tags!.t as number);
      assert.ok(nodes.every((n) => n.tags!.module === ''));
      return ts;
    };
    assert.deepEqual(stepsOf(), [0, 1, 2]);
    // a new sequence (no hidden state, or a detached one) starts again at 0
    assert.deepEqual(stepsOf(), [0, 1, 2]);

    // inside a module's forward: the path of the cell, and t counted per outermost call
    class Loop extends nn.Module {
      cell = new nn.GRUCell(2, 3);
      override forward(x: Tensor, h: Tensor): Tensor {
        let hh = h;
        for (let t = 0; t < x.size(0); t++) hh = this.cell.call(x.select(0, t), hh);
        return hh;
      }
    }
    const loop = new Loop();
    const h0 = torch.randn(1, 3).mul(1); // has no grad history: still a fresh start
    for (let pass = 0; pass < 2; pass++) {
      const nodes = recordNodes(() => loop.call(xs, h0));
      const tags: NodeTags[] = nodes.map((n) => n.tags!).filter((g) => g.module === 'cell');
      assert.deepEqual([...new Set(tags.map((g) => g.t))], [0, 1, 2]);
    }
    cell.resetStepCounter();
  });
});

describe('engine events for the trace recorder', () => {
  function withEvents(fn: () => void): EngineEvent[] {
    const events: EngineEvent[] = [];
    const off = observeEngine((e) => events.push(e));
    try {
      fn();
    } finally {
      off();
    }
    return events;
  }

  it('emits one step event per layer, direction and t, with gates, without changing the graph', () => {
    const c = loadCases('modules.json').find((x) => x.name === 'LSTM/L2/bf1/bi1/bias1/h0')!;
    let run: ReturnType<typeof runCase> | undefined;
    const events = withEvents(() => {
      run = runCase(c);
    });
    assert.deepEqual(dagOf(run!.loss, leafNames(run!)), c.dag);
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    assert.equal(steps.length, 2 * 2 * 7);
    const s = steps.find((e) => e.layer === 1 && e.direction === 1 && e.t === 3)!;
    assert.equal(s.mode, 'LSTM');
    assert.equal(s.owner, run!.module);
    assert.equal(s.length, 7);
    assert.deepEqual(Object.keys(s.gates!), ['i', 'f', 'g', 'o']);
    assert.deepEqual([s.x.shape, s.h.shape, s.c!.shape, s.hPrev.shape, s.weightHh.shape], [[1, 6], [1, 3], [1, 3], [1, 3], [12, 3]]);
    assert.equal(s.x.gradFn, null);
    const calls = events.filter((e) => e.type === 'moduleCall');
    assert.deepEqual(
      calls.map((e) => (e.type === 'moduleCall' ? e.phase : '')),
      ['enter', 'exit'],
    );
    assert.ok(events.some((e) => e.type === 'moduleCreated' && e.module === run!.module));
  });

  it('emits cell steps with the cell mode and t', () => {
    const cell = new nn.GRUCell(2, 3);
    const xs = torch.randn(3, 2);
    const events = withEvents(() => {
      let h: Tensor | null = null;
      for (let t = 0; t < 3; t++) h = cell.call(xs.select(0, t), h);
    });
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    assert.deepEqual(
      steps.map((e) => `${e.mode}:${e.t}`),
      ['GRUCell:0', 'GRUCell:1', 'GRUCell:2'],
    );
    assert.deepEqual(Object.keys(steps[0].gates!), ['r', 'z', 'n', 'hn']);
  });
});
