// What the editor shows after a trace: hovers, inline `‖∇‖` values, the "▶ Run BPTT trace"
// CodeLens above model classes, and the cursor → panel highlight. Thin: the content comes from
// hoverContent.ts, inlineValues.ts and codeLensScan.ts.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { findModelClasses } from './codeLensScan';
import { hoverMarkdown, SHOW_IN_GRAPH_COMMAND } from './hoverContent';
import { inlineValues } from './inlineValues';
import type { TraceSession } from './session';
import type { HostSettings } from './settings';
import { fileKey } from './traceIndex';

/**
 * Whether the host offers to run .py scripts (runScript hands them to the Python front, Pyodide in
 * a worker); package.json's menus list the run commands for Python editors too.
 */
export const PYTHON_RUNS = true;
/** Languages whose scripts the runner runs. */
export const RUNNABLE_LANGUAGES = PYTHON_RUNS ? ['typescript', 'javascript', 'python'] : ['typescript', 'javascript'];
/** Languages a trace can point into (Python traces come from the Python front or real PyTorch). */
export const TRACED_LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python'];

/** Hover after a trace, for the lines that made tensors or modules. */
export function registerHover(session: TraceSession): vscode.Disposable {
  const selector = TRACED_LANGUAGES.map((language) => ({ language, scheme: 'file' }));
  return vscode.languages.registerHoverProvider(selector, {
    provideHover(doc, pos) {
      const cur = session.current;
      if (!cur || !cur.index.hasFile(doc.uri.fsPath)) return undefined;
      const word = doc.getWordRangeAtPosition(pos);
      if (!word) return undefined;
      const version = cur.versions.get(fileKey(doc.uri.fsPath));
      const md = hoverMarkdown(cur.index, {
        file: doc.uri.fsPath,
        line: pos.line + 1,
        word: { from: word.start.character + 1, to: word.end.character + 1 },
        stale: version !== undefined && version !== doc.version,
      });
      if (!md) return undefined;
      const content = new vscode.MarkdownString(md, true);
      content.isTrusted = { enabledCommands: [SHOW_IN_GRAPH_COMMAND] };
      return new vscode.Hover(content, word);
    },
  });
}

/** The inline `‖∇‖ …` after-line values in every visible editor of a traced file. */
export class InlineValuesController implements vscode.Disposable {
  private decoration: vscode.TextEditorDecorationType | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly session: TraceSession,
    private readonly settings: () => HostSettings,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      session.onDidChange(() => this.refresh()),
    );
  }

  refresh(): void {
    const cur = this.session.current;
    const on = cur !== null && this.settings().inlineValuesEnabled;
    if (!on && !this.decoration) return;
    this.decoration ??= vscode.window.createTextEditorDecorationType({
      after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    for (const editor of vscode.window.visibleTextEditors) {
      const doc = editor.document;
      if (!on || !cur.index.hasFile(doc.uri.fsPath)) {
        editor.setDecorations(this.decoration, []);
        continue;
      }
      const options: vscode.DecorationOptions[] = [];
      for (const v of inlineValues(cur.index, doc.uri.fsPath)) {
        if (v.line - 1 >= doc.lineCount) continue;
        const end = doc.lineAt(v.line - 1).range.end;
        options.push({
          range: new vscode.Range(end, end),
          renderOptions: { after: { contentText: v.text, color: v.warn ? new vscode.ThemeColor('errorForeground') : undefined } },
        });
      }
      editor.setDecorations(this.decoration, options);
    }
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.decoration?.dispose();
  }
}

/** "▶ Run BPTT trace" above each model class. */
export class ModelCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly settings: () => HostSettings) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.settings().codeLensEnabled || !vscode.workspace.isTrusted) return [];
    return findModelClasses(doc.getText(), doc.languageId).map(
      (c) =>
        new vscode.CodeLens(new vscode.Range(c.line, c.column, c.line, c.column + c.name.length), {
          title: `▶ ${l10n.t('Run BPTT trace')}`,
          tooltip: l10n.t('Run this script and record how its gradients flow back through time'),
          command: 'bptt-lens.runTrace',
          arguments: [doc.uri],
        }),
    );
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the CodeLens for the runnable languages. */
export function registerCodeLens(lens: ModelCodeLens): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(
    RUNNABLE_LANGUAGES.flatMap((language) => [
      { language, scheme: 'file' },
      { language, scheme: 'untitled' },
    ]),
    lens,
  );
}

/** Editor cursor → HighlightLinesMessage for the panel, debounced. */
export function watchCursor(session: TraceSession, send: (file: string, lines: number[]) => void): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const sub = vscode.window.onDidChangeTextEditorSelection((e) => {
    const cur = session.current;
    if (!cur || e.textEditor.document.uri.scheme !== 'file') return;
    const fsPath = e.textEditor.document.uri.fsPath;
    if (!cur.index.hasFile(fsPath)) return;
    const lines = [...new Set(e.selections.flatMap((s) => rangeLines(s.start.line, s.end.line)))].map((l) => l + 1);
    clearTimeout(timer);
    timer = setTimeout(() => {
      // the webview matches the trace's own spelling of the path
      const file = cur.index.sourceFiles().find((f) => fileKey(f) === fileKey(fsPath)) ?? fsPath;
      send(file, lines);
    }, 120);
  });
  return { dispose: () => (clearTimeout(timer), sub.dispose()) };
}

function rangeLines(a: number, b: number): number[] {
  const out: number[] = [];
  for (let l = a; l <= Math.min(b, a + 200); l++) out.push(l);
  return out;
}
