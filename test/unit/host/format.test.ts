// Number, shape and Markdown formatting shared by every host view.
import assert from 'node:assert/strict';
import { fmtNum, fmtShape, mdCode, mdEscape, nonFiniteSuffix, stepSpan } from '../../../src/host/format';

describe('host/format', () => {
  it('formats norms short: 3 digits in [0.01, 1e4), else one-decimal scientific', () => {
    assert.equal(fmtNum(3.2e-4), '3.2e-4');
    assert.equal(fmtNum(0.11656), '0.117');
    assert.equal(fmtNum(1), '1');
    assert.equal(fmtNum(36467.4), '3.6e4');
    assert.equal(fmtNum(0), '0');
    assert.equal(fmtNum(NaN), 'NaN');
    assert.equal(fmtNum(-Infinity), '-Inf');
  });

  it('formats shapes, step spans and non-finite counts', () => {
    assert.equal(fmtShape([4, 32]), '[4, 32]');
    assert.equal(fmtShape([]), '[]');
    assert.equal(stepSpan([3, 0, 99]), 't = 0…99');
    assert.equal(stepSpan([7]), 't = 7');
    assert.equal(nonFiniteSuffix({ numel: 3, norm: 0, min: 0, max: 0, mean: 0, nanCount: 2, infCount: 1 }), ' · 2 NaN · 1 Inf');
  });

  it('escapes Markdown so names from a trace file cannot make links or break code spans', () => {
    assert.equal(mdEscape('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
    assert.equal(mdCode('a`b'), "`a'b`");
  });
});
