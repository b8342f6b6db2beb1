// The non-finite origin: the first op that produced a NaN/Inf, in forward or in backward, with its
// grad_fn name, time step and source line.
import assert from 'node:assert/strict';
import { nn, torch, type Tensor } from '../../../src/engine';
import type { Diagnostic, SourceLocation, Trace } from '../../../src/trace/types';
import { record } from './helpers';

const T = 8;

/** Records `fn` with `locate` reporting the line the script last set. */
function recordLines(fn: (at: (line: number) => void) => void): Trace {
  let line = 1;
  const locate = (): SourceLocation => ({ file: 'script.ts', line, column: 1 });
  return record(() => fn((l) => (line = l)), locate);
}

function nonfinite(trace: Trace): Diagnostic {
  const found = trace.diagnostics.filter((d) => d.kind === 'nonfinite');
  assert.equal(found.length, 1, JSON.stringify(trace.diagnostics));
  return found[0];
}

/** The diagnostic's node exists in the exported graph with the named grad_fn. */
function nodeNamed(trace: Trace, d: Diagnostic, name: string): void {
  const n = trace.graph.nodes.find((x) => x.id === d.node);
  assert.ok(n, `node ${d.node} not in the graph`);
  assert.equal(n.name, name);
}

describe('trace: non-finite origin', () => {
  it('forward: log of a negative number at step 3 of a hand-written loop', () => {
    const trace = recordLines((at) => {
      torch.manualSeed(1);
      at(5);
      const cell = new nn.RNNCell(2, 4, { dtype: 'float64' });
      const xs = torch.randn([T, 1, 2], { dtype: 'float64' });
      let h: Tensor | null = null;
      let loss = torch.zeros([], { dtype: 'float64' });
      for (let t = 0; t < T; t++) {
        at(10);
        h = cell.call(xs.select(0, t), h);
        at(11);
        loss = loss.add(h.sum());
        if (t === 3) {
          at(13);
          const bad = h.sub(2).log(); // h ∈ (-1, 1): log of a negative number
          at(14);
          loss = loss.add(bad.sum());
        }
      }
      at(17);
      loss.backward();
    });
    const d = nonfinite(trace);
    assert.equal(d.severity, 'error');
    assert.equal(d.t, 3);
    assert.equal(d.module, '');
    assert.deepEqual(d.source, { file: 'script.ts', line: 13, column: 1 });
    nodeNamed(trace, d, 'LogBackward0');
    assert.match(d.message, /LogBackward0 \(step t=3\) during the forward pass/);
  });

  it('backward: the gradient of sqrt at 0 becomes inf at step 5', () => {
    const trace = recordLines((at) => {
      torch.manualSeed(2);
      at(4);
      const cell = new nn.GRUCell(2, 3, { dtype: 'float64' });
      const xs = torch.randn([T, 2, 2], { dtype: 'float64' });
      let h: Tensor | null = null;
      let loss = torch.zeros([], { dtype: 'float64' });
      for (let t = 0; t < T; t++) {
        at(9);
        h = cell.call(xs.select(0, t), h);
        at(10);
        loss = loss.add(h.pow(2).sum());
        if (t === 5) {
          at(12);
          loss = loss.add(h.mul(0).sqrt().sum()); // finite forward; d sqrt(u)/du = ∞ at u = 0
        }
      }
      at(15);
      loss.backward();
    });
    const d = nonfinite(trace);
    assert.equal(d.t, 5);
    assert.deepEqual(d.source, { file: 'script.ts', line: 12, column: 1 });
    nodeNamed(trace, d, 'SqrtBackward0');
    assert.match(d.message, /SqrtBackward0 \(step t=5\) during the backward pass/);
    // everything below it in the chain is NaN now; the recorded numbers stay finite JSON numbers
    assert.ok(trace.recurrent[0].steps.every((s) => Number.isFinite(s.gradNorm)));
  });

  it('inside a layer: an Inf in the input at t = 2 is found in the input projection, at step 2', () => {
    class Model extends nn.Module {
      lstm = new nn.LSTM(3, 4, { dtype: 'float64' });
      override forward(x: Tensor): Tensor {
        return this.lstm.call(x)[0];
      }
    }
    const trace = recordLines((at) => {
      torch.manualSeed(3);
      at(3);
      const model = new Model();
      const x = torch.randn([T, 2, 3], { dtype: 'float64' });
      torch.noGrad(() => x.select(0, 2).select(0, 1).fill_(Infinity));
      at(8);
      const out = model.call(x);
      at(9);
      out.sum().backward();
    });
    const d = nonfinite(trace);
    assert.equal(d.t, 2);
    assert.equal(d.module, 'lstm');
    assert.equal(d.source?.line, 8);
  });

  it('stays silent on a finite run, and the first origin wins over later ones', () => {
    const healthy = record(() => {
      torch.manualSeed(4);
      const m = new nn.RNN(2, 3);
      m.call(torch.randn(T, 1, 2))[0].pow(2).mean().backward();
    });
    assert.deepEqual(healthy.diagnostics.filter((d) => d.kind === 'nonfinite'), []);
    const twice = record(() => {
      const a = torch.tensor([-1, 0], { dtype: 'float64' }).requiresGrad_();
      const first = a.log(); // NaN, -Inf in forward
      first.sum().backward();
    });
    const d = nonfinite(twice);
    assert.equal(d.t, undefined);
    assert.match(d.message, /LogBackward0 during the forward pass/);
  });
});
