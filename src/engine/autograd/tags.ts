// Metadata that tools attach to the nodes created inside a scope: the recorder's time-step tags
// ({ module path, layer, direction, t }) and anything else it needs. Ops never look at it.

/** Tags carried by every grad_fn node created while they are in scope. */
export interface NodeTags {
  /** Module path, e.g. `'rnn'` or `'encoder.lstm'`. */
  module?: string;
  layer?: number;
  /** 0 forward, 1 reverse. */
  direction?: number;
  /** Time step. */
  t?: number;
  [key: string]: unknown;
}

let current: NodeTags | null = null;

/** The tags in scope now, merged from the outermost scope in, or null. */
export function currentTags(): NodeTags | null {
  return current;
}

function merge(prev: NodeTags, tags: NodeTags): NodeTags {
  const out: NodeTags = {};
  for (const k in prev) out[k] = prev[k];
  for (const k in tags) out[k] = tags[k];
  return out;
}

/**
 * Runs `fn` with `tags` merged over the tags in scope; nodes created inside carry them.
 * e.g. `withTags({ module: 'rnn', t: 3 }, () => cell(x, h))`
 */
export function withTags<T>(tags: NodeTags, fn: () => T): T {
  const prev = current;
  current = prev === null ? tags : merge(prev, tags);
  try {
    return fn();
  } finally {
    current = prev;
  }
}
