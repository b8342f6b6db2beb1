// Measures the graph's first paint and pan/zoom frame times on a report (e.g. the T = 1000 trace).
//   npx tsx test/e2e-visual/panZoom.ts report.html [runs]
interface Page {
  goto(url: string): Promise<unknown>;
  waitForFunction(expression: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
  evaluate<T>(expression: string): Promise<T>;
  waitForTimeout(ms: number): Promise<void>;
  close(): Promise<void>;
  mouse: { move(x: number, y: number, o?: { steps: number }): Promise<void>; down(): Promise<void>; up(): Promise<void>; wheel(dx: number, dy: number): Promise<void> };
}

async function main(): Promise<void> {
  const [file, runsArg] = process.argv.slice(2);
  const moduleName = 'playwright-core';
  const { chromium } = await import(moduleName);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const paints: number[] = [];
  const appPaints: number[] = [];
  const layouts: number[] = [];
  for (let i = 0; i < Number(runsArg ?? 5); i++) {
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`file://${file}`);
    await page.waitForFunction('document.body.dataset.layoutMs !== undefined', undefined, { timeout: 30000 });
    paints.push(await page.evaluate<number>("Math.round(performance.getEntriesByName('bptt:painted')[0].startTime)"));
    appPaints.push(await page.evaluate<number>('Number(document.body.dataset.firstPaintMs)'));
    layouts.push(await page.evaluate<number>("Math.round(performance.getEntriesByName('bptt:laidOut')[0].startTime)"));
    if (i === 0) {
      // frame times: record rAF intervals during a drag and a zoom out to the whole T = 1000 grid
      await page.evaluate(`window.frames_ = []; (function loop(t0) { requestAnimationFrame((t) => { window.frames_.push(t - t0); loop(t); }); })(performance.now())`);
      await page.mouse.move(500, 450);
      await page.mouse.down();
      await page.mouse.move(100, 450, { steps: 40 });
      await page.mouse.move(900, 450, { steps: 40 });
      await page.mouse.up();
      const drag = await page.evaluate<number[]>('window.frames_.splice(0)');
      for (let k = 0; k < 30; k++) await page.mouse.wheel(0, 120);
      await page.waitForTimeout(300);
      const zoom = await page.evaluate<number[]>('window.frames_.splice(0)');
      const rendered = await page.evaluate<number>("document.querySelectorAll('[data-cell]').length");
      const scale = await page.evaluate<string>("document.querySelector('svg.graph > g').getAttribute('transform')");
      const stat = (a: number[]): string => {
        const s = [...a].sort((x, y) => x - y);
        return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms over ${s.length} frames`;
      };
      console.log(`drag: ${stat(drag)}`);
      console.log(`wheel zoom-out: ${stat(zoom)}; after it ${rendered} cells in the DOM (${scale})`);
    }
    await page.close();
  }
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(`first paint after navigation start: ${paints.join(', ')} ms (median ${med(paints)})`);
  console.log(`  of which after the trace was parsed and handed to the app: ${appPaints.join(', ')} ms (median ${med(appPaints)})`);
  console.log(`elk layout done: ${layouts.join(', ')} ms (median ${med(layouts)})`);
  await browser.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
