// Whether the Inspector beside the graph is open. With nothing selected it has nothing to show
// but a hint, so it starts as a slim strip and the graph gets the width; selecting a step or a
// node opens it, clearing the selection folds it away again, and the user can open or close it at
// any time (the strip's button, its close button, Escape). Pure, so it is unit-tested.

/** What can open or close the Inspector. */
export type InspectorEvent =
  /** A trace was shown; `selected` when it came back with a selection (the panel was restored). */
  | { type: 'trace'; selected: boolean }
  /** A step or a node was selected: in the graph, the Inspector, a chart, a diagnostic or the editor. */
  | { type: 'selected' }
  /** The selection was cleared (a click on empty space). */
  | { type: 'cleared' }
  /** The strip's button (open) or the close button / Escape (close). */
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'toggle' };

/** The Inspector's open state after an event. e.g. `inspectorOpen(false, { type: 'selected' })` → `true` */
export function inspectorOpen(open: boolean, e: InspectorEvent): boolean {
  switch (e.type) {
    case 'trace':
      return e.selected;
    case 'selected':
    case 'open':
      return true;
    case 'cleared':
    case 'close':
      return false;
    case 'toggle':
      return !open;
  }
}

