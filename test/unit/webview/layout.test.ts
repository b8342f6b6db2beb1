import { strict as assert } from 'node:assert';
import type { Trace } from '../../../src/protocol/trace';
import { logDomain } from '../../../webview/src/colorScale';
import { layoutChain, layoutMacro } from '../../../webview/src/elkLayout';
import { buildGraphModel, graphNorms } from '../../../webview/src/graphModel';
import { detailFor, renderColumn, renderStandaloneSvg, type RenderCtx } from '../../../webview/src/graphSvg';
import { GridGeometry, macroGraph, type Box, type ChainLayout } from '../../../webview/src/gridLayout';
import { exampleTrace } from './traces';

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('webview layout (elkjs)', function () {
  this.timeout(120_000);
  let vanishing: Trace;
  let lstm: Trace;
  let long: Trace;
  before(async () => {
    [vanishing, lstm, long] = await Promise.all([exampleTrace('vanishingDemo'), exampleTrace('lstm'), exampleTrace('longSequence')]);
  });

  it('gives elk the nodes outside the steps and the grid as one node with a port per row', () => {
    const m = buildGraphModel(lstm);
    const g = macroGraph(m, new GridGeometry(m, new Map()));
    assert.equal(g.layoutOptions?.['elk.direction'], 'RIGHT');
    assert.equal(g.children!.length, m.loose.length + 1);
    const grid = g.children!.find((c) => c.id === '__grid')!;
    assert.equal(grid.ports!.length, 2 * m.rows.length);
    const ids = new Set([...g.children!.map((c) => c.id), ...grid.ports!.map((p) => p.id)]);
    for (const e of g.edges!) for (const end of [...e.sources, ...e.targets]) assert.ok(ids.has(end), end);
  });

  it('places the loss right of the grid and the inputs left of it, nothing overlapping', async () => {
    for (const tr of [vanishing, lstm]) {
      const m = buildGraphModel(tr);
      const laid = await layoutMacro(m, new GridGeometry(m, new Map()));
      assert.ok(laid.grid);
      const loss = laid.nodes.find((n) => n.node === tr.graph.roots[0])!;
      assert.ok(loss.x > laid.grid.x + laid.grid.w, 'loss right of the grid');
      const wih = laid.nodes.find((n) => n.label === 'AccumulateGrad' && m.nodes.get(n.node)!.leaf?.includes('weight_ih_l0'))!;
      assert.ok(wih.x + wih.w < laid.grid.x, 'W_ih left of the grid');
      for (const n of laid.nodes) assert.ok(!overlaps(n, laid.grid), `${n.label} overlaps the grid`);
      for (let i = 0; i < laid.nodes.length; i++) for (let j = i + 1; j < laid.nodes.length; j++) assert.ok(!overlaps(laid.nodes[i], laid.nodes[j]));
      assert.ok(laid.edges.length > 0);
    }
  });

  it("lays out an expanded step's grad_fn chain with h_{t-1}, x_t and the weights flowing in", async () => {
    const m = buildGraphModel(vanishing);
    const cell = m.rows[0].cells[5];
    const chain = await layoutChain(m, cell);
    const labels = chain.nodes.map((n) => n.label);
    for (const name of ['TanhBackward0', 'AddBackward0', 'AddmmBackward0', 'TBackward0', 'h[t=4]', 'rnn.weight_hh_l0', 'h[t=5] →']) assert.ok(labels.includes(name), name);
    const x = (label: string): number => chain.nodes.find((n) => n.label === label)!.x;
    // data flows left to right: h_{t-1} → Addmm → Add → Tanh → h_t
    assert.ok(x('h[t=4]') < x('AddmmBackward0') && x('AddmmBackward0') < x('AddBackward0') && x('AddBackward0') < x('TanhBackward0') && x('TanhBackward0') < x('h[t=5] →'));
    assert.ok(chain.width > 0 && chain.height > 0);
    assert.equal(chain.edges.length, 8);
  });

  it('hands elk the same few nodes at T = 1000 as at T = 100: the steps are one grid box, never 1000 columns', async () => {
    // what keeps the first paint fast at any T (timed in npm run bench, "Panel layout")
    const sizes: number[] = [];
    const columns: number[] = [];
    for (const tr of [vanishing, long]) {
      const m = buildGraphModel(tr);
      columns.push(m.columns);
      const geo = new GridGeometry(m, new Map());
      const laid = await layoutMacro(m, geo);
      assert.equal(laid.grid!.w, geo.width);
      sizes.push(laid.nodes.length);
    }
    assert.deepEqual(columns, [100, 1000]);
    assert.ok(sizes[1] <= sizes[0] + 2 && sizes[1] < 40, `elk nodes at T=100 and T=1000: ${sizes.join(', ')}`);
  });

  it('renders only the requested columns, with less detail zoomed out', async () => {
    const m = buildGraphModel(long);
    const geo = new GridGeometry(m, new Map<string, ChainLayout>());
    const ctx: RenderCtx = {
      model: m,
      geo,
      gridX: 0,
      gridY: 0,
      domain: logDomain(graphNorms(m)),
      expanded: new Map(),
      selectedNode: null,
      selectedCell: 'r0c500',
      highlighted: new Set(),
      detail: detailFor(1),
      text: (k) => k,
    };
    const col = renderColumn(ctx, 500);
    assert.match(col, /data-cell="r0c500"/);
    assert.match(col, /class="cell selected"/);
    assert.match(col, />t=500</);
    assert.match(col, /class="loss"/);
    assert.match(col, /class="rec"/);
    const low = renderColumn({ ...ctx, detail: detailFor(0.05) }, 500);
    assert.doesNotMatch(low, /<text/);
    assert.ok(low.length < col.length / 2);
    assert.match(renderColumn(ctx, 0), /class="cut"/);
  });

  it('exports the whole graph as one SVG document', async () => {
    const m = buildGraphModel(vanishing);
    const geo = new GridGeometry(m, new Map());
    const macro = await layoutMacro(m, geo);
    const colors = { background: '#fff', foreground: '#000', muted: '#777', border: '#999', accent: '#07f', error: '#e00', warning: '#b80', fontFamily: 'sans-serif', monoFamily: 'monospace' };
    const ctx: RenderCtx = { model: m, geo, gridX: macro.grid!.x, gridY: macro.grid!.y, domain: logDomain(graphNorms(m)), expanded: new Map(), selectedNode: null, selectedCell: null, highlighted: new Set(), detail: 'full', text: (k) => k };
    const svg = renderStandaloneSvg(ctx, macro, colors, ['rnn · L0']);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(svg.endsWith('</svg>'));
    assert.equal((svg.match(/data-cell=/g) ?? []).length, 100);
    assert.equal((svg.match(/class="node/g) ?? []).length, m.loose.length);
    assert.doesNotMatch(svg, /var\(--/);
  });
});
