// Looks at the trace panel: writes the HTML report for some traces, opens each in headless
// Chromium (playwright-core, not a dependency: `npm install --no-save playwright-core`), emulates a
// dark and a light VS Code theme through --vscode-* variables, screenshots every tab, and prints
// first paint, console errors and CSP violations.
//
//   npx tsx test/e2e-visual/screenshots.ts --out /tmp/shots trace1.json [trace2.json …]
//   options: --themes dark,light  --tabs graph,steps,…  --size 1280x800  --locale zh-tw
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { renderHtmlReport } from '../../src/cli/htmlReport';
import type { Trace } from '../../src/protocol/trace';

const THEMES: Record<string, Record<string, string>> = {
  dark: {
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-editor-foreground': '#cccccc',
    '--vscode-editorWidget-background': '#252526',
    '--vscode-editorWidget-border': '#454545',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-textLink-foreground': '#4daafc',
    '--vscode-errorForeground': '#f85149',
    '--vscode-editorWarning-foreground': '#cca700',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-button-secondaryHoverBackground': '#3c3c3c',
    '--vscode-button-border': 'rgba(255, 255, 255, 0.07)',
    '--vscode-dropdown-background': '#313131',
    '--vscode-dropdown-border': '#3c3c3c',
    '--vscode-dropdown-foreground': '#cccccc',
    '--vscode-settings-dropdownListBorder': '#454545',
    '--vscode-input-background': '#313131',
    '--vscode-input-foreground': '#cccccc',
    '--vscode-panel-background': '#181818',
    '--vscode-panelTitle-activeBorder': '#0078d4',
    '--vscode-panelTitle-activeForeground': '#cccccc',
    '--vscode-panelTitle-inactiveForeground': '#9d9d9d',
    '--vscode-badge-background': '#616161',
    '--vscode-badge-foreground': '#f8f8f8',
    '--vscode-list-activeSelectionBackground': '#04395e',
    '--vscode-list-activeSelectionForeground': '#ffffff',
    '--vscode-textLink-activeForeground': '#4daafc',
    '--vscode-toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
  },
  light: {
    '--vscode-foreground': '#3b3b3b',
    '--vscode-descriptionForeground': '#6f6f6f',
    '--vscode-editor-background': '#ffffff',
    '--vscode-editor-foreground': '#3b3b3b',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-editorWidget-border': '#d4d4d4',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-textLink-foreground': '#005fb8',
    '--vscode-errorForeground': '#e51400',
    '--vscode-editorWarning-foreground': '#bf8803',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-purple': '#652d90',
    '--vscode-charts-red': '#e51400',
    '--vscode-charts-yellow': '#bf8803',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-button-border': 'rgba(0, 0, 0, 0.1)',
    '--vscode-dropdown-background': '#ffffff',
    '--vscode-dropdown-border': '#cecece',
    '--vscode-dropdown-foreground': '#3b3b3b',
    '--vscode-settings-dropdownListBorder': '#cecece',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#3b3b3b',
    '--vscode-panel-background': '#f8f8f8',
    '--vscode-panelTitle-activeBorder': '#005fb8',
    '--vscode-panelTitle-activeForeground': '#3b3b3b',
    '--vscode-panelTitle-inactiveForeground': '#6f6f6f',
    '--vscode-badge-background': '#cccccc',
    '--vscode-badge-foreground': '#3b3b3b',
    '--vscode-list-activeSelectionBackground': '#e8e8e8',
    '--vscode-list-activeSelectionForeground': '#000000',
    '--vscode-textLink-activeForeground': '#005fb8',
    '--vscode-toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
  },
};

interface Args {
  out: string;
  traces: string[];
  themes: string[];
  tabs: string[];
  width: number;
  height: number;
  locale?: string;
  actions: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { out: '/tmp/bptt-shots', traces: [], themes: ['dark', 'light'], tabs: ['graph', 'steps', 'gradients', 'training', 'diagnostics'], width: 1280, height: 800, actions: [] };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--out') a.out = argv[++i];
    else if (v === '--themes') a.themes = argv[++i].split(',');
    else if (v === '--tabs') a.tabs = argv[++i].split(',');
    else if (v === '--size') [a.width, a.height] = argv[++i].split('x').map(Number);
    else if (v === '--locale') a.locale = argv[++i];
    else if (v === '--action') a.actions.push(argv[++i]);
    else a.traces.push(v);
  }
  return a;
}

/** The little of playwright-core this script uses (it is not a dependency, so not typed from it). */
interface Page {
  on(event: 'console', f: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', f: (e: Error) => void): void;
  on(event: 'request', f: (r: { url(): string }) => void): void;
  addInitScript(script: string): Promise<void>;
  goto(url: string): Promise<unknown>;
  waitForFunction(expression: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
  evaluate<T>(expression: string): Promise<T>;
  waitForTimeout(ms: number): Promise<void>;
  locator(selector: string): { first(): { click(): Promise<void>; dblclick(): Promise<void> } };
  screenshot(options: { path: string }): Promise<unknown>;
  close(): Promise<void>;
}
interface Browser {
  newPage(options: { viewport: { width: number; height: number }; colorScheme: 'dark' | 'light' }): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; args: string[] }): Promise<Browser> };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // playwright-core is not a dependency of the project; it is installed (--no-save) only to look.
  const moduleName = 'playwright-core';
  const { chromium } = (await import(moduleName)) as Playwright;
  const js = readFileSync(resolve('dist/webview.js'), 'utf8');
  const css = readFileSync(resolve('dist/webview.css'), 'utf8');
  mkdirSync(args.out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    for (const file of args.traces) {
      const trace = JSON.parse(readFileSync(file, 'utf8')) as Trace;
      const name = basename(file).replace(/\.json$/, '');
      const html = join(args.out, `${name}.html`);
      writeFileSync(html, renderHtmlReport(trace, { js, css }, { locale: args.locale }));
      for (const theme of args.themes) {
        const page = await browser.newPage({ viewport: { width: args.width, height: args.height }, colorScheme: theme === 'dark' ? 'dark' : 'light' });
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('request', (r) => {
          if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
        });
        const vars = THEMES[theme] ?? {};
        // Browser-side code is passed as text: this file is type-checked without the DOM library.
        await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
          console.error('CSP ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber);
        });`);
        await page.addInitScript(`document.addEventListener('DOMContentLoaded', () => {
          for (const [k, v] of Object.entries(${JSON.stringify(vars)})) document.body.style.setProperty(k, v);
        });`);
        const t0 = Date.now();
        await page.goto(`file://${html}`);
        await page.waitForFunction('document.body.dataset.firstPaintMs !== undefined', undefined, { timeout: 30000 });
        const firstPaint = await page.evaluate<number>('Number(document.body.dataset.firstPaintMs)');
        await page.waitForFunction('document.body.dataset.layoutMs !== undefined', undefined, { timeout: 30000 });
        const nav = await page.evaluate<{ fcp: number | null; now: number; marks: string }>(`(() => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          const painted = performance.getEntriesByName('bptt:painted')[0];
          const marks = performance.getEntriesByType('mark').map((m) => m.name.replace('bptt:', '') + '@' + Math.round(m.startTime)).join(' ');
          return { fcp: fcp ? Math.round(fcp.startTime) : null, now: Math.round(painted ? painted.startTime : -1), marks };
        })()`);
        console.log(`${name} ${theme}: app first paint ${firstPaint} ms after the trace arrived; page FCP ${nav.fcp} ms; graph painted at ${nav.now} ms after navigation start; wall ${Date.now() - t0} ms\n  marks: ${nav.marks}`);
        for (const action of args.actions) {
          // e.g. "click:[data-cell=r0c5]" or "dblclick:[data-cell=r0c1]" or "wait:500"
          const [kind, sel] = [action.slice(0, action.indexOf(':')), action.slice(action.indexOf(':') + 1)];
          if (kind === 'wait') await page.waitForTimeout(Number(sel));
          else if (kind === 'click') await page.locator(sel).first().click();
          else if (kind === 'dblclick') await page.locator(sel).first().dblclick();
          else if (kind === 'eval') await page.evaluate(sel);
          await page.waitForTimeout(300);
        }
        for (const tab of args.tabs) {
          await page.evaluate(`document.querySelector('#tab-${tab}')?.click()`);
          await page.waitForTimeout(600);
          const shot = join(args.out, `${name}-${theme}-${tab}.png`);
          await page.screenshot({ path: shot });
          console.log(`  ${shot}`);
        }
        if (problems.length) console.log(`  problems:\n    ${problems.slice(0, 20).join('\n    ')}`);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
