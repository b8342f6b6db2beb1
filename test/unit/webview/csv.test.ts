import { strict as assert } from 'node:assert';
import { stepsCsv } from '../../../webview/src/csv';
import { exampleTrace } from './traces';

describe('webview CSV export', function () {
  this.timeout(120_000);

  it('has a header and one line per layer and step', async () => {
    const tr = await exampleTrace('lstm');
    const lines = stepsCsv(tr).trimEnd().split('\n');
    assert.equal(lines[0], 'module,layer,direction,kind,t,hNorm,gradNorm,jacobianNorm,whhGradNorm,saturation,lossInjected,forgetGate,cellGradNorm,sigmaMax');
    const steps = tr.recurrent.reduce((s, r) => s + r.steps.length, 0);
    assert.equal(lines.length, 1 + steps);
    const first = lines[1].split(',');
    assert.equal(first.length, 14);
    const r = tr.recurrent[0];
    assert.deepEqual(first.slice(0, 5), [r.module, '0', '0', 'LSTM', String(r.steps[0].t)]);
    assert.equal(Number(first[6]), r.steps[0].gradNorm);
    assert.equal(Number(first[11]), r.steps[0].forgetGate); // LSTM-only columns are filled
  });

  it('leaves LSTM-only columns empty for an RNN and writes non-finite numbers as words', async () => {
    const tr = structuredClone(await exampleTrace('vanishingDemo'));
    tr.recurrent[0].steps[0].gradNorm = NaN;
    tr.recurrent[0].steps[1].gradNorm = Infinity;
    tr.recurrent[0].module = 'a,"b"';
    const lines = stepsCsv(tr).split('\n');
    assert.equal(lines.length, 2 + 100);
    assert.ok(lines[1].startsWith('"a,""b""",0,0,RNN_TANH,0,'));
    assert.match(lines[1], /,NaN,/);
    assert.match(lines[2], /,Inf,/);
    assert.match(lines[3], /,false,,,/);
  });
});
