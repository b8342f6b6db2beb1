// Module reprs against repr.json's `module/*` cases (exact strings).
import assert from 'node:assert/strict';
import { nn, type Tensor } from '../../../../src/engine';
import { pyFloatRepr } from '../../../../src/engine/nn/pyRepr';
import { loadCases } from './refCases';

class RnnModel extends nn.Module {
  rnn = new nn.RNN(1, 32, { numLayers: 1 });
  out = new nn.Linear(32, 1);
  override forward(x: Tensor, h: Tensor | null): [Tensor, Tensor] {
    const [o, hn] = this.rnn.call(x, h);
    return [this.out.call(o), hn];
  }
}

/** Each repr.json module case's `obj = ...`, in JS. */
const BUILD: Record<string, () => nn.Module | nn.Module[]> = {
  'module/RnnModel': () => new RnnModel(),
  'module/RNN_1_32': () => new nn.RNN(1, 32),
  'module/RNN_input_size_kw': () => new nn.RNN({ inputSize: 1, hiddenSize: 32, numLayers: 1 }),
  'module/RNN_full': () => new nn.RNN(4, 8, { numLayers: 2, batchFirst: true, bidirectional: true }),
  'module/RNN_relu_nobias_dropout': () => new nn.RNN(2, 3, { nonlinearity: 'relu', bias: false, dropout: 0.5, numLayers: 2 }),
  'module/LSTM': () => new nn.LSTM(3, 4),
  'module/LSTM_kw': () => new nn.LSTM(10, 20, { numLayers: 2, batchFirst: true }),
  'module/GRU': () => new nn.GRU(3, 4, { bidirectional: true }),
  'module/RNNCell': () => new nn.RNNCell(3, 4),
  'module/LSTMCell': () => new nn.LSTMCell(3, 4, { bias: false }),
  'module/GRUCell': () => new nn.GRUCell(3, 4),
  'module/Linear': () => new nn.Linear(32, 1),
  'module/Linear_nobias': () => new nn.Linear(4, 2, { bias: false }),
  'module/Sequential': () => new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(8, 2)),
  'module/Sequential_nested': () => new nn.Sequential(new nn.Embedding(10, 4), new nn.Sequential(new nn.Tanh(), new nn.Linear(4, 4))),
  'module/Embedding': () => new nn.Embedding(10, 3),
  'module/Embedding_padding': () => new nn.Embedding(10, 3, { paddingIdx: 0 }),
  'module/Dropout': () => new nn.Dropout(),
  'module/Dropout_p': () => new nn.Dropout(0.2),
  'module/MSELoss': () => new nn.MSELoss(),
  'module/CrossEntropyLoss': () => new nn.CrossEntropyLoss(),
  'module/ReLU_Tanh_Sigmoid': () => [new nn.ReLU(), new nn.Tanh(), new nn.Sigmoid()],
};

function pyStr(v: nn.Module | nn.Module[]): string {
  return Array.isArray(v) ? `[${v.map(String).join(', ')}]` : String(v);
}

describe('nn module repr vs PyTorch 1.13.1 (repr.json)', () => {
  const cases = (loadCases('repr.json') as unknown as { name: string; str: string; repr: string }[]).filter((c) => c.name.startsWith('module/'));

  it('has a JS construction for every module case', () => {
    assert.deepEqual(
      cases.map((c) => c.name).filter((n) => !(n in BUILD)),
      [],
    );
  });

  for (const c of cases) {
    it(c.name, () => {
      const built = BUILD[c.name];
      if (!built) return;
      assert.equal(pyStr(built()), c.str);
      assert.equal(pyStr(built()), c.repr);
    });
  }

  it('prints more options and None submodules as PyTorch does', () => {
    assert.equal(String(new nn.RNNCell(3, 4, { nonlinearity: 'relu', bias: false })), 'RNNCell(3, 4, bias=False, nonlinearity=relu)');
    assert.equal(String(new nn.Embedding(5, 2, { maxNorm: 1.5, normType: 3.0 })), 'Embedding(5, 2, max_norm=1.5, norm_type=3.0)');
    assert.equal(String(new nn.Identity()), 'Identity()');
    assert.equal(String(new nn.ReLU(true)), 'ReLU(inplace=True)');
    const m = new nn.Module();
    m.registerModule('a', null);
    m.registerModule('b', new nn.Tanh());
    assert.equal(String(m), 'Module(\n  (a): None\n  (b): Tanh()\n)');
    class Empty extends nn.Module {}
    assert.equal(String(new Empty()), 'Empty()');
  });

  it("formats floats as Python's repr", () => {
    const cases: [number, string][] = [
      [0.5, '0.5'],
      [1, '1.0'],
      [0.1, '0.1'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [123456789012345680, '1.2345678901234568e+17'],
      [1e16, '1e+16'],
      [-2.5e-7, '-2.5e-07'],
      [1234.5, '1234.5'],
      [-0, '-0.0'],
      [NaN, 'nan'],
      [Infinity, 'inf'],
    ];
    for (const [x, s] of cases) assert.equal(pyFloatRepr(x), s, String(x));
  });
});
