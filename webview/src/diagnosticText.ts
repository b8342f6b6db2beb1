// A diagnostic in the UI language. The trace's `message` is English; other languages rebuild the
// sentence from `kind` and `data`, as the Trace format intends. Pure.
import type { Diagnostic } from '../../src/protocol/trace';
import { fmt } from './format';
import type { Lang, Translate } from './i18n';

/** Where a finding is, e.g. `rnn (layer 0)`. */
export function whereOf(d: Diagnostic): string {
  const parts = [d.module || 'model'];
  if (d.layer !== undefined) parts.push(`(L${d.layer}${d.direction === 1 ? ' ←' : ''})`);
  return parts.join(' ');
}

/** The message and suggestion of a finding in `lang`. `nodeName` resolves a graph node id. */
export function diagnosticText(d: Diagnostic, lang: Lang, t: Translate, nodeName: (id: string) => string | undefined): { message: string; suggestion: string | null } {
  if (lang === 'en') return { message: d.message, suggestion: d.suggestion ?? null };
  const where = whereOf(d);
  const data = d.data;
  let message: string;
  let suggestion: string | null;
  switch (d.kind) {
    case 'vanishing':
      message = t('msg_vanishing', { where, ratio: data.ratio >= 1e300 ? '∞' : fmt(data.ratio), horizon: data.horizon ?? '?' });
      suggestion = t(d.suggestion && /LSTM|GRU/.test(d.suggestion) ? 'sug_vanishingRnn' : 'sug_vanishingGated');
      break;
    case 'exploding':
      message =
        data.growth !== undefined
          ? t('msg_exploding', { where, growth: fmt(data.growth, 3), ratio: fmt(data.ratio) })
          : t('msg_explodingParam', { where, gradNorm: fmt(data.gradNorm) });
      suggestion = t(d.severity === 'info' ? 'sug_explodingClipped' : 'sug_exploding');
      break;
    case 'saturation':
    case 'deadUnits':
      message = t(d.kind === 'saturation' ? 'msg_saturation' : 'msg_deadUnits', { where, pct: Math.round((data.fraction ?? 0) * 100) });
      suggestion = t('sug_saturation');
      break;
    case 'nonfinite':
      message = t('msg_nonfinite', { node: (d.node && nodeName(d.node)) || where, step: d.t !== undefined ? ` (t=${d.t})` : '' });
      suggestion = t('sug_nonfinite');
      break;
    default:
      message = (d as Diagnostic).message;
      suggestion = (d as Diagnostic).suggestion ?? null;
  }
  return { message, suggestion: d.suggestion === undefined ? null : suggestion };
}
