// whhGradNorm: step t's term of ∂L/∂W_hh, (∂L/∂(W_hh·h_{t-1}))ᵀ·h_{t-1}, computed on a hand-unrolled copy;
// its norm is the recorded number and the terms sum to the module's W_hh.grad.
import assert from 'node:assert/strict';
import { nn, torch, type Tensor } from '../../../src/engine';
import { copyCellWeights, copyLayerWeights, handCell, handUnroll, layerOf, makeLayer, near, norm, record, stepsOf, type HandStep, type Mode } from './helpers';

const T = 6;
const I = 3;
const H = 4;

function check(mode: Mode, layers: number, bidirectional: boolean, batch: number, bias = true): void {
  const dirs = bidirectional ? 2 : 1;
  let model!: nn.RNNBase;
  let x!: Tensor;
  let rOut!: Tensor;
  const trace = record(() => {
    torch.manualSeed(41);
    model = makeLayer(mode, I, H, { numLayers: layers, bidirectional, bias, dtype: 'float64' });
    x = torch.randn([T, batch, I], { dtype: 'float64' });
    rOut = torch.randn([T, batch, dirs * H], { dtype: 'float64' });
    const out = (model as nn.RNN).call(x)[0];
    out.mul(rOut).sum().backward();
  });
  const hand = handUnroll(mode, x, copyLayerWeights(model), layers, bidirectional);
  hand.output.mul(rOut).sum().backward();
  const params = new Map(model.namedParameters());
  for (let l = 0; l < layers; l++) {
    for (let d = 0; d < dirs; d++) {
      const k = l * dirs + d;
      const steps = stepsOf(layerOf(trace, '', l, d), T);
      let sum: Tensor | null = null;
      hand.steps[k].forEach((st, t) => {
        // δ_t = ∂L/∂(W_hh·h_{t-1} + b_hh); for the tanh RNN also from the chain rule by hand
        let delta = st.hh.grad!;
        if (mode === 'RNN_TANH') {
          const fromH = st.h.grad!.mul(st.h.detach().pow(2).neg().add(1));
          near(norm(fromH.sub(delta)), 0, 0, `tanh δ_t t=${t}`, 1e-12 * (1 + norm(delta)));
          delta = fromH;
        }
        const term = delta.t().mm(st.hPrev.detach());
        near(steps[t].whhGradNorm, norm(term), 1e-9, `${mode} l${l} d${d} t=${t} whhGradNorm`, 1e-300);
        sum = sum ? sum.add(term) : term;
      });
      const w = params.get(`weight_hh_l${l}${d === 1 ? '_reverse' : ''}`)!;
      assert.deepEqual(w.grad!.shape, sum!.shape);
      near(norm(w.grad!.sub(sum!)), 0, 0, `Σ_t terms = W_hh.grad (l${l} d${d})`, 1e-12 * norm(w.grad));
      // the first processed step multiplies h0 = 0, so it contributes nothing
      assert.equal(steps[d === 0 ? 0 : T - 1].whhGradNorm, 0);
      assert.ok(steps.some((s) => s.whhGradNorm > 0));
    }
  }
}

describe('trace: whhGradNorm is step t’s term of ∂L/∂W_hh', () => {
  for (const mode of ['RNN_TANH', 'RNN_RELU', 'LSTM', 'GRU'] as Mode[]) {
    it(`${mode}, single layer, batch 3`, () => check(mode, 1, false, 3));
    it(`${mode}, 2 layers, bidirectional, batch 2`, () => check(mode, 2, true, 2));
    it(`${mode}, no bias (MmBackward0 instead of AddmmBackward0)`, () => check(mode, 1, false, 2, false));
    // one batch row: each term is an outer product that backward adds into W_hh's sum unmade
    it(`${mode}, batch 1, single layer and 2 bidirectional layers`, () => {
      check(mode, 1, false, 1);
      check(mode, 2, true, 1);
    });
  }

  it('batch 1: each step\'s TBackward0 of W_hh reports the stats of the term it never received as a tensor', () => {
    let model!: nn.RNN;
    let x!: Tensor;
    const trace = record(() => {
      torch.manualSeed(43);
      model = new nn.RNN(I, H, { dtype: 'float64' });
      x = torch.randn([T, 1, I], { dtype: 'float64' });
      model.call(x)[0].pow(2).sum().backward();
    });
    const hand = handUnroll('RNN_TANH', x, copyLayerWeights(model), 1, false);
    hand.output.pow(2).sum().backward();
    const leaf = trace.graph.nodes.find((n) => n.leaf === 'weight_hh_l0');
    assert.ok(leaf);
    const byId = new Map(trace.graph.nodes.map((n) => [n.id, n]));
    const transposes = trace.graph.edges.filter((e) => e.to === leaf.id).map((e) => byId.get(e.from)!);
    assert.equal(transposes.length, T);
    for (const n of transposes) {
      assert.equal(n.name, 'TBackward0');
      const t = n.step!.t;
      const st = hand.steps[0][t];
      const term = st.hh.grad!.t().mm(st.hPrev.detach()); // [H, H]; TBackward0 receives its transpose
      const v = term.toArray();
      assert.ok(n.grad, `t=${t} has gradient stats`);
      near(n.grad.norm, norm(term), 1e-12, `t=${t} norm`, 1e-300);
      near(n.grad.min, Math.min(...v), 1e-12, `t=${t} min`, 1e-300);
      near(n.grad.max, Math.max(...v), 1e-12, `t=${t} max`, 1e-300);
      near(n.grad.mean, v.reduce((a, b) => a + b, 0) / v.length, 1e-12, `t=${t} mean`, 1e-300);
      assert.equal(n.grad.numel, H * H);
    }
  });

  it('a nonzero h0 contributes at t = 0, and cells report the same terms', () => {
    let cell!: nn.RNNCell;
    let xs!: Tensor;
    let h0!: Tensor;
    const trace = record(() => {
      torch.manualSeed(42);
      cell = new nn.RNNCell(I, H, { dtype: 'float64' });
      xs = torch.randn([T, 2, I], { dtype: 'float64' });
      h0 = torch.randn([2, H], { dtype: 'float64' });
      let h = h0;
      let loss = torch.zeros([], { dtype: 'float64' });
      for (let t = 0; t < T; t++) {
        h = cell.call(xs.select(0, t), h);
        loss = loss.add(h.sin().sum());
      }
      loss.backward();
    });
    const steps = stepsOf(layerOf(trace, ''), T);
    const w = copyCellWeights(cell);
    let h = h0;
    let loss = torch.zeros([], { dtype: 'float64' });
    const hand: HandStep[] = [];
    for (let t = 0; t < T; t++) {
      const st = handCell('RNN_TANH', xs.select(0, t), h, undefined, w);
      hand.push(st);
      h = st.h;
      loss = loss.add(h.sin().sum());
    }
    loss.backward();
    let sum: Tensor | null = null;
    hand.forEach((st, t) => {
      const term = st.hh.grad!.t().mm(st.hPrev.detach());
      near(steps[t].whhGradNorm, norm(term), 1e-9, `cell t=${t}`);
      sum = sum ? sum.add(term) : term;
    });
    assert.ok(steps[0].whhGradNorm > 0);
    near(norm(cell.weight_hh.grad!.sub(sum!)), 0, 0, 'Σ_t terms = weight_hh.grad', 1e-12 * norm(cell.weight_hh.grad));
  });
});
