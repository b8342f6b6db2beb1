// The Diagnostics tab: each finding with its severity, kind, message and suggestion, linking to
// its step in the graph and to its source line.
import type { Diagnostic, SourceLocation } from '../../src/protocol/trace';
import { diagnosticText } from './diagnosticText';
import { h } from './dom';
import { baseName } from './format';
import type { Lang, Translate } from './i18n';

/** What a finding's links do. */
export interface DiagnosticActions {
  showStep(d: Diagnostic): void;
  reveal(loc: SourceLocation): void;
  nodeName(id: string): string | undefined;
  canShowStep(d: Diagnostic): boolean;
  hosted: boolean;
}

const ICON: Record<Diagnostic['severity'], string> = { error: '⛔', warning: '⚠', info: 'ℹ' };

export class DiagnosticsTab {
  readonly el: HTMLElement;

  constructor(
    private readonly t: Translate,
    private readonly lang: Lang,
  ) {
    this.el = h('div', { class: 'tab-body diagnostics' });
  }

  show(diagnostics: readonly Diagnostic[], actions: DiagnosticActions): void {
    const t = this.t;
    if (diagnostics.length === 0) {
      this.el.replaceChildren(h('p', { class: 'muted' }, t('noDiagnostics')));
      return;
    }
    const order = { error: 0, warning: 1, info: 2 };
    const sorted = [...diagnostics].sort((a, b) => order[a.severity] - order[b.severity]);
    this.el.replaceChildren(
      ...sorted.map((d) => {
        const { message, suggestion } = diagnosticText(d, this.lang, t, actions.nodeName);
        const links: Node[] = [];
        if (actions.canShowStep(d)) {
          links.push(h('vscode-button', { appearance: 'secondary', onclick: () => actions.showStep(d) }, d.t !== undefined ? `${t('showInGraph')} (t=${d.t})` : t('showInGraph')));
        }
        if (d.source) {
          const loc = d.source;
          links.push(
            h(
              'vscode-button',
              { appearance: 'secondary', disabled: !actions.hosted, title: actions.hosted ? '' : t('reportNote'), onclick: () => actions.hosted && actions.reveal(loc) },
              `${t('goToSource')} ${baseName(loc.file)}:${loc.line}`,
            ),
          );
        }
        return h(
          'article',
          { class: `finding ${d.severity}` },
          h(
            'header',
            null,
            h('span', { class: 'icon', 'aria-hidden': 'true' }, ICON[d.severity]),
            h('strong', null, t(`kind_${d.kind}`)),
            h('span', { class: 'tag' }, t(`sev_${d.severity}`)),
            d.module ? h('span', { class: 'muted' }, `${d.module}${d.layer !== undefined ? ` L${d.layer}` : ''}${d.t !== undefined ? ` · ${t('atStep', { t: d.t })}` : ''}`) : null,
          ),
          h('p', null, message),
          suggestion ? h('p', { class: 'suggestion' }, h('strong', null, `${t('suggestion')}: `), suggestion) : null,
          links.length ? h('div', { class: 'links' }, ...links) : null,
        );
      }),
    );
  }
}
