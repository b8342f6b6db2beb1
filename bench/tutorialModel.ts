// The seed tutorial's model, nn.RNN(1, H) + nn.Linear(H, 1) on one sine-wave sequence (B = 1),
// and one SGD training step of it on the engine. Shared by the training-step and recording benches.
import { F, nn, optim, torch, type Tensor } from '../src/engine';

type SGD = InstanceType<typeof optim.SGD>;

/** The tutorial's RnnModel with a configurable hidden size. */
export class TutorialModel extends nn.Module {
  rnn: nn.RNN;
  out: nn.Linear;

  constructor(hidden = 32) {
    super();
    this.rnn = new nn.RNN(1, hidden);
    this.out = new nn.Linear(hidden, 1);
  }

  override forward(x: Tensor): Tensor {
    const [out] = this.rnn.call(x);
    return this.out.call(out);
  }
}

/** x = sin(0.1·t), y = sin(0.1·(t+1)) for t < T, each [T, 1, 1] (float32). */
export function sineSequence(T: number): [Tensor, Tensor] {
  const steps = torch.arange(0, T, 1, { dtype: 'float64' }).mul(0.1);
  return [steps.sin().float().view(T, 1, 1), steps.add(0.1).sin().float().view(T, 1, 1)];
}

/** One training step as a script writes it: forward, MSE over every step, backward, SGD update. */
export function engineStep(model: TutorialModel, opt: SGD, x: Tensor, y: Tensor): number {
  opt.zeroGrad();
  const loss = F.mseLoss(model.call(x), y);
  loss.backward();
  opt.step();
  return loss.item();
}

/** A fresh model (seeded), its optimizer and data. */
export function tutorialSetup(T: number, hidden = 32, lr = 0.01): { model: TutorialModel; opt: SGD; x: Tensor; y: Tensor } {
  torch.manualSeed(0);
  const model = new TutorialModel(hidden);
  const opt = new optim.SGD(model.parameters(), { lr });
  const [x, y] = sineSequence(T);
  return { model, opt, x, y };
}
