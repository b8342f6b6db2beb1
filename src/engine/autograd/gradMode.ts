// Global grad mode, as torch.no_grad / torch.enable_grad / torch.set_grad_enabled.

let enabled = true;

/** Whether ops are recorded for autograd now (`torch.is_grad_enabled()`). */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Turns recording on or off and returns the previous mode (`torch.set_grad_enabled`). */
export function setGradEnabled(mode: boolean): boolean {
  const prev = enabled;
  enabled = mode;
  return prev;
}

/** Runs `fn` without recording (`with torch.no_grad():`). e.g. `noGrad(() => w.sub_(g.mul(lr)))` */
export function noGrad<T>(fn: () => T): T {
  const prev = setGradEnabled(false);
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/** Runs `fn` with recording on (`with torch.enable_grad():`). e.g. `enableGrad(() => f(x))` */
export function enableGrad<T>(fn: () => T): T {
  const prev = setGradEnabled(true);
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}
