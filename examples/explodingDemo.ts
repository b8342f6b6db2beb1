// Exploding gradients, on purpose: the same shape of model as vanishingDemo.ts, but with W_hh
// scaled UP (σ_max(W_hh) ≈ 3.5), zero biases and small inputs, so tanh'(·) stays close to 1 over
// much of the sequence. Each step of backpropagation through time now multiplies the gradient by
// up to 3.5 (instead of 0.5), and ‖∂L/∂h_t‖ grows geometrically from the last step back to the
// first: about 10^4 times over 50 steps.
// See explodingClipped.ts for the same model trained safely with gradient clipping.
// Run: npx tsx examples/explodingDemo.ts   (or: bptt-lens trace examples/explodingDemo.ts)
import { nn, torch, type Tensor } from 'bptt-lens';

const T = 50;
const HIDDEN = 32;
const SCALE = 3.2; // the default init gives σ_max(W_hh) ≈ 1.1; this makes it ≈ 3.5

class LastStepModel extends nn.Module {
  rnn = new nn.RNN(1, HIDDEN);
  out = new nn.Linear(HIDDEN, 1);

  override forward(x: Tensor): Tensor {
    const [outputs] = this.rnn.call(x);
    return this.out.call(outputs.index(-1)); // loss on the last step only
  }
}

torch.manualSeed(0);
const model = new LastStepModel();
const params = Object.fromEntries(model.namedParameters());
torch.noGrad(() => {
  params['rnn.weight_hh_l0'].mul_(SCALE);
  // zero recurrent biases and small inputs keep h_t near 0, where tanh'(·) ≈ 1
  params['rnn.bias_ih_l0'].zero_();
  params['rnn.bias_hh_l0'].zero_();
});

const B = 4;
const x = torch.randn(T, B, 1).mul(0.01);
const target = torch.ones(B, 1);

const prediction = model.call(x);
const loss = new nn.MSELoss().call(prediction, target);
loss.backward();
console.log(`loss ${loss.item().toFixed(4)}`);
for (const [name, p] of model.namedParameters()) {
  const norm = p.grad!.pow(2).sum().sqrt().item();
  console.log(`‖∂L/∂${name}‖ = ${norm.toExponential(2)}`);
}
console.log('One SGD step with these gradients would throw the weights far away; see the explodingClipped example.');
