// lossInjected: which steps receive gradient from outside their own recurrence (a loss term, a
// head on the output, or the layer above), as opposed to only through h_{t+1} (h_{t-1} for the
// reverse direction).
import assert from 'node:assert/strict';
import { nn, torch, type Tensor } from '../../../src/engine';
import { layerOf, makeLayer, record, stepsOf, type Mode } from './helpers';

const T = 5;
const I = 2;
const H = 3;

function injected(mode: Mode, opts: nn.RNNOptions, loss: (out: Tensor, hn: Tensor, cn: Tensor | null) => Tensor): (layer: number, direction: number) => boolean[] {
  const trace = record(() => {
    torch.manualSeed(9);
    const m = makeLayer(mode, I, H, { dtype: 'float64', ...opts });
    const x = torch.randn([T, 2, I], { dtype: 'float64' });
    if (mode === 'LSTM') {
      const [out, [hn, cn]] = (m as nn.LSTM).call(x);
      loss(out, hn, cn).backward();
    } else {
      const [out, hn] = (m as nn.RNN).call(x);
      loss(out, hn, null).backward();
    }
  });
  return (layer, direction) => stepsOf(layerOf(trace, '', layer, direction), T).map((s) => s.lossInjected);
}

const only = (...ts: number[]): boolean[] => Array.from({ length: T }, (_, t) => ts.includes(t));
const all = (): boolean[] => only(0, 1, 2, 3, 4);

describe('trace: lossInjected', () => {
  for (const mode of ['RNN_TANH', 'LSTM', 'GRU'] as Mode[]) {
    it(`${mode}: many-to-one on output[-1] → only the last step`, () => {
      const inj = injected(mode, {}, (out) => out.select(0, T - 1).pow(2).sum());
      assert.deepEqual(inj(0, 0), only(T - 1));
    });

    it(`${mode}: many-to-many → every step`, () => {
      const inj = injected(mode, {}, (out) => out.pow(2).sum());
      assert.deepEqual(inj(0, 0), all());
    });

    it(`${mode}: loss on h_n only → the last step`, () => {
      const inj = injected(mode, {}, (_out, hn) => hn.pow(2).sum());
      assert.deepEqual(inj(0, 0), only(T - 1));
    });

    it(`${mode}: a loss on some steps marks exactly those`, () => {
      const inj = injected(mode, {}, (out) => out.select(0, 1).sum().add(out.select(0, 3).sum()));
      assert.deepEqual(inj(0, 0), only(1, 3));
    });

    it(`${mode}: bidirectional many-to-one on output[-1] → forward: t = T-1; reverse: t = T-1 too, its first step`, () => {
      let out!: Tensor;
      const trace = record(() => {
        torch.manualSeed(9);
        const m = makeLayer(mode, I, H, { dtype: 'float64', bidirectional: true });
        out = (m as nn.RNN).call(torch.randn([T, 2, I], { dtype: 'float64' }))[0];
        out.select(0, T - 1).pow(2).sum().backward();
      });
      const fw = stepsOf(layerOf(trace, '', 0, 0), T);
      const rev = stepsOf(layerOf(trace, '', 0, 1), T);
      assert.deepEqual(fw.map((s) => s.lossInjected), only(T - 1));
      assert.deepEqual(rev.map((s) => s.lossInjected), only(T - 1));
      // output[-1]'s reverse half is the reverse direction's first step: no gradient reaches the others
      assert.ok(fw.every((s) => s.gradNorm > 0));
      assert.ok(rev[T - 1].gradNorm > 0);
      assert.deepEqual(rev.slice(0, T - 1).map((s) => s.gradNorm), [0, 0, 0, 0]);
    });

    it(`${mode}: bidirectional, loss on h_n → forward t = T-1, reverse t = 0`, () => {
      const inj = injected(mode, { bidirectional: true }, (_out, hn) => hn.pow(2).sum());
      assert.deepEqual(inj(0, 0), only(T - 1));
      assert.deepEqual(inj(0, 1), only(0));
    });

    it(`${mode}: 2 layers, many-to-one → the top layer's last step; every step of the lower layer (fed from above)`, () => {
      const inj = injected(mode, { numLayers: 2 }, (out) => out.select(0, T - 1).pow(2).sum());
      assert.deepEqual(inj(1, 0), only(T - 1));
      assert.deepEqual(inj(0, 0), all());
    });
  }

  it('LSTM: a loss on c_n only → the last step (gradient enters through c)', () => {
    const inj = injected('LSTM', {}, (_out, _hn, cn) => cn!.pow(2).sum());
    assert.deepEqual(inj(0, 0), only(T - 1));
  });

  it('cells in a loop: many-to-one and many-to-many', () => {
    for (const perStep of [false, true]) {
      const trace = record(() => {
        torch.manualSeed(4);
        const cell = new nn.GRUCell(I, H, { dtype: 'float64' });
        const xs = torch.randn([T, 2, I], { dtype: 'float64' });
        let h: Tensor | null = null;
        let loss = torch.zeros([], { dtype: 'float64' });
        for (let t = 0; t < T; t++) {
          h = cell.call(xs.select(0, t), h);
          if (perStep) loss = loss.add(h.pow(2).sum());
        }
        if (!perStep) loss = h!.pow(2).sum();
        loss.backward();
      });
      assert.deepEqual(
        stepsOf(layerOf(trace, ''), T).map((s) => s.lossInjected),
        perStep ? all() : only(T - 1),
      );
    }
  });
});

describe('trace: stacked cells called at the top level', () => {
  it('keep their own chains: the lower cell is fed from above at every step', () => {
    const trace = record(() => {
      torch.manualSeed(6);
      const lower = new nn.RNNCell(I, H, { dtype: 'float64' });
      const upper = new nn.RNNCell(H, H, { dtype: 'float64' });
      const xs = torch.randn([T, 2, I], { dtype: 'float64' });
      let h1: Tensor | null = null;
      let h2: Tensor | null = null;
      for (let t = 0; t < T; t++) {
        h1 = lower.call(xs.select(0, t), h1);
        h2 = upper.call(h1, h2);
      }
      h2!.pow(2).sum().backward();
    });
    assert.deepEqual(trace.recurrent.map((r) => r.module).sort(), ['rnnCell', 'rnnCell1']);
    const [lower, upper] = ['rnnCell', 'rnnCell1'].map((m) => stepsOf(layerOf(trace, m), T).map((s) => s.lossInjected));
    assert.deepEqual(upper, only(T - 1));
    assert.deepEqual(lower, all());
  });
});
