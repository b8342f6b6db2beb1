// Many-to-many, synchronous (多對多, 同步): one output per input step, as when labelling every
// frame of a video. Here: at each step, is the signal going up (x_t > x_{t-1})? The answer at t
// needs the previous input, so the RNN must carry one step of memory. The loss is injected at
// EVERY step; each h_t gets gradient from its own output and from h_{t+1}.
// Run: npx tsx examples/manyToManySync.ts   (or: bptt-lens trace examples/manyToManySync.ts)
import { nn, optim, torch, type Tensor } from 'bptt-lens';

const T = 20;
const B = 16;
const HIDDEN = 16;

class StepLabeller extends nn.Module {
  rnn = new nn.RNN(1, HIDDEN); // input [T, B, 1] (sequence first, as in the tutorial)
  head = new nn.Linear(HIDDEN, 1);

  override forward(x: Tensor): Tensor {
    const [outputs] = this.rnn.call(x); // [T, B, HIDDEN]: h_t for every step
    return this.head.call(outputs); // one logit per step: [T, B, 1]
  }
}

/** x [T, B, 1] random values; y [T, B, 1] 1 where x_t > x_{t-1} (x_{-1} = 0), else 0. */
function batch(): [Tensor, Tensor] {
  const x = torch.randn(T, B, 1);
  const previous = torch.cat([torch.zeros(1, B, 1), x.index(torch.sl(0, T - 1))], 0);
  return [x, x.gt(previous).float()];
}

torch.manualSeed(0);
const model = new StepLabeller();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.02 });
const lossFn = new nn.BCEWithLogitsLoss(); // sigmoid + binary cross-entropy, averaged over all steps

for (let it = 1; it <= 40; it++) {
  const [x, y] = batch();
  const logits = model.call(x);
  const loss = lossFn.call(logits, y);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  if (it % 10 === 0) {
    const accuracy = logits.gt(0).float().eq(y).float().mean().item();
    console.log(`iter ${String(it).padStart(2)}  loss ${loss.item().toFixed(4)}  per-step accuracy ${(accuracy * 100).toFixed(0)}%`);
  }
}
