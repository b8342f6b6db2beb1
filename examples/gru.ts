// A GRU (nn.GRU: 2 layers, batch_first) learning a delayed echo: at every step, output the input
// from DELAY steps ago. The answer at t depends on x_{t-DELAY}, so gradient must flow DELAY steps
// back through the hidden state; the update gate z_t lets the GRU keep h_t almost unchanged
// (h_t ≈ h_{t-1} when z_t ≈ 1), which keeps that path open.
// Run: npx tsx examples/gru.ts   (or: bptt-lens trace examples/gru.ts)
import { nn, optim, torch, type Tensor } from 'bptt-lens';

const T = 16;
const B = 16;
const HIDDEN = 16;
const DELAY = 2;

class Echo extends nn.Module {
  gru = new nn.GRU(1, HIDDEN, { numLayers: 2, batchFirst: true }); // input [B, T, 1]
  head = new nn.Linear(HIDDEN, 1);

  override forward(x: Tensor): Tensor {
    const [outputs] = this.gru.call(x); // [B, T, HIDDEN]
    return this.head.call(outputs); // [B, T, 1]
  }
}

/** x [B, T, 1] random values; y[t] = x[t - DELAY] (0 for the first DELAY steps). */
function batch(): [Tensor, Tensor] {
  const x = torch.randn(B, T, 1);
  const y = torch.cat([torch.zeros(B, DELAY, 1), x.index(torch.sl(), torch.sl(0, T - DELAY))], 1);
  return [x, y];
}

torch.manualSeed(0);
const model = new Echo();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.03 });
const lossFn = new nn.MSELoss();

for (let it = 1; it <= 30; it++) {
  const [x, y] = batch();
  const loss = lossFn.call(model.call(x), y);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  if (it % 5 === 0) console.log(`iter ${String(it).padStart(2)}  loss ${loss.item().toFixed(4)}`);
}
