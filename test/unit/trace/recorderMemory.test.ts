// What the recorder keeps between training iterations, and its per-tensor statistics cache: a long
// training loop under the recorder must not hold every past graph alive, and a tensor changed in
// place must not report its old statistics.
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { F, nn, optim, torch, type Node } from '../../../src/engine';
import { Recorder } from '../../../src/trace/recorder';
import { seenStats } from '../../../src/trace/stats';

// the collector, to see whether an old graph can be freed (V8 lets a flag enable it at run time)
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

describe('recorder memory and caches', () => {
  it('lets the graphs of earlier iterations be freed while the run goes on', async () => {
    const rec = new Recorder({ file: 'test.ts', language: 'ts', producer: 'test', locate: () => undefined, maxValueElements: 64 });
    torch.manualSeed(5);
    const rnn = new nn.RNN(2, 4);
    const opt = new optim.SGD(rnn.parameters(), { lr: 0.1 });
    const x = torch.randn(6, 1, 2);
    const first: WeakRef<Node>[] = [];
    const iteration = (): void => {
      opt.zeroGrad();
      const [out] = rnn.call(x, null);
      const loss = F.mseLoss(out, torch.zeros(6, 1, 4));
      if (first.length === 0) first.push(new WeakRef(loss.gradFn!));
      loss.backward();
      opt.step();
    };
    for (let i = 0; i < 4; i++) iteration();
    await new Promise((r) => setImmediate(r)); // a WeakRef holds its target until the job ends
    collect();
    assert.equal(first[0].deref(), undefined, 'the first iteration\'s graph is still reachable');
    const trace = rec.finish({ console: [], error: null, timing: [] });
    assert.equal(trace.history.length, 4);
    assert.equal(trace.recurrent[0].steps.length, 6);
  });

  it('recomputes the statistics of a tensor changed in place, and reuses them otherwise', () => {
    const t = torch.tensor([3, 4]);
    const a = seenStats(t);
    assert.equal(a.norm, 5);
    assert.equal(seenStats(t), a, 'the same object while the tensor is unchanged');
    t.mul_(2);
    const b = seenStats(t);
    assert.equal(b.norm, 10);
    assert.equal(b.max, 8);
  });
});
