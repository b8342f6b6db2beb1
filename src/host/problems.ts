// Problems-panel entries for a run: the script's error at the user's line, and the trace's
// findings at the lines they point to. Plain data; the vscode side turns them into Diagnostics.
import * as l10n from '@vscode/l10n';
import type { ScriptError, Trace } from '../protocol/trace';
import { findingMessage, findingSuggestion } from './findings';
import type { RunStatus } from './findings';

/** One entry, 0-based line and column as VS Code counts. */
export interface ProblemEntry {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The error type or finding kind, shown as the diagnostic's code. */
  code: string;
}

/** The entries of one run of `script`. Cancelled runs report nothing. */
export function problemEntries(script: string, status: RunStatus, error: ScriptError | null, trace: Trace | null): ProblemEntry[] {
  const out: ProblemEntry[] = [];
  if (error && status !== 'cancelled') {
    const loc = error.location;
    out.push({
      file: loc?.file ?? script,
      line: loc ? Math.max(0, loc.line - 1) : 0,
      column: loc ? Math.max(0, loc.column - 1) : 0,
      severity: 'error',
      message: `${error.type}: ${error.message}`,
      code: error.kind ?? error.type,
    });
  }
  for (const d of trace?.diagnostics ?? []) {
    if (!d.source) continue;
    const kind = trace!.recurrent.find((r) => r.module === d.module)?.kind;
    const suggestion = findingSuggestion(d, kind);
    const name = (id: string): string | undefined => trace!.graph.nodes.find((n) => n.id === id)?.name;
    out.push({
      file: d.source.file,
      line: Math.max(0, d.source.line - 1),
      column: Math.max(0, d.source.column - 1),
      severity: d.severity,
      message: suggestion ? `${findingMessage(d, name)} ${l10n.t('Try: {0}', suggestion)}` : findingMessage(d, name),
      code: d.kind,
    });
  }
  return out;
}
