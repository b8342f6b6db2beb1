// Every example in examples/ runs through the script runner with recording on (as
// `bptt-lens trace` does), and its Trace shows what the example is there to show: the demos fire
// their diagnostic, healthy models stay silent, loss injection separates the I/O patterns.
// Needs dist/ (npm run build), like the runner tests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { runScript, type RunOutcome } from '../../../src/runtime/runner';
import type { Diagnostic, RecurrentTrace, Trace } from '../../../src/trace/types';

const EXAMPLES = join(__dirname, '../../../examples');
const file = (name: string): string => join(EXAMPLES, `${name}.ts`);

/** Recurrent records each example must produce: [module, layer, T]. */
const LAYERS: Record<string, [string, number, number][]> = {
  sineWave: [['rnn', 0, 10]],
  gradFnChain: [],
  oneToMany: [['cell', 0, 16]],
  manyToOne: [['rnn', 0, 16]],
  manyToManySync: [['rnn', 0, 20]],
  manyToManyAsync: [
    ['encoder', 0, 6],
    ['decoder', 0, 6],
  ],
  vanishingDemo: [['rnn', 0, 100]],
  explodingDemo: [['rnn', 0, 50]],
  explodingClipped: [['rnn', 0, 50]],
  lstm: [
    ['lstm', 0, 16],
    ['lstm', 1, 16],
  ],
  gru: [
    ['gru', 0, 16],
    ['gru', 1, 16],
  ],
  longSequence: [['rnn', 0, 1000]],
};

/** Models that train well: no warning or error may fire on them. */
const HEALTHY = ['sineWave', 'gradFnChain', 'oneToMany', 'manyToOne', 'manyToManySync', 'manyToManyAsync', 'lstm', 'gru'];

/** Training examples whose loss falls steadily (explodingClipped is chaotic by design, so left out). */
const TRAINING = ['sineWave', 'oneToMany', 'manyToOne', 'manyToManySync', 'manyToManyAsync', 'lstm', 'gru'];

/** The 1-based line of the first line of `name` containing `needle`. */
function lineOf(name: string, needle: string): number {
  const i = readFileSync(file(name), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not found in ${name}.ts`);
  return i + 1;
}

function findings(trace: Trace, kind: Diagnostic['kind']): Diagnostic[] {
  return trace.diagnostics.filter((d) => d.kind === kind);
}

function layer(trace: Trace, module: string, l = 0): RecurrentTrace {
  const r = trace.recurrent.find((x) => x.module === module && x.layer === l && x.direction === 0);
  assert.ok(r, `no recurrent record ${module}|${l}; have ${trace.recurrent.map((x) => `${x.module}|${x.layer}`).join(', ')}`);
  return r;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('examples, traced', function () {
  // Each run is a fresh worker; two at a time keeps the whole file near 10-15 s on two cores.
  this.timeout(120_000);
  const outcomes = new Map<string, RunOutcome>();
  const traces = new Map<string, Trace>();
  const trace = (name: string): Trace => {
    const t = traces.get(name);
    assert.ok(t, `${name}: no trace (status ${outcomes.get(name)?.status}, ${outcomes.get(name)?.error?.message ?? ''})`);
    return t;
  };

  before(async () => {
    const names = Object.keys(LAYERS);
    const queue = [...names];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const out = await runScript(file(name), { trace: true, timeoutMs: 60_000 });
        outcomes.set(name, out);
        // what tools read is the JSON file: NaN/Infinity would not survive it
        if (out.trace) traces.set(name, JSON.parse(JSON.stringify(out.trace)) as Trace);
      }
    };
    await Promise.all([worker(), worker()]);
  });

  it('covers every example in examples/', () => {
    const onDisk = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(onDisk, Object.keys(LAYERS).sort());
  });

  it('runs every example to the end, and each trace validates against trace.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../../src/trace/trace.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const name of Object.keys(LAYERS)) {
      const out = outcomes.get(name);
      assert.equal(out?.status, 'ok', `${name}: ${out?.status} ${out?.error?.type ?? ''}: ${out?.error?.message ?? ''}`);
      const t = trace(name);
      assert.ok(validate(t), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      assert.equal(t.script.ok, true);
      assert.ok(t.console.length > 0, `${name} printed nothing`);
    }
  });

  it('records every recurrent layer with one step record per time step', () => {
    for (const [name, layers] of Object.entries(LAYERS)) {
      const t = trace(name);
      assert.equal(t.recurrent.length, layers.length, `${name}: ${t.recurrent.map((r) => `${r.module}|${r.layer}`).join(', ')}`);
      for (const [module, l, T] of layers) {
        const r = layer(t, module, l);
        assert.equal(r.steps.length, T, `${name} ${module}|${l}`);
        assert.deepEqual(
          r.steps.map((s) => s.t).sort((a, b) => a - b),
          Array.from({ length: T }, (_, i) => i),
          `${name} ${module}|${l}: t values`,
        );
        for (const s of r.steps) {
          assert.ok(Number.isFinite(s.gradNorm) && Number.isFinite(s.jacobianNorm) && Number.isFinite(s.hNorm), `${name} t=${s.t}`);
        }
      }
    }
  });

  it('keeps healthy models silent: no vanishing, exploding or other warning', () => {
    for (const name of HEALTHY) {
      const loud = trace(name).diagnostics.filter((d) => d.severity !== 'info');
      assert.deepEqual(
        loud.map((d) => `${d.kind}: ${d.message}`),
        [],
        name,
      );
    }
    for (const name of ['sineWave', 'lstm', 'gru', 'manyToOne']) assert.deepEqual(findings(trace(name), 'vanishing'), [], name);
  });

  it('shows a falling loss in the training examples', () => {
    for (const name of TRAINING) {
      const losses = trace(name).history.map((h) => h.loss ?? NaN);
      assert.ok(losses.length >= 20, `${name}: ${losses.length} iterations`);
      const first = mean(losses.slice(0, 5));
      const last = mean(losses.slice(-5));
      assert.ok(last < first / 2, `${name}: mean loss ${first} → ${last}`);
    }
  });

  it('vanishingDemo: vanishing fires with a short horizon, at the step and line of the model call', () => {
    const t = trace('vanishingDemo');
    const [d] = findings(t, 'vanishing');
    assert.ok(d, JSON.stringify(t.diagnostics));
    assert.equal(d.severity, 'warning');
    assert.equal(d.module, 'rnn');
    assert.equal(d.layer, 0);
    const T = 100;
    assert.ok(d.data.horizon > 0 && d.data.horizon < T / 5, `horizon ${d.data.horizon}`);
    assert.ok(d.data.ratio > 1e3, `ratio ${d.data.ratio}`);
    // the gradient peaks at the last step (the only loss) and is gone `horizon` steps earlier
    assert.equal(d.t, T - 1 - d.data.horizon);
    assert.equal(d.source?.file, file('vanishingDemo'));
    assert.equal(d.source?.line, lineOf('vanishingDemo', 'model.call(x)'));
    assert.ok(layer(t, 'rnn').sigmaMax < 0.6, `σ_max ${layer(t, 'rnn').sigmaMax}`);
  });

  it('explodingDemo: exploding fires as an error, naming the layer and the model call', () => {
    const t = trace('explodingDemo');
    const d = findings(t, 'exploding');
    assert.ok(d.length > 0, JSON.stringify(t.diagnostics));
    assert.ok(
      d.every((x) => x.severity === 'error'),
      JSON.stringify(d),
    );
    const layerFinding = d.find((x) => x.module === 'rnn' && x.layer === 0);
    assert.ok(layerFinding, JSON.stringify(d));
    assert.ok(layerFinding.data.ratio > 1e3 && layerFinding.data.growth > 1, JSON.stringify(layerFinding.data));
    assert.equal(layerFinding.source?.line, lineOf('explodingDemo', 'model.call(x)'));
    assert.ok(layer(t, 'rnn').sigmaMax > 3, `σ_max ${layer(t, 'rnn').sigmaMax}`);
    assert.deepEqual(findings(t, 'vanishing'), []);
    // the clipping advice carries a max_norm read from the run's own gradient norms
    const m = layerFinding.data.suggestedMaxNorm;
    assert.ok(m > 0 && Number.isFinite(m), JSON.stringify(layerFinding.data));
    assert.ok(layerFinding.suggestion?.includes(`max_norm=${m}`), layerFinding.suggestion);
    const total = Math.sqrt(Object.values(t.history[t.history.length - 1].gradNorms).reduce((a, v) => a + v * v, 0));
    assert.ok(m < total, `max_norm ${m} should cut the exploded total norm ${total}`);
  });

  it('explodingClipped: the history records the clipping, and exploding is at most info', () => {
    const t = trace('explodingClipped');
    assert.equal(t.history.length, 30);
    for (const h of t.history) {
      assert.ok(h.clip, `iteration ${h.iteration} has no clip record`);
      assert.equal(h.clip.maxNorm, 1);
      assert.ok(h.clip.clippedNorm <= h.clip.maxNorm * (1 + 1e-6), JSON.stringify(h.clip));
    }
    // the early iterations explode (before clipping) far past the limit
    assert.ok(t.history[0].clip!.totalNorm > 1e3, JSON.stringify(t.history[0].clip));
    const d = findings(t, 'exploding');
    assert.ok(
      d.every((x) => x.severity === 'info'),
      JSON.stringify(d),
    );
    assert.ok(d.length > 0, 'the explosion before clipping is still reported (as info)');
  });

  it('loss injection separates many-to-one from many-to-many', () => {
    const m1 = layer(trace('manyToOne'), 'rnn').steps.sort((a, b) => a.t - b.t);
    assert.deepEqual(
      m1.map((s) => s.lossInjected),
      m1.map((s) => s.t === m1.length - 1),
    );
    const mm = layer(trace('manyToManySync'), 'rnn').steps;
    assert.ok(mm.every((s) => s.lossInjected));
    const gen = layer(trace('oneToMany'), 'cell').steps;
    assert.ok(gen.every((s) => s.lossInjected));
    // encoder-decoder: the decoder's every step meets the loss, the encoder only through its last state
    const encoder = layer(trace('manyToManyAsync'), 'encoder').steps.sort((a, b) => a.t - b.t);
    assert.deepEqual(
      encoder.map((s) => s.lossInjected),
      encoder.map((s) => s.t === encoder.length - 1),
    );
    assert.ok(layer(trace('manyToManyAsync'), 'decoder').steps.every((s) => s.lossInjected));
    assert.ok(layer(trace('longSequence'), 'rnn').steps.every((s) => s.lossInjected));
  });

  it('lstm records forget gates and ∂L/∂c_t per step', () => {
    for (const l of [0, 1]) {
      for (const s of layer(trace('lstm'), 'lstm', l).steps) {
        assert.ok(s.forgetGate !== undefined && s.forgetGate > 0 && s.forgetGate < 1, `t=${s.t}`);
        assert.ok(s.cellGradNorm !== undefined && s.cellGradNorm > 0, `t=${s.t}`);
      }
    }
  });

  it('longSequence: the whole 1000-step graph is kept', () => {
    const t = trace('longSequence');
    assert.ok(t.graph.nodes.length > 4000, `${t.graph.nodes.length} nodes`);
    assert.notEqual(t.graph.truncated, true);
    assert.equal(t.history.length, 1);
  });
});
