// The panel's edges: messages from the webview (untrusted), its HTML and CSP, trace files from
// disk (untrusted), export payloads, the per-step CSV, and the compare summary.
import assert from 'node:assert/strict';
import { compareMarkdown } from '../../../src/host/compare';
import { checkTrace, exportBytes, parseTraceText, runId, stepsCsv } from '../../../src/host/traceFile';
import { contentSecurityPolicy, makeNonce, renderWebviewHtml } from '../../../src/host/webviewHtml';
import { parseFromWebview, parseWebviewState } from '../../../src/protocol/validate';
import { example, traceOf } from './traces';

describe('host: messages from the webview', () => {
  it('accepts well-formed messages and copies only known fields', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'revealSource', location: { file: '/a.ts', line: 3, column: 1, x: 'y' } }), {
      type: 'revealSource',
      location: { file: '/a.ts', line: 3, column: 1 },
    });
    assert.deepEqual(parseFromWebview({ type: 'exportResult', requestId: 4, format: 'csv', data: 'a,b\n' }), { type: 'exportResult', requestId: 4, format: 'csv', data: 'a,b\n' });
  });

  it('rejects anything else', () => {
    for (const bad of [
      null,
      'ready',
      { type: 'runScript', file: '/etc/passwd' },
      { type: 'revealSource', location: { file: '', line: 1, column: 1 } },
      { type: 'revealSource', location: { file: '/a.ts', line: 0, column: 1 } },
      { type: 'exportResult', requestId: -1, format: 'svg', data: '' },
      { type: 'exportResult', requestId: 1, format: 'exe', data: '' },
      { type: 'nodeSelected', nodeId: 42 },
      { type: 'webviewError', message: 'x'.repeat(20000) },
    ]) {
      assert.equal(parseFromWebview(bad), null, JSON.stringify(bad)?.slice(0, 80));
    }
    assert.equal(parseWebviewState({ traceId: 1 }), null);
    assert.deepEqual(parseWebviewState({ traceId: null, tracePath: '/t.json', selectedNode: null, tab: 'graph' }), {
      traceId: null,
      tracePath: '/t.json',
      selectedNode: null,
      tab: 'graph',
    });
  });
});

describe('host/webviewHtml', () => {
  it('loads only the bundle, under a strict CSP with a fresh nonce', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(makeNonce(), nonce);
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', nonce);
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src https://x.vscode-cdn.net 'nonce-${nonce}'; img-src https://x.vscode-cdn.net data:; font-src https://x.vscode-cdn.net`,
    );
    const html = renderWebviewHtml({
      cspSource: 'https://x.vscode-cdn.net',
      nonce,
      scriptUri: 'https://x.vscode-cdn.net/ext/dist/webview.js',
      styleUri: 'https://x.vscode-cdn.net/ext/dist/webview.css',
      lang: 'zh-tw',
      title: 'BPTT <trace>',
    });
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`));
    assert.match(html, /<html lang="zh-tw">/);
    assert.match(html, /<title>BPTT &lt;trace&gt;<\/title>/);
    const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="https://x.vscode-cdn.net/ext/dist/webview.js">`]);
    assert.ok(!/unsafe-inline|unsafe-eval|http:/.test(html));
    assert.ok(!html.includes('<style'));
  });
});

describe('host/traceFile', () => {
  it('reads a real trace back and rejects what is not one', async () => {
    const t = await traceOf(example('vanishingDemo'));
    const back = parseTraceText(JSON.stringify(t));
    assert.ok(back.ok);
    assert.deepEqual(back.trace, t);
    assert.equal(parseTraceText('{').ok, false);
    assert.match((parseTraceText('[]') as { error: string }).error, /not a JSON object/);
    assert.match((checkTrace({ ...t, version: 2 }) as { error: string }).error, /Unsupported trace version 2/);
    assert.match((checkTrace({ ...t, graph: { ...t.graph, nodes: [{ id: 1 }] } }) as { error: string }).error, /graph\.nodes/);
    assert.match(runId(t), /^vanishingDemo\.ts-\d{4}-\d\d-\d\dT[\d.-]+Z$/);
  });

  it('writes the per-step data as CSV, one row per layer and step', async () => {
    const t = await traceOf(example('manyToManyAsync'));
    const rows = stepsCsv(t).trimEnd().split('\n');
    assert.equal(rows[0], 'module,layer,direction,kind,t,hNorm,gradNorm,jacobianNorm,whhGradNorm,saturation,lossInjected,forgetGate,cellGradNorm');
    assert.equal(rows.length, 1 + 12);
    const dec0 = rows.find((r) => r.startsWith('decoder,0,0,RNN_TANH,0,'))!.split(',');
    const s = t.recurrent.find((r) => r.module === 'decoder')!.steps.find((x) => x.t === 0)!;
    assert.equal(Number(dec0[6]), s.gradNorm);
  });

  it('accepts export payloads only in their format', () => {
    assert.deepEqual(exportBytes('svg', '<svg/>'), new TextEncoder().encode('<svg/>'));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    assert.deepEqual(exportBytes('png', `data:image/png;base64,${png.toString('base64')}`), new Uint8Array(png));
    assert.equal(exportBytes('png', `data:text/html;base64,${png.toString('base64')}`), null);
    assert.equal(exportBytes('png', `data:image/png;base64,${Buffer.from('<script>').toString('base64')}`), null);
  });
});

describe('host/compare', () => {
  it('sets two runs side by side: profiles, findings, parameter norms', async () => {
    const a = await traceOf(example('vanishingDemo'));
    const b = await traceOf(example('explodingDemo'));
    const md = compareMarkdown(a, b, 'A-run', 'B-run');
    assert.match(md, /- \*\*A\*\* A-run — BPTT: vanishing @ rnn \(horizon 6\)/);
    assert.match(md, /- \*\*B\*\* B-run — BPTT: exploding @ rnn/);
    assert.match(md, /## rnn RNN_TANH \(layer 0\)/);
    assert.match(md, /\| t \| ‖∂L\/∂h_t‖ A \| ‖∂L\/∂h_t‖ B \| B \/ A \|/);
    assert.match(md, /\| 99 \| [^|]+ \| – \| – \|/);
    assert.match(md, /\| vanishing \| .*reaches only 6 steps back.* \| – \|/);
    assert.match(md, /\| rnn\.weight_hh_l0 \| [\d.e-]+ \| [\d.e-]+ \| [\d.e-]+ \|/);
  });
});
