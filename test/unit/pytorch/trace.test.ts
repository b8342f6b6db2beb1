// The pytorch backend's Trace means what docs/trace-format.md says: every per-step number against an
// independent hand-unrolled computation in real torch (h_t.register_hook, the W_hh·h_{t-1} + b_hh
// pre-activation's hook, torch.autograd.functional.jacobian), loss injection, the schema, the graph
// links, history and clipping, cells in loops, the origin of a NaN/Inf, fused mode.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RecurrentTrace, Trace } from '../../../src/trace/types';
import { assertGraph, assertValid } from '../trace/schemaCheck';
import { close, ptFixture, requireTorch, runPt } from './helpers';

type Reference = Record<string, Record<string, Record<'gradNorm' | 'cellGradNorm' | 'whhGradNorm' | 'jacobianNorm' | 'hNorm', number[]>>>;

function layer(trace: Trace, module: string, l: number, d: number): RecurrentTrace {
  const r = trace.recurrent.find((x) => x.module === module && x.layer === l && x.direction === d);
  assert.ok(r, `no ${module}|${l}|${d}; have ${trace.recurrent.map((x) => `${x.module}|${x.layer}|${x.direction}`).join(', ')}`);
  return r;
}

function lineOf(file: string, needle: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, needle);
  return i + 1;
}

describe('pytorch backend: the trace', function () {
  this.timeout(180_000);
  requireTorch();

  describe('per-step numbers against a hand-unrolled computation (RNN, LSTM, GRU; 2 layers, bidirectional, float64)', () => {
    let trace: Trace;
    let reference: Reference;
    before(async () => {
      const r = await runPt(ptFixture('hand_unrolled.py'));
      assert.equal(r.status, 'ok', r.error?.stack ?? r.stderr);
      trace = r.trace!;
      reference = JSON.parse(r.stdout.split('\n')[0]) as Reference;
    });

    it('records every layer and direction, T steps each', () => {
      assert.deepEqual(
        trace.recurrent.map((r) => `${r.module}|${r.layer}|${r.direction}|${r.kind}|${r.steps.length}`),
        ['rnn', 'lstm', 'gru'].flatMap((m) => ['0|0', '0|1', '1|0', '1|1'].map((ld) => `${m}|${ld}|${m === 'rnn' ? 'RNN_TANH' : m.toUpperCase()}|6`)),
      );
    });

    for (const key of ['gradNorm', 'cellGradNorm', 'whhGradNorm', 'jacobianNorm', 'hNorm'] as const) {
      it(`${key} equals the hand-unrolled value at every step`, () => {
        let checked = 0;
        for (const r of trace.recurrent) {
          if (key === 'cellGradNorm' && r.kind !== 'LSTM') continue;
          const ref = reference[r.module][`${r.layer}|${r.direction}`][key];
          for (const s of r.steps) {
            const mine = s[key];
            assert.ok(mine !== undefined, `${r.module}|${r.layer}|${r.direction} t=${s.t} has no ${key}`);
            assert.ok(close(mine, ref[s.t], 1e-9, 1e-300), `${r.module}|${r.layer}|${r.direction} t=${s.t} ${key}: ${mine} vs ${ref[s.t]}`);
            checked++;
          }
        }
        assert.ok(checked >= 24, `${checked} checked`);
      });
    }

    it('whhGradNorm is 0 at the first processed step (h_0 = 0)', () => {
      for (const r of trace.recurrent) assert.equal(r.steps.find((s) => s.t === (r.direction === 0 ? 0 : 5))?.whhGradNorm, 0);
    });

    it('lossInjected: output[-1] and h_n on the top layer, every step below', () => {
      for (const m of ['rnn', 'lstm', 'gru']) {
        const pattern = (l: number, d: number): string => layer(trace, m, l, d).steps.map((s) => (s.lossInjected ? 'x' : '.')).join('');
        assert.equal(pattern(0, 0), 'xxxxxx', m);
        assert.equal(pattern(0, 1), 'xxxxxx', m);
        assert.equal(pattern(1, 0), '.....x', m); // output[-1] and h_n are both at t = T-1
        assert.equal(pattern(1, 1), 'x....x', m); // output[-1] at t = T-1, h_n at its last step t = 0
      }
    });

    it('validates against the schema, with a well-formed graph whose step nodes are tagged', () => {
      assertValid(trace);
      assertGraph(trace);
      const tagged = trace.graph.nodes.filter((n) => n.step);
      for (const r of trace.recurrent) {
        const ts = new Set(tagged.filter((n) => n.step!.module === r.module && n.step!.layer === r.layer && n.step!.direction === r.direction).map((n) => n.step!.t));
        assert.equal(ts.size, 6, `${r.module}|${r.layer}|${r.direction}`);
      }
      assert.equal(trace.script.backend, 'pytorch');
      assert.match(trace.script.producer, /^torch \d+\.\d+\S* \(cpu\), bptt-lens \d/);
      assert.equal(trace.history.length, 4); // three hand-unrolled backwards, then the modules'
    });
  });

  it('a training loop: model tree, parameters linked to the graph, history with clipping, sources', async () => {
    const file = ptFixture('training.py');
    const r = await runPt(file);
    assert.equal(r.status, 'ok', r.error?.stack);
    const t = r.trace!;
    assertValid(t);
    assertGraph(t);
    assert.deepEqual(
      t.model.modules.map((m) => [m.path, m.type]),
      [
        ['', 'Seq2One'],
        ['lstm', 'LSTM'],
        ['head', 'Linear'],
        ['crossEntropyLoss', 'CrossEntropyLoss'],
      ],
    );
    assert.equal(t.model.modules[1].repr, 'LSTM(3, 5, num_layers=2, batch_first=True, bidirectional=True)');
    assert.equal(t.model.modules[1].source?.line, lineOf(file, 'self.lstm = nn.LSTM'));
    assert.ok(t.model.parameters.every((p) => p.node !== undefined && p.grad !== null && p.dtype === 'float32'));
    assert.equal(t.history.length, 3);
    assert.ok(t.history.every((h) => h.loss !== null && h.clip && h.clip.maxNorm === 0.5 && h.clip.clippedNorm <= 0.5 + 1e-6));
    assert.deepEqual(
      t.recurrent.map((x) => [x.module, x.layer, x.direction, x.steps.length]),
      [
        ['lstm', 0, 0, 7],
        ['lstm', 0, 1, 7],
        ['lstm', 1, 0, 7],
        ['lstm', 1, 1, 7],
      ],
    );
    const call = lineOf(file, 'loss = loss_fn(model(x), y)');
    assert.ok(t.recurrent.every((x) => x.source?.line === call && x.steps.every((s) => s.source?.line === call)));
    assert.ok(t.recurrent.every((x) => x.steps.every((s) => s.forgetGate! > 0 && s.forgetGate! < 1 && s.gradByUnit?.length === 5)));
    assert.deepEqual(
      t.console.map((c) => c.text.split(' loss')[0]),
      ['iter 0', 'iter 1', 'iter 2'],
    );
    const names = new Set(t.graph.nodes.map((n) => n.name));
    for (const n of ['NllLossBackward0', 'AddmmBackward0', 'SigmoidBackward0', 'UnsafeSplitBackward0', 'StackBackward0', 'AccumulateGrad']) assert.ok(names.has(n), n);
    assert.ok(t.timing.some((p) => p.phase === 'run') && t.timing.some((p) => p.phase === 'record'));
  });

  it('a PackedSequence (lengths 5, 2, 4, unsorted; bidirectional LSTM): per-step numbers over the sequences still running equal each sequence unrolled on its own', async () => {
    const r = await runPt(ptFixture('packed_hand.py'));
    assert.equal(r.status, 'ok', r.error?.stack ?? r.stderr);
    assert.doesNotMatch(r.stderr, /fused/, 'the layer was unrolled, not run fused');
    const reference = JSON.parse(r.stdout.split('\n')[0]) as Record<string, Record<'gradNorm' | 'cellGradNorm' | 'hNorm' | 'jacobianNorm', number[]>>;
    const trace = r.trace!;
    assertValid(trace);
    assertGraph(trace);
    let checked = 0;
    for (const d of [0, 1]) {
      const rec = layer(trace, '', 0, d); // the LSTM is the script's root module
      assert.deepEqual(rec.steps.map((s) => s.t).sort(), [0, 1, 2, 3, 4]);
      for (const s of rec.steps) {
        for (const key of ['gradNorm', 'cellGradNorm', 'hNorm', 'jacobianNorm'] as const) {
          const want = reference[`0|${d}`][key][s.t];
          assert.ok(close(s[key]!, want, 1e-9, 1e-300), `direction ${d} t=${s.t} ${key}: ${s[key]} vs ${want}`);
          checked++;
        }
      }
    }
    assert.equal(checked, 40);
  });

  it('fused mode keeps PyTorch’s kernels: model, graph and history, no per-step records', async () => {
    const r = await runPt(ptFixture('training.py'), { fused: true });
    assert.equal(r.status, 'ok', r.error?.stack);
    const t = r.trace!;
    assertValid(t);
    assertGraph(t);
    assert.deepEqual(t.recurrent, []);
    assert.equal(t.history.length, 3);
    assert.ok(t.graph.nodes.length > 10 && t.model.parameters.every((p) => p.node !== undefined));
  });

  it('cells in loops: t counts calls, restarts after detach, unbatched cells; many-to-one injection', async () => {
    const r = await runPt(ptFixture('cells_loop.py'));
    assert.equal(r.status, 'ok', r.error?.stack);
    const t = r.trace!;
    assertValid(t);
    assertGraph(t);
    // the LSTMCell's last sequence is steps 3..5 (t = 0, 1, 2 after the detach)
    const lstm = layer(t, 'lstmCell', 0, 0);
    assert.equal(lstm.kind, 'LSTMCell');
    assert.deepEqual(
      lstm.steps.map((s) => s.t),
      [0, 1, 2],
    );
    assert.deepEqual(
      lstm.steps.map((s) => s.lossInjected),
      [false, false, true],
    );
    assert.ok(lstm.steps.every((s) => s.gradNorm > 0 && s.cellGradNorm! > 0));
    const gru = layer(t, 'gruCell', 0, 0);
    assert.equal(gru.hiddenSize, 4);
    assert.deepEqual(
      gru.steps.map((s) => `${s.t}${s.lossInjected ? 'x' : '.'}`),
      ['0.', '1.', '2.', '3.', '4x'],
    );
    assert.equal(gru.steps[0].whhGradNorm, 0);
    assert.ok(gru.steps.slice(1).every((s) => s.whhGradNorm > 0));
    const cellNodes = t.graph.nodes.filter((n) => n.step?.module === 'gruCell');
    assert.ok(cellNodes.length > 0 && cellNodes.every((n) => n.step!.layer === undefined));
  });

  it('a NaN in the forward pass: its op, step and line', async () => {
    const file = ptFixture('nonfinite_forward.py');
    const r = await runPt(file);
    assert.equal(r.status, 'ok', r.error?.stack);
    const t = r.trace!;
    assertValid(t);
    const d = t.diagnostics.find((x) => x.kind === 'nonfinite');
    assert.ok(d, JSON.stringify(t.diagnostics));
    assert.equal(d.t, 1);
    assert.equal(d.source?.line, lineOf(file, 'out, _ = m(x)'));
    assert.match(d.message, /forward pass/);
    assert.equal(t.history[0].loss, null);
    assert.deepEqual(t.history[0].clip, { maxNorm: 1, totalNorm: -1, clippedNorm: -1 });
  });

  it('an infinite gradient from finite values: the backward origin', async () => {
    const file = ptFixture('nonfinite_backward.py');
    const r = await runPt(file);
    assert.equal(r.status, 'ok', r.error?.stack);
    const d = r.trace!.diagnostics.find((x) => x.kind === 'nonfinite');
    assert.ok(d);
    assert.match(d.message, /SqrtBackward0 during the backward pass/);
    assert.equal(d.source?.line, lineOf(file, 'z = torch.sqrt(y)'));
    assertValid(r.trace!);
    assert.equal(r.stdout, 'tensor([inf, inf, inf])\n');
  });
});
