// The model of explodingDemo.ts (σ_max(W_hh) ≈ 3.5, loss at the last step), now trained with
// optim.SGD and gradient-norm clipping: nnUtils.clipGradNorm_ (PyTorch's
// torch.nn.utils.clip_grad_norm_) rescales all gradients together so their joint L2 norm is at
// most MAX_NORM before each update. The first iterations' gradients still explode (norms of 10^4
// before clipping; the trace reports it as info, since clipping bounded every update), training
// moves the model out of that regime, and the loss falls.
// Run: npx tsx examples/explodingClipped.ts   (or: bptt-lens trace examples/explodingClipped.ts)
import { nn, nnUtils, optim, torch, type Tensor } from 'bptt-lens';

const T = 50;
const HIDDEN = 32;
const SCALE = 3.2;
const MAX_NORM = 1.0;
const ITERATIONS = 30;

class LastStepModel extends nn.Module {
  rnn = new nn.RNN(1, HIDDEN);
  out = new nn.Linear(HIDDEN, 1);

  override forward(x: Tensor): Tensor {
    const [outputs] = this.rnn.call(x);
    return this.out.call(outputs.index(-1));
  }
}

torch.manualSeed(0);
const model = new LastStepModel();
const params = Object.fromEntries(model.namedParameters());
torch.noGrad(() => {
  params['rnn.weight_hh_l0'].mul_(SCALE);
  params['rnn.bias_ih_l0'].zero_();
  params['rnn.bias_hh_l0'].zero_();
});

// Momentum averages the noisy, clipped directions over iterations.
const optimizer = new optim.SGD(model.parameters(), { lr: 0.03, momentum: 0.9 });
const lossFn = new nn.MSELoss();
const B = 8;
let lossSum = 0;
let largest = 0;

for (let it = 0; it < ITERATIONS; it++) {
  const x = torch.randn(T, B, 1).mul(0.01);
  const target = torch.ones(B, 1);
  const loss = lossFn.call(model.call(x), target);

  optimizer.zeroGrad();
  loss.backward();
  // returns the total norm BEFORE clipping: watch how large it is
  const total = nnUtils.clipGradNorm_(model.parameters(), MAX_NORM).item();
  optimizer.step();

  lossSum += loss.item();
  largest = Math.max(largest, total);
  if ((it + 1) % 5 === 0) {
    // the mean over 5 iterations, and the largest gradient norm clipped down to MAX_NORM in them
    console.log(`iter ${String(it + 1).padStart(2)}  mean loss ${(lossSum / 5).toFixed(4)}  largest ‖grad‖ ${largest.toExponential(2)} → ${MAX_NORM}`);
    lossSum = 0;
    largest = 0;
  }
}
