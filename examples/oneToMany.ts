// One-to-many (一對多): one input, a whole sequence out, as in music or poem generation. Here the
// input is a single number a (the "theme"); from it the model must generate T values of the
// melody a·cos(2πt/T). The loop is written by hand with nn.RNNCell, one call per step: the input
// is a at the first step and 0 afterwards, so everything after t=0 comes from the hidden state.
// Run: npx tsx examples/oneToMany.ts   (or: bptt-lens trace examples/oneToMany.ts)
import { nn, optim, torch, type Tensor } from 'bptt-lens';

const T = 16;
const B = 16;
const HIDDEN = 32;

class Generator extends nn.Module {
  cell = new nn.RNNCell(1, HIDDEN);
  out = new nn.Linear(HIDDEN, 1);

  /** a: [B, 1] → the generated sequence [T, B, 1]. */
  override forward(a: Tensor): Tensor {
    const silence = torch.zerosLike(a);
    const outputs: Tensor[] = [];
    let h: Tensor | null = null;
    for (let t = 0; t < T; t++) {
      // the first call starts from h = 0; each later call continues the same sequence (t counts up)
      h = h === null ? this.cell.call(a) : this.cell.call(silence, h);
      outputs.push(this.out.call(h));
    }
    return torch.stack(outputs, 0);
  }
}

torch.manualSeed(0);
const model = new Generator();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const lossFn = new nn.MSELoss();
const melody = torch.arange(0, T, 1, { dtype: 'float32' }).mul((2 * Math.PI) / T).cos().view(T, 1, 1); // [T, 1, 1]

for (let it = 1; it <= 50; it++) {
  const a = torch.rand(B, 1).mul(2).sub(1); // one number per sequence, in [-1, 1)
  const target = melody.mul(a.view(1, B, 1)); // [T, B, 1]
  const loss = lossFn.call(model.call(a), target);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  if (it % 10 === 0) console.log(`iter ${String(it).padStart(2)}  loss ${loss.item().toFixed(5)}`);
}

// Generate from a = 0.8 and compare with the melody it should produce.
const generated = torch.noGrad(() => model.call(torch.full([1, 1], 0.8)));
const show = (seq: Tensor): string => Array.from(seq.toArray(), (v) => v.toFixed(2)).join(' ');
console.log('generated:', show(generated));
console.log('expected: ', show(melody.mul(0.8)));
