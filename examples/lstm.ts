// An LSTM (nn.LSTM: 2 layers, batch_first) forecasting a signal one step ahead: the input is a
// mix of two sine waves, the target at every step is the next value. The cell state c_t, gated
// by the forget gate f_t, gives gradient a path back through time that is not squashed by tanh
// at every step; `bptt-lens trace` shows the mean forget gate and ‖∂L/∂c_t‖ per step.
// Run: npx tsx examples/lstm.ts   (or: bptt-lens trace examples/lstm.ts)
import { nn, optim, torch, type Tensor } from 'bptt-lens';

const T = 16;
const B = 8;
const HIDDEN = 16;

class Forecaster extends nn.Module {
  lstm = new nn.LSTM(1, HIDDEN, { numLayers: 2, batchFirst: true }); // input [B, T, 1]
  head = new nn.Linear(HIDDEN, 1);

  override forward(x: Tensor): Tensor {
    const [outputs] = this.lstm.call(x); // [B, T, HIDDEN] from the top layer; [h_n, c_n] ignored
    return this.head.call(outputs); // [B, T, 1]
  }
}

/** Signal s(t) = sin(t·0.3 + φ) + 0.5·sin(t·0.9 + ψ) with random phases: x = s(0..T-1), y = s(1..T). */
function batch(): [Tensor, Tensor] {
  const steps = torch.arange(0, T + 1, 1, { dtype: 'float32' }).view(1, T + 1);
  const phi = torch.rand(B, 1).mul(2 * Math.PI);
  const psi = torch.rand(B, 1).mul(2 * Math.PI);
  const s = steps.mul(0.3).add(phi).sin().add(steps.mul(0.9).add(psi).sin().mul(0.5)); // [B, T+1]
  const x = s.index(torch.sl(), torch.sl(0, T)).unsqueeze(2);
  const y = s.index(torch.sl(), torch.sl(1, T + 1)).unsqueeze(2);
  return [x, y];
}

torch.manualSeed(0);
const model = new Forecaster();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const lossFn = new nn.MSELoss();

for (let it = 1; it <= 30; it++) {
  const [x, y] = batch();
  const loss = lossFn.call(model.call(x), y);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  if (it % 5 === 0) console.log(`iter ${String(it).padStart(2)}  loss ${loss.item().toFixed(5)}`);
}
