// The app's one way out: inside VS Code, acquireVsCodeApi() (messages and saved state); inside the
// CLI's HTML report, no host at all: the trace is read from an inline JSON element and the
// host-only actions (reveal a line) are off.
import type { CrossCheckReport } from '../../src/protocol/crossCheck';
import type { FromWebviewMessage, WebviewState } from '../../src/protocol/messages';
import type { Trace } from '../../src/protocol/trace';
import { parseWebviewState } from '../../src/protocol/validate';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** How the app talks to whoever shows it. */
export interface Bridge {
  /** Inside VS Code (links to the editor work). */
  readonly hosted: boolean;
  post(message: FromWebviewMessage): void;
  getState(): WebviewState | null;
  setState(state: WebviewState): void;
}

/** The bridge for this page. */
export function createBridge(): Bridge {
  const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
  if (typeof acquire === 'function') {
    const api = acquire();
    return {
      hosted: true,
      post: (m) => api.postMessage(m),
      getState: () => parseWebviewState(api.getState()),
      setState: (s) => api.setState(s),
    };
  }
  return { hosted: false, post: () => undefined, getState: () => null, setState: () => undefined };
}

/** The trace inlined by the HTML report (`<script type="application/json" id="bptt-trace">`), if any. */
export function inlineTrace(doc: Document): Trace | null {
  const el = doc.getElementById('bptt-trace');
  if (!el || !el.textContent) return null;
  try {
    const trace = JSON.parse(el.textContent) as Trace;
    performance.mark('bptt:parsed');
    return trace;
  } catch {
    return null;
  }
}

/** The cross-check inlined by `bptt-lens check --html` (`<script type="application/json" id="bptt-crosscheck">`), if any. */
export function inlineCrossCheck(doc: Document): CrossCheckReport | null {
  const text = doc.getElementById('bptt-crosscheck')?.textContent;
  if (!text) return null;
  try {
    const r = JSON.parse(text) as CrossCheckReport | null;
    return r && typeof r === 'object' && Array.isArray(r.rows) ? r : null;
  } catch {
    return null;
  }
}
