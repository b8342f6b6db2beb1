// The extension's entry. Activation is cheap: it registers commands, views and providers, and
// nothing runs until it is used. The script runner (and esbuild) load on the first run; user code
// only ever runs in the runner's worker threads.
import * as l10n from '@vscode/l10n';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { CrossCheckReport } from '../protocol/crossCheck';
import type { StepRef } from '../protocol/messages';
import type { SourceLocation, Trace } from '../protocol/trace';
import { parseWebviewState } from '../protocol/validate';
import { registerCommands } from './commands';
import { InlineValuesController, ModelCodeLens, registerCodeLens, registerHover, RUNNABLE_LANGUAGES, watchCursor } from './editorFeatures';
import { statusView, traceVerdict } from './findings';
import { RunController } from './runController';
import { RunStore, loadTraceFile } from './runStore';
import { TraceSession } from './session';
import { readSettings, type HostSettings } from './settings';
import { sameFile } from './traceIndex';
import { TracePanel, type PanelHost } from './tracePanel';
import { modelTree, runsTree, stepsTree } from './treeModel';
import { NodeTreeProvider } from './treeViews';

const CURRENT_RUN_KEY = 'bptt-lens.currentRun';

/** Everything the commands share. */
export class Extension implements PanelHost {
  readonly session = new TraceSession();
  readonly runs: RunStore;
  readonly runner: RunController;
  private outputChannel: vscode.OutputChannel | undefined;
  private statusItem: vscode.StatusBarItem | undefined;
  private cachedSettings: HostSettings | undefined;

  constructor(readonly context: vscode.ExtensionContext) {
    const storage = context.storageUri ?? context.globalStorageUri;
    this.runs = new RunStore(context.workspaceState, vscode.Uri.joinPath(storage, 'runs').fsPath, () => this.settings().maxRuns);
    this.runner = new RunController({
      output: () => this.output(),
      settings: () => this.settings(),
      onTrace: (trace, versions, crossCheck) => this.showRunTrace(trace, versions, crossCheck),
      setStatus: (text, tooltip, severity, command) => this.setStatus(text, tooltip, severity, command),
    });
    context.subscriptions.push(this.runner, { dispose: () => (this.outputChannel?.dispose(), this.statusItem?.dispose()) });
  }

  get extensionUri(): vscode.Uri {
    return this.context.extensionUri;
  }

  settings(): HostSettings {
    this.cachedSettings ??= readSettings((k) => vscode.workspace.getConfiguration('bptt-lens').get(k));
    return this.cachedSettings;
  }

  forgetSettings(): void {
    this.cachedSettings = undefined;
  }

  output(): vscode.OutputChannel {
    this.outputChannel ??= vscode.window.createOutputChannel('BPTT Lens');
    return this.outputChannel;
  }

  log(line: string): void {
    this.output().appendLine(line);
  }

  setStatus(text: string, tooltip: string, severity: 'ok' | 'warning' | 'error' | 'running', command: string): void {
    if (!this.statusItem) {
      this.statusItem = vscode.window.createStatusBarItem('bptt-lens.status', vscode.StatusBarAlignment.Left, 10);
      this.statusItem.name = 'BPTT Lens';
    }
    const s = this.statusItem;
    s.text = text;
    s.tooltip = tooltip;
    s.command = command;
    s.backgroundColor =
      severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    s.show();
  }

  /** A run made `trace`: remember it, show it everywhere. */
  async showRunTrace(trace: Trace, versions: Map<string, number>, crossCheck?: CrossCheckReport): Promise<void> {
    let id: string;
    let path: string | null = null;
    try {
      const entry = await this.runs.add(trace, traceVerdict(trace));
      id = entry.id;
      path = entry.tracePath;
    } catch (e) {
      this.log(l10n.t('Could not store the trace: {0}', (e as Error).message));
      id = `${basename(trace.script.path)}-${trace.script.startedAt}`;
    }
    this.setCurrent(id, trace, path, versions, crossCheck);
    TracePanel.createOrShow(this, true);
  }

  /** Shows a trace in the views (not the panel). */
  setCurrent(id: string, trace: Trace, tracePath: string | null, versions = new Map<string, number>(), crossCheck?: CrossCheckReport): void {
    this.session.set(id, trace, tracePath, versions, crossCheck ?? null);
    void this.context.workspaceState.update(CURRENT_RUN_KEY, id);
    void vscode.commands.executeCommand('setContext', 'bptt-lens.hasTrace', true);
  }

  /** Opens a stored run (Runs view, panel reload). */
  async openRun(id: string, showPanel = true): Promise<boolean> {
    const r = await this.runs.load(id);
    if (!r.ok) {
      void vscode.window.showErrorMessage(l10n.t('Cannot open the run: {0}', r.error));
      return false;
    }
    this.setCurrent(id, r.trace, this.runs.get(id)?.tracePath ?? null);
    const s = statusView('ok', r.trace, 0);
    this.setStatus(s.text, s.tooltip, s.severity, 'bptt-lens.showPanel');
    if (showPanel) TracePanel.createOrShow(this, true);
    return true;
  }

  /** Reveals and selects a source line in an editor (not over the panel). */
  async reveal(loc: SourceLocation, preserveFocus: boolean): Promise<void> {
    const uri = vscode.Uri.file(loc.file);
    const visible = vscode.window.visibleTextEditors.find((e) => sameFile(e.document.uri.fsPath, loc.file));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const line = Math.min(Math.max(0, loc.line - 1), doc.lineCount - 1);
      const range = doc.lineAt(line).range;
      await vscode.window.showTextDocument(doc, {
        viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
        selection: new vscode.Range(range.end, range.start),
        preserveFocus,
      });
      vscode.window.activeTextEditor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (e) {
      void vscode.window.showWarningMessage(l10n.t('Cannot open {0}: {1}', loc.file, (e as Error).message));
    }
  }

  /** The panel with the current trace, opened beside the editor when needed. */
  panel(preserveFocus = true): TracePanel | undefined {
    if (!this.session.current) {
      void vscode.window.showInformationMessage(l10n.t('No trace yet: run a script with "Run BPTT trace" or open a trace file.'));
      return undefined;
    }
    return TracePanel.createOrShow(this, preserveFocus);
  }

  focusStep(step: StepRef, source: SourceLocation | null): void {
    this.panel()?.post({ type: 'focusStep', step });
    if (source) void this.reveal(source, true);
  }

  /** Restores a panel after a reload: its saved trace, else the last current run. */
  async revivePanel(webviewPanel: vscode.WebviewPanel, rawState: unknown): Promise<void> {
    const state = parseWebviewState(rawState);
    TracePanel.revive(webviewPanel, this);
    if (this.session.current) return;
    const tryPath = state?.tracePath && state.tracePath.endsWith('.json') ? state.tracePath : null;
    if (tryPath) {
      const r = await loadTraceFile(tryPath);
      if (r.ok) {
        const known = this.runs.list().find((x) => sameFile(x.tracePath, tryPath));
        this.setCurrent(known?.id ?? state?.traceId ?? tryPath, r.trace, tryPath);
        return;
      }
    }
    const id = (state?.traceId && this.runs.get(state.traceId) ? state.traceId : null) ?? this.context.workspaceState.get<string>(CURRENT_RUN_KEY);
    if (id && this.runs.get(id)) await this.openRun(id, false);
  }
}

/** Called by VS Code on the first activation event. */
export function activate(context: vscode.ExtensionContext): void {
  const bundle = vscode.l10n.bundle;
  if (bundle) l10n.config({ contents: bundle });
  const ext = new Extension(context);
  const subs = context.subscriptions;

  // views
  const model = new NodeTreeProvider(() => (ext.session.current ? modelTree(ext.session.current.index) : []));
  const steps = new NodeTreeProvider(() => (ext.session.current ? stepsTree(ext.session.current.index) : []));
  const runs = new NodeTreeProvider(() => runsTree(ext.runs.list(), ext.session.current?.id ?? null, basename));
  const stepsView = vscode.window.createTreeView('bptt-lens.steps', { treeDataProvider: steps, showCollapseAll: true });
  subs.push(
    model,
    steps,
    runs,
    vscode.window.createTreeView('bptt-lens.model', { treeDataProvider: model, showCollapseAll: true }),
    stepsView,
    vscode.window.createTreeView('bptt-lens.runs', { treeDataProvider: runs }),
    ext.session.onDidChange((cur) => {
      model.refresh();
      steps.refresh();
      runs.refresh();
      stepsView.message = cur && cur.trace.recurrent.length === 0 ? l10n.t('No recurrent layer or cell ran in this trace.') : undefined;
    }),
    ext.runs.onDidChange(() => {
      runs.refresh();
      void vscode.commands.executeCommand('setContext', 'bptt-lens.hasRuns', ext.runs.list().length > 0);
    }),
  );
  void vscode.commands.executeCommand('setContext', 'bptt-lens.hasRuns', ext.runs.list().length > 0);

  // editor features
  const inline = new InlineValuesController(ext.session, () => ext.settings());
  const lens = new ModelCodeLens(() => ext.settings());
  subs.push(
    inline,
    lens,
    registerHover(ext.session),
    registerCodeLens(lens),
    watchCursor(ext.session, (file, lines) => TracePanel.current?.post({ type: 'highlightLines', file, lines })),
    vscode.window.registerWebviewPanelSerializer(TracePanel.viewType, {
      deserializeWebviewPanel: (panel, state) => ext.revivePanel(panel, state),
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('bptt-lens')) return;
      ext.forgetSettings();
      inline.refresh();
      lens.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lens.refresh()),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (!ext.settings().autoRunOnSave || !vscode.workspace.isTrusted || !RUNNABLE_LANGUAGES.includes(doc.languageId)) return;
      // only scripts that were traced before: saving any .ts file must not run it
      const traced = (ext.session.current && sameFile(ext.session.current.trace.script.path, doc.uri.fsPath)) || ext.runs.list().some((r) => sameFile(r.script, doc.uri.fsPath));
      if (traced) void ext.runner.run(doc.uri, true, true);
    }),
  );

  registerCommands(ext);
}

/** Called by VS Code on shutdown; the subscriptions are disposed by VS Code (the run is aborted there). */
export async function deactivate(): Promise<void> {
  // the warm Pyodide worker, if a Python script ran
  const { disposePython } = await import('../runtime/pythonRunner');
  await disposePython();
}
