// End-to-end tests in a real VS Code: builds the .vsix, installs it into a clean code-server
// (VS Code 1.139 with the normal Node extension host), opens a copy of examples/ as the workspace
// and drives the workbench with playwright-core in headless Chromium, asserting on what a user sees.
// Setup (Node 24, code-server, chromium, playwright-core; cached) is test/e2e/setup.mjs.
//
//   npm run test:e2e                       all scenarios
//   BPTT_E2E_ONLY=1,3 npm run test:e2e     some of them
// Screenshots go to test/e2e/artifacts/ (gitignored).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { envWithNode24, paths, setup } from './setup.mjs';

const root = resolve(import.meta.dirname, '../..');
const artifacts = join(root, 'test/e2e/artifacts');
const only = process.env.BPTT_E2E_ONLY?.split(',').map(Number);
const t0 = Date.now();
const log = (s) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${s}`);

// ---------------------------------------------------------------- setup, package, install
try {
  setup();
} catch (e) {
  // a dependency that cannot be installed fails the suite, with the reason; it never skips
  console.error(String(e instanceof Error ? e.message : e));
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });
for (const f of readdirSync(artifacts)) if (f.startsWith('FAILED-')) rmSync(join(artifacts, f));
const work = mkdtempSync(join(tmpdir(), 'bptt-e2e-'));
const vsix = join(work, 'bptt-lens.vsix');
log('npm run package');
execFileSync('npm', ['run', 'package'], { cwd: root, env: { ...process.env, BPTT_VSIX: vsix }, stdio: ['ignore', 'ignore', 'inherit'] });
// five fresh processes: the best of them is the cost of activation itself, the rest is what else the
// machine was doing (CI machines are shared)
const activations = Array.from({ length: 5 }, () => execFileSync(process.execPath, [join(root, 'test/e2e/activation.mjs'), join(root, 'dist/extension.js')], { encoding: 'utf8' }));
const activation = activations.join('\n');
const activationRuns = activations.map((a) => Number(/total ([\d.]+) ms/.exec(a)?.[1]));
const activationMs = Math.min(...activationRuns);
log(`activation (stand-in vscode, production bundle): ${activations[0].trim().split('\n').join(' | ')}; totals of 5 runs: ${activationRuns.join(', ')} ms`);
const extDir = join(work, 'extensions');
log('code-server --install-extension');
execFileSync(paths.codeServer, ['--install-extension', vsix, '--extensions-dir', extDir], { env: envWithNode24(), stdio: ['ignore', 'ignore', 'inherit'] });

// The workspace: a copy of examples/ plus the fixtures the scenarios need.
const ws = join(work, 'examples');
cpSync(join(root, 'examples'), ws, { recursive: true });
for (const f of ['shapeError.ts', 'infiniteLoop.ts']) copyFileSync(join(root, 'test/e2e/fixtures', f), join(ws, f));
const seed = resolve(root, '../shared/seed/seed_rnn_model.py');
const E2E_PYTHON = process.env.BPTT_PYTHON || '/usr/bin/python3';
if (existsSync(seed)) copyFileSync(seed, join(ws, 'seed_rnn_model.py'));

const { chromium } = createRequire(import.meta.url)(paths.playwright);
const browser = await chromium.launch({
  executablePath: paths.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Starts code-server with a fresh user-data dir and these user settings; returns { page, stop }. */
async function openVsCode(settings = {}, { locale, languagePack } = {}) {
  const ud = mkdtempSync(join(work, 'ud-'));
  mkdirSync(join(ud, 'User'), { recursive: true });
  writeFileSync(
    join(ud, 'User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'security.workspace.trust.enabled': false,
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      'workbench.secondarySideBar.defaultVisibility': 'hidden', // an empty chat bar would squeeze the panel
      ...settings,
    }),
  );
  // machine-scoped settings (bptt-lens.pythonPath): code-server is a remote window, where they are read
  // from the machine's settings, not the user's
  const machine = Object.fromEntries(Object.entries(settings).filter(([k]) => k === 'bptt-lens.pythonPath'));
  mkdirSync(join(ud, 'Machine'), { recursive: true });
  writeFileSync(join(ud, 'Machine/settings.json'), JSON.stringify(machine));
  if (locale) writeFileSync(join(ud, 'User/argv.json'), JSON.stringify({ locale }));
  if (languagePack) writeFileSync(join(ud, 'languagepacks.json'), JSON.stringify(languagePack));
  const port = await freePort();
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--extensions-dir', extDir, '--user-data-dir', ud, '--disable-telemetry', '--disable-update-check'];
  if (locale) args.push('--locale', locale);
  const proc = spawn(paths.codeServer, [...args, ws], { env: envWithNode24(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const deadline = Date.now() + 30000;
  while (!/HTTP server listening/.test(out)) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`code-server did not start:\n${out.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: locale ?? 'en-US' });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 30000 });
  await page.waitForSelector('.explorer-folders-view, .explorer-viewlet, .activitybar', { timeout: 30000 });
  await page.waitForTimeout(1500);
  currentPage = page;
  return {
    page,
    serverLog: () => out,
    async stop() {
      await context.close();
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

// ---------------------------------------------------------------- workbench helpers
/**
 * Opens the quick input with `keys`, types `text` and presses Enter on the row that has `match`.
 * Enter picks the focused row, so it waits until the filtered list has focused the wanted one (until then
 * the focus can sit on a row of the unfiltered list). A quick input that is still closing (the last
 * command's) can swallow a try: it tries again, and says so.
 */
async function quickPick(page, keys, text, match) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press(keys);
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(text, { timeout: 5000 });
      await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: match }).first().waitFor({ state: 'visible', timeout: 10000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      log(`  (quick input "${text}": try ${attempt} failed: ${String(e instanceof Error ? e.message : e).split('\n')[0]})`);
      await page.waitForTimeout(500);
    }
  }
}

async function command(page, title) {
  await quickPick(page, 'Control+Shift+P', `>${title}`, title);
}

async function openFile(page, name) {
  await quickPick(page, 'Control+P', name, name);
  await page.locator(`.tab.active[aria-label*="${name}"], .tab.active:has-text("${name}")`).first().waitFor({ timeout: 10000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/** The webview frame that holds the trace panel's app (webviews are nested iframes). */
async function panelFrame(page, timeout = 60000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      try {
        if (await f.evaluate(() => document.body?.dataset.layoutMs !== undefined && !!document.querySelector('header.top'))) return f;
      } catch {
        /* detached or cross-origin while loading */
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the trace panel did not render (no webview frame with a laid-out graph)');
}

async function cursorLine(page) {
  const text = await page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText();
  const m = /Ln (\d+)/.exec(text);
  return m ? Number(m[1]) : -1;
}

async function gotoLine(page, line, col = 1) {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${col}`);
  await page.keyboard.press('Enter');
}

/** The visible text of the Output panel's editor (Monaco renders spaces as U+00A0). */
async function outputText(page) {
  const lines = page.locator('.output-view .view-lines, [id="workbench.panel.output"] .view-lines').first();
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

async function runTrace(page) {
  await command(page, 'Run BPTT trace');
}

/** Waits for a new panel render (a different trace) and returns its frame. */
async function freshPanel(page, previousLayout, script) {
  const deadline = Date.now() + 90000;
  let seen = '';
  while (Date.now() < deadline) {
    const f = await panelFrame(page, 90000);
    const key = await f.evaluate(() => document.querySelector('header.top')?.textContent + '|' + document.body.dataset.layoutMs).catch(() => previousLayout);
    seen = key;
    if (key !== previousLayout && key.includes(script)) return { frame: f, key };
    await page.waitForTimeout(250);
  }
  throw new Error(`the panel did not show a new trace of ${script} (last: ${seen.slice(0, 100)})`);
}

let currentPage = null; // the page of the running code-server, for a screenshot when a scenario fails
/** Waits (up to 10 s) until the graph has drawn `n` distinct step cells: they are drawn after the layout. */
async function cellsDrawn(frame, n) {
  const count = () => frame.evaluate(() => new Set([...document.querySelectorAll('[data-cell]')].map((e) => e.getAttribute('data-cell'))).size);
  await frame.waitForFunction((k) => new Set([...document.querySelectorAll('[data-cell]')].map((e) => e.getAttribute('data-cell'))).size >= k, n, { timeout: 10000 }).catch(() => {});
  return count();
}

/**
 * The step columns a user sees: distinct cells whose box lies wholly inside the graph's stage (the
 * virtualised graph draws a column or so more on each side, out of view), and the stage's and the
 * Inspector's widths.
 */
async function graphView(frame) {
  // the panel lays out after its first paint: under load the stage can still be 0 px wide for a while
  await frame.waitForFunction(() => (document.querySelector('.graph-stage')?.getBoundingClientRect().width ?? 0) > 0, undefined, { timeout: 10000 }).catch(() => {});
  return frame.evaluate(() => {
    const stage = document.querySelector('.graph-stage').getBoundingClientRect();
    const seen = new Set();
    for (const e of document.querySelectorAll('[data-cell]')) {
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.left >= stage.left - 1 && r.right <= stage.right + 1 && r.top >= stage.top - 1 && r.bottom <= stage.bottom + 1) seen.add(e.getAttribute('data-cell'));
    }
    const aside = document.querySelector('aside.inspector')?.getBoundingClientRect();
    return { columns: seen.size, stage: Math.round(stage.width), inspector: Math.round(aside?.width ?? 0) };
  });
}

const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
const failures = [];
const results = [];
/** Measurements to report at the end. */
const timings = [];
function check(ok, what) {
  if (!ok) throw new Error(`assertion failed: ${what}`);
  log(`  ok   ${what}`);
}
async function scenario(n, title, f) {
  if (only && !only.includes(n)) return;
  const started = Date.now();
  log(`scenario ${n}: ${title}`);
  try {
    await f();
    results.push(`PASS ${n} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failures.push(n);
    if (currentPage) await shot(currentPage, `FAILED-scenario${n}`).catch(() => {});
    results.push(`FAIL ${n} ${title}: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    log(`  FAIL ${e instanceof Error ? e.stack : e}`);
  }
}

await scenario(0, 'activation is cheap: under 50 ms, no heavy module loaded', async () => {
  check(activationMs < 50, `require + activate() of the packaged bundle: ${activationMs} ms (best of ${activationRuns.join(', ')})`);
  check(!/HEAVY/.test(activation), 'esbuild, Pyodide, elk and the workers are not loaded at activation');
});

// ---------------------------------------------------------------- scenarios 1–5, 6, 7, 9 (dark, then light)
for (const theme of ['dark', 'light']) {
  const themed = (n) => !only || only.includes(n);
  if (theme === 'light' && !(themed(1) || themed(2) || themed(3))) break;
  // pythonPath: the real PyTorch of scenario 12 (Debian's python3-torch, which .ci/run installs)
  const vs = await openVsCode({ 'workbench.colorTheme': theme === 'dark' ? 'Default Dark Modern' : 'Default Light Modern', 'bptt-lens.pythonPath': E2E_PYTHON });
  const { page } = vs;
  const lightOnly = theme === 'light';
  let sineFrame = null;
  let key = '';
  try {
    await scenario(1, `[${theme}] Run BPTT trace on sineWave.ts: panel beside the editor, T step columns, grad_fn names`, async () => {
      await page.keyboard.press('Control+B'); // hide the side bar: more room for the code and the panel
      await openFile(page, 'sineWave.ts');
      await runTrace(page);
      ({ frame: sineFrame, key } = await freshPanel(page, '', 'sineWave.ts'));
      // beside: two editor groups, the code on the left, the panel on the right
      const groups = await page.locator('.editor-group-container').count();
      check(groups >= 2, `the panel opens in a second editor group (groups: ${groups})`);
      const tabs = await page.locator('.editor-group-container').nth(1).locator('.tab').allInnerTexts();
      check(tabs.some((t) => /BPTT|sineWave/.test(t)), `the second group holds the trace panel (tabs: ${tabs.join(' | ')})`);
      const header = await sineFrame.evaluate(() => document.querySelector('header.top').textContent);
      const T = Number(/(\d+) steps/.exec(header)?.[1]);
      check(T === 10, `the header says T = 10 steps (${header.trim().slice(0, 120)})`);
      const cols = await cellsDrawn(sineFrame, T);
      check(cols === T, `the graph shows ${T} step columns (${cols})`);
      const first = await graphView(sineFrame);
      log(`  first paint: ${first.columns} of ${T} step columns in view (graph ${first.stage} px wide, Inspector ${first.inspector} px)`);
      timings.push(`sineWave.ts (T = 10) first paint [${theme}]: ${first.columns} step columns in view, graph ${first.stage} px, Inspector ${first.inspector} px`);
      check(first.inspector > 0 && first.inspector <= 30, `nothing selected: the Inspector is folded to a strip (${first.inspector} px), the graph has the width (${first.stage} px)`);
      const names = await sineFrame.evaluate(() => [...new Set(document.querySelector('.graph-stage').textContent.match(/[A-Z][A-Za-z]*Backward\d|AccumulateGrad/g) ?? [])]);
      check(names.length > 0, `the graph shows grad_fn names (${names.join(', ')})`);
      await shot(page, `scenario1-sineWave-${theme}`);
      // the first paint shows the steps nearest the loss; Fit brings every step column into view
      await sineFrame.locator('vscode-button[aria-label="Fit"]').click();
      await page.waitForTimeout(600);
      const inView = await sineFrame.evaluate(() => {
        const stage = document.querySelector('.graph-stage').getBoundingClientRect();
        const seen = new Set();
        for (const e of document.querySelectorAll('[data-cell]')) {
          const r = e.getBoundingClientRect();
          if (r.width > 0 && r.left >= stage.left - 1 && r.right <= stage.right + 1 && r.top >= stage.top - 1 && r.bottom <= stage.bottom + 1) seen.add(e.getAttribute('data-cell'));
        }
        return seen.size;
      });
      check(inView === T, `after Fit, all ${T} step columns are inside the graph's viewport (${inView})`);
      await shot(page, `scenario1-sineWave-fit-${theme}`);
      // a click on a step unfolds the Inspector with that step; the graph narrows, the step stays in view
      const inspector = sineFrame.locator('aside.inspector');
      const isOpen = () => sineFrame.evaluate(() => document.querySelector('aside.inspector').classList.contains('open'));
      const focused = () => sineFrame.evaluate(() => document.activeElement?.classList.contains('inspector-strip') ? 'strip' : document.activeElement?.classList.contains('close') ? 'close' : document.activeElement?.tagName ?? '');
      await sineFrame.locator('[data-cell="r0c5"]').first().click();
      await sineFrame.waitForFunction(() => document.querySelector('aside.inspector.open') && document.querySelector('.graph-stage').getBoundingClientRect().width < document.querySelector('.graph-main').getBoundingClientRect().width - 300, undefined, { timeout: 5000 }).catch(() => {});
      await page.waitForTimeout(300);
      const opened = await graphView(sineFrame);
      const stepText = (await inspector.innerText()).replace(/\s+/g, ' ');
      check(opened.inspector >= 300 && /Step t=5\b/.test(stepText), `clicking step t=5 unfolds the Inspector (${opened.inspector} px) with it (${stepText.slice(0, 60)})`);
      const selInView = await sineFrame.evaluate(() => {
        const stage = document.querySelector('.graph-stage').getBoundingClientRect();
        const r = document.querySelector('[data-cell="r0c5"].selected')?.getBoundingClientRect();
        return !!r && r.left >= stage.left && r.right <= stage.right;
      });
      check(selInView, `the selected step stays in view in the narrower graph (${opened.stage} px)`);
      await shot(page, `scenario1-sineWave-inspector-${theme}`);
      // closed with its button (the focus goes to the strip), opened again from the keyboard, closed with Escape
      await inspector.locator('vscode-button.close').click();
      await page.waitForTimeout(300);
      const closed = await graphView(sineFrame);
      check(!(await isOpen()) && closed.inspector <= 30 && closed.stage >= opened.stage + 300, `its close button folds it (${closed.inspector} px; graph ${closed.stage} px)`);
      check((await focused()) === 'strip', `the focus is on the strip's button (${await focused()})`);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      check((await isOpen()) && (await focused()) === 'close', `Enter on the strip unfolds it, the focus on its close button (${await focused()})`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      check(!(await isOpen()) && (await focused()) === 'strip', `Escape folds it again (focus: ${await focused()})`);
      // a click on empty space clears the selection: nothing to inspect, the strip stays folded
      await sineFrame.locator('[data-cell="r0c5"]').first().click();
      await sineFrame.waitForFunction(() => !!document.querySelector('aside.inspector.open'), undefined, { timeout: 5000 }).catch(() => {});
      check(await isOpen(), 'a click on a step unfolds it again');
      await sineFrame.locator('.graph-stage').click({ position: { x: 4, y: 4 } });
      await page.waitForTimeout(300);
      check(!(await isOpen()) && !(await sineFrame.evaluate(() => !!document.querySelector('[data-cell].selected'))), 'a click on empty space clears the selection and folds it');
      await command(page, 'View: Focus First Editor Group'); // the click above focused the panel's group
      if (theme === 'dark') {
        // information, not an assertion: our activation time as VS Code reports it. The view (a modal
        // editor) sorts by activation time and renders only the rows in view, so scroll until ours shows.
        await command(page, 'Developer: Show Running Extensions');
        try {
          const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'BPTT Lens' }).first();
          const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
          await rows.first().waitFor({ state: 'visible', timeout: 10000 });
          await page.waitForTimeout(500);
          for (let i = 0; i < 20 && !(await row.isVisible()); i++) {
            await rows.first().hover();
            await page.mouse.wheel(0, 300);
            await page.waitForTimeout(150);
          }
          log(`  Running Extensions: ${(await row.isVisible()) ? (await row.innerText()).replace(/\s+/g, ' ') : 'BPTT Lens not found in the list'}`);
          await shot(page, 'running-extensions');
        } finally {
          await page.keyboard.press('Control+W');
          await page.locator('.monaco-modal-editor-block').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
        }
      }
    });
    await scenario(2, `[${theme}] the per-step ‖∂L/∂h_t‖ chart has T points`, async () => {
      const f = sineFrame ?? (await panelFrame(page));
      await f.locator('vscode-panel-tab#tab-steps').click();
      await f.locator('figure.chart').first().waitFor({ state: 'visible', timeout: 10000 });
      // uPlot makes its canvas once the figure has a size: wait for it rather than assume it
      await f.locator('figure.chart canvas').first().waitFor({ state: 'attached', timeout: 10000 }).catch(() => {});
      const first = await f.evaluate(() => {
        const c = document.querySelector('figure.chart');
        return { title: c.querySelector('figcaption').textContent, points: Number(c.getAttribute('data-points')), canvas: !!c.querySelector('canvas') };
      });
      check(/∂L\/∂h/.test(first.title), `the first chart is ‖∂L/∂h_t‖ (${first.title})`);
      check(first.points === 10, `it has T = 10 points (${first.points})`);
      check(first.canvas, 'it is drawn (a canvas)');
      await page.waitForTimeout(400);
      await shot(page, `scenario2-steps-${theme}`);
      await f.locator('vscode-panel-tab#tab-graph').click();
    });
    await scenario(3, `[${theme}] vanishingDemo.ts: the vanishing diagnostic is listed; Go to source moves the cursor`, async () => {
      await page.locator('.editor-group-container').first().click({ position: { x: 300, y: 200 } });
      await openFile(page, 'vanishingDemo.ts');
      await runTrace(page);
      const r = await freshPanel(page, key, 'vanishingDemo.ts');
      key = r.key;
      const f = r.frame;
      await page.waitForTimeout(500);
      const first = await graphView(f);
      log(`  first paint: ${first.columns} of 100 step columns in view (graph ${first.stage} px wide, Inspector ${first.inspector} px)`);
      timings.push(`vanishingDemo.ts (T = 100) first paint [${theme}]: ${first.columns} step columns in view, graph ${first.stage} px, Inspector ${first.inspector} px`);
      // 2 columns beside the open Inspector (429 px) before it folded until a selection
      check(first.inspector <= 30 && first.columns >= 4, `the first paint shows ${first.columns} step columns, the Inspector folded (${first.inspector} px)`);
      await shot(page, `scenario3-vanishing-graph-${theme}`);
      await f.locator('vscode-panel-tab#tab-diagnostics').click();
      const finding = f.locator('article.finding', { hasText: /vanish/i }).first();
      await finding.waitFor({ state: 'visible', timeout: 10000 });
      check(true, `a vanishing finding is listed: ${(await finding.innerText()).split('\n')[0]}`);
      await shot(page, `scenario3-vanishing-diagnostics-${theme}`);
      const btn = finding.locator('vscode-button', { hasText: 'Go to source' });
      const label = await btn.innerText();
      const line = Number(/:(\d+)\s*$/.exec(label.trim())?.[1]);
      check(line > 0, `the finding links to a source line (${label.trim()})`);
      // move the cursor elsewhere first, so the click has to move it
      await page.locator('.editor-group-container').first().locator('.view-lines').click({ position: { x: 50, y: 5 } });
      const before = await cursorLine(page);
      await btn.click();
      await page.waitForTimeout(800);
      const after = await cursorLine(page);
      check(after === line && before !== line, `the editor cursor moved to line ${line} (from ${before} to ${after})`);
      const active = await page.locator('.editor-group-container .tab.active').allInnerTexts();
      check(active.some((t) => t.includes('vanishingDemo.ts')), 'vanishingDemo.ts is the active editor');
    });
    if (!lightOnly) {
      await scenario(4, 'hovering a tensor variable shows its gradient norm and grad_fn', async () => {
        // vanishingDemo.ts is open, traced; hover the variable on the rnn's line
        const src = readFileSync(join(ws, 'vanishingDemo.ts'), 'utf8').split('\n');
        const lineNo = src.findIndex((l) => /^const prediction = model\.call\(/.test(l)) + 1;
        const lineText = src[lineNo - 1];
        const name = /^\s*(?:const|let)\s+\[?\s*(\w+)/.exec(lineText)[1];
        const col = lineText.indexOf(name) + 2;
        await command(page, 'View: Focus First Editor Group');
        await gotoLine(page, lineNo, col);
        await page.waitForTimeout(300);
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        const hover = page.locator('.monaco-hover:visible').first();
        await hover.waitFor({ state: 'visible', timeout: 10000 });
        await page.waitForFunction(() => /Backward\d|AccumulateGrad/.test(document.querySelector('.monaco-hover')?.textContent ?? ''), undefined, { timeout: 5000 }).catch(() => {});
        const text = await hover.innerText();
        await shot(page, 'scenario4-hover-dark');
        check(/‖∇‖|grad/i.test(text) && /\d(\.\d+)?e?[-+]?\d*/.test(text), `the hover over '${name}' (line ${lineNo}) shows a gradient norm: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
        check(/Backward\d|AccumulateGrad/.test(text), 'the hover shows grad_fn names');
        await page.keyboard.press('Escape');
      });
      await scenario(5, 'the Model view lists rnn.weight_hh_l0 with its shape', async () => {
        await page.locator('.activitybar .action-item a[aria-label^="BPTT Lens"], .activitybar .action-label[aria-label^="BPTT Lens"]').first().click();
        const view = page.locator('.pane', { hasText: /Model/ }).first();
        await view.waitFor({ state: 'visible', timeout: 10000 });
        let row = page.locator('.monaco-list-row', { hasText: 'weight_hh_l0' }).first();
        if (!(await row.isVisible().catch(() => false))) {
          const rnn = page.locator('.monaco-list-row[aria-expanded="false"]', { hasText: /^rnn/ }).first();
          if (await rnn.isVisible().catch(() => false)) await rnn.click();
        }
        row = page.locator('.monaco-list-row', { hasText: 'weight_hh_l0' }).first();
        await row.waitFor({ state: 'visible', timeout: 10000 });
        const text = (await row.innerText()).replace(/\s+/g, ' ');
        check(/weight_hh_l0.*\[\d+, \d+\]/.test(text), `the Model view shows weight_hh_l0 with its shape: ${text}`);
        const parent = await page.locator('.monaco-list-row', { hasText: /^rnn/ }).first().innerText();
        check(/rnn/.test(parent), `under the rnn module (${parent.replace(/\s+/g, ' ')})`);
        await shot(page, 'scenario5-model-view-dark');
      });
      await scenario(13, "TypeScript resolves 'bptt-lens' in a user's script: hover shows the engine's types, no 'Cannot find module'", async () => {
        const src = readFileSync(join(ws, 'sineWave.ts'), 'utf8').split('\n');
        const lineNo = src.findIndex((l) => /^const lossFn = new nn\.MSELoss\(\)/.test(l)) + 1;
        check(lineNo > 0, `sineWave.ts has the line 'const lossFn = new nn.MSELoss()' (${lineNo})`);
        await openFile(page, 'sineWave.ts');
        await gotoLine(page, lineNo, 8);
        // the TypeScript server starts with the first TS file and answers `any` until the project has
        // loaded: hover until the type comes (a missing module stays `any`, and the check below fails)
        const typed = /const lossFn: (nn\.)?MSELoss/;
        let text = '';
        for (let i = 0; i < 30 && !typed.test(text); i++) {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I');
          const hover = page.locator('.monaco-hover:visible').first();
          await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
          text = ((await hover.innerText().catch(() => '')) || '').replace(/\s+/g, ' ');
          if (!typed.test(text)) await page.waitForTimeout(1000);
        }
        await shot(page, 'scenario13-ts-hover-dark');
        await page.keyboard.press('Escape');
        check(typed.test(text), `hovering lossFn shows the engine's type: ${text.slice(0, 160)}`);
        await command(page, 'Problems: Focus on Problems View');
        await page.waitForTimeout(500);
        const rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).join('\n');
        check(!/Cannot find module 'bptt-lens'/.test(rows), `no "Cannot find module 'bptt-lens'" in Problems (${rows.split('\n').filter((r) => /bptt-lens|ts\(/.test(r)).slice(0, 3).join(' | ') || 'none'})`);
        await command(page, 'View: Focus First Editor Group');
      });
      await scenario(6, 'a shape error shows a Problems entry at the right line; the extension still works afterwards', async () => {
        const src = readFileSync(join(ws, 'shapeError.ts'), 'utf8').split('\n');
        const badLine = src.findIndex((l) => l.includes('SHAPE ERROR HERE')) + 1;
        await openFile(page, 'shapeError.ts');
        await runTrace(page);
        await page.waitForTimeout(1000);
        await command(page, 'Problems: Focus on Problems View');
        const marker = page.locator('.markers-panel .monaco-list-row', { hasText: /BPTT Lens.*\[Ln \d+, Col \d+\]/ }).first();
        await marker.waitFor({ state: 'visible', timeout: 60000 });
        const text = (await marker.innerText()).replace(/\s+/g, ' ');
        check(new RegExp(`\\[Ln ${badLine}, Col \\d+\\]`).test(text), `a Problems entry at line ${badLine}: ${text}`);
        await shot(page, 'scenario6-problems-dark');
        await openFile(page, 'manyToOne.ts');
        await runTrace(page);
        const r = await freshPanel(page, key, 'manyToOne.ts');
        key = r.key;
        const header = await r.frame.evaluate(() => document.querySelector('header.top').textContent);
        check(/manyToOne/.test(header), `the next run draws its trace (${header.trim().slice(0, 80)})`);
      });
      await scenario(7, 'a while (true) {} script is cancelled from the progress notification; the next run works', async () => {
        await openFile(page, 'infiniteLoop.ts');
        await runTrace(page);
        const toast = page.locator('.notification-toast', { hasText: 'infiniteLoop.ts' }).first();
        await toast.waitFor({ state: 'visible', timeout: 20000 });
        const toastText = (await toast.innerText()).replace(/\s+/g, ' ');
        check(/BPTT Lens: tracing infiniteLoop\.ts/.test(toastText), `a progress notification for the run: ${toastText.slice(0, 100)}`);
        const statusItem = page.locator('.statusbar-item', { hasText: /BPTT:/ }).first();
        await page.waitForTimeout(2000); // let it spin: the worker is busy in while (true)
        check(/running infiniteLoop/.test(await statusItem.innerText()), `the status bar says it is running (${(await statusItem.innerText()).trim()})`);
        await shot(page, 'scenario7-progress-dark');
        const cancel = toast.locator('.monaco-button', { hasText: 'Cancel' }).first();
        await cancel.waitFor({ state: 'visible', timeout: 5000 });
        const clicked = Date.now();
        await cancel.click();
        await toast.waitFor({ state: 'hidden', timeout: 15000 });
        // the run really ends: the status bar and the output channel say so
        await page.locator('.statusbar-item', { hasText: 'BPTT: cancelled' }).first().waitFor({ state: 'visible', timeout: 20000 });
        check(true, `the status bar says "BPTT: cancelled" ${((Date.now() - clicked) / 1000).toFixed(1)} s after the click`);
        await command(page, 'BPTT Lens: Show output');
        await page.waitForFunction(() => {
          const el = document.querySelector('.output-view .view-lines, [id="workbench.panel.output"] .view-lines');
          return /■ cancelled after/.test((el?.textContent ?? '').replace(/\u00a0/g, ' '));
        }, undefined, { timeout: 10000 });
        const out = await outputText(page);
        check(true, `the output channel ends the run: ${out.split('\n').filter((l) => /infiniteLoop|cancel/i.test(l)).slice(-2).join(' / ')}`);
        await shot(page, 'scenario7-cancelled-dark');
        await command(page, 'View: Hide Panel');
        await openFile(page, 'sineWave.ts');
        await runTrace(page);
        // no "a run is in progress" question: the cancelled run is over
        const busy = await page.locator('.notification-toast', { hasText: /in progress/ }).first().isVisible().catch(() => false);
        check(!busy, 'no "a run is in progress" prompt');
        const r = await freshPanel(page, key, 'sineWave.ts');
        key = r.key;
        const header = await r.frame.evaluate(() => document.querySelector('header.top').textContent);
        check(/sineWave/.test(header), `the next run draws its trace (${header.trim().slice(0, 80)})`);
      });
      await scenario(9, 'seed_rnn_model.py prints the model repr; Run BPTT trace on a Python RNN script draws its graph', async () => {
        if (!existsSync(join(ws, 'seed_rnn_model.py'))) throw new Error(`${seed} is missing`);
        await openFile(page, 'seed_rnn_model.py');
        await command(page, 'Run script without tracing');
        await command(page, 'BPTT Lens: Show output');
        // the output view is a Monaco editor: it renders spaces as U+00A0, so normalise before matching
        const reprShown = () => {
          const el = document.querySelector('.output-view .view-lines, [id="workbench.panel.output"] .view-lines');
          return /RNN\(1, 32\)/.test((el?.textContent ?? '').replace(/\u00a0/g, ' '));
        };
        await page.waitForFunction(reprShown, undefined, { timeout: 120000 });
        const text = await outputText(page);
        check(/RnnModel\(/.test(text) && /\(rnn\): RNN\(1, 32\)/.test(text), `the output channel shows the model repr: ${text.split('\n').filter((l) => /RnnModel|RNN\(|Linear\(/.test(l)).join(' / ')}`);
        await shot(page, 'scenario9-python-output-dark');
        await openFile(page, 'sineWave.py');
        await runTrace(page);
        const r = await freshPanel(page, key, 'sineWave.py');
        key = r.key;
        await r.frame.locator('vscode-panel-tab#tab-graph').click();
        const header = await r.frame.evaluate(() => document.querySelector('header.top').textContent);
        const T = Number(/(\d+) steps/.exec(header)?.[1]);
        check(/sineWave\.py/.test(header) && T === 10, `the panel shows the Python trace (${header.trim().slice(0, 80)})`);
        const columns = await cellsDrawn(r.frame, T);
        const info = await r.frame.evaluate(() => ({ names: [...new Set(document.querySelector('.graph-stage').textContent.match(/[A-Z][A-Za-z]*Backward\d|AccumulateGrad/g) ?? [])] }));
        check(columns === T, `its graph shows ${T} step columns (${columns})`);
        check(info.names.length > 0, `and grad_fn names (${info.names.join(', ')})`);
        await page.waitForTimeout(500);
        await shot(page, 'scenario9-python-graph-dark');
      });
      await scenario(12, 'Cross-check with PyTorch on lstm.py: the panel opens on its Cross-check tab, which says they agree', async () => {
        await openFile(page, 'lstm.py');
        await command(page, 'BPTT Lens: Cross-check with PyTorch');
        const r = await freshPanel(page, key, 'lstm.py');
        key = r.key;
        const tab = r.frame.locator('vscode-panel-tab#tab-crossCheck');
        await tab.waitFor({ state: 'visible', timeout: 10000 });
        check(await tab.isVisible(), 'the panel shows a Cross-check tab');
        const view = r.frame.locator('#view-crossCheck');
        await view.locator('table.cc').first().waitFor({ timeout: 10000 });
        const text = (await view.innerText()).replace(/\u00a0/g, ' ');
        check(/agrees with PyTorch within 1\.0e-4/.test(text), `it says the engines agree (${text.split('\n').find((l) => /agree/.test(l))?.trim()})`);
        check(/torch \d+\.\d+/.test(text) && /lstm\.weight_hh_l0/.test(text), 'it lists both producers and the parameters');
        await command(page, 'BPTT Lens: Show output');
        // the output view shows its last lines (Monaco renders only what is visible): the table's verdict
        await page.waitForFunction(
          () => /agrees with PyTorch within 1\.0e-4/.test((document.querySelector('.output-view .view-lines, [id="workbench.panel.output"] .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ')),
          undefined,
          { timeout: 15000 },
        );
        check(true, 'the output channel ends with the cross-check table and its verdict');
        await page.waitForTimeout(500);
        await shot(page, 'scenario12-crosscheck-dark');
      });
    }
    await scenario(11, `[${theme}] screenshot: longSequence.ts (T = 1000)`, async () => {
      // the docs' screenshot: the code and the panel only (scenarios 4–9 leave the side bar and the Output panel open)
      if (await page.locator('.part.panel').first().isVisible().catch(() => false)) await command(page, 'View: Hide Panel');
      if (await page.locator('.part.sidebar').first().isVisible().catch(() => false)) await command(page, 'View: Close Primary Side Bar');
      await command(page, 'View: Focus First Editor Group');
      await openFile(page, 'longSequence.ts');
      await runTrace(page);
      const r = await freshPanel(page, key, 'longSequence.ts');
      key = r.key;
      const header = await r.frame.evaluate(() => document.querySelector('header.top').textContent);
      check(/1000 steps/.test(header), `T = 1000 (${header.trim().slice(0, 80)})`);
      // measured, not asserted (a loaded machine is no place for a timed test): the panel's own marks
      const paint = await r.frame.evaluate(() => ({ first: document.body.dataset.firstPaintMs, layout: document.body.dataset.layoutMs }));
      log(`  T = 1000 in VS Code: first paint ${paint.first} ms after the trace arrived, layout done at ${paint.layout} ms`);
      timings.push(`T = 1000 panel [${theme}]: first paint ${paint.first} ms, layout ${paint.layout} ms`);
      // the panel keeps the tab of the last trace (Diagnostics after scenario 3): show the graph
      await r.frame.locator('vscode-panel-tab#tab-graph').click();
      const cols = await cellsDrawn(r.frame, 1);
      check(cols > 0, `the graph tab shows step columns (${cols} rendered of 1000: the rest are virtualised)`);
      await page.waitForTimeout(800);
      const first = await graphView(r.frame);
      log(`  first paint: ${first.columns} of 1000 step columns in view (graph ${first.stage} px wide, Inspector ${first.inspector} px)`);
      timings.push(`longSequence.ts (T = 1000) first paint [${theme}]: ${first.columns} step columns in view, graph ${first.stage} px, Inspector ${first.inspector} px`);
      check(first.inspector <= 30 && first.columns >= 4, `the first paint shows ${first.columns} step columns, the Inspector folded (${first.inspector} px)`);
      await shot(page, `longSequence-${theme}`);
    });
  } finally {
    await vs.stop();
  }
}

// ---------------------------------------------------------------- 8: Restricted Mode
await scenario(8, 'Restricted Mode refuses running with the message; opening a saved trace works', async () => {
  const trace = join(ws, 'saved-trace.json');
  execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'trace', join(ws, 'sineWave.ts'), '--out', trace], { cwd: root, stdio: 'ignore' });
  const vs = await openVsCode({ 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' });
  const { page } = vs;
  try {
    const restricted = await page.locator('.statusbar, .workbench-banner, .monaco-workbench').first().innerText();
    log(`  (workbench text mentions Restricted Mode: ${/Restricted Mode/.test(restricted)})`);
    await openFile(page, 'sineWave.ts');
    await runTrace(page);
    const msg = page.locator('.notification-toast', { hasText: /Restricted Mode|trust/i }).first();
    await msg.waitFor({ state: 'visible', timeout: 15000 });
    const text = (await msg.innerText()).replace(/\s+/g, ' ');
    check(true, `running is refused: ${text.slice(0, 160)}`);
    await shot(page, 'scenario8-restricted-dark');
    await page.keyboard.press('Escape');
    await command(page, 'Open trace file');
    // code-server's open dialog is a quick input over the file system: type the path, wait until the
    // dialog lists the file's folder, then press OK (an Enter while it is still reading the folder is lost:
    // press again while the dialog stays open)
    // The dialog first sets its value to the starting folder (typing before that is overwritten).
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await page.waitForFunction(() => /\/$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''), undefined, { timeout: 15000 });
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15000 });
    for (let i = 0; i < 3 && (await input.isVisible()); i++) {
      if (i > 0) log(`  (the open dialog is still open (value ${await input.inputValue()}): try ${i + 1})`);
      if ((await input.inputValue()) !== trace) await input.fill(trace);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'saved-trace.json' }).first().waitFor({ state: 'visible', timeout: 15000 });
      await page.waitForTimeout(300);
      await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
      await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    }
    const { frame } = await freshPanel(page, '', 'sineWave');
    const header = await frame.evaluate(() => document.querySelector('header.top').textContent);
    check(/sineWave/.test(header), `the saved trace opens in the panel (${header.trim().slice(0, 80)})`);
  } catch (e) {
    await shot(page, 'FAILED-scenario8').catch(() => {});
    throw e;
  } finally {
    await vs.stop();
  }
});

// ---------------------------------------------------------------- 10: zh-tw
/**
 * VS Code resolves its display language to zh-tw only when a language pack for zh-tw is installed;
 * without one it stays English whatever --locale says, and extensions then get their English
 * package.nls.json. The Chinese (Traditional) Language Pack comes from the Marketplace, which these
 * machines cannot reach, so the suite builds a stand-in pack: the same `localizations` contribution
 * (languageId zh-tw) with an empty core translation file. VS Code's own strings stay English; ours are
 * what this scenario checks (package.nls.zh-tw.json, l10n/bundle.l10n.zh-tw.json, the webview's strings).
 * Installing a language pack from the workbench also records it in <user-data>/languagepacks.json,
 * which the server reads to resolve the display language; `--install-extension` does not write that
 * file, so the suite writes the same entry.
 */
function standInLanguagePack() {
  const dir = join(work, 'zh-tw-language-pack');
  mkdirSync(join(dir, 'translations'), { recursive: true });
  const manifest = {
    name: 'e2e-language-pack-zh-tw',
    displayName: 'zh-tw language pack (bptt-lens e2e stand-in)',
    description: 'Declares the zh-tw display language, with no translations of VS Code itself.',
    publisher: 'bptt-lens-e2e',
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    files: ['translations', 'README.md', 'LICENSE'],
    contributes: {
      localizations: [{ languageId: 'zh-tw', languageName: 'Chinese Traditional', localizedLanguageName: '中文(繁體)', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
    },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'translations/main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(dir, 'README.md'), '# zh-tw language pack (e2e stand-in)\n');
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  const vsix = join(work, 'zh-tw-language-pack.vsix');
  const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(paths.codeServer, ['--install-extension', vsix, '--extensions-dir', extDir], { env: envWithNode24(), stdio: ['ignore', 'ignore', 'inherit'] });
  const id = `${manifest.publisher}.${manifest.name}`;
  const installed = join(extDir, `${id}-${manifest.version}`);
  if (!existsSync(join(installed, 'translations/main.i18n.json'))) throw new Error(`the stand-in language pack is not installed at ${installed}`);
  return {
    'zh-tw': {
      hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: { vscode: join(installed, 'translations/main.i18n.json') },
      label: '中文(繁體)',
    },
  };
}

await scenario(10, 'the zh-tw display language shows the translated command title', async () => {
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.zh-tw.json'), 'utf8'));
  const bundle = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-tw.json'), 'utf8'));
  const title = nls['command.runTrace'];
  const vs = await openVsCode({}, { locale: 'zh-tw', languagePack: standInLanguagePack() });
  const { page } = vs;
  try {
    await openFile(page, 'sineWave.ts');
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').fill('>BPTT');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15000 });
    check(true, `the command palette lists "${(await row.innerText()).replace(/\s+/g, ' ')}"`);
    await shot(page, 'scenario10-zh-tw');
    // run it from there: the host's own messages and the panel are in zh-tw too
    await page.keyboard.press('Enter');
    const { frame } = await freshPanel(page, '', 'sineWave.ts');
    const tab = await frame.evaluate(() => document.querySelector('vscode-panel-tab#tab-graph')?.textContent?.trim());
    check(tab === '計算圖', `the panel's Graph tab reads "${tab}"`);
    const verdict = bundle['BPTT: healthy gradients'];
    const status = page.locator('.statusbar-item', { hasText: verdict }).first();
    await status.waitFor({ state: 'visible', timeout: 15000 });
    check(true, `the status bar reads "${(await status.innerText()).trim()}"`);
    await shot(page, 'scenario10-zh-tw-panel');
  } catch (e) {
    await shot(page, 'FAILED-scenario10').catch(() => {});
    throw e;
  } finally {
    await vs.stop();
  }
});

await browser.close();
// a failed run keeps its work folder (user-data dirs with the extension host logs) for inspection
if (failures.length || process.env.BPTT_E2E_KEEP) log(`kept ${work} (extension host logs: ${work}/ud-*/logs/*/window*/exthost/)`);
else rmSync(work, { recursive: true, force: true });
console.log(`\n${results.join('\n')}\n${timings.length ? `\n${timings.join('\n')}\n` : ''}\ne2e took ${((Date.now() - t0) / 1000).toFixed(0)} s; screenshots in ${artifacts}`);
console.log(`e2e: ${results.length - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
