import { strict as assert } from 'node:assert';
import { initialGridView, panIntoView, worldRect } from '../../../webview/src/geometry';
import { buildGraphModel } from '../../../webview/src/graphModel';
import { GRID_SIDE, GridGeometry } from '../../../webview/src/gridLayout';
import { inspectorOpen, type InspectorEvent } from '../../../webview/src/inspectorState';
import { exampleTrace } from './traces';

/** The open state after a sequence of events, from folded. */
const after = (...events: InspectorEvent[]): boolean => events.reduce(inspectorOpen, false);

describe('webview Inspector: folded until something is selected', function () {
  this.timeout(120_000);

  it('starts folded, unless the panel comes back with a selection', () => {
    assert.equal(after({ type: 'trace', selected: false }), false);
    assert.equal(after({ type: 'trace', selected: true }), true);
    // a new trace without a selection folds an Inspector the last trace had open
    assert.equal(after({ type: 'selected' }, { type: 'trace', selected: false }), false);
  });

  it('unfolds on a selection, folds when it is cleared', () => {
    assert.equal(after({ type: 'trace', selected: false }, { type: 'selected' }), true);
    assert.equal(after({ type: 'selected' }, { type: 'selected' }), true);
    assert.equal(after({ type: 'selected' }, { type: 'cleared' }), false);
  });

  it('closes and opens by hand, whatever is selected; the next selection unfolds it again', () => {
    assert.equal(after({ type: 'selected' }, { type: 'close' }), false);
    assert.equal(after({ type: 'selected' }, { type: 'close' }, { type: 'selected' }), true);
    assert.equal(after({ type: 'open' }), true); // the strip: the hint and the help, nothing selected
    assert.equal(after({ type: 'open' }, { type: 'cleared' }), false);
    assert.equal(after({ type: 'toggle' }), true);
    assert.equal(after({ type: 'toggle' }, { type: 'toggle' }), false);
  });

  /** Step columns wholly inside a viewport of `width` × `height` on the first view of a trace's grid. */
  async function columnsInView(name: string, width: number, height: number): Promise<number> {
    const m = buildGraphModel(await exampleTrace(name));
    const geo = new GridGeometry(m, new Map());
    const v = initialGridView({ x: 0, y: 0, w: geo.width, h: geo.height }, width, height);
    const w = worldRect(v, width, height);
    let n = 0;
    for (let c = 0; c < geo.cols.length; c++) {
      const x0 = GRID_SIDE + geo.cols.start(c);
      if (x0 >= w.x0 && x0 + geo.cols.size(c) <= w.x1) n++;
    }
    return n;
  }

  it('the first view of a long sequence shows more steps in the width the folded Inspector leaves', async () => {
    // the HTML report at 1100 px: the graph was 758 px wide beside the open Inspector, 1072 px beside the strip
    const open = await columnsInView('vanishingDemo', 758, 527);
    const folded = await columnsInView('vanishingDemo', 1072, 527);
    assert.equal(open, 4);
    assert.equal(folded, 7);
    // a VS Code panel beside the editor (1600 × 1000 window): 429 px → 743 px
    assert.equal(await columnsInView('longSequence', 429, 640), 2);
    assert.equal(await columnsInView('longSequence', 743, 640), 4);
  });

  it('keeps a selection in view when the Inspector unfolding narrows the graph, moving it as little as it can', () => {
    const v = { tx: -1000, ty: 0, scale: 0.5 };
    // on screen at x 500..550 of a 1000 px stage
    const box = { x: 3000, y: 100, w: 100, h: 40 };
    assert.equal(panIntoView(v, box, 1000, 600), v, 'already in view: unchanged');
    // the stage narrows to 520 px: the box's right edge goes to 520 - 24
    const p = panIntoView(v, box, 520, 600);
    assert.equal(p.scale, 0.5);
    assert.equal(p.ty, 0);
    assert.equal(3000 * 0.5 + p.tx + 100 * 0.5, 520 - 24);
    // wider than the stage: its left edge at the pad
    const wide = panIntoView(v, { x: 3000, y: 100, w: 4000, h: 40 }, 520, 600);
    assert.equal(3000 * 0.5 + wide.tx, 24);
  });
});
