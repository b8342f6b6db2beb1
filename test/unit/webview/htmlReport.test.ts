import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonForScript, renderHtmlReport } from '../../../src/cli/htmlReport';
import { exampleTrace } from './traces';

describe('HTML report', function () {
  this.timeout(120_000);
  const dist = join(__dirname, '../../../dist');

  it('inlines the bundle, the stylesheet and the trace behind a strict CSP with a nonce', async () => {
    const trace = structuredClone(await exampleTrace('manyToOne'));
    trace.console.push({ stream: 'stdout', text: '</script><script>alert(1)</script> <!-- \u2028' });
    const html = renderHtmlReport(trace, { js: 'console.log("</script>", "<!--");', css: 'body{color:red}</style>' }, { locale: 'zh-tw' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal((html.match(/<script nonce="/g) ?? []).length, 1);
    assert.equal((html.match(/<\/script>/gi) ?? []).length, 2, 'only the two script elements close');
    assert.doesNotMatch(html, /(src|href)="https?:/);
    assert.match(html, /data-locale="zh-tw"/);
    const json = /<script type="application\/json" id="bptt-trace">([^]*?)<\/script>/.exec(html)![1];
    assert.doesNotMatch(json, /</);
    assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(trace)));
    assert.doesNotMatch(html, /<\/style>[^\n]*<\/style>/);
  });

  it('escapes < in JSON so no element can end early', () => {
    assert.equal(jsonForScript({ a: '</script>' }), '{"a":"\\u003c/script>"}');
  });

  it('works with the built webview bundle', async function () {
    if (!existsSync(join(dist, 'webview.js'))) this.skip();
    const trace = await exampleTrace('manyToOne');
    const html = renderHtmlReport(trace, { js: readFileSync(join(dist, 'webview.js'), 'utf8'), css: readFileSync(join(dist, 'webview.css'), 'utf8') });
    assert.ok(html.length > 1_000_000);
    assert.doesNotMatch(html.slice(html.indexOf('<script nonce=')), /<\/script>[^]*<\/script>[^]*<\/script>/);
    assert.doesNotMatch(html, /\burl\(["']?https?:/);
  });
});
