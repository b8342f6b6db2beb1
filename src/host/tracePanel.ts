// The trace panel: one webview beside the code, created or revealed on demand, revived after a
// reload by the serializer. It loads only dist/webview.js (+ .css) under a strict CSP, and every
// message it sends is validated before use.
import { existsSync } from 'node:fs';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ExportRequestMessage, FromWebviewMessage, ToWebviewMessage } from '../protocol/messages';
import { parseFromWebview } from '../protocol/validate';
import type { SourceLocation } from '../protocol/trace';
import type { CurrentTrace, TraceSession } from './session';
import { makeNonce, renderWebviewHtml } from './webviewHtml';

/** What the panel needs from the rest of the extension. */
export interface PanelHost {
  extensionUri: vscode.Uri;
  session: TraceSession;
  /** Reveal and select a source line (RevealSourceMessage). */
  reveal(loc: SourceLocation, preserveFocus: boolean): Promise<void>;
  log(line: string): void;
}

const EXPORT_TIMEOUT_MS = 30_000;

/** The panel's webview options: scripts on, resources only from dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The ShowTraceMessage for a trace; its file path lets a reloaded panel find it again. */
function showTraceMessage(cur: CurrentTrace): ToWebviewMessage {
  return { type: 'showTrace', traceId: cur.id, trace: cur.trace, locale: vscode.env.language, tracePath: cur.tracePath, crossCheck: cur.crossCheck };
}

/** The one trace panel. */
export class TracePanel {
  static readonly viewType = 'bptt-lens.trace';
  private static instance: TracePanel | undefined;

  private ready = false;
  private queue: ToWebviewMessage[] = [];
  private sentTraceId: string | null = null;
  private nextRequest = 1;
  private readonly exports = new Map<number, { resolve: (data: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly disposables: vscode.Disposable[] = [];
  private malformed = 0;

  /** The open panel, if any. */
  static get current(): TracePanel | undefined {
    return TracePanel.instance;
  }

  /** Reveals the panel beside the active editor, creating it when needed. */
  static createOrShow(host: PanelHost, preserveFocus = true): TracePanel {
    if (TracePanel.instance) {
      TracePanel.instance.panel.reveal(undefined, preserveFocus);
      TracePanel.instance.sendCurrent();
      return TracePanel.instance;
    }
    const panel = vscode.window.createWebviewPanel(
      TracePanel.viewType,
      l10n.t('BPTT trace'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      webviewOptions(host.extensionUri),
    );
    TracePanel.instance = new TracePanel(panel, host);
    return TracePanel.instance;
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, host: PanelHost): TracePanel {
    TracePanel.instance?.dispose();
    panel.webview.options = webviewOptions(host.extensionUri);
    TracePanel.instance = new TracePanel(panel, host);
    return TracePanel.instance;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: PanelHost,
  ) {
    const media = vscode.Uri.joinPath(host.extensionUri, 'media');
    panel.iconPath = { light: vscode.Uri.joinPath(media, 'trace-light.svg'), dark: vscode.Uri.joinPath(media, 'trace-dark.svg') };
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      // a hidden webview is torn down (no retainContextWhenHidden): wait for its next `ready`
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      host.session.onDidChange(() => this.sendCurrent()),
    );
    this.updateTitle(host.session.current);
  }

  private html(): string {
    const dist = vscode.Uri.joinPath(this.host.extensionUri, 'dist');
    const uri = (name: string): string | undefined =>
      existsSync(vscode.Uri.joinPath(dist, name).fsPath) ? this.panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString() : undefined;
    return renderWebviewHtml({
      cspSource: this.panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: uri('webview.css'),
      toolkitUri: uri('toolkit.min.js'),
      lang: vscode.env.language,
      title: l10n.t('BPTT trace'),
    });
  }

  private updateTitle(cur: CurrentTrace | null): void {
    const base = cur ? cur.trace.script.path.split(/[/\\]/).pop() : undefined;
    this.panel.title = base ? l10n.t('BPTT: {0}', base) : l10n.t('BPTT trace');
  }

  /** Sends the session's trace if the webview does not have it yet. */
  sendCurrent(): void {
    const cur = this.host.session.current;
    this.updateTitle(cur);
    if (!cur || cur.id === this.sentTraceId) return;
    this.queue = this.queue.filter((m) => m.type !== 'showTrace');
    this.post(showTraceMessage(cur));
  }

  /** Posts a message, or queues it until the webview says it is ready. */
  post(message: ToWebviewMessage): void {
    if (!this.ready) {
      // while hidden only the latest of each kind matters (cursor moves, focus requests); exports all wait
      if (message.type !== 'exportRequest') this.queue = this.queue.filter((m) => m.type !== message.type);
      this.queue.push(message);
      return;
    }
    if (message.type === 'showTrace') this.sentTraceId = message.traceId;
    void this.panel.webview.postMessage(message);
  }

  /** Asks the webview for an export and waits for its answer. */
  requestExport(format: ExportRequestMessage['format']): Promise<string> {
    const requestId = this.nextRequest++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.exports.delete(requestId);
        reject(new Error(l10n.t('The trace panel did not answer the export request.')));
      }, EXPORT_TIMEOUT_MS);
      this.exports.set(requestId, { resolve, reject, timer });
      this.post({ type: 'exportRequest', requestId, format });
    });
  }

  private onMessage(raw: unknown): void {
    const msg = parseFromWebview(raw);
    if (!msg) {
      if (this.malformed++ < 5) this.host.log(l10n.t('Ignored a malformed message from the trace panel.'));
      return;
    }
    void this.handle(msg);
  }

  private async handle(msg: FromWebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        this.ready = true;
        this.sentTraceId = null;
        const pending = this.queue;
        this.queue = [];
        const cur = this.host.session.current;
        if (cur) this.post(showTraceMessage(cur));
        for (const m of pending) if (m.type !== 'showTrace') this.post(m);
        break;
      }
      case 'revealSource': {
        const cur = this.host.session.current;
        // only files the trace itself points into: the webview's message is untrusted input
        if (cur && cur.index.hasFile(msg.location.file)) await this.host.reveal(msg.location, false);
        break;
      }
      case 'nodeSelected': {
        const node = this.host.session.current?.index.nodes.get(msg.nodeId);
        const src = node?.source;
        if (src && vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === src.file)) await this.host.reveal(src, true);
        break;
      }
      case 'exportResult': {
        const pending = this.exports.get(msg.requestId);
        if (!pending) break;
        clearTimeout(pending.timer);
        this.exports.delete(msg.requestId);
        pending.resolve(msg.data);
        break;
      }
      case 'webviewError':
        this.host.log(l10n.t('Trace panel error: {0}', msg.message));
        break;
    }
  }

  dispose(): void {
    if (TracePanel.instance === this) TracePanel.instance = undefined;
    for (const p of this.exports.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(l10n.t('The trace panel was closed.')));
    }
    this.exports.clear();
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
    this.panel.dispose();
  }
}
