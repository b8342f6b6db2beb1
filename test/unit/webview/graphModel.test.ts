import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../../src/runtime/runner';
import type { Trace } from '../../../src/protocol/trace';
import { buildGraphModel, findCell, graphNorms, rowLabel } from '../../../webview/src/graphModel';
import { exampleTrace } from './traces';

describe('webview graph model', function () {
  this.timeout(120_000);
  let vanishing: Trace;
  let lstm: Trace;
  let long: Trace;
  let manyToOne: Trace;
  before(async () => {
    [vanishing, lstm, long, manyToOne] = await Promise.all([exampleTrace('vanishingDemo'), exampleTrace('lstm'), exampleTrace('longSequence'), exampleTrace('manyToOne')]);
  });

  it('has one row per recorded layer and direction, one cell per step', () => {
    const m = buildGraphModel(vanishing);
    assert.equal(m.rows.length, vanishing.recurrent.length);
    const r = vanishing.recurrent[0];
    assert.equal(m.rows[0].cells.length, r.steps.length);
    assert.equal(m.columns, r.steps.length);
    assert.deepEqual(
      m.rows[0].cells.map((c) => c.t),
      r.steps.map((s) => s.t),
    );
    assert.equal(rowLabel(m.rows[0]), `${r.module} · L0`);
  });

  it('puts every step-tagged node in exactly one cell and the rest outside', () => {
    for (const tr of [vanishing, lstm]) {
      const m = buildGraphModel(tr);
      const tagged = tr.graph.nodes.filter((n) => n.step).length;
      const inCells = m.rows.reduce((s, r) => s + r.cells.reduce((k, c) => k + c.nodes.length, 0), 0);
      assert.equal(inCells, tagged);
      assert.equal(m.cellOfNode.size, tagged);
      assert.equal(m.loose.length, tr.graph.nodes.length - tagged);
      for (const id of m.loose) assert.equal(m.nodes.get(id)!.step, undefined);
    }
  });

  it("expands a step to PyTorch's grad_fn chain (RNN: Tanh ← Add ← Addmm ← T)", () => {
    const m = buildGraphModel(vanishing);
    const cell = m.rows[0].cells[5];
    const names = cell.nodes.map((id) => m.nodes.get(id)!.name).sort();
    assert.deepEqual(names, ['AddBackward0', 'AddmmBackward0', 'TBackward0', 'TanhBackward0']);
    assert.equal(m.nodes.get(cell.output!)!.name, 'TanhBackward0');
  });

  it("takes h_t's node as a step's output (LSTM: o·tanh(c), not c)", () => {
    const m = buildGraphModel(lstm);
    assert.equal(m.rows.length, 2);
    for (const row of m.rows) for (const c of row.cells) assert.equal(m.nodes.get(c.output!)!.name, 'MulBackward0');
  });

  it('colours a cell by its step gradNorm', () => {
    const m = buildGraphModel(vanishing);
    m.rows[0].cells.forEach((c, i) => assert.equal(c.norm, vanishing.recurrent[0].steps[i].gradNorm));
    assert.ok(graphNorms(m).length >= m.rows[0].cells.length);
  });

  it('marks loss injection: every step (many-to-many) or only the last (many-to-one)', () => {
    const all = buildGraphModel(long).rows[0].cells;
    assert.equal(all.length, 1000);
    assert.ok(all.every((c) => c.lossInjected));
    const one = buildGraphModel(manyToOne).rows[0].cells;
    assert.deepEqual(
      one.filter((c) => c.lossInjected).map((c) => c.col),
      [one.length - 1],
    );
  });

  it('draws a cut where no gradient reaches the previous state (constant h_0, or detach)', () => {
    for (const tr of [vanishing, lstm]) {
      const m = buildGraphModel(tr);
      for (const row of m.rows) {
        assert.equal(row.cells[0].cut, true, `${row.key} starts without a grad path into h_0`);
        assert.ok(row.cells.slice(1).every((c) => !c.cut && !c.segmentStart));
      }
    }
  });

  it('splits restarted tags into segments: a hand-written loop that detach()es every 4 steps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bptt-webview-'));
    const file = join(dir, 'cellDetach.ts');
    writeFileSync(
      file,
      `import { nn, torch, type Tensor } from 'bptt-lens';
torch.manualSeed(0);
const cell = new nn.RNNCell(2, 8);
const head = new nn.Linear(8, 1);
let h: Tensor = torch.zeros(1, 8);
const outs: Tensor[] = [];
for (let t = 0; t < 12; t++) {
  if (t % 4 === 0) h = h.detach();
  h = cell.call(torch.randn(1, 2), h);
  outs.push(head.call(h));
}
torch.stack(outs).pow(2).mean().backward();
`,
    );
    const out = await runScript(file, { trace: true });
    rmSync(dir, { recursive: true, force: true });
    assert.ok(out.trace, out.error?.message);
    const m = buildGraphModel(out.trace);
    assert.equal(m.rows.length, 1);
    const cells = m.rows[0].cells;
    assert.equal(cells.length, 12);
    assert.deepEqual(
      cells.map((c) => c.t),
      [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3],
    );
    assert.deepEqual(
      cells.filter((c) => c.cut).map((c) => c.col),
      [0, 4, 8],
    );
    // The recorder describes the last window; the earlier ones are coloured by their nodes' gradients.
    assert.deepEqual(
      cells.map((c) => c.step !== null),
      [false, false, false, false, false, false, false, false, true, true, true, true],
    );
    assert.ok(cells.every((c) => c.norm !== null && c.norm > 0));
  });

  it('finds a cut in the middle of a sequence (no edge from step t into step t-1)', () => {
    const tr = structuredClone(vanishing);
    const m0 = buildGraphModel(tr);
    const row = m0.rows[0];
    // Cut the chain between t=49 and t=50: drop the edges from step 50 into step 49.
    const step49 = new Set(row.cells[49].nodes);
    const step50 = new Set(row.cells[50].nodes);
    tr.graph.edges = tr.graph.edges.filter((e) => !(step50.has(e.from) && step49.has(e.to)));
    const m = buildGraphModel(tr);
    const cells = m.rows[0].cells;
    assert.equal(cells.length, 100);
    assert.deepEqual(
      cells.filter((c) => c.segmentStart).map((c) => c.t),
      [0, 50],
    );
    assert.deepEqual(
      cells.filter((c) => c.cut).map((c) => c.t),
      [0, 50],
    );
  });

  it('finds the cell a diagnostic or FocusStep points at', () => {
    const m = buildGraphModel(vanishing);
    const d = vanishing.diagnostics.find((x) => x.kind === 'vanishing')!;
    const c = findCell(m, d.module!, d.layer!, d.direction ?? 0, d.t!);
    assert.ok(c);
    assert.equal(c.t, d.t);
    assert.equal(findCell(m, 'nope', 0, 0, 1), null);
  });

  it('maps parameters to their AccumulateGrad nodes', () => {
    const m = buildGraphModel(vanishing);
    for (const p of vanishing.model.parameters) {
      const id = m.paramNode.get(p.name);
      assert.ok(id, p.name);
      assert.equal(m.nodes.get(id)!.name, 'AccumulateGrad');
    }
  });

  it('builds the T = 1000 model with one cell per step and layer (its time is in npm run bench, "Panel layout")', () => {
    const m = buildGraphModel(long);
    assert.equal(m.columns, 1000);
    assert.equal(m.rows.length, long.recurrent.length);
    for (const r of m.rows) assert.equal(r.cells.length, 1000);
  });
});
