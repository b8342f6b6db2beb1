// The cross-check's comparison: identical traces agree with zero differences; a perturbed gradient
// element, loss or per-step norm shows up as that row's relative difference, at the right place;
// structural differences and one-sided errors are listed as mismatches.
import assert from 'node:assert/strict';
import { formatCrossCheck } from '../../../src/cli/crossCheckText';
import { nn, optim, torch } from '../../../src/engine';
import { crossCheck, relDiff, type CheckedRun } from '../../../src/trace/crossCheck';
import type { Trace } from '../../../src/trace/types';
import { record } from './helpers';

function trained(): Trace {
  return record(() => {
    torch.manualSeed(3);
    const rnn = new nn.RNN(2, 4);
    const opt = new optim.SGD(rnn.parameters(), { lr: 0.1 });
    const x = torch.randn([5, 1, 2]);
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      rnn.call(x)[0].pow(2).mean().backward();
      opt.step();
    }
  });
}

const run = (trace: Trace | null, error: CheckedRun['error'] = null): CheckedRun => ({ status: error ? 'error' : 'ok', trace, error, wallMs: 1 });
const copy = (t: Trace, backend: Trace['script']['backend'] = 'pytorch'): Trace => {
  const c = JSON.parse(JSON.stringify(t)) as Trace;
  c.script.backend = backend;
  return c;
};

describe('crossCheck', () => {
  const base = trained();

  it('relDiff is relative to the larger magnitude and handles zeros and non-finite values', () => {
    assert.ok(Math.abs(relDiff(1, 1.001) - 0.001 / 1.001) < 1e-15);
    assert.equal(relDiff(0, 0), 0);
    assert.equal(relDiff(1e-20, 0, 1), 1e-20);
    assert.equal(relDiff(NaN, NaN), 0);
    assert.equal(relDiff(NaN, 1), Infinity);
    assert.equal(relDiff(Infinity, Infinity), 0);
  });

  it('identical traces agree, with a row per loss, parameter and layer', () => {
    const r = crossCheck('x.py', 0, run(base), run(copy(base)));
    assert.equal(r.agree, true);
    assert.deepEqual(r.mismatches, []);
    // the first backward on its own (3 iterations ran), then the whole run
    assert.deepEqual(
      r.rows.map((x) => `${x.phase} ${x.quantity}`),
      ['first loss', ...Array(4).fill('first paramGrad'), 'run loss', ...Array(4).fill('run paramGrad'), 'run stepGradNorm'],
    );
    assert.ok(r.rows.every((x) => x.relDiff === 0 && x.ok));
    assert.equal(r.verdict, 'agree');
    assert.equal(r.rows[0].count, 1);
    assert.equal(r.rows[1].basis, 'norm');
    assert.equal(r.rows[5].count, 3);
    assert.equal(r.rows[6].basis, 'values');
    assert.match(formatCrossCheck(r), /agrees with PyTorch within 1\.0e-4/);
  });

  it('refuses a "PyTorch" trace that the embedded engine made', () => {
    const r = crossCheck('x.py', 0, run(base), run(copy(base, 'embedded')));
    assert.equal(r.agree, false);
    assert.match(r.mismatches[0], /came from the embedded backend/);
  });

  it('finds a perturbed gradient element and reports it relative to the tensor scale', () => {
    const b = copy(base);
    const p = b.model.parameters.find((q) => q.name === 'weight_hh_l0')!;
    const vals = p.grad!.values!;
    const scale = Math.max(...vals.map(Math.abs));
    vals[7] += scale * 3e-3;
    const r = crossCheck('x.py', 0, run(base), run(b));
    const row = r.rows.find((x) => x.name === 'weight_hh_l0' && x.phase === 'run')!;
    assert.equal(row.where, 'element 7');
    assert.ok(Math.abs(row.relDiff - 3e-3) < 1e-4, String(row.relDiff));
    assert.equal(row.ok, false);
    assert.equal(r.agree, false);
    assert.ok(Math.abs(r.worst.paramGrad - row.relDiff) < 1e-15);
    assert.match(formatCrossCheck(r), /weight_hh_l0 .*element 7 .*✗/);
  });

  it('compares norms when the values were too large to keep', () => {
    const a = copy(base);
    const b = copy(base);
    for (const t of [a, b]) for (const p of t.model.parameters) delete p.grad?.values;
    b.model.parameters[0].grad!.norm *= 1 + 2e-5;
    const r = crossCheck('x.py', 7, run(a), run(b));
    const row = r.rows.find((x) => x.quantity === 'paramGrad' && x.phase === 'run' && x.name === b.model.parameters[0].name)!;
    assert.equal(row.basis, 'norm');
    assert.ok(row.relDiff > 1.9e-5 && row.relDiff < 2.1e-5);
    assert.equal(r.agree, true);
  });

  it('finds the iteration whose loss differs and the step whose ‖∂L/∂h_t‖ differs', () => {
    const b = copy(base);
    b.history[1].loss! *= 1.01;
    b.recurrent[0].steps.find((s) => s.t === 2)!.gradNorm *= 0.5;
    const r = crossCheck('x.py', 0, run(base), run(b));
    const loss = r.rows.find((x) => x.quantity === 'loss' && x.phase === 'run')!;
    assert.equal(loss.where, 'iteration 1');
    assert.ok(Math.abs(loss.relDiff - 0.01 / 1.01) < 1e-12);
    const steps = r.rows.find((x) => x.quantity === 'stepGradNorm')!;
    assert.equal(steps.where, 't=2');
    assert.ok(Math.abs(steps.relDiff - 0.5) < 1e-12);
  });

  it('tells a training that drifts apart after an agreeing first backward from a disagreement', () => {
    const b = copy(base);
    b.history[1].loss! *= 1 + 2e-4;
    b.history[2].loss! *= 1 + 4e-2;
    const d = crossCheck('x.py', 0, run(base), run(b));
    assert.equal(d.verdict, 'diverged');
    assert.equal(d.agree, false);
    assert.equal(d.divergence?.iteration, 1);
    assert.match(formatCrossCheck(d), /≈ The first backward agrees/);
    // the same drift with a first backward that is off is a disagreement
    const c = copy(b);
    c.history[0].gradNorms[c.model.parameters[0].name] *= 1.01;
    assert.equal(crossCheck('x.py', 0, run(base), run(c)).verdict, 'disagree');
    // one backward only: nothing to separate, so any difference disagrees
    const one = copy(base);
    one.history = one.history.slice(0, 1);
    const oneB = copy(one);
    oneB.history[0].loss! *= 1.01;
    assert.equal(crossCheck('x.py', 0, run(one), run(oneB)).verdict, 'disagree');
  });

  it('lists structural mismatches and one-sided errors', () => {
    const b = copy(base);
    b.model.parameters.pop();
    b.history.pop();
    b.recurrent[0].steps.pop();
    const r = crossCheck('x.py', 0, run(base), run(b));
    assert.equal(r.agree, false);
    assert.ok(r.mismatches.some((m) => /bias_hh_l0 exists only on the embedded engine/.test(m)), r.mismatches.join('\n'));
    assert.ok(r.mismatches.some((m) => /backward\(\) ran 3 times on the embedded engine and 2 times/.test(m)));
    assert.ok(r.mismatches.some((m) => /5 steps on the embedded engine, 4 on PyTorch/.test(m)));
    const e = crossCheck('x.py', 0, run(base), run(null, { type: 'RuntimeError', message: 'boom' }));
    assert.ok(e.mismatches.some((m) => m === 'only PyTorch raised RuntimeError: boom'));
    assert.equal(e.agree, false);
  });

  it('notes the first printed line that differs without failing on it', () => {
    const a = copy(base);
    const b = copy(base);
    a.console = [{ stream: 'stdout', text: 'loss 0.1234\nok\n' }];
    b.console = [{ stream: 'stdout', text: 'loss 0.1235\n' }, { stream: 'stdout', text: 'ok\n' }];
    const r = crossCheck('x.py', 0, run(a), run(b));
    assert.deepEqual(r.outputDiff, { line: 1, embedded: 'loss 0.1234', pytorch: 'loss 0.1235' });
    assert.equal(r.agree, true);
  });
});
