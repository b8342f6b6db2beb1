// The tutorial's model (nn.RNN(1, 32) + nn.Linear(32, 1)) on ONE long sequence: T = 1000 points of
// a sine wave, one forward pass, the loss at every step, one backward pass through all 1000 steps.
// Nothing is trained: this is the large-graph case (about 10,000 grad_fn nodes) for the trace
// views. Expect ‖∂L/∂h_t‖ to be fed by the loss at every step, while the gradient from any one
// loss term fades after a few dozen steps.
// Run: npx tsx examples/longSequence.ts   (or: bptt-lens trace examples/longSequence.ts)
import { nn, torch, type Tensor } from 'bptt-lens';

const T = 1000;

class RnnModel extends nn.Module {
  rnn = new nn.RNN({ inputSize: 1, hiddenSize: 32, numLayers: 1 });
  out = new nn.Linear(32, 1);

  override forward(x: Tensor, h: Tensor | null): [Tensor, Tensor] {
    const [out, hn] = this.rnn.call(x, h);
    return [this.out.call(out), hn];
  }
}

torch.manualSeed(1);
const model = new RnnModel();

// x = sin(t), y = sin(t + 0.1): predict the next point at every step
const steps = torch.arange(0, T, 1, { dtype: 'float64' }).mul(0.1);
const x = steps.sin().float().view(T, 1, 1);
const y = steps.add(0.1).sin().float().view(T, 1, 1);

const started = performance.now();
const [prediction] = model.call(x, null);
const loss = new nn.MSELoss().call(prediction, y);
loss.backward();
const ms = performance.now() - started;

console.log(`T=${T}: loss ${loss.item().toFixed(4)}, forward + backward in ${ms.toFixed(0)} ms`);
for (const [name, p] of model.namedParameters()) console.log(`‖∂L/∂${name}‖ = ${p.grad!.pow(2).sum().sqrt().item().toExponential(2)}`);
