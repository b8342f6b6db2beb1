import { strict as assert } from 'node:assert';
import { colorOf, legendTicks, logDomain, NONFINITE_COLOR, position, rampRgb, textOn, ZERO_COLOR } from '../../../webview/src/colorScale';
import { buildGraphModel, graphNorms } from '../../../webview/src/graphModel';
import { exampleTrace } from './traces';

describe('webview log colour scale', function () {
  this.timeout(120_000);

  it('spans whole decades of the positive finite values', () => {
    assert.deepEqual(logDomain([3e-5, 0.2, 0, -1, NaN, Infinity]), { lo: -5, hi: 0 });
    assert.deepEqual(logDomain([1, 1]), { lo: 0, hi: 1 });
    assert.deepEqual(logDomain([]), { lo: -6, hi: 0 });
  });

  it('is monotone in log10 of the value', () => {
    const d = { lo: -8, hi: 0 };
    const ps = [1e-9, 1e-8, 1e-6, 1e-4, 1e-2, 1, 10].map((v) => position(v, d)!);
    assert.deepEqual(ps, [0, 0, 0.25, 0.5, 0.75, 1, 1]);
    assert.equal(position(0, d), null);
    assert.equal(position(NaN, d), null);
  });

  it('runs dark to bright (viridis), with its own colours for zero and NaN/Inf', () => {
    const lum = (p: number): number => {
      const [r, g, b] = rampRgb(p);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let p = 0; p < 1; p += 0.125) assert.ok(lum(p + 0.125) > lum(p), `luminance rises at ${p}`);
    const d = { lo: -3, hi: 0 };
    assert.equal(colorOf(0, d), ZERO_COLOR);
    assert.equal(colorOf(null, d), ZERO_COLOR);
    assert.equal(colorOf(NaN, d), NONFINITE_COLOR);
    assert.equal(colorOf(Infinity, d), NONFINITE_COLOR);
    assert.match(colorOf(0.01, d), /^rgb\(\d+,\d+,\d+\)$/);
  });

  it('picks readable text on each colour', () => {
    assert.equal(textOn(`rgb(${rampRgb(0).join(',')})`), '#fff');
    assert.equal(textOn(`rgb(${rampRgb(1).join(',')})`), '#000');
  });

  it('labels decades with both ends', () => {
    assert.deepEqual(legendTicks({ lo: -45, hi: 0 }, 4), [-45, -30, -15, 0]);
    assert.deepEqual(legendTicks({ lo: -3, hi: 0 }), [-3, -2, -1, 0]);
  });

  it('covers the tens of decades of the vanishing demo', async () => {
    const m = buildGraphModel(await exampleTrace('vanishingDemo'));
    const d = logDomain(graphNorms(m));
    assert.ok(d.hi - d.lo >= 20, JSON.stringify(d));
    const cells = m.rows[0].cells;
    // ‖∂L/∂h_t‖ decays going back from the loss: the first step is darker than the last.
    assert.ok(position(cells[0].norm!, d)! < position(cells[cells.length - 1].norm!, d)!);
  });
});
