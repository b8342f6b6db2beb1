// Trace → lines → hover Markdown, on real traces of the examples. Locations come from the trace's
// source info; the hover links only to "Show in graph".
import assert from 'node:assert/strict';
import { commandLink, hoverMarkdown, SHOW_IN_GRAPH_COMMAND, statementColumns } from '../../../src/host/hoverContent';
import { TraceIndex } from '../../../src/host/traceIndex';
import type { Trace } from '../../../src/protocol/trace';
import { example, fixture, inZhTw, lineOf, traceOf } from './traces';

/** The command links Markdown would render: outside fenced blocks and code spans. */
const commandsIn = (md: string): string[] =>
  [...md.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '').matchAll(/\]\(command:([\w.-]+)/g)].map((m) => m[1]);

describe('host/traceIndex and hover', () => {
  const vanishing = example('vanishingDemo');
  let trace: Trace;
  let index: TraceIndex;
  before(async () => {
    trace = await traceOf(vanishing);
    index = new TraceIndex(trace);
  });

  it('maps the recorded sources to lines: the model call, the loss, the modules', () => {
    const call = lineOf(vanishing, 'const prediction = model.call(x);');
    const loss = lineOf(vanishing, 'new nn.MSELoss().call');
    assert.deepEqual(index.nodeLines(vanishing), [call, loss]);
    assert.ok(index.hasFile(vanishing));
    assert.ok(!index.hasFile(example('sineWave')));
    const rnnLine = lineOf(vanishing, 'rnn = new nn.RNN(1, HIDDEN)');
    assert.deepEqual(
      index.modulesAt(vanishing, rnnLine).map((m) => m.path),
      ['rnn'],
    );
    // the line's result is what leaves it: the Linear head's addmm, consumed by the loss
    const [out] = index.lineOutputs(vanishing, call);
    assert.equal(out.name, 'AddmmBackward0');
    assert.deepEqual(out.shape, [4, 1]);
    assert.equal(index.lineOutputs(vanishing, loss)[0].name, 'MseLossBackward0');
  });

  it('walks the grad_fn chain down to AccumulateGrad and the parameter', () => {
    const call = lineOf(vanishing, 'const prediction = model.call(x);');
    const chain = index.chain(index.lineOutputs(vanishing, call)[0].id, 3, 8);
    assert.equal(chain[0].depth, 0);
    assert.ok(chain.length <= 8);
    assert.ok(chain.some((c) => c.node.name === 'AccumulateGrad' && c.node.leaf === 'out.bias'));
  });

  it('hovers the model call: shape, grad stats, steps, grad_fn chain, finding and Show in graph', () => {
    const line = lineOf(vanishing, 'const prediction = model.call(x);');
    const md = hoverMarkdown(index, { file: vanishing, line, word: { from: 7, to: 17 } });
    assert.ok(md);
    const out = index.lineOutputs(vanishing, line)[0];
    assert.match(md, /`AddmmBackward0`/);
    assert.match(md, /`\[4, 1\]`/);
    assert.ok(md.includes(`| ‖∇‖ | ${out.grad!.norm.toPrecision(3).replace(/0+$/, '')}`), md);
    assert.match(md, /\| NaN \/ Inf \| 0 \/ 0 \|/);
    assert.match(md, /t = 0…99/);
    assert.match(md, /```text\nAddmmBackward0 \[4, 1\]/);
    // a 100-step stack shows three of its inputs and counts the rest
    assert.match(md, /\n {4}StackBackward0 \[100, 4, 32\][^\n]*\n( {6}TanhBackward0[^\n]*\n){3} {6}… 97 more\n/);
    assert.match(md, /vanishing/);
    assert.match(md, /reaches only 6 steps back/);
    assert.ok(md.includes(commandLink(SHOW_IN_GRAPH_COMMAND, [out.id])));
    assert.deepEqual([...new Set(commandsIn(md))], [SHOW_IN_GRAPH_COMMAND]);
    // the recurrent layer that ran on this line, with its profile
    assert.match(md, /`rnn` `RNN_TANH`.*T = 100/);
  });

  it('hovers a module line: parameters with shape, dtype, value stats, ‖∇‖ and NaN/Inf', () => {
    const line = lineOf(vanishing, 'rnn = new nn.RNN(1, HIDDEN)');
    const md = hoverMarkdown(index, { file: vanishing, line })!;
    assert.match(md, /`rnn` · `RNN`/);
    const whh = trace.model.parameters.find((p) => p.name === 'rnn.weight_hh_l0')!;
    assert.match(md, /weight\\_hh\\_l0.*\[32, 32\] float32/);
    assert.ok(md.includes(whh.grad!.norm.toPrecision(3).replace(/0+$/, '')));
  });

  it('has nothing to say on lines the trace never ran, or in other files', () => {
    assert.equal(hoverMarkdown(index, { file: vanishing, line: 1 }), null);
    assert.equal(hoverMarkdown(index, { file: example('sineWave'), line: 37 }), null);
  });

  it('marks a stale hover and speaks Traditional Chinese', () => {
    const line = lineOf(vanishing, 'const prediction = model.call(x);');
    assert.match(hoverMarkdown(index, { file: vanishing, line, stale: true })!, /the file changed since this run/);
    const zh = inZhTw(() => hoverMarkdown(index, { file: vanishing, line })!);
    assert.match(zh, /梯度消失/);
    assert.match(zh, /在計算圖中顯示/);
    assert.match(zh, /grad_fn 鏈/);
  });

  it('picks the statement the hovered word belongs to on a line with two', async () => {
    const file = example('oneToMany');
    const t = await traceOf(file);
    const idx = new TraceIndex(t);
    const line = lineOf(file, 'const loss = lossFn.call(model.call(a), target);');
    const text = '  const loss = lossFn.call(model.call(a), target);';
    const cols = idx.columnsAt(file, line);
    assert.equal(cols.length, 2);
    const wordAt = (w: string): { from: number; to: number } => ({ from: text.indexOf(w) + 1, to: text.indexOf(w) + 1 + w.length });
    assert.equal(idx.lineOutputs(file, line, statementColumns(cols, wordAt('loss')))[0].name, 'MseLossBackward0');
    assert.equal(idx.lineOutputs(file, line, statementColumns(cols, wordAt('model')))[0].name, 'StackBackward0');
    const md = hoverMarkdown(idx, { file, line, word: wordAt('model') })!;
    assert.match(md, /`StackBackward0`/);
    assert.match(md, /Made inside recurrent steps t = 0…15 of cell/);
  });

  it('maps any language by path: a trace pointing into a .py file hovers there', async () => {
    const t = structuredClone(await traceOf(vanishing));
    const py = '/tmp/model.py';
    for (const n of t.graph.nodes) if (n.source) n.source.file = py;
    const idx = new TraceIndex(t);
    const line = lineOf(vanishing, 'const prediction = model.call(x);');
    assert.match(hoverMarkdown(idx, { file: py, line })!, /AddmmBackward0/);
  });

  it('escapes names from an untrusted trace file', async () => {
    const t = structuredClone(await traceOf(vanishing));
    const line = lineOf(vanishing, 'const prediction = model.call(x);');
    const evil = '[x](command:workbench.action.terminal.new)```';
    for (const n of t.graph.nodes) n.name = evil;
    const md = hoverMarkdown(new TraceIndex(t), { file: vanishing, line })!;
    assert.deepEqual([...new Set(commandsIn(md))], [SHOW_IN_GRAPH_COMMAND]);
    assert.equal(md.split('```').length, 3, 'one fenced block, still closed');
  });

  it('reports the NaN origin on its line', async () => {
    const file = fixture('nanGrad.ts');
    const idx = new TraceIndex(await traceOf(file));
    const md = hoverMarkdown(idx, { file, line: lineOf(file, '.sqrt();') })!;
    assert.match(md, /NaN\/Inf\*\*: The first NaN\/Inf appears at SqrtBackward0/);
  });
});
