// Python-style warnings from nn (e.g. RNN dropout with one layer). The engine has no console of its
// own (it runs in browsers and workers), so a runner installs a handler; the default one uses the
// host's console when there is one.

/** Receives a warning as Python's `warnings.warn(message, category)` would emit it. */
export type WarningHandler = (message: string, category: string) => void;

interface MaybeConsole {
  console?: { warn(...args: unknown[]): void };
}

const defaultHandler: WarningHandler = (message, category) => {
  (globalThis as MaybeConsole).console?.warn(`${category}: ${message}`);
};

let handler: WarningHandler = defaultHandler;

/** Installs the warning handler (null restores the default); returns the previous one. e.g. `setWarningHandler((m) => out.push(m))` */
export function setWarningHandler(h: WarningHandler | null): WarningHandler {
  const prev = handler;
  handler = h ?? defaultHandler;
  return prev;
}

/** Emits a warning. e.g. `warn('dropout option adds dropout after all but last recurrent layer, ...')` */
export function warn(message: string, category = 'UserWarning'): void {
  handler(message, category);
}
