// The error of a run that was stopped rather than ended: one wording for every runner.
import type { ScriptError } from '../trace/types';

/** The error of a run stopped by its timeout or cancelled. e.g. `stopError('timeout', 60_000)` */
export function stopError(why: 'timeout' | 'cancelled', timeoutMs: number): ScriptError {
  return why === 'timeout'
    ? { type: 'TimeoutError', message: `the script ran longer than ${timeoutMs / 1000} s and was stopped (bptt-lens.timeoutSeconds)` }
    : { type: 'CancelledError', message: 'the run was cancelled' };
}
