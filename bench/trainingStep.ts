// One SGD training step of the tutorial model (RNN(1,32) + Linear(32,1), T = 100, B = 1) on the
// engine, against the floor: the same forward, BPTT and update written by hand over Float32Arrays,
// with no tensors, no graph and no allocation per step. The ratio is what the engine's generality
// (autograd graph, per-op dispatch, PyTorch-exact kernels) costs on this model.
import { interleave, quantile } from './interleaved';
import { engineStep, tutorialSetup, type TutorialModel } from './tutorialModel';

/** The tutorial model's forward + BPTT + SGD by hand (tanh RNN, linear head, MSE over all steps). */
export class FloorRnn {
  readonly wih: Float32Array;
  readonly whh: Float32Array;
  readonly bih: Float32Array;
  readonly bhh: Float32Array;
  readonly wout: Float32Array;
  readonly bout: Float32Array;
  private readonly g: Float32Array[];
  private readonly hs: Float32Array;
  private readonly pred: Float32Array;
  private readonly dh: Float32Array;
  private readonly da: Float32Array;
  private readonly dhNext: Float32Array;

  constructor(
    readonly H: number,
    readonly T: number,
    init: Record<string, ArrayLike<number>>,
  ) {
    this.wih = Float32Array.from(init['rnn.weight_ih_l0']);
    this.whh = Float32Array.from(init['rnn.weight_hh_l0']);
    this.bih = Float32Array.from(init['rnn.bias_ih_l0']);
    this.bhh = Float32Array.from(init['rnn.bias_hh_l0']);
    this.wout = Float32Array.from(init['out.weight']);
    this.bout = Float32Array.from(init['out.bias']);
    this.g = [this.wih, this.whh, this.bih, this.bhh, this.wout, this.bout].map((p) => new Float32Array(p.length));
    this.hs = new Float32Array((T + 1) * H); // hs[0] = h_{-1} = 0, hs[t+1] = h_t
    this.pred = new Float32Array(T);
    this.dh = new Float32Array(H);
    this.da = new Float32Array(H);
    this.dhNext = new Float32Array(H);
  }

  /** One step on x, y (length T); returns the loss before the update. */
  step(x: Float32Array, y: Float32Array, lr: number): number {
    const { H, T, wih, whh, bih, bhh, wout, bout, hs, pred, dh, da, dhNext } = this;
    const [gwih, gwhh, gbih, gbhh, gwout, gbout] = this.g;
    let loss = 0;
    for (let t = 0; t < T; t++) {
      const prev = t * H;
      const cur = prev + H;
      let out = bout[0];
      for (let i = 0; i < H; i++) {
        let a = wih[i] * x[t] + bih[i] + bhh[i];
        const row = i * H;
        for (let j = 0; j < H; j++) a += whh[row + j] * hs[prev + j];
        const h = Math.tanh(a);
        hs[cur + i] = h;
        out += wout[i] * h;
      }
      pred[t] = out;
      loss += (out - y[t]) * (out - y[t]);
    }
    loss /= T;
    for (const g of this.g) g.fill(0);
    dhNext.fill(0);
    for (let t = T - 1; t >= 0; t--) {
      const prev = t * H;
      const cur = prev + H;
      const dy = (2 * (pred[t] - y[t])) / T;
      gbout[0] += dy;
      for (let i = 0; i < H; i++) {
        const h = hs[cur + i];
        gwout[i] += dy * h;
        dh[i] = wout[i] * dy + dhNext[i];
        da[i] = dh[i] * (1 - h * h);
        gbih[i] += da[i];
        gbhh[i] += da[i];
        gwih[i] += da[i] * x[t];
      }
      // ∂L/∂W_hh += da ⊗ h_{t-1} and ∂L/∂h_{t-1} = W_hhᵀ·da, in one pass over W_hh's rows
      dhNext.fill(0);
      for (let i = 0; i < H; i++) {
        const row = i * H;
        const d = da[i];
        for (let j = 0; j < H; j++) {
          gwhh[row + j] += d * hs[prev + j];
          dhNext[j] += whh[row + j] * d;
        }
      }
    }
    [wih, whh, bih, bhh, wout, bout].forEach((p, k) => {
      const g = this.g[k];
      for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
    });
    return loss;
  }
}

function parameters(model: TutorialModel): Record<string, Float64Array> {
  return Object.fromEntries(model.namedParameters().map(([n, p]) => [n, p.toArray()]));
}

/** Measures both and prints the table. */
export function printTrainingStepBench(): void {
  const T = 100;
  const H = 32;
  const LR = 0.01;
  const { model, opt, x, y } = tutorialSetup(T, H, LR);
  const floor = new FloorRnn(H, T, parameters(model));
  const xf = Float32Array.from(x.toArray());
  const yf = Float32Array.from(y.toArray());

  // The two compute the same thing: a few steps from the same weights give the same losses.
  let worst = 0;
  for (let i = 0; i < 3; i++) {
    const a = engineStep(model, opt, x, y);
    const b = floor.step(xf, yf, LR);
    worst = Math.max(worst, Math.abs(a - b) / Math.abs(a));
  }

  // interleaved rounds: the ratio of each round is measured under the same machine load
  const rounds = interleave(() => engineStep(model, opt, x, y), () => floor.step(xf, yf, LR), 31, 40);
  const engineMs = quantile(rounds.aMs, 0.5);
  const floorMs = quantile(rounds.bMs, 0.5);
  const row = (name: string, ms: number): string => `${name.padEnd(42)}  ${ms.toFixed(3).padStart(10)}  ${(1000 / ms).toFixed(0).padStart(10)}`;
  console.log(`\nOne training step, tutorial model RNN(1,${H}) + Linear(${H},1), T=${T}, B=1 (forward, MSE, backward, SGD)`);
  console.log(`${'case (median of 31 interleaved rounds)'.padEnd(42)}  ${'ms/step'.padStart(10)}  ${'steps/s'.padStart(10)}`);
  console.log(row('engine (tensors, autograd, optim.SGD)', engineMs));
  console.log(row('floor (hand-written Float32Array BPTT)', floorMs));
  const r = (q: number): string => `${quantile(rounds.ratios, q).toFixed(2)}×`;
  console.log(`engine / floor: median ${r(0.5)} (quartiles ${r(0.25)}–${r(0.75)}, per-round ratios)   (losses of the first 3 steps agree within ${worst.toExponential(1)} relative)`);
}
