// The tutorial's model (shared/seed/seed_rnn_model.py: nn.RNN(1, 32) + nn.Linear(32, 1)) learning to
// predict the next value of a sine wave, trained with plain SGD written inline. The hidden state is
// carried from window to window and detached (truncated BPTT), as in the tutorial.
// Run: npx tsx examples/sineWave.ts
import { nn, torch, type Tensor } from 'bptt-lens';

class RnnModel extends nn.Module {
  rnn = new nn.RNN({ inputSize: 1, hiddenSize: 32, numLayers: 1 });
  out = new nn.Linear(32, 1);

  override forward(x: Tensor, h: Tensor | null): [Tensor, Tensor] {
    const [out, hn] = this.rnn.call(x, h);
    const prediction = this.out.call(out);
    return [prediction, hn];
  }
}

torch.manualSeed(1);
const model = new RnnModel();
console.log(String(model));

const TIME_STEPS = 10; // points per window
const WINDOWS = 300;
const LR = 0.05;
const lossFn = new nn.MSELoss();
let h: Tensor | null = null;
let running = 0;

for (let step = 0; step < WINDOWS; step++) {
  // one window of the wave: x = sin(t), target y = sin(t + π/10), the next point
  const start = step * Math.PI;
  const steps = torch.linspace(start, start + Math.PI, TIME_STEPS, { dtype: 'float64' });
  const x = steps.sin().float().view(TIME_STEPS, 1, 1);
  const y = steps.add(Math.PI / 10).sin().float().view(TIME_STEPS, 1, 1);

  const [prediction, hn]: [Tensor, Tensor] = model.call(x, h);
  h = hn.detach(); // carry the state, cut the graph
  const loss = lossFn.call(prediction, y);

  model.zeroGrad();
  loss.backward();
  torch.noGrad(() => {
    for (const p of model.parameters()) p.sub_(p.grad!.mul(LR));
  });

  running += loss.item();
  if ((step + 1) % 25 === 0) {
    console.log(`window ${String(step + 1).padStart(3)}  mean loss ${(running / 25).toFixed(5)}`);
    running = 0;
  }
}
