// Checks the webview in its VS Code role, without VS Code: a page with a stand-in
// acquireVsCodeApi() that records what the app posts and saves, and host messages sent with
// window.postMessage. Prints what happened; exits non-zero on a failed check.
//   npx tsx test/e2e-visual/hostedMode.ts trace.json
import { readFileSync, writeFileSync } from 'node:fs';

interface Page {
  goto(url: string): Promise<unknown>;
  waitForFunction(expression: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
  evaluate<T>(expression: string): Promise<T>;
  waitForTimeout(ms: number): Promise<void>;
  on(event: 'pageerror', f: (e: Error) => void): void;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  const trace = readFileSync(file, 'utf8');
  const js = readFileSync('dist/webview.js', 'utf8').replace(/<(\/?script)/gi, '\\x3C$1');
  const css = readFileSync('dist/webview.css', 'utf8');
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div id="app"></div>
<script>
  window.posted = []; window.saved = null;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => window.saved, setState: (s) => (window.saved = s) });
</script><script>${js}</script></body></html>`;
  writeFileSync('/tmp/bptt-hosted.html', html);
  const moduleName = 'playwright-core';
  const { chromium } = await import(moduleName);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let failed = 0;
  const check = (ok: boolean, what: string): void => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failed++;
  };
  await page.goto('file:///tmp/bptt-hosted.html');
  await page.waitForFunction('window.posted.length > 0');
  check(await page.evaluate<boolean>("window.posted[0].type === 'ready'"), 'posts ReadyMessage on load');
  await page.evaluate(`window.postMessage({ type: 'showTrace', traceId: 'run-1', tracePath: '/tmp/t.json', locale: 'en', trace: ${trace} }, '*')`);
  await page.waitForFunction('document.body.dataset.layoutMs !== undefined', undefined, { timeout: 30000 });
  check(await page.evaluate<boolean>("window.saved && window.saved.traceId === 'run-1' && window.saved.tracePath === '/tmp/t.json' && window.saved.tab === 'graph'"), 'saves WebviewState (traceId, tracePath, tab)');
  // a click on a step: nodeSelected + revealSource
  await page.evaluate("window.posted.length = 0; document.querySelector('[data-cell]').dispatchEvent(new MouseEvent('click', { bubbles: true }))");
  await page.waitForTimeout(100);
  const posted = await page.evaluate<{ type: string }[]>('window.posted');
  check(posted.some((m) => m.type === 'nodeSelected'), 'a click on a step posts NodeSelectedMessage');
  check(posted.some((m) => m.type === 'revealSource'), 'a click on a step posts RevealSourceMessage');
  check(await page.evaluate<boolean>('window.saved.selectedNode !== null'), 'saves the selected node');
  // highlightLines: the nodes of the rnn line
  const line = JSON.parse(trace).recurrent[0]?.source?.line ?? 1;
  const src = JSON.parse(trace).recurrent[0]?.source?.file ?? '';
  await page.evaluate(`window.postMessage({ type: 'highlightLines', file: ${JSON.stringify(src)}, lines: [${line}] }, '*')`);
  await page.waitForTimeout(200);
  check(await page.evaluate<number>("document.querySelectorAll('.cell.hl').length") > 0, 'HighlightLinesMessage highlights the cells of that line');
  // focusStep and focusParameter
  const r = JSON.parse(trace).recurrent[0];
  await page.evaluate(`window.postMessage({ type: 'focusStep', step: { module: '${r.module}', layer: ${r.layer}, direction: ${r.direction}, t: 3 } }, '*')`);
  await page.waitForTimeout(300);
  check(await page.evaluate<boolean>("document.querySelector('.cell.selected')?.getAttribute('data-cell') === 'r0c3'"), 'FocusStepMessage selects the step');
  await page.evaluate(`window.postMessage({ type: 'focusParameter', name: '${r.module}.weight_hh_l0' }, '*')`);
  await page.waitForTimeout(500);
  check(await page.evaluate<boolean>("window.saved.tab === 'gradients'"), 'FocusParameterMessage opens the Gradients tab');
  // exports
  for (const format of ['svg', 'png', 'csv']) {
    await page.evaluate(`window.posted.length = 0; window.postMessage({ type: 'exportRequest', requestId: 7, format: '${format}' }, '*')`);
    await page.waitForFunction("window.posted.some((m) => m.type === 'exportResult' || m.type === 'webviewError')", undefined, { timeout: 30000 });
    const res = await page.evaluate<{ type: string; requestId: number; format: string; data?: string; message?: string }>("window.posted.find((m) => m.type === 'exportResult' || m.type === 'webviewError')");
    const prefix = { svg: '<svg', png: 'data:image/png;base64,', csv: 'module,layer' }[format]!;
    check(res.type === 'exportResult' && res.requestId === 7 && res.format === format && !!res.data?.startsWith(prefix), `ExportRequestMessage(${format}) answers ${res.type} ${(res.data ?? res.message ?? '').length} chars`);
    if (format === 'png' && res.data) writeFileSync('/tmp/bptt-export.png', Buffer.from(res.data.split(',')[1], 'base64'));
    if (format === 'svg' && res.data) writeFileSync('/tmp/bptt-export.svg', res.data);
  }
  check(errors.length === 0, `no page errors ${errors.join('; ')}`);
  await browser.close();
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
