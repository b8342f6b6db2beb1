import { strict as assert } from 'node:assert';
import { CHUNK_COLUMNS, fitBox, Track, worldRect, zoomAt } from '../../../webview/src/geometry';
import { buildGraphModel } from '../../../webview/src/graphModel';
import { CELL_W, COL_GAP, GRID_SIDE, GridGeometry } from '../../../webview/src/gridLayout';
import { exampleTrace } from './traces';

describe('webview virtualisation window', function () {
  this.timeout(120_000);

  it('places items by prefix sums and finds the visible ones by binary search', () => {
    const t = new Track([10, 10, 10], 5);
    assert.deepEqual([...t.starts], [0, 15, 30, 40]);
    assert.equal(t.total, 40);
    assert.deepEqual(t.window(8, 20), [0, 1]);
    assert.deepEqual(t.window(12, 20), [1, 1]); // 12 is in the gap after item 0
    assert.deepEqual(t.window(16, 18), [1, 1]);
    assert.equal(t.window(26, 29), null); // only a gap in view
    assert.deepEqual(t.window(26, 31), [2, 2]);
    assert.deepEqual(t.window(-100, -1), null);
    assert.deepEqual(t.window(41, 100), null);
    assert.deepEqual(t.window(0, 100, 2), [0, 2]);
    assert.equal(new Track([], 5).window(0, 10), null);
  });

  it('handles variable widths (an expanded step)', () => {
    const t = new Track([10, 500, 10, 10], 0);
    assert.deepEqual(t.window(100, 200), [1, 1]);
    assert.deepEqual(t.window(505, 515), [1, 2]);
    assert.deepEqual(t.window(100, 200, 1), [0, 2]);
  });

  it('shows a handful of the 1000 columns of a T = 1000 trace, and all of them zoomed out', async () => {
    const m = buildGraphModel(await exampleTrace('longSequence'));
    const geo = new GridGeometry(m, new Map());
    assert.equal(geo.cols.length, 1000);
    assert.equal(geo.width, 2 * GRID_SIDE + 1000 * (CELL_W + COL_GAP) - COL_GAP);
    // a 1200 px wide viewport at scale 1 over the middle of the grid
    const view = { scale: 1, tx: -60_000, ty: 0 };
    const w = worldRect(view, 1200, 800);
    const win = geo.cols.window(w.x0 - GRID_SIDE, w.x1 - GRID_SIDE, 1)!;
    const count = win[1] - win[0] + 1;
    assert.ok(count >= 9 && count <= 13, `${count} columns`);
    assert.ok(win[0] > 450 && win[1] < 500, JSON.stringify(win));
    const chunks = Math.floor(win[1] / CHUNK_COLUMNS) - Math.floor(win[0] / CHUNK_COLUMNS) + 1;
    assert.ok(chunks <= 2);
    // fitted whole, every column is in view
    const fit = fitBox({ x: 0, y: 0, w: geo.width, h: geo.height }, 1200, 800);
    const all = worldRect(fit, 1200, 800);
    assert.deepEqual(geo.cols.window(all.x0 - GRID_SIDE, all.x1 - GRID_SIDE), [0, 999]);
  });

  it('zooms about the pointer', () => {
    const v = zoomAt({ scale: 1, tx: 0, ty: 0 }, 2, 100, 50);
    assert.deepEqual(v, { scale: 2, tx: -100, ty: -50 });
    assert.equal(zoomAt(v, 1e9, 0, 0).scale, 4);
    assert.equal(zoomAt(v, 1e-9, 0, 0).scale, 0.002);
  });

  it('grows the column and row of an expanded step', async () => {
    const m = buildGraphModel(await exampleTrace('vanishingDemo'));
    const cell = m.rows[0].cells[10];
    const geo = new GridGeometry(m, new Map([[cell.key, { width: 900, height: 200, nodes: [], edges: [] }]]));
    assert.equal(geo.cols.size(10), 900);
    assert.equal(geo.cols.size(9), CELL_W);
    assert.equal(geo.rows.size(0), 200);
    const b = geo.cellBox(cell);
    assert.equal(b.w, 900);
    assert.equal(geo.cellBox(m.rows[0].cells[11]).x, b.x + 900 + COL_GAP);
  });
});
