// Validates messages from the webview before the host uses them: a webview is a browser page
// and its messages are untrusted input.
import type { FromWebviewMessage, WebviewState } from './messages';
import type { SourceLocation } from './trace';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStr(v: unknown, max = 4096): v is string {
  return typeof v === 'string' && v.length <= max;
}

function isPosInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;
}

/** A source location with a non-empty file and 1-based line/column. */
export function isSourceLocation(v: unknown): v is SourceLocation {
  return isObj(v) && isStr(v.file) && v.file.length > 0 && isPosInt(v.line) && v.line >= 1 && isPosInt(v.column) && v.column >= 1;
}

const FORMATS = new Set(['svg', 'png', 'csv']);

/** The message, if it is a well-formed FromWebviewMessage; otherwise null. */
export function parseFromWebview(v: unknown): FromWebviewMessage | null {
  if (!isObj(v) || !isStr(v.type, 64)) return null;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'revealSource':
      return isSourceLocation(v.location) ? { type: 'revealSource', location: { file: v.location.file, line: v.location.line, column: v.location.column } } : null;
    case 'nodeSelected':
      return isStr(v.nodeId, 64) ? { type: 'nodeSelected', nodeId: v.nodeId } : null;
    case 'exportResult':
      return isPosInt(v.requestId) && isStr(v.format, 8) && FORMATS.has(v.format) && isStr(v.data, 64 * 1024 * 1024)
        ? { type: 'exportResult', requestId: v.requestId, format: v.format as 'svg' | 'png' | 'csv', data: v.data }
        : null;
    case 'webviewError':
      return isStr(v.message, 10000) ? { type: 'webviewError', message: v.message } : null;
    default:
      return null;
  }
}

/** Saved webview state, if well-formed; otherwise null. */
export function parseWebviewState(v: unknown): WebviewState | null {
  if (!isObj(v)) return null;
  const nullableStr = (x: unknown): x is string | null => x === null || isStr(x);
  if (!nullableStr(v.traceId) || !nullableStr(v.tracePath) || !nullableStr(v.selectedNode) || !isStr(v.tab, 64)) return null;
  return { traceId: v.traceId, tracePath: v.tracePath, selectedNode: v.selectedNode, tab: v.tab };
}
