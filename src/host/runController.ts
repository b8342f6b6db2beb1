// Runs the user's script: always through runScript (a worker thread), never on the extension
// host's thread. Progress with Cancel, the console streamed to the output channel, errors and
// findings in the Problems panel, the verdict in the status bar, the trace handed on.
import * as l10n from '@vscode/l10n';
import { basename, extname } from 'node:path';
import * as vscode from 'vscode';
import { formatCrossCheck } from '../cli/crossCheckText';
import { fmtRel, type CrossCheckReport } from '../protocol/crossCheck';
import type { Trace } from '../protocol/trace';
import type { RunOptions, RunOutcome } from '../runtime/runner';
import { PYTHON_RUNS } from './editorFeatures';
import { statusView, traceVerdict } from './findings';
import { problemEntries } from './problems';
import { resolveInterpreter } from './pythonInterpreter';
import { runOptionsFrom, type HostSettings } from './settings';
import { fileKey } from './traceIndex';

/** What the controller needs from the rest of the extension. */
export interface RunHost {
  output(): vscode.OutputChannel;
  settings(): HostSettings;
  /** A traced run produced a trace worth showing (with the cross-check that made it, if any). */
  onTrace(trace: Trace, versions: Map<string, number>, crossCheck?: CrossCheckReport): Promise<void>;
  setStatus(text: string, tooltip: string, severity: 'ok' | 'warning' | 'error' | 'running', command: string): void;
}

/** Script file extensions the JS/TS runner takes. */
const RUNNABLE = new Set(['.ts', '.js', '.mts', '.mjs', '.cts', '.cjs']);

/** Whether the workspace lets scripts run; says why not when it does not. */
export async function checkTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = l10n.t('Manage Workspace Trust');
  const pick = await vscode.window.showWarningMessage(
    l10n.t('BPTT Lens does not run scripts in Restricted Mode: a script is code, and this workspace is not trusted. Trust the workspace to run it. Opening saved trace files still works.'),
    manage,
  );
  if (pick === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** Runs one script at a time. */
export class RunController implements vscode.Disposable {
  private active: { abort: AbortController; file: string; done: Promise<void> } | null = null;
  readonly problems = vscode.languages.createDiagnosticCollection('bptt-lens');

  constructor(private readonly host: RunHost) {}

  get running(): boolean {
    return this.active !== null;
  }

  /** Cancels the run in progress, if any, and waits until it has ended. */
  async cancel(): Promise<void> {
    const a = this.active;
    if (!a) return;
    a.abort.abort();
    await a.done;
  }

  /** Runs `target` (or the active editor's document); `trace` records a Trace. `auto` is a run on save. */
  async run(target: vscode.Uri | undefined, trace: boolean, auto = false): Promise<void> {
    const file = await this.scriptFile(target, false);
    if (file) await this.exclusive(file, auto, (abort) => this.execute(file, trace, abort));
  }

  /** Runs a .py script on the embedded engine and on the user's PyTorch, and compares them. */
  async crossCheck(target: vscode.Uri | undefined): Promise<void> {
    const file = await this.scriptFile(target, true);
    if (file) await this.exclusive(file, false, (abort) => this.check(file, abort));
  }

  /** The script to run, saved; undefined (having said why) when there is none or it cannot run. */
  private async scriptFile(target: vscode.Uri | undefined, pythonOnly: boolean): Promise<string | undefined> {
    if (!(await checkTrust())) return undefined;
    const doc = await this.document(target);
    if (!doc) return undefined;
    const file = await this.savedPath(doc);
    if (!file) return undefined;
    const ext = extname(file).toLowerCase();
    if (pythonOnly && ext !== '.py') {
      void vscode.window.showWarningMessage(l10n.t('Cross-check with PyTorch runs Python scripts; {0} is not one.', basename(file)));
      return undefined;
    }
    if (ext === '.py' && !PYTHON_RUNS) {
      void vscode.window.showWarningMessage(l10n.t('Python scripts are not supported yet: the Python front (Pyodide) comes in a later release. Use a .js or .ts script.'));
      return undefined;
    }
    if (!RUNNABLE.has(ext) && ext !== '.py') {
      void vscode.window.showWarningMessage(l10n.t('BPTT Lens runs .js and .ts scripts; {0} is not one.', basename(file)));
      return undefined;
    }
    return file;
  }

  /** Runs `body` as the one active run (cancelling the one in progress, after asking unless `auto`). */
  private async exclusive(file: string, auto: boolean, body: (abort: AbortController) => Promise<void>): Promise<void> {
    if (this.active) {
      if (!auto) {
        const stop = l10n.t('Cancel it and run');
        const pick = await vscode.window.showInformationMessage(l10n.t('A run is in progress ({0}).', basename(this.active.file)), stop);
        if (pick !== stop) return;
      }
      await this.cancel();
    }
    let finished!: () => void;
    const abort = new AbortController();
    this.active = { abort, file, done: new Promise<void>((r) => (finished = r)) };
    void vscode.commands.executeCommand('setContext', 'bptt-lens.running', true);
    try {
      await body(abort);
    } finally {
      this.active = null;
      finished();
      void vscode.commands.executeCommand('setContext', 'bptt-lens.running', false);
    }
  }

  private async document(target: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (target instanceof vscode.Uri) {
      try {
        return await vscode.workspace.openTextDocument(target);
      } catch (e) {
        void vscode.window.showErrorMessage(l10n.t('Cannot open {0}: {1}', target.fsPath, (e as Error).message));
        return undefined;
      }
    }
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) void vscode.window.showInformationMessage(l10n.t('Open a .js or .ts script first, then run it.'));
    return doc;
  }

  /** The document's file on disk, saving it first (an untitled one asks where). */
  private async savedPath(doc: vscode.TextDocument): Promise<string | undefined> {
    if (doc.isUntitled) {
      const uri = await vscode.workspace.save(doc.uri);
      return uri?.scheme === 'file' ? uri.fsPath : undefined;
    }
    if (doc.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(l10n.t('BPTT Lens runs scripts saved on disk; {0} is not.', doc.uri.toString()));
      return undefined;
    }
    if (doc.isDirty && !(await doc.save())) return undefined;
    return doc.uri.fsPath;
  }

  private async execute(file: string, trace: boolean, abort: AbortController): Promise<void> {
    const settings = this.host.settings();
    const out = this.host.output();
    const name = basename(file);
    const versions = this.documentVersions();
    const backend = await this.backendOptions(file, settings);
    out.appendLine(`▶ ${trace ? l10n.t('Tracing {0}', file) : l10n.t('Running {0}', file)}${backend.backend === 'pytorch' ? ` (PyTorch: ${backend.python})` : ''}`);
    const title = trace ? l10n.t('BPTT Lens: tracing {0}', name) : l10n.t('BPTT Lens: running {0}', name);
    const outcome = await this.withProgress(file, title, abort, async (onOutput) => {
      // the runner (and esbuild) load on the first run, not at activation
      const { runScript } = await import('../runtime/runner');
      return runScript(file, { ...backend, ...runOptionsFrom(settings, trace), signal: abort.signal, onOutput });
    });
    if (outcome) await this.report(file, trace, outcome, versions);
  }

  /** The backend a run of `file` uses: the user's PyTorch for .py files when the setting says so. */
  private async backendOptions(file: string, settings: HostSettings): Promise<Pick<RunOptions, 'backend' | 'python' | 'fused'>> {
    if (settings.backend !== 'pytorch' || extname(file).toLowerCase() !== '.py') return { backend: 'embedded' };
    const python = await resolveInterpreter(settings.pythonPath, vscode.Uri.file(file));
    return { backend: 'pytorch', python: python.path, fused: settings.fused };
  }

  /** Shows progress with Cancel while `work` runs, streaming its console; undefined when it could not start. */
  private async withProgress<T>(
    file: string,
    title: string,
    abort: AbortController,
    work: (onOutput: (stream: 'stdout' | 'stderr', text: string) => void, progress: vscode.Progress<{ message?: string }>) => Promise<T>,
  ): Promise<T | undefined> {
    const out = this.host.output();
    this.host.setStatus(`$(sync~spin) ${l10n.t('BPTT: running {0}…', basename(file))}`, l10n.t('Click to cancel the run'), 'running', 'bptt-lens.cancelRun');
    const flush = batchedAppend(out);
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return work((_s, text) => flush.append(text), progress);
      });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      flush.close();
      out.appendLine(`■ ${l10n.t('Could not start the script runner: {0}', msg)}`);
      this.host.setStatus(`$(error) ${l10n.t('BPTT: could not run')}`, msg, 'error', 'bptt-lens.showOutput');
      void vscode.window.showErrorMessage(l10n.t('BPTT Lens could not start the script runner: {0}', msg));
      return undefined;
    } finally {
      flush.close();
    }
  }

  private async check(file: string, abort: AbortController): Promise<void> {
    const settings = this.host.settings();
    const out = this.host.output();
    const versions = this.documentVersions();
    const python = await resolveInterpreter(settings.pythonPath, vscode.Uri.file(file));
    out.appendLine(`▶ ${l10n.t('Cross-checking {0} with PyTorch ({1})', file, python.path)}`);
    const result = await this.withProgress(file, l10n.t('BPTT Lens: cross-checking {0}', basename(file)), abort, async (onOutput, progress) => {
      const { runCrossCheck } = await import('../runtime/crossCheckRun');
      const { trace: _trace, ...limits } = runOptionsFrom(settings, true);
      return runCrossCheck(file, {
        ...limits,
        python: python.path,
        signal: abort.signal,
        onOutput,
        onPhase: (b) => {
          const label = b === 'embedded' ? l10n.t('the embedded engine') : `PyTorch (${python.path})`;
          progress.report({ message: label });
          onOutput('stdout', `── ${label}\n`);
        },
      });
    });
    if (!result) return;
    if (result.setupError) {
      const e = result.setupError;
      out.appendLine(`■ ${l10n.t('Cannot cross-check: {0}', `${e.type}: ${e.message}`)}`);
      this.host.setStatus(`$(error) ${l10n.t('BPTT: cannot cross-check')}`, e.message, 'error', 'bptt-lens.showOutput');
      const open = l10n.t('Open settings');
      void vscode.window.showErrorMessage(l10n.t('Cannot cross-check: {0}', `${e.type}: ${e.message}`), open).then((pick) =>
        pick === open ? vscode.commands.executeCommand('workbench.action.openSettings', 'bptt-lens.pythonPath') : undefined,
      );
      return;
    }
    const { withoutValues } = await import('../runtime/crossCheckRun');
    withoutValues(result.embedded.trace, settings.maxRecordedTensorSize);
    out.appendLine(formatCrossCheck(result.report, (m, ...a) => l10n.t(m, ...a)));
    await this.report(file, true, result.embedded, versions, result.report);
    const r = result.report;
    const show = l10n.t('Show output');
    if (r.verdict === 'agree') {
      void vscode.window.showInformationMessage(l10n.t('{0}: the embedded engine agrees with PyTorch within {1}.', basename(file), fmtRel(r.tolerance)), show).then((p) => p === show && out.show(true));
    } else if (r.verdict === 'diverged') {
      void vscode.window
        .showInformationMessage(l10n.t('{0}: the first backward agrees with PyTorch; later iterations drift apart (the training amplifies rounding). See the Cross-check tab.', basename(file)), show)
        .then((p) => p === show && out.show(true));
    } else if (r.embedded.status !== 'cancelled' && r.pytorch.status !== 'cancelled') {
      void vscode.window.showWarningMessage(l10n.t('{0}: the embedded engine and PyTorch disagree. See the Cross-check tab and the output.', basename(file)), show).then((p) => p === show && out.show(true));
    }
  }

  private documentVersions(): Map<string, number> {
    const versions = new Map<string, number>();
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === 'file') versions.set(fileKey(d.uri.fsPath), d.version);
    return versions;
  }

  private async report(file: string, traced: boolean, outcome: RunOutcome, versions: Map<string, number>, crossCheck?: CrossCheckReport): Promise<void> {
    const out = this.host.output();
    const secs = (outcome.wallMs / 1000).toFixed(1);
    const err = outcome.error;
    if (err) out.appendLine(`${err.location ? `${err.location.file}:${err.location.line}:${err.location.column}: ` : ''}${err.type}: ${err.message}`);
    out.appendLine(`■ ${l10n.t('{0} after {1} s', outcome.status, secs)}${outcome.trace ? ` · ${traceVerdict(outcome.trace)}` : ''}`);

    // Problems: this run's entries replace the last run's
    this.problems.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problemEntries(file, outcome.status, err, outcome.trace)) {
      const d = new vscode.Diagnostic(
        new vscode.Range(p.line, p.column, p.line, Number.MAX_SAFE_INTEGER),
        p.message,
        p.severity === 'error' ? vscode.DiagnosticSeverity.Error : p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
      );
      d.source = 'BPTT Lens';
      d.code = p.code;
      const list = byFile.get(p.file) ?? [];
      list.push(d);
      byFile.set(p.file, list);
    }
    for (const [f, list] of byFile) this.problems.set(vscode.Uri.file(f), list);

    const status = statusView(outcome.status, traced ? outcome.trace : null, outcome.wallMs, err?.location?.line);
    const command = outcome.trace ? 'bptt-lens.showPanel' : outcome.status === 'error' ? 'workbench.actions.view.problems' : 'bptt-lens.showOutput';
    this.host.setStatus(status.text, status.tooltip, status.severity, command);

    const t = outcome.trace;
    if (traced && t && (outcome.status === 'ok' || t.graph.nodes.length > 0 || t.recurrent.length > 0)) await this.host.onTrace(t, versions, crossCheck);

    // notifications are not awaited: the run (and the `running` state) ends now, buttons act later
    if (outcome.status === 'error' && err) {
      const go = l10n.t('Go to error');
      const show = l10n.t('Show output');
      const where = err.location ? l10n.t('{0}, line {1}', basename(err.location.file), err.location.line) : basename(file);
      void vscode.window.showErrorMessage(`${where}: ${err.type}: ${err.message}`, ...(err.location ? [go, show] : [show])).then(async (pick) => {
        if (pick === go && err.location) await this.goTo(err.location);
        else if (pick === show) out.show(true);
      });
    } else if (outcome.status === 'timeout') {
      const open = l10n.t('Open settings');
      void vscode.window
        .showWarningMessage(
          l10n.t('{0} ran longer than {1} s and was stopped. Raise bptt-lens.timeoutSeconds if it needs more time.', basename(file), this.host.settings().timeoutSeconds),
          open,
        )
        .then((pick) => (pick === open ? vscode.commands.executeCommand('workbench.action.openSettings', 'bptt-lens.timeoutSeconds') : undefined));
    } else if (outcome.status === 'crashed') {
      out.show(true);
      void vscode.window.showErrorMessage(l10n.t('The script worker stopped: {0}', err?.message ?? '?'));
    } else if (!traced && outcome.status === 'ok') {
      out.show(true);
    }
  }

  private async goTo(loc: { file: string; line: number; column: number }): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(loc.file));
    const pos = new vscode.Position(loc.line - 1, Math.max(0, loc.column - 1));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
  }

  dispose(): void {
    this.active?.abort.abort();
    this.problems.dispose();
  }
}

/** Appends streamed console text to the channel in batches, so a chatty script cannot flood it. */
function batchedAppend(out: vscode.OutputChannel): { append(text: string): void; close(): void } {
  let buf = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    if (buf) out.append(buf);
    buf = '';
  };
  return {
    append(text) {
      buf += text;
      if (buf.length > 1 << 20) flush();
      else timer ??= setTimeout(flush, 50);
    },
    close() {
      clearTimeout(timer);
      flush();
    },
  };
}
