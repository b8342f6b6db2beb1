// The trace panel's HTML: nothing but the built bundle, under a strict CSP with a per-load nonce.
import { randomInt } from 'node:crypto';

const NONCE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh 32-character nonce. */
export function makeNonce(): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += NONCE_CHARS[randomInt(NONCE_CHARS.length)];
  return s;
}

/** What the page loads; URIs already converted with `webview.asWebviewUri`. */
export interface WebviewPage {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** Absent when the bundle has no stylesheet. */
  styleUri?: string;
  /** The webview-ui-toolkit, when the bundle does not include it. */
  toolkitUri?: string;
  /** BCP 47 language of the UI, e.g. `en` or `zh-tw`. */
  lang: string;
  title: string;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Content-Security-Policy: no remote anything, scripts only with the nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** The full HTML document. */
export function renderWebviewHtml(p: WebviewPage): string {
  const n = attr(p.nonce);
  return `<!DOCTYPE html>
<html lang="${attr(p.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${p.styleUri ? `<link rel="stylesheet" nonce="${n}" href="${attr(p.styleUri)}">\n` : ''}<title>${attr(p.title)}</title>
</head>
<body>
<div id="app"></div>
${p.toolkitUri ? `<script type="module" nonce="${n}" src="${attr(p.toolkitUri)}"></script>\n` : ''}<script nonce="${n}" src="${attr(p.scriptUri)}"></script>
</body>
</html>
`;
}
