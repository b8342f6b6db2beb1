// The contributed commands. Each handler is small; the work lives in the Extension's services.
import * as l10n from '@vscode/l10n';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { StepRef } from '../protocol/messages';
import type { SourceLocation } from '../protocol/trace';
import { isSourceLocation } from '../protocol/validate';
import { compareMarkdown } from './compare';
import type { Extension } from './extension';
import { statusView, traceVerdict } from './findings';
import { loadTraceFile } from './runStore';
import { exampleOrder, exampleSummary, templates } from './templates';
import { exportBytes, stepsCsv } from './traceFile';
import { TracePanel } from './tracePanel';
import type { TreeNode } from './treeModel';

const COMPARE_SCHEME = 'bptt-lens-compare';

/** A run id from a command argument: the id itself, or a Runs view item. */
function runIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id = (arg as TreeNode | undefined)?.id;
  return typeof id === 'string' && id.startsWith('run:') ? id.slice(4) : undefined;
}

function isStepRef(v: unknown): v is StepRef {
  const s = v as StepRef;
  return typeof s === 'object' && s !== null && typeof s.module === 'string' && [s.layer, s.direction, s.t].every((n) => Number.isInteger(n));
}

/** The bundled examples folder (dist/examples in the package, examples/ in a checkout). */
async function examplesDir(ext: Extension): Promise<string> {
  const dist = vscode.Uri.joinPath(ext.extensionUri, 'dist', 'examples').fsPath;
  try {
    await readdir(dist);
    return dist;
  } catch {
    return vscode.Uri.joinPath(ext.extensionUri, 'examples').fsPath;
  }
}

/** Where a save dialog starts: beside the traced script, else in the first workspace folder. */
function defaultSaveUri(ext: Extension, name: string): vscode.Uri | undefined {
  const script = ext.session.current?.trace.script.path;
  if (script) return vscode.Uri.file(join(dirname(script), name));
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, name) : undefined;
}

async function saveExport(ext: Extension, format: 'svg' | 'png' | 'csv'): Promise<void> {
  const cur = ext.session.current;
  const panel = ext.panel(true);
  if (!cur || !panel) return;
  let data: string;
  try {
    data = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: l10n.t('Exporting…') }, () => panel.requestExport(format));
  } catch (e) {
    if (format !== 'csv') {
      void vscode.window.showErrorMessage(l10n.t('Export failed: {0}', (e as Error).message));
      return;
    }
    // the per-step data is all in the trace: write it without the panel
    data = stepsCsv(cur.trace);
  }
  const bytes = exportBytes(format, data);
  if (!bytes) {
    void vscode.window.showErrorMessage(l10n.t('Export failed: {0}', l10n.t('the panel sent no PNG image')));
    return;
  }
  const stem = basename(cur.trace.script.path).replace(/\.[^.]+$/, '');
  const names = { svg: `${stem}-graph.svg`, png: `${stem}-graph.png`, csv: `${stem}-steps.csv` };
  const filters = { svg: { SVG: ['svg'] }, png: { PNG: ['png'] }, csv: { CSV: ['csv'] } };
  const target = await vscode.window.showSaveDialog({ defaultUri: defaultSaveUri(ext, names[format]), filters: filters[format] });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(l10n.t('Saved {0}', target.fsPath));
}

async function openTraceFile(ext: Extension, arg: unknown): Promise<void> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [l10n.t('BPTT trace')]: ['json'] }, title: l10n.t('Open trace file') });
    uri = picked?.[0];
  }
  if (!uri) return;
  const r = await loadTraceFile(uri.fsPath);
  if (!r.ok) {
    void vscode.window.showErrorMessage(l10n.t('Cannot open {0}: {1}', basename(uri.fsPath), r.error));
    return;
  }
  const entry = await ext.runs.addExternal(uri.fsPath, r.trace, traceVerdict(r.trace));
  ext.setCurrent(entry.id, r.trace, uri.fsPath);
  const s = statusView('ok', r.trace, 0);
  ext.setStatus(s.text, s.tooltip, s.severity, 'bptt-lens.showPanel');
  TracePanel.createOrShow(ext, false);
}

async function compareRuns(ext: Extension, arg: unknown, changed: vscode.EventEmitter<vscode.Uri>): Promise<void> {
  const runs = ext.runs.list();
  if (runs.length < 2) {
    void vscode.window.showInformationMessage(l10n.t('Compare needs at least two runs.'));
    return;
  }
  const item = (r: (typeof runs)[number]): vscode.QuickPickItem & { id: string } => ({ id: r.id, label: basename(r.script), description: r.startedAt, detail: r.verdict });
  const firstId = runIdOf(arg) ?? (await vscode.window.showQuickPick(runs.map(item), { title: l10n.t('Compare runs: first run (A)') }))?.id;
  if (!firstId) return;
  const secondId = (await vscode.window.showQuickPick(runs.filter((r) => r.id !== firstId).map(item), { title: l10n.t('Compare runs: second run (B)') }))?.id;
  if (!secondId) return;
  const [a, b] = await Promise.all([ext.runs.load(firstId), ext.runs.load(secondId)]);
  if (!a.ok || !b.ok) {
    void vscode.window.showErrorMessage(l10n.t('Cannot open the run: {0}', !a.ok ? a.error : !b.ok ? b.error : ''));
    return;
  }
  const label = (id: string): string => {
    const r = ext.runs.get(id);
    return r ? `${basename(r.script)} (${r.startedAt})` : id;
  };
  const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${firstId}--${secondId}.md` });
  compareDocs.set(uri.toString(), compareMarkdown(a.trace, b.trace, label(firstId), label(secondId)));
  changed.fire(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri).then(undefined, () => vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside));
}

/** The compare documents (a read-only virtual Markdown document per pair of runs). */
const compareDocs = new Map<string, string>();

async function newFromTemplate(ext: Extension): Promise<void> {
  const dir = await examplesDir(ext);
  const available = await readdir(dir).catch(() => [] as string[]);
  const picks = templates()
    .filter((t) => available.includes(t.file))
    .map((t) => ({ label: t.label, detail: t.detail, description: t.file, file: t.file }));
  if (picks.length === 0) {
    void vscode.window.showErrorMessage(l10n.t('The templates are missing from this installation of BPTT Lens.'));
    return;
  }
  const pick = await vscode.window.showQuickPick(picks, { title: l10n.t('New RNN script from template'), matchOnDetail: true });
  if (!pick) return;
  const content = await readFile(join(dir, pick.file), 'utf8');
  const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content });
  await vscode.window.showTextDocument(doc);
}

async function openExample(ext: Extension): Promise<void> {
  const dir = await examplesDir(ext);
  const files = exampleOrder(await readdir(dir).catch(() => [] as string[]));
  const picks = await Promise.all(
    files.map(async (f) => ({ label: f, detail: exampleSummary(await readFile(join(dir, f), 'utf8').catch(() => '')), file: f })),
  );
  const pick = await vscode.window.showQuickPick(picks, { title: l10n.t('Open example'), matchOnDetail: true });
  if (!pick) return;
  await vscode.window.showTextDocument(vscode.Uri.file(join(dir, pick.file)), { preview: false });
}

/** Registers every command (into context.subscriptions). */
export function registerCommands(ext: Extension): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown): void => {
    ext.context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };
  const uriArg = (a: unknown): vscode.Uri | undefined => (a instanceof vscode.Uri ? a : undefined);

  reg('bptt-lens.runTrace', (a) => ext.runner.run(uriArg(a), true));
  reg('bptt-lens.runScript', (a) => ext.runner.run(uriArg(a), false));
  reg('bptt-lens.crossCheck', (a) => ext.runner.crossCheck(uriArg(a)));
  reg('bptt-lens.cancelRun', () => ext.runner.cancel());
  reg('bptt-lens.openTrace', (a) => openTraceFile(ext, a));
  reg('bptt-lens.showPanel', () => ext.panel(false));
  reg('bptt-lens.showOutput', () => ext.output().show(true));
  reg('bptt-lens.newFromTemplate', () => newFromTemplate(ext));
  reg('bptt-lens.openExample', () => openExample(ext));
  reg('bptt-lens.exportTrace', async () => {
    const cur = ext.session.current;
    if (!cur) return ext.panel();
    const stem = basename(cur.trace.script.path).replace(/\.[^.]+$/, '');
    const target = await vscode.window.showSaveDialog({ defaultUri: defaultSaveUri(ext, `${stem}.trace.json`), filters: { [l10n.t('BPTT trace')]: ['json'] } });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(JSON.stringify(cur.trace)));
    void vscode.window.showInformationMessage(l10n.t('Saved {0}', target.fsPath));
  });
  reg('bptt-lens.exportGraphSvg', () => saveExport(ext, 'svg'));
  reg('bptt-lens.exportGraphPng', () => saveExport(ext, 'png'));
  reg('bptt-lens.exportStepsCsv', () => saveExport(ext, 'csv'));

  // links from the hover and the sidebar (hidden from the palette)
  reg('bptt-lens.showInGraph', (nodeId) => {
    if (typeof nodeId === 'string' && ext.session.current?.index.nodes.has(nodeId)) ext.panel()?.post({ type: 'focusNode', nodeId });
  });
  reg('bptt-lens.focusParameter', (name) => {
    if (typeof name === 'string' && ext.session.current?.index.parameters.has(name)) ext.panel()?.post({ type: 'focusParameter', name });
  });
  reg('bptt-lens.focusStep', (step, source) => {
    if (isStepRef(step)) ext.focusStep(step, isSourceLocation(source) ? (source as SourceLocation) : null);
  });
  reg('bptt-lens.revealSource', (arg) => {
    // a location (from a tree item's click), or the Model view item itself (its inline action)
    const loc = isSourceLocation(arg) ? arg : (arg as TreeNode | undefined)?.command?.arguments?.[0];
    if (isSourceLocation(loc)) return ext.reveal(loc, false);
  });

  // runs
  reg('bptt-lens.openRun', (a) => {
    const id = runIdOf(a);
    if (id) return ext.openRun(id);
  });
  const compareChanged = new vscode.EventEmitter<vscode.Uri>();
  reg('bptt-lens.compareRuns', (a) => compareRuns(ext, a, compareChanged));
  reg('bptt-lens.removeRun', (a) => {
    const id = runIdOf(a);
    if (id) return ext.runs.remove(id);
  });
  reg('bptt-lens.clearRuns', async () => {
    const yes = l10n.t('Clear');
    if ((await vscode.window.showWarningMessage(l10n.t('Forget all recent runs and delete their stored traces?'), { modal: true }, yes)) === yes) await ext.runs.clear();
  });

  ext.context.subscriptions.push(
    compareChanged,
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, {
      onDidChange: compareChanged.event,
      provideTextDocumentContent: (uri) => compareDocs.get(uri.toString()) ?? '',
    }),
  );
}
