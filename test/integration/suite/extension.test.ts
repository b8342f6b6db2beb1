// The extension in a real VS Code: activation, commands, a traced run with its panel, hover,
// CodeLens and Problems entries, a script error at its line, cancelling a runaway script, and
// opening a saved trace.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';

const WORKSPACE = process.env.BPTT_LENS_IT_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const file = (...p: string[]): vscode.Uri => vscode.Uri.file(join(WORKSPACE, ...p));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function tracePanelOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('bptt-lens.trace')));
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('BPTT Lens in VS Code', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension('bptt-lens.bptt-lens');
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
  });

  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension('bptt-lens.bptt-lens')!;
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) assert.ok(all.has(c), c);
  });

  it('shows "▶ Run BPTT trace" above the model class', async () => {
    const uri = file('examples', 'vanishingDemo.ts');
    await vscode.window.showTextDocument(uri);
    const lenses = await until('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l?.some((x) => x.command?.command === 'bptt-lens.runTrace') ? l : undefined;
    });
    const lens = lenses.find((x) => x.command?.command === 'bptt-lens.runTrace')!;
    assert.match(lens.command!.title, /Run BPTT trace/);
  });

  it('traces the vanishing demo: panel beside, Problems entry, hover on the model call', async () => {
    const uri = file('examples', 'vanishingDemo.ts');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('bptt-lens.runTrace', uri);
    await until('the trace panel', () => tracePanelOpen());
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'BPTT Lens');
    assert.ok(diags.some((d) => d.code === 'vanishing' && d.severity === vscode.DiagnosticSeverity.Warning));
    const line = doc.getText().split('\n').findIndex((l) => l.includes('const prediction = model.call(x);'));
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('prediction') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
    const text = hoverText(hovers);
    assert.match(text, /AddmmBackward0/);
    assert.match(text, /command:bptt-lens\.showInGraph/);
    await vscode.commands.executeCommand('bptt-lens.showInGraph', 'n1');
  });

  it('puts a script error in Problems at the user line', async () => {
    const uri = file('scripts', 'shapeError.ts');
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('bptt-lens.runScript', uri);
    const diag = await until('the error diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.equal(diag.range.start.line, 5);
    assert.match(diag.message, /mat1 and mat2 shapes cannot be multiplied/);
  });

  it('cancels a runaway script and stays responsive', async () => {
    const uri = file('scripts', 'runaway.js');
    await vscode.window.showTextDocument(uri);
    const started = Date.now();
    const run = vscode.commands.executeCommand('bptt-lens.runScript', uri);
    await sleep(800);
    // the host thread is free while the script spins in its worker
    assert.ok(Date.now() - started < 5000);
    await vscode.commands.executeCommand('bptt-lens.cancelRun');
    await run;
    assert.ok(Date.now() - started < 10_000);
  });

  it('opens a saved trace file made outside the extension', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('bptt-lens.openTrace', file('saved.trace.json'));
    await until('the trace panel', () => tracePanelOpen());
  });
});
