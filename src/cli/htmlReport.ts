// The CLI's self-contained HTML report: the trace panel's webview app (dist/webview.js and .css)
// and the trace, inlined into one file that opens in any browser, offline. A strict CSP with a
// nonce allows the page's own script and style and nothing else: nothing remote is ever loaded.
// (The csp-nonce meta is how the webview toolkit, FAST, finds the nonce for the style it adds.)
import { randomBytes } from 'node:crypto';
import { crossCheckJson, type CrossCheckReport } from '../protocol/crossCheck';
import type { Trace } from '../trace/types';

/** The built webview bundle. */
export interface ReportAssets {
  js: string;
  css: string;
}

/** Options of a report. */
export interface ReportOptions {
  /** UI language (`'en'`, `'zh-tw'`); the browser's when absent. */
  locale?: string;
  /** Page title; the script's file name when absent. */
  title?: string;
  /** A cross-check to show in its own tab (`bptt-lens check --html`). */
  crossCheck?: CrossCheckReport;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a `<script type="application/json">` element: no `<` at all. */
export function jsonForScript(value: unknown): string {
  return safeForScript(JSON.stringify(value));
}

function safeForScript(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * One HTML file showing `trace` with the webview app. e.g.
 * `writeFileSync('report.html', renderHtmlReport(trace, { js: readFileSync('dist/webview.js', 'utf8'), css: readFileSync('dist/webview.css', 'utf8') }))`
 */
export function renderHtmlReport(trace: Trace, assets: ReportAssets, options: ReportOptions = {}): string {
  const nonce = randomBytes(18).toString('base64');
  const name = trace.script.path.split(/[\\/]/).pop() ?? 'trace';
  const title = options.title ?? `BPTT Lens · ${name}`;
  // The bundle must not end its element early or switch the HTML parser's script states: `\x3C`
  // reads as `<` in strings, templates and regular expressions alike.
  const js = assets.js.replace(/<(\/?script|!--)/gi, '\\x3C$1');
  const css = assets.css.replace(/<\/(style)/gi, '<\\/$1');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data: blob:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const locale = options.locale ? ` data-locale="${escapeHtml(options.locale)}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(trace.script.producer)}">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${css}</style>
</head>
<body class="bptt-report"${locale}>
<div id="app"></div>
<script type="application/json" id="bptt-trace">${jsonForScript(trace)}</script>${options.crossCheck ? `\n<script type="application/json" id="bptt-crosscheck">${safeForScript(crossCheckJson(options.crossCheck))}</script>` : ''}
<script nonce="${nonce}">${js}</script>
</body>
</html>
`;
}
