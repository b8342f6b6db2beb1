// Tracing a Python run: the same Trace as for JS, with .py source locations, the user's module tree
// (through the engine-side shells) and time-step records.
import assert from 'node:assert/strict';
import type { Trace } from '../../../src/trace/types';
import { pyFixture, runPy, warmUp } from './helpers';

describe('Python front: trace', () => {
  warmUp();
  let trace: Trace;
  const file = pyFixture('runtime', 'traced.py');

  before(async function () {
    this.timeout(60_000);
    const r = await runPy(file, { trace: true });
    assert.equal(r.status, 'ok', r.error?.stack);
    assert.ok(r.trace);
    trace = r.trace;
  });

  it('describes a Python run', () => {
    assert.equal(trace.script.language, 'py');
    assert.equal(trace.script.path, file);
    assert.equal(trace.script.ok, true);
    assert.equal(trace.console.length, 1);
    assert.match(trace.console[0].text, /^\d+\.\d+\n$/);
  });

  it('sees the user class and its layers as one model tree, printed as Python prints it', () => {
    const mods = trace.model.modules.map((m) => [m.path, m.type]);
    assert.deepEqual(mods.slice(0, 4), [
      ['', 'Tagger'],
      ['lstm', 'LSTM'],
      ['cell', 'GRUCell'],
      ['head', 'Linear'],
    ]);
    const root = trace.model.modules[0];
    assert.match(root.repr, /^Tagger\(\n {2}\(lstm\): LSTM\(2, 4, batch_first=True\)\n/);
    assert.equal(root.source?.file, file);
    assert.equal(trace.model.modules[1].source?.line, 9);
    assert.ok(trace.model.parameters.some((p) => p.name === 'lstm.weight_hh_l0' && p.grad !== null));
  });

  it('gives every graph node made outside a module call its .py line, and module calls the call site', () => {
    const lines = new Set(trace.graph.nodes.filter((n) => n.source).map((n) => n.source!.line));
    assert.ok(lines.has(29), `lines ${[...lines]}`); // the loss expression
    assert.ok(lines.has(28), "the model(x) call site");
    for (const n of trace.graph.nodes) if (n.source) assert.equal(n.source.file, file);
    const leaf = trace.graph.nodes.find((n) => n.leaf === 'lstm.weight_ih_l0');
    assert.ok(leaf);
  });

  it('records the LSTM steps and the hand-written GRUCell loop per time step', () => {
    const kinds = trace.recurrent.map((r) => `${r.module}:${r.kind}:${r.steps.length}`);
    assert.ok(kinds.includes('lstm:LSTM:5'), kinds.join(' '));
    assert.ok(kinds.includes('cell:GRUCell:5'), kinds.join(' '));
  });

  it('keeps the optimizer history and clipping', () => {
    assert.equal(trace.history.length, 2);
    assert.ok(trace.history[1].clip);
  });
});
