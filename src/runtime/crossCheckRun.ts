// Runs one .py script on both backends, the embedded engine and the user's real PyTorch, from the
// same seed, and compares what they recorded (src/trace/crossCheck.ts). The runs go one after the
// other so each gets the machine to itself.
import type { CrossCheckReport } from '../protocol/crossCheck';
import { CROSS_CHECK_TOLERANCE, crossCheck, type CheckedRun } from '../trace/crossCheck';
import type { Trace } from '../trace/types';
import type { ScriptError } from '../trace/types';
import { defaultPython, probeOnce } from './pytorchRunner';
import { runScript, type RunOptions, type RunOutcome } from './runner';
import { stopError } from './stopError';

/** Options of a cross-check. */
export interface CrossCheckOptions extends Omit<RunOptions, 'trace' | 'backend' | 'seed' | 'maxValueElements' | 'fused'> {
  /** The seed both runs start from (default 0: real PyTorch seeds itself randomly per process, so an unseeded comparison would compare different numbers). A script's own torch.manual_seed still wins. */
  seed?: number;
  /** Relative tolerance (default 1e-4). */
  tolerance?: number;
  /** Called when a backend starts, for progress. */
  onPhase?: (backend: 'embedded' | 'pytorch') => void;
}

/** What a cross-check gives: the report and both traces (for the panel). */
export interface CrossCheckResult {
  report: CrossCheckReport;
  embedded: RunOutcome;
  pytorch: RunOutcome;
  /** Set when the interpreter cannot run the pytorch backend (missing Python, torch, or too old): nothing ran. */
  setupError: ScriptError | null;
}

/** Gradients this large (elements) are compared element by element; larger ones by their norm. */
const VALUES_LIMIT = 1 << 20;

const checked = (o: RunOutcome): CheckedRun => ({ status: o.status, trace: o.trace, error: o.error, wallMs: o.wallMs });

/** Runs `file` on both backends and compares them. e.g. `(await runCrossCheck('model.py', { python: '/usr/bin/python3' })).report.agree` */
export async function runCrossCheck(file: string, options: CrossCheckOptions = {}): Promise<CrossCheckResult> {
  const { tolerance = CROSS_CHECK_TOLERANCE, onPhase, seed = 0, ...rest } = options;
  const base: RunOptions = { ...rest, trace: true, maxValueElements: VALUES_LIMIT, seed };
  // an interpreter that cannot run the check at all is said first, before minutes of the embedded run
  const probe = await probeOnce(rest.python ?? defaultPython());
  if (!probe.ok) {
    const error = probe.error ?? { type: 'RuntimeError', message: 'the Python interpreter cannot run the pytorch backend' };
    const failed: RunOutcome = { status: 'error', error, trace: null, wallMs: 0 };
    const skipped: RunOutcome = { status: 'cancelled', error: null, trace: null, wallMs: 0 };
    return { report: crossCheck(file, seed, checked(skipped), checked(failed), tolerance), embedded: skipped, pytorch: failed, setupError: error };
  }
  onPhase?.('embedded');
  const embedded = await runScript(file, { ...base, backend: 'embedded' });
  if (options.signal?.aborted) return { report: crossCheck(file, seed, checked(embedded), cancelled(), tolerance), embedded, pytorch: cancelledOutcome(), setupError: null };
  onPhase?.('pytorch');
  const pytorch = await runScript(file, { ...base, backend: 'pytorch' });
  return { report: crossCheck(file, seed, checked(embedded), checked(pytorch), tolerance), embedded, pytorch, setupError: null };
}

function cancelledOutcome(): RunOutcome {
  return { status: 'cancelled', error: stopError('cancelled', 0), trace: null, wallMs: 0 };
}

function cancelled(): CheckedRun {
  return checked(cancelledOutcome());
}

/** A trace without the element values the check asked for, so it stays small to keep or show. */
export function withoutValues(trace: Trace | null, maxValueElements: number): Trace | null {
  if (!trace) return null;
  for (const p of trace.model.parameters) {
    for (const s of [p.value, p.grad]) if (s?.values && s.values.length > maxValueElements) delete s.values;
  }
  return trace;
}
