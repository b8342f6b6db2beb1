// The reference cases that are scripts rather than one module (the tutorial RnnModel in
// modules.json, and the nn scripts of gradfn.json), written out in JS line by line.
import assert from 'node:assert/strict';
import { F, nn, torch, type Tensor } from '../../../../src/engine';
import { select, slice } from '../../../../src/engine/ops/views';
import { dagOf, fromRef, loadCases, maxRelError, refValues, type CaseRun, type RefCase, type RefTensor } from './refCases';

/** The tutorial's model (shared/seed/seed_rnn_model.py). */
class RnnModel extends nn.Module {
  rnn = new nn.RNN({ inputSize: 1, hiddenSize: 32, numLayers: 1 });
  out = new nn.Linear(32, 1);
  override forward(x: Tensor, h: Tensor | null): [Tensor, Tensor] {
    const [out, hn] = this.rnn.call(x, h);
    const prediction = this.out.call(out);
    return [prediction, hn];
  }
}

function close(what: string, actual: Tensor | null, expected: RefTensor | null | undefined, tol: number): void {
  if (!expected) return;
  assert.ok(actual, `${what}: missing`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const err = maxRelError(actual.toArray(), refValues(expected));
  assert.ok(err <= tol, `${what}: max relative error ${err} > ${tol}`);
}

function checkRun(c: RefCase, run: CaseRun, tol: number): void {
  for (const [n, ref] of Object.entries(c.params)) assert.deepEqual(run.initialParams.get(n), refValues(ref), `param ${n}`);
  for (const [n, ref] of Object.entries(c.inputs)) {
    const t = run.inputs.get(n);
    // a computed input (the tutorial's h0 from the previous window) is compared within tolerance
    if (t && c.code.some((l) => l.startsWith(`${n} = model(`))) close(`input ${n}`, t, ref, tol);
    else if (t) assert.deepEqual(Array.from(t.toArray()), refValues(ref), `input ${n}`);
  }
  for (const [n, o] of run.outputs) {
    close(`output ${n}`, o, c.outputs[n], tol);
    assert.equal(o.gradFn?.name ?? null, c.output_grad_fn[n], `grad_fn of ${n}`);
  }
  close('loss', run.loss, c.loss, tol);
  assert.equal(run.loss.gradFn?.name, c.loss_grad_fn);
  for (const [n, p] of run.module.namedParameters()) close(`grad of ${n}`, p.grad, c.param_grads[n], tol);
  const names = new Map<Tensor, [string, string]>();
  for (const [n, p] of run.module.namedParameters()) names.set(p, [n, 'parameter']);
  for (const [n, t] of run.inputs) names.set(t, [n, 'input']);
  assert.deepEqual(dagOf(run.loss, names), c.dag);
}

/** A container so several top-level modules of a script name their parameters 'rnn.…', 'lin.…'. */
class Script extends nn.Module {
  constructor(mods: Record<string, nn.Module>) {
    super();
    for (const [k, m] of Object.entries(mods)) this.registerModule(k, m);
  }
}

function initial(m: nn.Module): Map<string, number[]> {
  return new Map(m.namedParameters().map(([n, p]) => [n, Array.from(p.toArray())]));
}

describe('nn scripts vs PyTorch 1.13.1', () => {
  const modules = loadCases('modules.json');
  const gradfn = loadCases('gradfn.json');
  const byName = (cs: RefCase[], n: string): RefCase => {
    const c = cs.find((x) => x.name === n);
    assert.ok(c, `missing case ${n}`);
    return c;
  };

  for (const window of [0, 1]) {
    const name = window === 0 ? 'tutorial/RnnModel/window0/h0_None' : 'tutorial/RnnModel/window1/h0_from_previous_window';
    it(name, () => {
      const c = byName(modules, name);
      torch.manualSeed(c.seed);
      const model = new RnnModel();
      const initialParams = initial(model);
      const inputs = new Map<string, Tensor>();
      for (const k of ['steps', 'x_prev', 'x', 'y']) if (c.inputs[k]) inputs.set(k, fromRef(c.inputs[k]));
      let h0: Tensor | null = null;
      if (window === 1) {
        h0 = model.call(inputs.get('x_prev')!, null)[1].detach();
        inputs.set('h0', h0);
      }
      const [prediction, hn] = model.call(inputs.get('x')!, h0);
      const loss = new nn.MSELoss().call(prediction, inputs.get('y')!);
      loss.backward();
      const outputs = new Map([
        ['prediction', prediction],
        ['h_n', hn],
      ]);
      checkRun(c, { module: model, initialParams, inputs, outputs, loss }, 1e-4);
      assert.equal(String(model), 'RnnModel(\n  (rnn): RNN(1, 32)\n  (out): Linear(in_features=32, out_features=1, bias=True)\n)');
    });
  }

  it('gradfn rnncell_unrolled_T4', () => {
    const c = byName(gradfn, 'rnncell_unrolled_T4');
    torch.manualSeed(c.seed);
    const cell = new nn.RNNCell(3, 4);
    const mod = new Script({ cell });
    const initialParams = initial(mod);
    const xs = torch.randn(4, 2, 3);
    const target = torch.randn(2, 4);
    const h0 = torch.zeros(2, 4);
    let h = h0;
    for (let t = 0; t < 4; t++) h = cell.call(xs.select(0, t), h);
    const loss = F.mseLoss(h, target);
    loss.backward();
    const inputs = new Map([
      ['xs', xs],
      ['target', target],
      ['h0', h0],
    ]);
    checkRun(c, { module: mod, initialParams, inputs, outputs: new Map([['h', h]]), loss }, 1e-5);
  });

  it('gradfn rnn_linear_mse', () => {
    const c = byName(gradfn, 'rnn_linear_mse');
    torch.manualSeed(c.seed);
    const rnn = new nn.RNN(2, 4);
    const lin = new nn.Linear(4, 1);
    const mod = new Script({ rnn, lin });
    const initialParams = initial(mod);
    const x = torch.randn(5, 3, 2);
    const target = torch.randn(5, 3, 1);
    const [out, hn] = rnn.call(x);
    const pred = lin.call(out);
    const loss = F.mseLoss(pred, target);
    loss.backward();
    const inputs = new Map([
      ['x', x],
      ['target', target],
    ]);
    const outputs = new Map([
      ['out', out],
      ['h_n', hn],
      ['pred', pred],
    ]);
    checkRun(c, { module: mod, initialParams, inputs, outputs, loss }, 1e-5);
  });

  it('gradfn lstm_many_to_one_cross_entropy', () => {
    const c = byName(gradfn, 'lstm_many_to_one_cross_entropy');
    torch.manualSeed(c.seed);
    const lstm = new nn.LSTM(3, 5, { batchFirst: true });
    const fc = new nn.Linear(5, 4);
    const mod = new Script({ lstm, fc });
    const initialParams = initial(mod);
    const x = torch.randn(2, 6, 3);
    const labels = torch.tensor([1, 3]);
    const [out, [hn, cn]] = lstm.call(x);
    // out[:, -1, :]: PyTorch 1.13 records the explicit full slices as SliceBackward0 nodes
    const last = slice(select(slice(out, 0), 1, -1), 1);
    const logits = fc.call(last);
    const loss = F.crossEntropy(logits, labels);
    loss.backward();
    const inputs = new Map([
      ['x', x],
      ['labels', labels],
    ]);
    const outputs = new Map([
      ['out', out],
      ['h_n', hn],
      ['c_n', cn],
      ['logits', logits],
    ]);
    checkRun(c, { module: mod, initialParams, inputs, outputs, loss }, 1e-4);
  });
});
