// "New RNN script from template": one template per input/output pattern of the tutorial, each one
// of the bundled examples (copied to dist/examples/ by the build).
import * as l10n from '@vscode/l10n';

/** A template: the example file it copies and how the picker shows it. */
export interface Template {
  id: string;
  file: string;
  label: string;
  detail: string;
}

/** The four I/O patterns, in the tutorial's order. */
export function templates(): Template[] {
  return [
    { id: 'oneToMany', file: 'oneToMany.ts', label: l10n.t('One-to-many'), detail: l10n.t('One input, a whole sequence out (music or poem generation); a hand-written nn.RNNCell loop.') },
    { id: 'manyToOne', file: 'manyToOne.ts', label: l10n.t('Many-to-one'), detail: l10n.t('Read a sequence, answer once at the end (sentiment analysis); the loss is injected at the last step.') },
    { id: 'manyToManySync', file: 'manyToManySync.ts', label: l10n.t('Many-to-many, synchronous'), detail: l10n.t('One output per input step (labelling video frames); the loss is injected at every step.') },
    { id: 'manyToManyAsync', file: 'manyToManyAsync.ts', label: l10n.t('Many-to-many, asynchronous'), detail: l10n.t('Encoder then decoder (translation); the encoder learns through the context alone.') },
  ];
}

/** The examples "Open example" offers, first the ones that show a finding. */
export function exampleOrder(files: readonly string[]): string[] {
  const first = ['vanishingDemo.ts', 'explodingDemo.ts', 'sineWave.ts', 'manyToOne.ts', 'oneToMany.ts', 'manyToManySync.ts', 'manyToManyAsync.ts', 'lstm.ts', 'gru.ts', 'longSequence.ts'];
  const known = first.filter((f) => files.includes(f));
  return [...known, ...files.filter((f) => !known.includes(f) && /\.(ts|js)$/.test(f)).sort()];
}

/** The first comment lines of an example, as its one-line description. */
export function exampleSummary(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\/\/\s?(.*)$/.exec(line);
    if (!m) break;
    if (/^Run:/.test(m[1])) break;
    lines.push(m[1]);
  }
  const s = lines.join(' ').replace(/\s+/g, ' ').trim();
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}
