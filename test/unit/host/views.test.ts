// Trace → inline values, status text, Problems entries and the sidebar trees, on real traces.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { findingMessage, headline, statusView, traceVerdict } from '../../../src/host/findings';
import { fmtNum } from '../../../src/host/format';
import { inlineValues } from '../../../src/host/inlineValues';
import { problemEntries } from '../../../src/host/problems';
import { TraceIndex } from '../../../src/host/traceIndex';
import { modelTree, runsTree, stepsTree, TREE_COMMANDS, type TreeNode } from '../../../src/host/treeModel';
import { runScript } from '../../../src/runtime/runner';
import { example, fixture, inZhTw, lineOf, traceOf, traced } from './traces';

const find = (nodes: readonly TreeNode[], label: string): TreeNode => {
  const n = nodes.find((x) => x.label === label);
  assert.ok(n, `${label} not in ${nodes.map((x) => x.label).join(', ')}`);
  return n;
};

describe('host/inlineValues', () => {
  it('puts ‖∇‖ of the line result after each line that made tensors, and of the parameters after module lines', async () => {
    const file = example('vanishingDemo');
    const trace = await traceOf(file);
    const index = new TraceIndex(trace);
    const values = inlineValues(index, file);
    const call = lineOf(file, 'const prediction = model.call(x);');
    const out = index.lineOutputs(file, call)[0];
    assert.deepEqual(
      values.find((v) => v.line === call),
      { line: call, text: `‖∇‖ ${fmtNum(out.grad!.norm)}`, warn: false },
    );
    assert.equal(values.find((v) => v.line === lineOf(file, 'new nn.MSELoss().call'))?.text, '‖∇‖ 1');
    const rnn = trace.model.parameters.filter((p) => p.module === 'rnn');
    const combined = Math.sqrt(rnn.reduce((s, p) => s + p.grad!.norm ** 2, 0));
    assert.equal(values.find((v) => v.line === lineOf(file, 'rnn = new nn.RNN(1, HIDDEN)'))?.text, `‖∇‖ ${fmtNum(combined)}`);
    // the root model owns no parameters itself: no value on its class line
    assert.equal(values.find((v) => v.line === lineOf(file, 'class LastStepModel')), undefined);
    for (const v of values) assert.match(v.text, /^‖∇‖ (\d|\d\.\d+|\d\.\de-?\d+)/);
    assert.deepEqual(inlineValues(index, example('sineWave')), []);
  });

  it('flags NaN/Inf gradients', async () => {
    const file = fixture('nanGrad.ts');
    const values = inlineValues(new TraceIndex(await traceOf(file)), file);
    const lin = values.find((v) => v.line === lineOf(file, 'new nn.Linear(2, 1)'));
    assert.ok(lin?.warn);
    assert.match(lin.text, /· 3 NaN$/);
  });
});

describe('host/findings: the status bar verdict', () => {
  it('names the finding, the layer and its number', async () => {
    assert.equal(traceVerdict(await traceOf(example('vanishingDemo'))), 'BPTT: vanishing @ rnn (horizon 6)');
    assert.equal(traceVerdict(await traceOf(example('explodingDemo'))), 'BPTT: exploding @ rnn (×1.24/step)');
    assert.equal(traceVerdict(await traceOf(fixture('nanGrad.ts'))), 'BPTT: NaN/Inf @ model');
    assert.equal(traceVerdict(await traceOf(example('oneToMany'))), 'BPTT: healthy gradients');
  });

  it('picks the most severe finding and dresses the status item', async () => {
    const t = await traceOf(example('explodingDemo'));
    assert.equal(headline(t.diagnostics)?.kind, 'exploding');
    const v = statusView('ok', t, 1234);
    assert.equal(v.severity, 'error');
    assert.match(v.text, /^\$\(error\) BPTT: exploding/);
    assert.match(v.tooltip, /grows ×1.24 per step/);
    assert.deepEqual(statusView('ok', null, 1234), { text: '$(pass) BPTT: ran in 1.2 s', tooltip: 'The script ran without tracing.', severity: 'ok' });
    assert.equal(statusView('error', null, 10, 6).text, '$(error) BPTT: error (line 6)');
    assert.equal(statusView('timeout', null, 10).severity, 'error');
    assert.equal(statusView('cancelled', null, 10).severity, 'warning');
  });

  it('speaks Traditional Chinese', async () => {
    const t = await traceOf(example('vanishingDemo'));
    assert.equal(
      inZhTw(() => traceVerdict(t)),
      'BPTT: 梯度消失 @ rnn (視野 6 步)',
    );
    assert.match(inZhTw(() => findingMessage(t.diagnostics[0])), /^rnn 梯度消失：‖∂L\/∂h_t‖ 從損失往回只到達 6 步/);
  });
});

describe('host/problems', () => {
  it('puts a script error at the user line, 0-based', async () => {
    const file = fixture('twoStatements.ts');
    const out = await traced(file);
    assert.equal(out.status, 'error');
    const entries = problemEntries(file, out.status, out.error, out.trace);
    const err = entries.find((e) => e.severity === 'error')!;
    assert.deepEqual(
      { file: err.file, line: err.line, column: err.column, code: err.code },
      { file, line: lineOf(file, 'throw new Error') - 1, column: 6, code: 'Error' },
    );
    assert.equal(err.message, 'Error: stopped on purpose (grad)');
  });

  it('puts an engine error with its PyTorch wording at its line', async () => {
    const file = fixture('../../../fixtures/scripts/shapeError.ts');
    const out = await runScript(file);
    const [e] = problemEntries(file, out.status, out.error, null);
    assert.equal(e.line, 5);
    assert.equal(e.code, 'shape');
    assert.equal(e.message, 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x4 and 5x3)');
  });

  it('lists findings where they point, with what to try; nothing for a cancelled run', async () => {
    const file = example('vanishingDemo');
    const t = await traceOf(file);
    const [w] = problemEntries(file, 'ok', null, t);
    assert.equal(w.severity, 'warning');
    assert.equal(w.code, 'vanishing');
    assert.equal(w.line, lineOf(file, 'const prediction = model.call(x);') - 1);
    assert.match(w.message, /Try: Use an LSTM or GRU/);
    assert.deepEqual(problemEntries(file, 'cancelled', { type: 'CancelledError', message: 'the run was cancelled' }, null), []);
    const [timeout] = problemEntries(file, 'timeout', { type: 'TimeoutError', message: 'too long' }, null);
    assert.deepEqual([timeout.file, timeout.line], [file, 0]);
  });
});

describe('host/treeModel', () => {
  it('Model: modules → parameters with shape, ‖grad‖, and a click that focuses the parameter', async () => {
    const t = await traceOf(example('vanishingDemo'));
    const roots = modelTree(new TraceIndex(t));
    assert.deepEqual(
      roots.map((r) => r.label),
      ['LastStepModel', 'mseLoss'],
    );
    const model = roots[0];
    assert.deepEqual(
      model.children!.map((c) => c.label),
      ['rnn', 'out'],
    );
    const rnn = find(model.children!, 'rnn');
    assert.equal(rnn.description, 'RNN');
    const whh = find(rnn.children!, 'weight_hh_l0');
    const p = t.model.parameters.find((x) => x.name === 'rnn.weight_hh_l0')!;
    assert.equal(whh.description, `[32, 32] ‖∇‖ ${fmtNum(p.grad!.norm)}`);
    assert.deepEqual(whh.command, { command: TREE_COMMANDS.focusParameter, title: 'Show in graph', arguments: ['rnn.weight_hh_l0'] });
    assert.equal(whh.icon?.id, 'symbol-field');
    assert.equal(rnn.command?.command, TREE_COMMANDS.revealSource);
  });

  it('Model: NaN/Inf badges on parameters and their module', async () => {
    const roots = modelTree(new TraceIndex(await traceOf(fixture('nanGrad.ts'))));
    const lin = roots[0];
    assert.equal(lin.label, 'Linear');
    assert.equal(lin.icon?.id, 'warning');
    const w = find(lin.children!, 'weight');
    assert.equal(w.icon?.id, 'error');
    assert.match(w.description!, /2 NaN/);
  });

  it('Time steps: per layer t → ‖∂L/∂h_t‖, a warning where the finding points', async () => {
    const t = await traceOf(example('vanishingDemo'));
    const [layer] = stepsTree(new TraceIndex(t));
    assert.equal(layer.label, 'rnn · RNN_TANH');
    assert.equal(layer.icon?.id, 'warning');
    assert.equal(layer.children!.length, 100);
    const at = t.diagnostics[0].t!;
    const warned = layer.children!.filter((c) => c.icon?.id === 'warning');
    assert.deepEqual(
      warned.map((c) => c.label),
      [`t = ${at}`],
    );
    const last = layer.children![99];
    assert.equal(last.description, `‖∂L/∂h‖ ${fmtNum(t.recurrent[0].steps.find((s) => s.t === 99)!.gradNorm)} · L`);
    assert.deepEqual(last.command?.arguments[0], { module: 'rnn', layer: 0, direction: 0, t: 99 });
  });

  it('Time steps: two layers of an encoder-decoder', async () => {
    const layers = stepsTree(new TraceIndex(await traceOf(example('manyToManyAsync'))));
    assert.deepEqual(
      layers.map((l) => [l.label, l.children!.length]),
      [
        ['encoder · RNN_TANH', 6],
        ['decoder · RNN_TANH', 6],
      ],
    );
  });

  it('Runs: newest first, the shown one marked, a click reopens', () => {
    const runs = [
      { id: 'b', script: '/w/b.ts', tracePath: '/s/b.json', startedAt: '2026-01-02T10:00:00.000Z', verdict: 'BPTT: healthy gradients' },
      { id: 'a', script: '/w/a.ts', tracePath: '/x/a.json', startedAt: '2026-01-01T10:00:00.000Z', verdict: 'BPTT: vanishing @ rnn (horizon 9)', external: true },
    ];
    const items = runsTree(runs, 'b', basename);
    assert.deepEqual(
      items.map((i) => [i.label, i.icon?.id, i.contextValue]),
      [
        ['b.ts', 'eye', 'run'],
        ['a.ts', 'file', 'run.external'],
      ],
    );
    assert.equal(items[1].description, '2026-01-01 10:00:00 · BPTT: vanishing @ rnn (horizon 9)');
    assert.deepEqual(items[0].command?.arguments, ['b']);
  });
});
