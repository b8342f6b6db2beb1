// Which backward the per-step numbers describe: the last backward() alone. A second backward through
// a retained graph neither doubles nor mixes in the first one's gradients, and torch.autograd.grad
// (which runs the same engine and fires the same hooks) leaves the recording alone.
import assert from 'node:assert/strict';
import { nn, torch, type Tensor } from '../../../src/engine';
import type { StepRecord, Trace } from '../../../src/trace/types';
import { layerOf, near, record, stepsOf } from './helpers';

const T = 6;

/** A tanh RNN over fixed data; `after` runs the backward passes on its output and h_n. */
function run(after: (out: Tensor, hn: Tensor, x: Tensor) => void): Trace {
  return record(() => {
    torch.manualSeed(17);
    const m = new nn.RNN(2, 4, { dtype: 'float64' });
    const x = torch.randn([T, 3, 2], { dtype: 'float64' }).requiresGrad_();
    const [out, hn] = m.call(x);
    after(out, hn, x);
  });
}

function steps(trace: Trace): StepRecord[] {
  return stepsOf(layerOf(trace, ''), T);
}

function sameSteps(a: StepRecord[], b: StepRecord[]): void {
  a.forEach((s, t) => {
    near(s.gradNorm, b[t].gradNorm, 1e-12, `gradNorm t=${t}`, 1e-300);
    near(s.whhGradNorm, b[t].whhGradNorm, 1e-12, `whhGradNorm t=${t}`, 1e-300);
    assert.equal(s.lossInjected, b[t].lossInjected, `lossInjected t=${t}`);
    assert.deepEqual(s.gradByUnit, b[t].gradByUnit);
  });
}

describe('trace: the recorded step gradients are those of the last backward()', () => {
  const manyToMany = (out: Tensor): Tensor => out.pow(2).sum();
  const lastOnly = (_out: Tensor, hn: Tensor): Tensor => hn.pow(2).sum();

  it('two backward passes through a retained graph are not double-counted', () => {
    const once = steps(run((out) => manyToMany(out).backward()));
    const twice = run((out) => {
      const loss = manyToMany(out);
      loss.backward(null, { retainGraph: true });
      loss.backward();
    });
    sameSteps(steps(twice), once);
    assert.equal(twice.history.length, 2);
  });

  it('a second, different loss through the retained graph replaces the first one everywhere', () => {
    const alone = steps(run((out, hn) => lastOnly(out, hn).backward()));
    const both = steps(
      run((out, hn) => {
        manyToMany(out).backward(null, { retainGraph: true });
        lastOnly(out, hn).backward();
      }),
    );
    sameSteps(both, alone);
    assert.deepEqual(
      both.map((s) => s.lossInjected),
      [false, false, false, false, false, true],
    );
  });

  it('torch.autograd.grad after backward() changes nothing', () => {
    const plain = steps(run((out) => manyToMany(out).backward(null, { retainGraph: true })));
    const withGrad = steps(
      run((out, _hn, x) => {
        const loss = manyToMany(out);
        loss.backward(null, { retainGraph: true });
        // e.g. a gradient penalty: the hooks on h_t fire again, with other gradients
        torch.autograd.grad([out.select(0, 0).sum()], [x], undefined, { retainGraph: true });
      }),
    );
    sameSteps(withGrad, plain);
  });

  it('an evaluation forward after the last backward keeps the trained sequence', () => {
    const trace = record(() => {
      torch.manualSeed(5);
      const m = new nn.GRU(2, 3, { dtype: 'float64' });
      m.call(torch.randn([T, 1, 2], { dtype: 'float64' }))[0].pow(2).sum().backward();
      torch.noGrad(() => m.call(torch.randn([T + 3, 1, 2], { dtype: 'float64' })));
    });
    const r = layerOf(trace, '');
    assert.equal(r.steps.length, T);
    assert.ok(r.steps.every((s) => s.gradNorm > 0));
  });
});

describe('trace: numbers are those of the forward pass the backward went through', () => {
  it('an optimizer step after the last backward changes neither jacobianNorm nor sigmaMax', () => {
    const runWith = (step: boolean): Trace =>
      record(() => {
        torch.manualSeed(23);
        const m = new nn.LSTM(2, 4, { dtype: 'float64' });
        const opt = new torch.optim.SGD(m.parameters(), { lr: 10 });
        const [out] = m.call(torch.randn([T, 2, 2], { dtype: 'float64' }));
        out.pow(2).sum().backward();
        if (step) opt.step();
      });
    const [a, b] = [runWith(false), runWith(true)];
    assert.equal(b.recurrent[0].sigmaMax, a.recurrent[0].sigmaMax);
    assert.deepEqual(
      steps(b).map((s) => s.jacobianNorm),
      steps(a).map((s) => s.jacobianNorm),
    );
    // the model section, by contrast, shows the parameters as the script left them
    const whh = (t: Trace): number => t.model.parameters.find((p) => p.name === 'weight_hh_l0')!.value.norm;
    assert.notEqual(whh(b), whh(a));
  });
});
