// The trace's findings in the user's language, and the status bar's one-line verdict. A finding's
// own `message` is English; here it is rebuilt from its `kind` and `data`, as the Trace intends.
import * as l10n from '@vscode/l10n';
import type { Diagnostic, Trace } from '../protocol/trace';
import { fmtNum } from './format';

/** Which part of the model a finding is about: `rnn`, `rnn (layer 1, reverse)`, or `model`. */
export function findingWhere(d: Pick<Diagnostic, 'module' | 'layer' | 'direction'>): string {
  const name = d.module === undefined ? l10n.t('model') : d.module || l10n.t('model');
  const parts: string[] = [];
  if (d.layer !== undefined && d.layer > 0) parts.push(l10n.t('layer {0}', d.layer));
  if (d.direction === 1) parts.push(l10n.t('reverse'));
  return parts.length ? `${name} (${parts.join(', ')})` : name;
}

/** The kind's name, e.g. `vanishing` / `梯度消失`. */
export function kindName(kind: Diagnostic['kind']): string {
  switch (kind) {
    case 'vanishing':
      return l10n.t('vanishing');
    case 'exploding':
      return l10n.t('exploding');
    case 'nonfinite':
      return l10n.t('NaN/Inf');
    case 'saturation':
      return l10n.t('saturation');
    case 'deadUnits':
      return l10n.t('dead units');
  }
}

const finite = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** One sentence about the finding, in the UI language. */
export function findingMessage(d: Diagnostic, nodeName?: (id: string) => string | undefined): string {
  const where = findingWhere(d);
  const data = d.data ?? {};
  switch (d.kind) {
    case 'vanishing':
      if (finite(data.horizon)) {
        return l10n.t('Vanishing gradient in {0}: ‖∂L/∂h_t‖ reaches only {1} steps back from the loss (effective horizon); σ_max(W_hh) = {2}.', where, data.horizon, fmtNum(data.sigmaMax ?? NaN));
      }
      break;
    case 'exploding':
      if (finite(data.growth)) {
        return l10n.t('Exploding gradient in {0}: ‖∂L/∂h_t‖ grows ×{1} per step going back ({2} overall).', where, data.growth.toFixed(2), fmtNum(data.ratio ?? NaN));
      }
      if (finite(data.gradNorm)) return l10n.t('Exploding gradient: a parameter gradient norm reaches {0}.', fmtNum(data.gradNorm));
      break;
    case 'nonfinite': {
      const name = (d.node && nodeName?.(d.node)) ?? (d.node ? d.node : '?');
      return d.t !== undefined ? l10n.t('The first NaN/Inf appears at {0} (step t = {1}).', name, d.t) : l10n.t('The first NaN/Inf appears at {0}.', name);
    }
    case 'saturation':
      if (finite(data.fraction)) return l10n.t('{0}% of the tanh/sigmoid units of {1} are saturated on average.', Math.round(data.fraction * 100), where);
      break;
    case 'deadUnits':
      if (finite(data.fraction)) return l10n.t('{0}% of the units of {1} are dead (relu output 0) on average.', Math.round(data.fraction * 100), where);
      break;
  }
  return d.message;
}

/** What to try, in the UI language. */
export function findingSuggestion(d: Diagnostic, layerKind?: string): string | undefined {
  switch (d.kind) {
    case 'vanishing':
      return layerKind && !layerKind.startsWith('RNN')
        ? l10n.t('Check the forget-gate bias (a positive bias keeps the cell path open) and saturated gates.')
        : l10n.t('Use an LSTM or GRU, initialise W_hh closer to orthogonal (σ_max ≈ 1), or shorten the sequence (truncated BPTT).');
    case 'exploding':
      return d.severity === 'info'
        ? l10n.t('Gradient clipping is active and bounds the update; consider a smaller W_hh (σ_max below 1) as well.')
        : l10n.t('Clip the gradient norm before the optimizer step (clip_grad_norm_) and scale W_hh down (σ_max below 1).');
    case 'nonfinite':
      return l10n.t('Look for log/sqrt/division of values that reach 0 or below, overflowing exp, or a learning rate that is too high.');
    case 'saturation':
    case 'deadUnits':
      return l10n.t('Scale the inputs and the initial weights down so pre-activations stay near 0.');
  }
  return d.suggestion;
}

const RANK: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, info: 2 };

/** The finding the status bar names: the most severe, the first of equals. */
export function headline(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  let best: Diagnostic | undefined;
  for (const d of diagnostics) if (!best || RANK[d.severity] < RANK[best.severity]) best = d;
  return best;
}

/** The detail in parentheses of the status text. */
function detail(d: Diagnostic): string {
  const data = d.data ?? {};
  switch (d.kind) {
    case 'vanishing':
      return finite(data.horizon) ? l10n.t('horizon {0}', data.horizon) : '';
    case 'exploding':
      if (finite(data.growth)) return l10n.t('×{0}/step', data.growth.toFixed(2));
      return finite(data.gradNorm) ? `‖∇‖ ${fmtNum(data.gradNorm)}` : '';
    case 'nonfinite':
      return d.t !== undefined ? `t = ${d.t}` : '';
    case 'saturation':
    case 'deadUnits':
      return finite(data.fraction) ? `${Math.round(data.fraction * 100)}%` : '';
  }
}

/** How a run ended, for the status bar. */
export type RunStatus = 'ok' | 'error' | 'timeout' | 'cancelled' | 'crashed';

/** The status bar item: text (with a codicon), tooltip and how alarming it is. */
export interface StatusView {
  text: string;
  tooltip: string;
  severity: 'ok' | 'warning' | 'error';
}

/** The verdict of a traced run. e.g. `BPTT: vanishing @ rnn (horizon 9)` */
export function traceVerdict(trace: Trace): string {
  const d = headline(trace.diagnostics);
  if (!d) return l10n.t('BPTT: healthy gradients');
  const det = detail(d);
  const where = d.kind === 'exploding' && d.module === undefined ? '' : ` @ ${findingWhere(d)}`;
  return `BPTT: ${kindName(d.kind)}${where}${det ? ` (${det})` : ''}`;
}

/** The status bar after a run. `trace` is null for runs without tracing or that failed before recording. */
export function statusView(status: RunStatus, trace: Trace | null, wallMs: number, errorLine?: number): StatusView {
  const secs = (wallMs / 1000).toFixed(1);
  if (status === 'cancelled') return { text: `$(circle-slash) ${l10n.t('BPTT: cancelled')}`, tooltip: l10n.t('The run was cancelled.'), severity: 'warning' };
  if (status === 'timeout') return { text: `$(watch) ${l10n.t('BPTT: timed out')}`, tooltip: l10n.t('The script ran past bptt-lens.timeoutSeconds and was stopped.'), severity: 'error' };
  if (status === 'crashed') return { text: `$(error) ${l10n.t('BPTT: script crashed')}`, tooltip: l10n.t('The script worker stopped; see the BPTT Lens output.'), severity: 'error' };
  if (status === 'error') {
    const text = errorLine !== undefined ? l10n.t('BPTT: error (line {0})', errorLine) : l10n.t('BPTT: error');
    return { text: `$(error) ${text}`, tooltip: l10n.t('The script raised an error; see the Problems panel.'), severity: 'error' };
  }
  if (!trace) return { text: `$(pass) ${l10n.t('BPTT: ran in {0} s', secs)}`, tooltip: l10n.t('The script ran without tracing.'), severity: 'ok' };
  const d = headline(trace.diagnostics);
  const icon = !d ? '$(pass)' : d.severity === 'error' ? '$(error)' : d.severity === 'warning' ? '$(warning)' : '$(info)';
  const tooltip = d ? findingMessage(d) : l10n.t('No vanishing, exploding or non-finite gradients found.');
  return { text: `${icon} ${traceVerdict(trace)}`, tooltip, severity: !d || d.severity === 'info' ? 'ok' : d.severity };
}
