// The grad_fn chain inspector beside the graph: the selected step or node, its gradient stats,
// and the chain below it down next_functions to AccumulateGrad. Clicking an entry steps to it;
// Back returns. Until something is selected it is folded to a slim strip (the graph gets the
// width); a selection unfolds it, and its close button, Escape or the strip fold and unfold it.
import type { SourceLocation, TensorStats } from '../../src/protocol/trace';
import { walkChain } from './chain';
import { colorOf, type LogDomain } from './colorScale';
import { h, table } from './dom';
import { baseName, fmt, fmtShape } from './format';
import { rowLabel, type Cell, type GraphModel } from './graphModel';
import type { Translate } from './i18n';
import { inspectorOpen, type InspectorEvent } from './inspectorState';

/** How long a selection made in the graph waits before it unfolds the Inspector: the second click of a double-click (expand a step) must still land on the step. */
export const OPEN_DELAY_MS = 300;

/** What the inspector can ask for. */
export interface InspectorActions {
  selectNode(id: string, fromInspector: boolean): void;
  selectCell(key: string): void;
  reveal(loc: SourceLocation): void;
  toggleExpand(key: string): void;
  isExpanded(key: string): boolean;
  /** Links to the editor work (inside VS Code). */
  hosted: boolean;
}

export class Inspector {
  readonly el: HTMLElement;
  /** The folded Inspector: a strip whose button unfolds it. */
  private readonly strip: HTMLButtonElement;
  private readonly closeButton: HTMLElement;
  private readonly body: HTMLElement;
  private readonly history: string[] = [];
  private open = false;
  private openTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly t: Translate,
    private readonly actions: InspectorActions,
  ) {
    const bodyId = 'inspector-body';
    this.strip = h(
      'button',
      { type: 'button', class: 'inspector-strip', title: t('openInspector'), 'aria-label': t('openInspector'), 'aria-controls': bodyId, 'aria-expanded': 'false', onclick: () => this.update({ type: 'open' }, true) },
      h('span', { class: 'chevron', 'aria-hidden': 'true' }, '‹'),
      h('span', { class: 'label', 'aria-hidden': 'true' }, t('inspector')),
    );
    this.closeButton = h('vscode-button', { appearance: 'icon', class: 'close', title: t('closeInspector'), 'aria-label': t('closeInspector'), onclick: () => this.update({ type: 'close' }, true) }, '×');
    this.body = h('div', { class: 'inspector-body', id: bodyId });
    this.el = h('aside', { class: 'inspector collapsed', 'aria-label': t('inspector') }, this.strip, h('div', { class: 'inspector-head' }, h('h3', null, t('inspector')), this.closeButton), this.body);
    this.el.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.open) return;
      e.preventDefault();
      e.stopPropagation();
      this.update({ type: 'close' }, true);
    });
  }

  /** Whether it is unfolded. */
  get isOpen(): boolean {
    return this.open;
  }

  /**
   * Folds or unfolds it for an event (see inspectorOpen). `focus`: the user did it from the keyboard
   * or the mouse here, so the focus follows (to the close button when it opens, to the strip when it closes).
   */
  update(e: InspectorEvent, focus = false): void {
    clearTimeout(this.openTimer);
    this.openTimer = undefined;
    const open = inspectorOpen(this.open, e);
    if (open === this.open) return;
    const hadFocus = this.el.contains(document.activeElement);
    this.open = open;
    this.el.classList.toggle('open', open);
    this.el.classList.toggle('collapsed', !open);
    this.strip.setAttribute('aria-expanded', String(open));
    if (focus || (!open && hadFocus)) (open ? this.closeButton : this.strip).focus();
  }

  /** Unfolds it after OPEN_DELAY_MS (a selection made by a click in the graph); any other event first cancels that. */
  openSoon(): void {
    if (this.open || this.openTimer !== undefined) return;
    this.openTimer = setTimeout(() => this.update({ type: 'selected' }), OPEN_DELAY_MS);
  }

  /** Remembers where the user came from before stepping down the chain. */
  pushHistory(id: string): void {
    if (this.history[this.history.length - 1] !== id) this.history.push(id);
    if (this.history.length > 50) this.history.shift();
  }

  clearHistory(): void {
    this.history.length = 0;
  }

  show(model: GraphModel | null, node: string | null, cell: Cell | null, domain: LogDomain): void {
    const t = this.t;
    const parts: (Node | null)[] = [];
    const done = (): void => this.body.replaceChildren(...parts.filter((p): p is Node => p !== null));
    if (!model || (!node && !cell)) {
      parts.push(h('p', { class: 'muted' }, t('selectHint')), h('p', { class: 'muted small' }, t('graphHelp')));
      return done();
    }
    if (this.history.length) {
      const prev = this.history[this.history.length - 1];
      parts.push(
        h(
          'vscode-button',
          {
            appearance: 'secondary',
            class: 'back',
            onclick: () => {
              this.history.pop();
              this.actions.selectNode(prev, false);
            },
          },
          `← ${t('back')}: ${model.nodes.get(prev)?.name ?? prev}`,
        ),
      );
    }
    if (cell) parts.push(this.cellCard(model, cell));
    const n = node ? model.nodes.get(node) : undefined;
    if (n && !(cell && cell.output === node)) parts.push(this.nodeCard(model, node!, domain));
    const start = node ?? cell?.output ?? null;
    if (start) parts.push(this.chainList(model, start, domain));
    done();
  }

  private sourceButton(loc: SourceLocation | undefined): Node | null {
    if (!loc) return null;
    const label = `${baseName(loc.file)}:${loc.line}`;
    if (!this.actions.hosted) return h('span', { class: 'muted' }, label);
    return h('vscode-link', { href: '#', title: this.t('goToSource'), onclick: (e: Event) => (e.preventDefault(), this.actions.reveal(loc)) }, label);
  }

  private cellCard(model: GraphModel, c: Cell): HTMLElement {
    const t = this.t;
    const row = model.rows[c.row];
    const s = c.step;
    const rows: [string, string | Node][] = [
      [t('layer'), `${rowLabel(row)} (${row.kind}${row.hiddenSize ? `, ${row.hiddenSize}` : ''})`],
      [t('gradNorm'), fmt(c.norm, 3)],
    ];
    if (s) {
      rows.push([t('hNorm'), fmt(s.hNorm, 3)], [t('jacobianNorm'), fmt(s.jacobianNorm, 3)], [t('whhGradNorm'), fmt(s.whhGradNorm, 3)], [t('saturation'), `${(s.saturation * 100).toFixed(0)}%`]);
      if (s.forgetGate !== undefined) rows.push([t('forgetGate'), fmt(s.forgetGate, 3)]);
      if (s.cellGradNorm !== undefined) rows.push([t('cellGradNorm'), fmt(s.cellGradNorm, 3)]);
    }
    rows.push([t('lossAtStep'), c.lossInjected ? t('yes') : t('no')]);
    if (c.cut) rows.push(['✂', t('segmentCut')]);
    if (row.sigmaMax !== null) rows.push([t('sigmaMax'), fmt(row.sigmaMax, 3)]);
    const src = this.sourceButton(c.source);
    if (src) rows.push([t('source'), src]);
    const expanded = this.actions.isExpanded(c.key);
    return h(
      'section',
      { class: 'card' },
      h('h4', null, `${t('step')} t=${c.t}`),
      table(rows),
      c.nodes.length
        ? h('vscode-button', { appearance: 'secondary', onclick: () => this.actions.toggleExpand(c.key) }, expanded ? t('collapseStep') : t('expandStep'))
        : null,
    );
  }

  private statsRows(s: TensorStats | null | undefined): [string, string][] {
    const t = this.t;
    if (!s) return [[t('grad'), t('noGrad')]];
    return [
      [t('norm'), fmt(s.norm, 3)],
      [t('min'), fmt(s.min, 3)],
      [t('max'), fmt(s.max, 3)],
      [t('mean'), fmt(s.mean, 3)],
      [t('numel'), String(s.numel)],
      [t('nanInf'), `${s.nanCount} / ${s.infCount}`],
    ];
  }

  private nodeCard(model: GraphModel, id: string, domain: LogDomain): HTMLElement {
    const t = this.t;
    const n = model.nodes.get(id)!;
    const rows: [string, string | Node][] = [];
    if (n.shape) rows.push([t('shape'), fmtShape(n.shape)]);
    if (n.leaf) rows.push([t('parameter'), n.leaf]);
    if (n.step) rows.push([t('step'), `${n.step.module} L${n.step.layer ?? 0}${n.step.direction ? ' ←' : ''} t=${n.step.t}`]);
    const src = this.sourceButton(n.source);
    if (src) rows.push([t('source'), src]);
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = colorOf(n.grad?.norm ?? null, domain);
    return h(
      'section',
      { class: 'card' },
      h('h4', null, swatch, n.name, h('span', { class: 'muted' }, ` ${id}`)),
      table(rows),
      h('h5', null, t('grad')),
      table(this.statsRows(n.grad)),
    );
  }

  private chainList(model: GraphModel, start: string, domain: LogDomain): HTMLElement {
    const { entries, truncated } = walkChain(model, start, 6, 80);
    const list = h('ol', { class: 'chain' });
    for (const e of entries) {
      const n = model.nodes.get(e.id);
      if (!n) continue;
      const sw = h('span', { class: 'swatch' });
      sw.style.background = colorOf(n.grad?.norm ?? null, domain);
      const label = h(
        'a',
        {
          href: '#',
          class: e.depth === 0 ? 'current' : '',
          onclick: (ev: Event) => {
            ev.preventDefault();
            if (e.depth > 0) this.actions.selectNode(e.id, true);
          },
        },
        sw,
        e.slot >= 0 ? h('span', { class: 'slot' }, `[${e.slot}] `) : null,
        n.name,
      );
      const meta = [n.leaf ?? fmtShape(n.shape), n.grad ? `‖∇‖ ${fmt(n.grad.norm)}` : '', n.step ? `t=${n.step.t}` : '', e.seen ? `(${this.t('seen')})` : '']
        .filter(Boolean)
        .join('  ');
      const li = h('li', { class: e.seen ? 'seen' : '' }, label, h('span', { class: 'meta' }, ` ${meta}`));
      li.style.paddingLeft = `${e.depth * 10}px`;
      list.append(li);
    }
    if (truncated) list.append(h('li', { class: 'muted' }, this.t('more', { n: truncated })));
    return h('section', { class: 'card' }, h('h5', null, this.t('chain')), list);
  }
}
