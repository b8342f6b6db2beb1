// Per-step ‖∂L/∂h_t‖ (and hNorm, LSTM cellGradNorm / forgetGate) in the Trace against a hand-unrolled
// copy of the same network: the same weights copied into independent leaves, the cell equations
// written out with plain ops, retain_grad on every h_t and c_t, the same loss.
import assert from 'node:assert/strict';
import { nn, torch, type DType, type Tensor } from '../../../src/engine';
import type { Trace } from '../../../src/trace/types';
import { copyCellWeights, copyLayerWeights, handCell, handUnroll, layerOf, makeCell, makeLayer, near, norm, record, stepsOf, type HandStep, type Mode } from './helpers';

const MODES: Mode[] = ['RNN_TANH', 'RNN_RELU', 'LSTM', 'GRU'];

interface Config {
  name: string;
  layers: number;
  bidirectional: boolean;
  batchFirst: boolean;
  batch: number;
  dtype: DType;
}

const CONFIGS: Config[] = [
  { name: 'single layer, batch 1', layers: 1, bidirectional: false, batchFirst: false, batch: 1, dtype: 'float64' },
  { name: 'batch 3', layers: 1, bidirectional: false, batchFirst: false, batch: 3, dtype: 'float64' },
  { name: '2 layers', layers: 2, bidirectional: false, batchFirst: false, batch: 2, dtype: 'float64' },
  { name: 'bidirectional', layers: 1, bidirectional: true, batchFirst: false, batch: 2, dtype: 'float64' },
  { name: 'batch_first', layers: 1, bidirectional: false, batchFirst: true, batch: 3, dtype: 'float64' },
  { name: '2 layers, bidirectional, batch_first', layers: 2, bidirectional: true, batchFirst: true, batch: 2, dtype: 'float64' },
  { name: 'float32, 2 layers, bidirectional', layers: 2, bidirectional: true, batchFirst: false, batch: 3, dtype: 'float32' },
];

const T = 6;
const I = 3;
const H = 5;

/** Compares every recorded step with the hand-unrolled one. */
function compareSteps(trace: Trace, module: string, layer: number, direction: number, hand: HandStep[], mode: Mode, rel: number): void {
  const steps = stepsOf(layerOf(trace, module, layer, direction), hand.length);
  assert.ok(hand.some((st) => norm(st.h.grad) > 0), 'the hand-unrolled h_t received no gradient');
  hand.forEach((st, t) => {
    const where = `${module}|${layer}|${direction} t=${t}`;
    near(steps[t].hNorm, norm(st.h), rel, `hNorm ${where}`);
    near(steps[t].gradNorm, norm(st.h.grad), rel, `gradNorm ${where}`, 1e-300);
    if (mode === 'LSTM') {
      near(steps[t].cellGradNorm!, norm(st.c!.grad), rel, `cellGradNorm ${where}`, 1e-300);
      near(steps[t].forgetGate!, st.f!.mean().item(), rel, `forgetGate ${where}`);
    } else {
      assert.equal(steps[t].cellGradNorm, undefined);
      assert.equal(steps[t].forgetGate, undefined);
    }
  });
}

describe('trace: per-step gradNorm agrees with a hand-unrolled network', () => {
  for (const mode of MODES) {
    for (const cfg of CONFIGS) {
      it(`${mode}, ${cfg.name}`, () => {
        const dirs = cfg.bidirectional ? 2 : 1;
        const rel = cfg.dtype === 'float64' ? 1e-9 : 1e-5;
        let model!: nn.RNNBase;
        let x!: Tensor;
        let rOut!: Tensor;
        let rH!: Tensor;
        let rC!: Tensor;
        const trace = record(() => {
          torch.manualSeed(11);
          model = makeLayer(mode, I, H, { numLayers: cfg.layers, bidirectional: cfg.bidirectional, batchFirst: cfg.batchFirst, dtype: cfg.dtype });
          x = torch.randn(cfg.batchFirst ? [cfg.batch, T, I] : [T, cfg.batch, I], { dtype: cfg.dtype });
          rOut = torch.randn(cfg.batchFirst ? [cfg.batch, T, dirs * H] : [T, cfg.batch, dirs * H], { dtype: cfg.dtype });
          rH = torch.randn([cfg.layers * dirs, cfg.batch, H], { dtype: cfg.dtype });
          rC = torch.randn([cfg.layers * dirs, cfg.batch, H], { dtype: cfg.dtype });
          let loss: Tensor;
          if (mode === 'LSTM') {
            const [out, [hn, cn]] = (model as nn.LSTM).call(x);
            loss = out.mul(rOut).sum().add(hn.mul(rH).sum()).add(cn.mul(rC).sum());
          } else {
            const [out, hn] = (model as nn.RNN).call(x);
            loss = out.mul(rOut).sum().add(hn.mul(rH).sum());
          }
          loss.backward();
        });
        assert.equal(trace.recurrent.length, cfg.layers * dirs);
        const seqFirst = (t: Tensor): Tensor => (cfg.batchFirst ? t.transpose(0, 1) : t);
        const hand = handUnroll(mode, seqFirst(x), copyLayerWeights(model), cfg.layers, cfg.bidirectional);
        let loss = hand.output.mul(seqFirst(rOut)).sum().add(hand.hn.mul(rH).sum());
        if (hand.cn) loss = loss.add(hand.cn.mul(rC).sum());
        loss.backward();
        for (let l = 0; l < cfg.layers; l++) {
          for (let d = 0; d < dirs; d++) {
            const r = layerOf(trace, '', l, d);
            assert.equal(r.kind, mode);
            assert.equal(r.hiddenSize, H);
            compareSteps(trace, '', l, d, hand.steps[l * dirs + d], mode, rel);
          }
        }
      });
    }
  }

  it('names the layer by its path inside a model, and records unbatched input', () => {
    class Model extends nn.Module {
      rnn = new nn.GRU(I, H, { dtype: 'float64' });
      head = new nn.Linear(H, 1, { dtype: 'float64' });
      override forward(x: Tensor): Tensor {
        return this.head.call(this.rnn.call(x)[0]);
      }
    }
    let model!: Model;
    let x!: Tensor;
    const trace = record(() => {
      torch.manualSeed(3);
      model = new Model();
      x = torch.randn([T, I], { dtype: 'float64' });
      model.call(x).pow(2).sum().backward();
    });
    assert.deepEqual(trace.recurrent.map((r) => r.module), ['rnn']);
    const hand = handUnroll('GRU', x.unsqueeze(1), copyLayerWeights(model.rnn), 1, false);
    const w = model.head.weight.detach();
    const b = model.head.bias!.detach();
    hand.output.squeeze(1).mm(w.t()).add(b).pow(2).sum().backward();
    compareSteps(trace, 'rnn', 0, 0, hand.steps[0], 'GRU', 1e-9);
  });
});

describe('trace: cells in a hand-written loop are recorded per call', () => {
  for (const mode of MODES) {
    for (const batched of [true, false]) {
      it(`${mode === 'RNN_TANH' ? 'RNNCell tanh' : mode === 'RNN_RELU' ? 'RNNCell relu' : `${mode}Cell`}, ${batched ? 'batch 3' : 'unbatched'}`, () => {
        let cell!: nn.RNNCellBase;
        let xs!: Tensor;
        let rs!: Tensor;
        let rc!: Tensor;
        const B = 3;
        const trace = record(() => {
          torch.manualSeed(5);
          cell = makeCell(mode, I, H, { dtype: 'float64' });
          xs = torch.randn(batched ? [T, B, I] : [T, I], { dtype: 'float64' });
          rs = torch.randn(batched ? [T, B, H] : [T, H], { dtype: 'float64' });
          rc = torch.randn(batched ? [B, H] : [H], { dtype: 'float64' });
          let loss = torch.zeros([], { dtype: 'float64' });
          let h: Tensor | null = null;
          let c: Tensor | null = null;
          for (let t = 0; t < T; t++) {
            if (mode === 'LSTM') {
              [h, c] = (cell as nn.LSTMCell).call(xs.select(0, t), h && c ? [h, c] : null);
            } else {
              h = (cell as nn.RNNCell).call(xs.select(0, t), h);
            }
            loss = loss.add(h.mul(rs.select(0, t)).sum());
          }
          if (c) loss = loss.add(c.mul(rc).sum());
          loss.backward();
        });
        const r = layerOf(trace, '');
        assert.equal(r.kind, mode === 'RNN_TANH' ? 'RNNCell_tanh' : mode === 'RNN_RELU' ? 'RNNCell_relu' : `${mode}Cell`);
        const w = copyCellWeights(cell);
        const x3 = batched ? xs : xs.unsqueeze(1);
        let h = torch.zeros([x3.shape[1], H], { dtype: 'float64' });
        let c: Tensor | undefined = mode === 'LSTM' ? h : undefined;
        const steps: HandStep[] = [];
        let loss = torch.zeros([], { dtype: 'float64' });
        for (let t = 0; t < T; t++) {
          const st = handCell(mode, x3.select(0, t), h, c, w);
          steps.push(st);
          h = st.h;
          c = st.c;
          loss = loss.add(h.mul(batched ? rs.select(0, t) : rs.select(0, t).unsqueeze(0)).sum());
        }
        if (c) loss = loss.add(c.mul(batched ? rc : rc.unsqueeze(0)).sum());
        loss.backward();
        compareSteps(trace, '', 0, 0, steps, mode, 1e-9);
      });
    }
  }

  it('two stacked cells called at the top level are recorded as two chains', () => {
    let lower!: nn.LSTMCell;
    let upper!: nn.GRUCell;
    let xs!: Tensor;
    const trace = record(() => {
      torch.manualSeed(12);
      lower = new nn.LSTMCell(I, H, { dtype: 'float64' });
      upper = new nn.GRUCell(H, H, { dtype: 'float64' });
      xs = torch.randn([T, 2, I], { dtype: 'float64' });
      let hc: [Tensor, Tensor] | null = null;
      let h2: Tensor | null = null;
      let loss = torch.zeros([], { dtype: 'float64' });
      for (let t = 0; t < T; t++) {
        hc = lower.call(xs.select(0, t), hc);
        h2 = upper.call(hc[0], h2);
        loss = loss.add(h2.sum());
      }
      loss.backward();
    });
    const wl = copyCellWeights(lower);
    const wu = copyCellWeights(upper);
    let h1 = torch.zeros([2, H], { dtype: 'float64' });
    let c1 = h1;
    let h2 = h1;
    const s1: HandStep[] = [];
    const s2: HandStep[] = [];
    let loss = torch.zeros([], { dtype: 'float64' });
    for (let t = 0; t < T; t++) {
      const a = handCell('LSTM', xs.select(0, t), h1, c1, wl);
      const b = handCell('GRU', a.h, h2, undefined, wu);
      s1.push(a);
      s2.push(b);
      [h1, c1, h2] = [a.h, a.c!, b.h];
      loss = loss.add(h2.sum());
    }
    loss.backward();
    assert.deepEqual(trace.recurrent.map((r) => [r.module, r.kind]), [['lstmCell', 'LSTMCell'], ['gruCell', 'GRUCell']]);
    compareSteps(trace, 'lstmCell', 0, 0, s1, 'LSTM', 1e-9);
    compareSteps(trace, 'gruCell', 0, 0, s2, 'GRU', 1e-9);
  });

  it('records the last sequence of a training loop, restarting t with each fresh hidden state', () => {
    let cell!: nn.RNNCell;
    let xs!: Tensor;
    const trace = record(() => {
      torch.manualSeed(8);
      cell = new nn.RNNCell(I, H, { dtype: 'float64' });
      xs = torch.randn([T, 2, I], { dtype: 'float64' });
      const opt = new torch.optim.SGD(cell.parameters(), { lr: 0.1 });
      for (let it = 0; it < 3; it++) {
        let h: Tensor | null = null;
        let loss = torch.zeros([], { dtype: 'float64' });
        for (let t = 0; t < T; t++) {
          h = cell.call(xs.select(0, t), h);
          loss = loss.add(h.pow(2).sum());
        }
        opt.zeroGrad();
        loss.backward();
        if (it < 2) opt.step();
      }
    });
    assert.equal(trace.recurrent.length, 1);
    assert.equal(trace.history.length, 3);
    const w = copyCellWeights(cell);
    let h = torch.zeros([2, H], { dtype: 'float64' });
    const steps: HandStep[] = [];
    let loss = torch.zeros([], { dtype: 'float64' });
    for (let t = 0; t < T; t++) {
      const st = handCell('RNN_TANH', xs.select(0, t), h, undefined, w);
      steps.push(st);
      h = st.h;
      loss = loss.add(h.pow(2).sum());
    }
    loss.backward();
    compareSteps(trace, '', 0, 0, steps, 'RNN_TANH', 1e-9);
  });
});
