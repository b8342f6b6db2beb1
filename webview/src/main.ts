// Entry of the webview bundle (dist/webview.js): registers the toolkit components, starts the app,
// and wires it to the host — or, in the CLI's HTML report, to the inlined trace.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeLink,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
} from '@vscode/webview-ui-toolkit';
import type { ToWebviewMessage } from '../../src/protocol/messages';
import { App } from './app';
import { createBridge, inlineCrossCheck, inlineTrace } from './bridge';

performance.mark('bptt:start');
provideVSCodeDesignSystem().register(
  vsCodeButton(),
  vsCodeDropdown(),
  vsCodeLink(),
  vsCodeOption(),
  vsCodePanels(),
  vsCodePanelTab(),
  vsCodePanelView(),
);

performance.mark('bptt:toolkit');

const TYPES = new Set(['showTrace', 'highlightLines', 'focusNode', 'focusParameter', 'focusStep', 'exportRequest']);

function start(): void {
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  root.id = 'app';
  const bridge = createBridge();
  const app = new App(root, bridge);
  const fail = (e: unknown): void => {
    const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    if (bridge.hosted) bridge.post({ type: 'webviewError', message: message.slice(0, 10000) });
    else console.error(e);
  };
  window.addEventListener('error', (e) => fail(e.error ?? e.message));
  window.addEventListener('unhandledrejection', (e) => fail(e.reason));
  if (bridge.hosted) {
    window.addEventListener('message', (e: MessageEvent<unknown>) => {
      const m = e.data as ToWebviewMessage | null;
      if (m && typeof m === 'object' && TYPES.has((m as { type?: string }).type ?? '')) app.handle(m).catch(fail);
    });
    app.showEmpty(document.documentElement.lang || navigator.language);
    bridge.post({ type: 'ready' });
    return;
  }
  document.body.classList.add('bptt-report');
  const trace = inlineTrace(document);
  if (!trace) {
    app.showEmpty(navigator.language);
    return;
  }
  const locale = document.body.dataset.locale || navigator.language;
  app.handle({ type: 'showTrace', traceId: 'report', trace, locale, crossCheck: inlineCrossCheck(document) }).catch(fail);
  // The report exposes the app for scripted checks (first paint, focus, export).
  (window as unknown as { bpttLens: App }).bpttLens = app;
}

start();
