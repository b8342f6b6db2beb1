// The Trace as a document: it validates against src/trace/trace.schema.json (after a JSON round trip,
// so no NaN/Inf may hide in it), the schema is the one the types generate, the graph is well formed
// and links AccumulateGrad nodes and parameters both ways, and its size stays bounded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nn, nnUtils, torch, type Tensor } from '../../../src/engine';
import type { Trace } from '../../../src/trace/types';
import { renderTraceSchema } from '../../../scripts/traceSchema';
import { record } from './helpers';
import { assertGraph, assertValid, roundTrip, SCHEMA_PATH, validateTrace as validate } from './schemaCheck';

class Seq2One extends nn.Module {
  lstm = new nn.LSTM(3, 5, { numLayers: 2, bidirectional: true, batchFirst: true });
  head = new nn.Linear(10, 2);
  override forward(x: Tensor): Tensor {
    const [out] = this.lstm.call(x);
    return this.head.call(out.select(1, -1));
  }
}

describe('trace: the document', () => {
  it('validates against the schema: a training loop with clipping, an LSTM, a loss module', () => {
    const trace = record(
      () => {
        torch.manualSeed(0);
        const model = new Seq2One();
        const lossFn = new nn.CrossEntropyLoss();
        const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
        const x = torch.randn(4, 7, 3);
        const y = torch.tensor([0, 1, 1, 0], { dtype: 'int64' });
        for (let it = 0; it < 3; it++) {
          opt.zeroGrad();
          const loss = lossFn.call(model.call(x), y);
          loss.backward();
          nnUtils.clipGradNorm_(model.parameters(), 0.5);
          opt.step();
        }
      },
      () => ({ file: '/tmp/script.ts', line: 3, column: 7 }),
    );
    assertValid(trace);
    assertGraph(trace);
    assert.equal(trace.recurrent.length, 4);
    assert.deepEqual(
      trace.recurrent.map((r) => [r.module, r.layer, r.direction, r.steps.length]),
      [
        ['lstm', 0, 0, 7],
        ['lstm', 0, 1, 7],
        ['lstm', 1, 0, 7],
        ['lstm', 1, 1, 7],
      ],
    );
    assert.equal(trace.history.length, 3);
    assert.ok(trace.history.every((h) => h.clip && h.clip.maxNorm === 0.5 && h.clip.clippedNorm <= 0.5 + 1e-6));
    const names = trace.model.parameters.map((p) => p.name);
    assert.ok(names.includes('lstm.weight_hh_l1_reverse') && names.includes('head.bias'));
    // every parameter took part in the last backward and is linked to its AccumulateGrad
    assert.ok(trace.model.parameters.every((p) => p.node !== undefined && p.grad !== null));
    // step tags of graph nodes use the same module path as the recurrent records
    const tagged = trace.graph.nodes.filter((n) => n.step);
    assert.ok(tagged.length > 0 && tagged.every((n) => n.step!.module === 'lstm'));
    for (const r of trace.recurrent) {
      const ts = new Set(tagged.filter((n) => n.step!.layer === r.layer && n.step!.direction === r.direction).map((n) => n.step!.t));
      assert.equal(ts.size, 7);
    }
  });

  it('validates with NaN and Inf in the run (no non-finite number reaches the JSON)', () => {
    const trace = record(() => {
      torch.manualSeed(1);
      const m = new nn.GRU(2, 3);
      const x = torch.randn(5, 1, 2);
      torch.noGrad(() => x.select(0, 1).fill_(NaN));
      const [out] = m.call(x);
      out.sum().backward();
      nnUtils.clipGradNorm_(m.parameters(), 1);
    });
    assertValid(trace);
    assertGraph(trace);
    assert.ok(trace.diagnostics.some((d) => d.kind === 'nonfinite'));
  });

  it('validates for cells in a loop, unbatched, and for a script error', () => {
    const trace = record(() => {
      torch.manualSeed(2);
      const cell = new nn.LSTMCell(2, 3);
      let hc: [Tensor, Tensor] | null = null;
      let loss = torch.zeros([]);
      for (let t = 0; t < 4; t++) {
        hc = cell.call(torch.randn(2), hc);
        loss = loss.add(hc[0].sum());
      }
      loss.backward();
    });
    assertValid(trace);
    assertGraph(trace);
    const withError: Trace = { ...trace, script: { ...trace.script, ok: false }, error: { type: 'RuntimeError', kind: 'shape', message: 'boom', location: { file: 'a.ts', line: 1, column: 2 } } };
    assertValid(withError);
    assert.ok(!validate({ ...roundTrip(trace) as object, version: 2 }), 'a wrong version must not validate');
  });

  it('the committed schema is the one the Trace types generate', function () {
    this.timeout(60000);
    assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), renderTraceSchema(), 'run npx tsx scripts/traceSchema.ts');
  });

  it('stays under 20 MB for a tanh RNN with T = 1000, H = 256, B = 1', function () {
    this.timeout(300000);
    const trace = record(() => {
      torch.manualSeed(3);
      const m = new nn.RNN(1, 256);
      const head = new nn.Linear(256, 1);
      const x = torch.randn(1000, 1, 1);
      const [out] = m.call(x);
      head.call(out).pow(2).mean().backward();
    });
    const bytes = Buffer.byteLength(JSON.stringify(trace));
    console.log(`      T=1000, H=256 trace: ${(bytes / 1e6).toFixed(2)} MB, ${trace.graph.nodes.length} graph nodes`);
    assert.ok(bytes < 20e6, `${bytes} bytes`);
    assert.equal(trace.recurrent[0].steps.length, 1000);
    assertValid(trace);
    assertGraph(trace);
  });
});
