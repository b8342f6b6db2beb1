// Messages between the extension host and the trace webview (and the HTML report, which plays
// the host's part with an inlined trace). One union per direction; every message is a small
// interface with a `type`. The webview's tsconfig sees only src/protocol/.
import type { CrossCheckReport } from './crossCheck';
import type { SourceLocation, Trace } from './trace';

/** A step of a recurrent layer, as views address it. */
export interface StepRef {
  module: string;
  layer: number;
  direction: number;
  t: number;
}

/** Show this trace (replaces the current one). */
export interface ShowTraceMessage {
  type: 'showTrace';
  /** Stable id of the run (file name and time), for the Runs view and saved state. */
  traceId: string;
  trace: Trace;
  /** UI language of the host, e.g. `'en'` or `'zh-tw'`. */
  locale: string;
  /** The trace file it was read from, if any: kept in WebviewState so a reload can find it again. */
  tracePath?: string | null;
  /** A cross-check of this script against real PyTorch: shown in the panel's Cross-check tab. */
  crossCheck?: CrossCheckReport | null;
}

/** The editor's cursor is on these lines of `file`: highlight the nodes they created. */
export interface HighlightLinesMessage {
  type: 'highlightLines';
  file: string;
  lines: number[];
}

/** Select and scroll to a graph node ("Show in graph"). */
export interface FocusNodeMessage {
  type: 'focusNode';
  nodeId: string;
}

/** Show a parameter's gradient (heatmap) and select its AccumulateGrad node. */
export interface FocusParameterMessage {
  type: 'focusParameter';
  name: string;
}

/** Select a time step of a recurrent layer. */
export interface FocusStepMessage {
  type: 'focusStep';
  step: StepRef;
}

/** Ask the webview for an export of what it shows. */
export interface ExportRequestMessage {
  type: 'exportRequest';
  requestId: number;
  format: 'svg' | 'png' | 'csv';
}

/** Everything the host sends. */
export type ToWebviewMessage =
  | ShowTraceMessage
  | HighlightLinesMessage
  | FocusNodeMessage
  | FocusParameterMessage
  | FocusStepMessage
  | ExportRequestMessage;

/** The webview is loaded and listening. */
export interface ReadyMessage {
  type: 'ready';
}

/** Reveal a source location in the editor (a click on a node, a diagnostic or a step). */
export interface RevealSourceMessage {
  type: 'revealSource';
  location: SourceLocation;
}

/** The user selected a node (the host may sync the editor selection). */
export interface NodeSelectedMessage {
  type: 'nodeSelected';
  nodeId: string;
}

/** The export the host asked for. `data` is SVG text, CSV text, or a PNG data URL. */
export interface ExportResultMessage {
  type: 'exportResult';
  requestId: number;
  format: 'svg' | 'png' | 'csv';
  data: string;
}

/** Something failed inside the webview (logged by the host). */
export interface WebviewErrorMessage {
  type: 'webviewError';
  message: string;
}

/** Everything the webview sends. */
export type FromWebviewMessage = ReadyMessage | RevealSourceMessage | NodeSelectedMessage | ExportResultMessage | WebviewErrorMessage;

/** What the webview keeps across reloads (`vscode.setState`), restored by the panel serializer. */
export interface WebviewState {
  traceId: string | null;
  /** The file the trace came from, so a reload can find it again. */
  tracePath: string | null;
  selectedNode: string | null;
  tab: string;
}
