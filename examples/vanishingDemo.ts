// Vanishing gradients, on purpose: a tanh nn.RNN whose recurrent weight W_hh is scaled down
// (σ_max(W_hh) ≈ 0.5), run over 100 steps with the loss on the LAST output only (many-to-one).
// Backpropagation through time multiplies ∂h_t/∂h_{t-1} = diag(1 - h_t²)·W_hh once per step, so
// the gradient reaching step t shrinks at least as fast as 0.5^(99 - t): the first inputs get no
// learning signal.
// `bptt-lens trace examples/vanishingDemo.ts` reports the effective horizon (how many steps back
// the gradient stays above 1e-3 of its peak).
// Run: npx tsx examples/vanishingDemo.ts
import { nn, torch, type Tensor } from 'bptt-lens';

const T = 100; // sequence length
const HIDDEN = 32;

class LastStepModel extends nn.Module {
  rnn = new nn.RNN(1, HIDDEN); // tanh, input [T, B, 1]
  out = new nn.Linear(HIDDEN, 1);

  override forward(x: Tensor): Tensor {
    const [outputs] = this.rnn.call(x);
    return this.out.call(outputs.index(-1)); // only the last step's output: [B, 1]
  }
}

torch.manualSeed(0);
const model = new LastStepModel();

// Shrink W_hh (PyTorch's `model.rnn.weight_hh_l0`) in place, outside autograd. The default init
// gives σ_max ≈ 1.1; 0.45× brings it to about 0.5.
const weightHh = Object.fromEntries(model.rnn.namedParameters()).weight_hh_l0;
torch.noGrad(() => weightHh.mul_(0.45));

// The task needs memory: the target is the FIRST input value, to be reported at the last step.
const B = 4;
const x = torch.randn(T, B, 1).mul(0.5);
x.requiresGrad_(true); // so we can look at ∂L/∂x_t below
const target = x.detach().index(0); // [B, 1]

const prediction = model.call(x);
const loss = new nn.MSELoss().call(prediction, target);
loss.backward();
console.log(`loss ${loss.item().toFixed(4)}`);

// ‖∂L/∂x_t‖: how much the loss can "see" the input at step t. It collapses going back in time.
const gx = x.grad!;
for (const t of [T - 1, T - 2, T - 5, T - 10, T - 20, T - 40, 0]) {
  const g = gx.index(t).pow(2).sum().sqrt().item();
  console.log(`‖∂L/∂x_${String(t).padEnd(2)}‖ = ${g.toExponential(2)}`);
}
