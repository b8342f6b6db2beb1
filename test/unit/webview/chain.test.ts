import { strict as assert } from 'node:assert';
import { pathToLeaf, walkChain } from '../../../webview/src/chain';
import { buildGraphModel } from '../../../webview/src/graphModel';
import { exampleTrace } from './traces';

describe('webview grad_fn chain inspector', function () {
  this.timeout(120_000);

  it('walks next_functions from a step down to AccumulateGrad, in slot order', async () => {
    const m = buildGraphModel(await exampleTrace('vanishingDemo'));
    const cell = m.rows[0].cells[50];
    const { entries } = walkChain(m, cell.output!, 3);
    const names = entries.map((e) => `${'  '.repeat(e.depth)}${m.nodes.get(e.id)!.name}`);
    assert.equal(names[0], 'TanhBackward0');
    assert.equal(names[1], '  AddBackward0');
    assert.equal(names[2], '    AddmmBackward0');
    assert.ok(entries.some((e) => m.nodes.get(e.id)!.leaf === 'rnn.bias_hh_l0'));
    const path = pathToLeaf(m, cell.output!);
    assert.equal(m.nodes.get(path[path.length - 1])!.name, 'AccumulateGrad');
  });

  it('lists a shared node once, then marks it seen; stays bounded on the T = 1000 graph', async () => {
    const tr = await exampleTrace('longSequence');
    const m = buildGraphModel(tr);
    const { entries, truncated } = walkChain(m, tr.graph.roots[0], 10_000, 200);
    assert.equal(entries.length, 200);
    assert.ok(truncated > 0);
    const ids = entries.filter((e) => !e.seen).map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    // deep enough to overflow a recursive walk: the whole unrolled chain, iteratively
    const deep = walkChain(m, tr.graph.roots[0], 100_000, 100_000);
    assert.equal(deep.truncated, 0);
    assert.equal(new Set(deep.entries.map((e) => e.id)).size, tr.graph.nodes.length);
  });
});
