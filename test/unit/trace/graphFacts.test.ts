// What the exported graph says about nodes: the gradient statistics of multi-output nodes, and
// the module path of step nodes when several root modules exist.
import assert from 'node:assert/strict';
import { F, nn, torch } from '../../../src/engine';
import { record } from './helpers';

describe('trace graph facts', () => {
  it('gives a multi-output node (UnbindBackward0) the statistics of all its incoming gradients', () => {
    let wantNorm = 0;
    const trace = record(() => {
      torch.manualSeed(3);
      const rnn = new nn.RNN(2, 4);
      const x = torch.randn(6, 1, 2, { requiresGrad: true });
      const [out] = rnn.call(x, null);
      // the loss reads only the last output: early slots of the unbind may get tiny gradients
      const loss = out.index(-1).sum();
      loss.backward();
      wantNorm = x.grad!.toArray().reduce((s, v) => s + v * v, 0);
    });
    const unbind = trace.graph.nodes.filter((n) => n.name === 'UnbindBackward0');
    assert.ok(unbind.length > 0);
    for (const n of unbind) {
      assert.ok(n.grad && n.grad.norm > 0, JSON.stringify(n.grad));
      assert.equal(n.grad.numel, 6 * 4);
    }
    assert.ok(wantNorm > 0);
  });

  it('names step nodes by the full path of the module that made them, as the recurrent records do', () => {
    const trace = record(() => {
      torch.manualSeed(4);
      const cell = new nn.RNNCell(3, 5);
      const head = new nn.Linear(5, 1);
      let h = torch.zeros(1, 5);
      const xs = torch.randn(4, 1, 3);
      for (let t = 0; t < 4; t++) h = cell.call(xs.index(t), h);
      F.mseLoss(head.call(h), torch.zeros(1, 1)).backward();
    });
    const modules = new Set(trace.recurrent.map((r) => r.module));
    assert.equal(modules.size, 1);
    const [path] = modules;
    const stepNodes = trace.graph.nodes.filter((n) => n.step);
    assert.ok(stepNodes.length >= 4);
    for (const n of stepNodes) assert.equal(n.step!.module, path, `${n.name} t=${n.step!.t}`);
  });
});
