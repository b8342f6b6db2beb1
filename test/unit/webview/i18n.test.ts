import { strict as assert } from 'node:assert';
import { en, placeholders, resolveLang, translator, zhTw } from '../../../webview/src/i18n';
import { diagnosticText } from '../../../webview/src/diagnosticText';
import { exampleTrace } from './traces';

describe('webview i18n', function () {
  this.timeout(120_000);

  it('has a Traditional Chinese string for every English key, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      assert.ok(zhTw[key], `zh-tw lacks ${key}`);
      assert.ok(en[key], `en lacks ${key}`);
      assert.deepEqual(placeholders(zhTw[key]), placeholders(en[key]), key);
    }
    assert.deepEqual(Object.keys(zhTw).sort(), Object.keys(en).sort());
  });

  it('translates, not just copies: the tab names differ', () => {
    for (const key of ['tabGraph', 'tabSteps', 'tabGradients', 'tabTraining', 'tabDiagnostics'] as const) assert.notEqual(zhTw[key], en[key]);
  });

  it("picks zh-tw for VS Code's and browsers' Traditional Chinese locales only", () => {
    for (const l of ['zh-tw', 'zh-TW', 'zh-Hant', 'zh-Hant-TW', 'zh-HK']) assert.equal(resolveLang(l), 'zh-tw', l);
    for (const l of ['en', 'en-US', 'zh-cn', 'ja', '', undefined, null]) assert.equal(resolveLang(l), 'en', String(l));
  });

  it('fills placeholders', () => {
    assert.equal(translator('en')('more', { n: 3 }), '… 3 more');
    assert.equal(translator('zh-tw')('more', { n: 3 }), '… 還有 3 個');
  });

  it('rebuilds diagnostics in zh-tw from kind and data, and keeps the English message in en', async () => {
    for (const name of ['vanishingDemo', 'explodingDemo', 'explodingClipped']) {
      const tr = await exampleTrace(name);
      assert.ok(tr.diagnostics.length > 0, name);
      for (const d of tr.diagnostics) {
        assert.deepEqual(diagnosticText(d, 'en', translator('en'), () => undefined), { message: d.message, suggestion: d.suggestion ?? null });
        const zh = diagnosticText(d, 'zh-tw', translator('zh-tw'), () => undefined);
        assert.doesNotMatch(zh.message, /\{\w+\}/, zh.message);
        assert.match(zh.message, /[\u4e00-\u9fff]/, zh.message);
        if (d.suggestion) assert.match(zh.suggestion!, /[\u4e00-\u9fff]/);
      }
    }
  });
});
