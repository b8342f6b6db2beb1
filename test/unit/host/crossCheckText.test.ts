// The cross-check table in the output channel: every label it shows has a Traditional Chinese
// translation with the same placeholders, and the table reads right in both languages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { formatCrossCheck } from '../../../src/cli/crossCheckText';
import type { CrossCheckReport } from '../../../src/protocol/crossCheck';
import { inZhTw, ROOT } from './traces';

const report = (agree: boolean, seed: number): CrossCheckReport => ({
  script: 'model.py',
  seed,
  tolerance: 1e-4,
  embedded: { producer: 'bptt-lens 0.1.0', status: 'ok', wallMs: 1200 },
  pytorch: { producer: 'torch 1.13.1', status: 'ok', wallMs: 2300 },
  rows: [
    { quantity: 'loss', phase: 'run', name: 'loss', relDiff: 3e-7, where: 'iteration 2', embedded: 0.5, pytorch: 0.5000002, count: 3, basis: 'values', ok: true },
    { quantity: 'paramGrad', phase: 'run', name: 'rnn.weight_hh_l0', relDiff: agree ? 2e-6 : 0.2, where: 'element 7', embedded: 0.1, pytorch: 0.12, count: 16, basis: 'values', ok: agree },
    { quantity: 'stepGradNorm', phase: 'run', name: 'rnn layer 0', relDiff: 1e-6, where: 't=3', embedded: 1, pytorch: 1, count: 5, basis: 'values', ok: true },
  ],
  worst: { loss: 3e-7, paramGrad: agree ? 2e-6 : 0.2, stepGradNorm: 1e-6 },
  mismatches: agree ? [] : ['parameter fc.bias exists only on PyTorch'],
  outputDiff: { line: 2, embedded: 'a', pytorch: 'b' },
  agree,
  verdict: agree ? 'agree' : 'disagree',
});

/** A run whose first backward agrees and whose training then drifts apart. */
const diverged = (): CrossCheckReport => {
  const r = report(false, 0);
  r.mismatches = [];
  r.rows.unshift({ quantity: 'loss', phase: 'first', name: 'loss', relDiff: 4e-6, where: 'iteration 0', embedded: 1.86, pytorch: 1.86, count: 1, basis: 'values', ok: true });
  r.verdict = 'diverged';
  r.divergence = { iteration: 2, growth: 140 };
  return r;
};

describe('host: cross-check table', () => {
  it('lays out one aligned row per quantity and says whether the engines agree', () => {
    const text = formatCrossCheck(report(false, 0));
    const lines = text.split('\n');
    assert.equal(lines[0], 'Cross-check of model.py (seed 0)');
    const rows = lines.filter((l) => /^(loss|parameter grad|‖∂L\/∂h_t‖) /.test(l));
    assert.equal(rows.length, 3);
    assert.equal(new Set(rows.map((r) => r.indexOf(r.includes('element') ? 'element' : r.includes('iteration') ? 'iteration' : 't='))).size, 1, 'the "where" column is aligned');
    assert.match(text, /rnn\.weight_hh_l0 +2\.0e-1 +element 7 .*✗/);
    assert.match(text, /✗ parameter fc\.bias exists only on PyTorch/);
    assert.match(text, /disagree \(tolerance 1\.0e-4\)/);
    assert.match(formatCrossCheck(report(true, 3)), /^Cross-check of model\.py \(seed 3\)[\s\S]*✓ The embedded engine agrees with PyTorch within 1\.0e-4\./);
  });

  it('puts the first backward in its own section and explains a training that drifts apart', () => {
    const text = formatCrossCheck(diverged());
    const first = text.indexOf('First backward');
    const whole = text.indexOf('Whole run');
    assert.ok(first > 0 && whole > first, text);
    assert.ok(text.slice(first, whole).includes('iteration 0'));
    assert.match(text, /≈ The first backward agrees within 1\.0e-4\.\nFrom iteration 2 the runs drift apart: the loss difference grows ×140 per iteration/);
    assert.doesNotMatch(text, /disagree/);
  });

  it('translates every label into Traditional Chinese, keeping the placeholders', () => {
    const bundle = JSON.parse(readFileSync(join(ROOT, 'l10n/bundle.l10n.zh-tw.json'), 'utf8')) as Record<string, string>;
    const used = new Set<string>();
    const t = (m: string, ...a: Array<string | number>): string => (used.add(m), l10n.t(m, ...a));
    for (const r of [report(true, 0), report(false, 1), diverged()]) formatCrossCheck(r, t);
    assert.ok(used.size >= 12);
    const ph = (x: string): string[] => (x.match(/\{\d+\}/g) ?? []).sort();
    for (const m of used) {
      assert.ok(bundle[m], `l10n/bundle.l10n.zh-tw.json lacks: ${m}`);
      assert.deepEqual(ph(bundle[m]), ph(m), m);
    }
    const zh = inZhTw(() => formatCrossCheck(report(true, 0), (m, ...a) => l10n.t(m, ...a)));
    assert.match(zh, /^model\.py 的交叉驗證（種子 0）/);
    assert.match(zh, /✓ 內建引擎與 PyTorch 的結果一致，誤差在 1\.0e-4 以內。/);
  });
});
