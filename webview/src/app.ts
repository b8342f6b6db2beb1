// The trace panel app: holds the trace, the selection and the tab, routes host messages, and keeps
// the views in step (graph ⇄ inspector ⇄ charts ⇄ diagnostics ⇄ editor).
import type { ExportRequestMessage, ShowTraceMessage, ToWebviewMessage, WebviewState } from '../../src/protocol/messages';
import type { CrossCheckReport } from '../../src/protocol/crossCheck';
import type { Diagnostic, SourceLocation, Trace } from '../../src/protocol/trace';
import type { Bridge } from './bridge';
import { logDomain, type LogDomain } from './colorScale';
import { stepsCsv } from './csv';
import { CrossCheckTab } from './crossCheckTab';
import { DiagnosticsTab } from './diagnosticsTab';
import { h } from './dom';
import { download, exportColors, svgToPng } from './exporting';
import { baseName } from './format';
import { buildGraphModel, findCell, graphNorms, type Cell, type GraphModel } from './graphModel';
import { GradientsTab } from './gradientsTab';
import { GraphView } from './graphView';
import { resolveLang, translator, type Lang, type Translate } from './i18n';
import { Inspector } from './inspector';
import { legend } from './legend';
import { StepsTab } from './stepsTab';
import { TrainingTab } from './trainingTab';

export const TABS = ['graph', 'steps', 'gradients', 'training', 'diagnostics', 'crossCheck'] as const;
export type TabId = (typeof TABS)[number];

const TAB_LABEL = { graph: 'tabGraph', steps: 'tabSteps', gradients: 'tabGradients', training: 'tabTraining', diagnostics: 'tabDiagnostics', crossCheck: 'tabCrossCheck' } as const;

interface Shell {
  lang: Lang;
  t: Translate;
  header: HTMLElement;
  panels: HTMLElement & { activeid?: string };
  badge: HTMLElement;
  toolbar: HTMLElement;
  graph: GraphView;
  inspector: Inspector;
  steps: StepsTab;
  gradients: GradientsTab;
  training: TrainingTab;
  diagnostics: DiagnosticsTab;
  crossCheck: CrossCheckTab;
  /** The Cross-check tab's header, shown only with a report. */
  crossCheckTab: HTMLElement;
}

export class App {
  private shell: Shell | null = null;
  private trace: Trace | null = null;
  private traceId: string | null = null;
  private tracePath: string | null = null;
  private crossCheck: CrossCheckReport | null = null;
  private model: GraphModel | null = null;
  private domain: LogDomain = { lo: -6, hi: 0 };
  private tab: TabId = 'graph';
  private selNode: string | null = null;
  private selCell: string | null = null;
  private highlighted = new Set<string>();
  private restored: WebviewState | null;
  /** Resolves when the current trace's graph has been laid out and painted once. */
  painted: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly root: HTMLElement,
    private readonly bridge: Bridge,
  ) {
    this.restored = bridge.getState();
    if (this.restored && (TABS as readonly string[]).includes(this.restored.tab)) this.tab = this.restored.tab as TabId;
    this.traceId = this.restored?.traceId ?? null;
    this.tracePath = this.restored?.tracePath ?? null;
    new MutationObserver(() => this.retheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Handles one message from the host (or the report's stand-in). */
  async handle(m: ToWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'showTrace':
        return this.showTrace(m);
      case 'highlightLines':
        return this.highlightLines(m.file, m.lines);
      case 'focusNode':
        return this.focusNode(m.nodeId);
      case 'focusParameter':
        return this.focusParameter(m.name);
      case 'focusStep': {
        const c = this.model && findCell(this.model, m.step.module, m.step.layer, m.step.direction, m.step.t);
        if (c) this.focusCell(c);
        return;
      }
      case 'exportRequest':
        return this.exportFor(m);
    }
  }

  /** The empty state, before any trace arrives. */
  showEmpty(locale: string): void {
    const t = translator(resolveLang(locale));
    this.root.replaceChildren(h('p', { class: 'empty' }, t('noTrace')));
  }

  private async showTrace(m: ShowTraceMessage): Promise<void> {
    const started = performance.now();
    const lang = resolveLang(m.locale);
    if (!this.shell || this.shell.lang !== lang) this.shell = this.buildShell(lang);
    const s = this.shell;
    const sameRun = this.restored?.traceId === m.traceId;
    this.trace = m.trace;
    this.traceId = m.traceId;
    this.tracePath = m.tracePath ?? (sameRun ? (this.restored?.tracePath ?? null) : null);
    this.crossCheck = m.crossCheck ?? null;
    if (m.crossCheck) this.tab = 'crossCheck';
    else if (this.tab === 'crossCheck') this.tab = 'graph';
    this.model = buildGraphModel(m.trace);
    performance.mark('bptt:model');
    this.domain = logDomain(graphNorms(this.model));
    this.selNode = sameRun ? (this.restored?.selectedNode ?? null) : null;
    this.selCell = null;
    if (this.selNode && !this.model.nodes.has(this.selNode)) this.selNode = null;
    if (this.selNode) this.selCell = this.model.cellOfNode.get(this.selNode)?.key ?? null;
    this.restored = null;
    this.highlighted.clear();
    s.inspector.clearHistory();
    // Before the layout: the first view is chosen for the width the graph has, Inspector folded or not.
    s.inspector.update({ type: 'trace', selected: this.selNode !== null });
    this.fillHeader(s, m.trace);
    this.fillToolbar(s);
    const tr = m.trace;
    this.fillTabs(s, tr);
    s.graph.setSelection(this.selNode, this.selCell);
    s.graph.setHighlighted(this.highlighted);
    this.setTab(this.tab);
    this.painted = s.graph.setModel(this.model, this.domain).then(() => s.graph.painted.then((at) => at - started));
    this.updateInspector();
    this.save();
    const ms = await this.painted;
    performance.mark('bptt:painted', { startTime: started + ms });
    document.body.dataset.firstPaintMs = ms.toFixed(0);
    void s.graph.laidOut.then(() => {
      performance.mark('bptt:laidOut');
      document.body.dataset.layoutMs = (performance.now() - started).toFixed(0);
    });
    if (this.selNode) s.graph.revealNode(this.selNode);
  }

  /** The chart and list tabs, from the trace (again after a theme change: canvases keep their colours). */
  private fillTabs(s: Shell, tr: Trace): void {
    s.steps.show(tr.recurrent, (t) => this.pickStep(null, t), () => this.markedStep()?.t ?? null);
    s.gradients.show(
      tr.recurrent,
      tr.model.parameters,
      (r, t) => this.pickStep(r, t),
      () => {
        const c = this.markedStep();
        const row = c && this.model!.rows[c.row].record;
        return c && row ? { row, t: c.t } : null;
      },
    );
    s.training.show(tr.history);
    s.diagnostics.show(tr.diagnostics, {
      showStep: (d) => this.showDiagnostic(d),
      reveal: (loc) => this.reveal(loc),
      nodeName: (id) => this.model?.nodes.get(id)?.name,
      canShowStep: (d) => this.diagnosticTarget(d) !== null,
      hosted: this.bridge.hosted,
    });
    s.crossCheck.show(this.crossCheck);
    s.crossCheckTab.classList.toggle('hidden', this.crossCheck === null);
    s.badge.textContent = String(tr.diagnostics.length);
    s.badge.classList.toggle('hidden', tr.diagnostics.length === 0);
  }

  /** VS Code changed the theme (body class): redraw what was drawn with the old colours. */
  private retheme(): void {
    const s = this.shell;
    if (!s || !this.trace) return;
    this.fillTabs(s, this.trace);
    this.fillToolbar(s);
    this.setTab(this.tab);
  }

  private buildShell(lang: Lang): Shell {
    const t = translator(lang);
    document.documentElement.lang = lang === 'zh-tw' ? 'zh-Hant-TW' : 'en';
    const header = h('header', { class: 'top' });
    const toolbar = h('div', { class: 'graph-toolbar' });
    const graph = new GraphView(t, {
      selectNode: (id) => this.selectNode(id, false, true),
      selectCell: (key) => this.selectCell(key, true),
      clearSelection: () => this.clearSelection(),
      expandedChanged: () => this.updateInspector(),
      // unfold the Inspector now (not after the delay): the expanded step is then revealed in the room left
      doubleClicked: () => {
        if (this.selNode !== null || this.selCell !== null) this.shell?.inspector.update({ type: 'selected' });
      },
    });
    const inspector = new Inspector(t, {
      selectNode: (id, fromInspector) => this.selectNode(id, fromInspector),
      selectCell: (key) => this.selectCell(key),
      reveal: (loc) => this.reveal(loc),
      toggleExpand: (key) => void this.toggleExpand(key),
      isExpanded: (key) => graph.isExpanded(key),
      hosted: this.bridge.hosted,
    });
    const steps = new StepsTab(t);
    const gradients = new GradientsTab(t);
    const training = new TrainingTab(t);
    const diagnostics = new DiagnosticsTab(t, lang);
    const crossCheck = new CrossCheckTab(t);
    // A plain badge: the toolkit's vscode-badge template carries a style attribute, which a strict CSP blocks.
    const badge = h('span', { class: 'badge hidden' }, '0');
    const panels = h('vscode-panels', { activeid: `tab-${this.tab}`, class: 'panels' }) as Shell['panels'];
    const bodies: Record<TabId, HTMLElement> = {
      graph: h('div', { class: 'graph-tab' }, toolbar, h('div', { class: 'graph-main' }, h('div', { class: 'graph-col' }, graph.stage, graph.overview.canvas), inspector.el)),
      steps: steps.el,
      gradients: gradients.el,
      training: training.el,
      diagnostics: diagnostics.el,
      crossCheck: crossCheck.el,
    };
    const tabs = TABS.map((id) => h('vscode-panel-tab', { id: `tab-${id}` }, t(TAB_LABEL[id]), id === 'diagnostics' ? badge : null));
    panels.append(...tabs);
    for (const id of TABS) panels.append(h('vscode-panel-view', { id: `view-${id}` }, bodies[id]));
    panels.addEventListener('change', () => {
      const active = (panels.activeid ?? '').replace(/^tab-/, '');
      if ((TABS as readonly string[]).includes(active) && active !== this.tab) this.setTab(active as TabId, false);
    });
    this.root.replaceChildren(header, panels);
    return { lang, t, header, panels, badge, toolbar, graph, inspector, steps, gradients, training, diagnostics, crossCheck, crossCheckTab: tabs[TABS.indexOf('crossCheck')] };
  }

  private fillHeader(s: Shell, tr: Trace): void {
    const t = s.t;
    const T = tr.recurrent.reduce((m, r) => Math.max(m, r.steps.length), 0);
    const parts: (Node | null)[] = [
      h('strong', { class: 'script', title: tr.script.path }, baseName(tr.script.path)),
      h('span', { class: 'muted' }, ` · ${tr.script.producer} · ${t('summary', { steps: T, layers: tr.recurrent.length, nodes: tr.graph.nodes.length })}`),
    ];
    const notes: HTMLElement[] = [];
    if (tr.error) notes.push(h('div', { class: 'banner error' }, t('scriptFailed', { message: `${tr.error.type}: ${tr.error.message}` })));
    if (tr.graph.truncated) notes.push(h('div', { class: 'banner warning' }, t('graphTruncated')));
    if (!this.bridge.hosted) notes.push(h('div', { class: 'banner info' }, t('reportNote')));
    s.header.replaceChildren(h('div', { class: 'title' }, ...parts.filter((p): p is Node => p !== null)), ...notes);
  }

  private fillToolbar(s: Shell): void {
    const t = s.t;
    const g = s.graph;
    const btn = (label: string, title: string, f: () => void): HTMLElement => h('vscode-button', { appearance: 'icon', title, 'aria-label': title, onclick: f }, label);
    const items: HTMLElement[] = [
      btn('⤢', t('fit'), () => g.fit()),
      btn('+', t('zoomIn'), () => g.zoom(1.25)),
      btn('−', t('zoomOut'), () => g.zoom(0.8)),
      h('vscode-button', { appearance: 'secondary', onclick: () => void g.collapseAll().then(() => this.updateInspector()) }, t('collapseAll')),
    ];
    if (!this.bridge.hosted) {
      const name = baseName(this.trace!.script.path).replace(/\.[^.]+$/, '');
      items.push(
        h('span', { class: 'sep' }),
        h('vscode-button', { appearance: 'secondary', onclick: () => download(`${name}-graph.svg`, g.exportSvg(exportColors()), 'image/svg+xml') }, t('exportSvg')),
        h('vscode-button', { appearance: 'secondary', onclick: () => void this.exportData('png').then((d) => download(`${name}-graph.png`, d, 'image/png')) }, t('exportPng')),
        h('vscode-button', { appearance: 'secondary', onclick: () => download(`${name}-steps.csv`, stepsCsv(this.trace!), 'text/csv') }, t('exportCsv')),
      );
    }
    items.push(h('span', { class: 'grow' }), legend(this.domain, t));
    s.toolbar.replaceChildren(...items);
  }

  private setTab(tab: TabId, updatePanels = true): void {
    this.tab = tab;
    const s = this.shell;
    if (!s) return;
    if (updatePanels && s.panels.activeid !== `tab-${tab}`) s.panels.setAttribute('activeid', `tab-${tab}`);
    requestAnimationFrame(() => {
      if (tab === 'graph') s.graph.shown();
      if (tab === 'steps') s.steps.refresh();
      if (tab === 'gradients') s.gradients.refreshIfDirty();
      if (tab === 'training') s.training.refresh();
    });
    this.save();
  }

  private save(): void {
    this.bridge.setState({ traceId: this.traceId, tracePath: this.tracePath, selectedNode: this.selNode, tab: this.tab });
  }

  private markedStep(): Cell | null {
    if (!this.model) return null;
    if (this.selCell) {
      const m = /^r(\d+)c(\d+)$/.exec(this.selCell);
      if (m) return this.model.rows[Number(m[1])]?.cells[Number(m[2])] ?? null;
    }
    return this.selNode ? (this.model.cellOfNode.get(this.selNode) ?? null) : null;
  }

  private cellByKey(key: string): Cell | null {
    const m = /^r(\d+)c(\d+)$/.exec(key);
    return m ? (this.model?.rows[Number(m[1])]?.cells[Number(m[2])] ?? null) : null;
  }

  /** `fromGraph`: a click in the graph, which may be the first of a double-click. */
  private selectNode(id: string, fromInspector: boolean, fromGraph = false): void {
    const model = this.model;
    const s = this.shell;
    if (!model || !s || !model.nodes.has(id)) return;
    if (fromInspector && this.selNode) s.inspector.pushHistory(this.selNode);
    if (!fromInspector) s.inspector.clearHistory();
    this.selNode = id;
    const cell = model.cellOfNode.get(id);
    this.selCell = cell && !s.graph.isExpanded(cell.key) ? cell.key : null;
    this.afterSelect(fromGraph);
    if (fromInspector) s.graph.revealNode(id);
    this.bridge.post({ type: 'nodeSelected', nodeId: id });
    const src = model.nodes.get(id)!.source;
    if (src) this.reveal(src);
  }

  private selectCell(key: string, fromGraph = false): void {
    const c = this.cellByKey(key);
    const s = this.shell;
    if (!c || !s) return;
    s.inspector.clearHistory();
    this.selCell = key;
    this.selNode = c.output;
    this.afterSelect(fromGraph);
    if (c.output) this.bridge.post({ type: 'nodeSelected', nodeId: c.output });
    if (c.source) this.reveal(c.source);
  }

  private clearSelection(): void {
    if (!this.selNode && !this.selCell) return;
    this.selNode = null;
    this.selCell = null;
    this.shell?.inspector.clearHistory();
    this.afterSelect();
  }

  /**
   * Shows the selection everywhere, and unfolds the Inspector for it (folds it when nothing is
   * selected). A click in the graph unfolds it a moment later: unfolding narrows the graph, and the
   * second click of a double-click must still find the step it expands.
   */
  private afterSelect(fromGraph = false): void {
    const s = this.shell!;
    s.graph.setSelection(this.selNode, this.selCell);
    this.updateInspector();
    if (this.selNode === null && this.selCell === null) s.inspector.update({ type: 'cleared' });
    else if (fromGraph && !s.inspector.isOpen) s.inspector.openSoon();
    else s.inspector.update({ type: 'selected' });
    s.steps.refresh();
    this.save();
  }

  private updateInspector(): void {
    const s = this.shell;
    if (!s) return;
    const cell = this.selCell ? this.cellByKey(this.selCell) : null;
    s.inspector.show(this.model, this.selNode, cell, this.domain);
  }

  private async toggleExpand(key: string): Promise<void> {
    const g = this.shell!.graph;
    if (g.isExpanded(key)) await g.collapse(key);
    else await g.expand(key);
    if (this.selCell === key && g.isExpanded(key)) this.selCell = null;
    g.setSelection(this.selNode, this.selCell);
    this.updateInspector();
  }

  /** A chart or heatmap click: select that step's cell and show it in the graph. */
  private pickStep(record: Trace['recurrent'][number] | null, t: number): void {
    const m = this.model;
    if (!m) return;
    const rec = record ?? (this.markedStep() ? m.rows[this.markedStep()!.row].record : null) ?? m.trace.recurrent[0];
    if (!rec) return;
    const c = findCell(m, rec.module, rec.layer, rec.direction, t);
    if (!c) return;
    this.selectCell(c.key);
    if (this.tab === 'gradients') this.shell?.gradients.refresh();
    else this.shell?.gradients.invalidate();
  }

  private focusCell(c: Cell): void {
    this.setTab('graph');
    this.selectCell(c.key);
    requestAnimationFrame(() => this.shell?.graph.revealCell(c.key));
  }

  private async focusNode(id: string): Promise<void> {
    const m = this.model;
    const s = this.shell;
    if (!m || !s || !m.nodes.has(id)) return;
    this.setTab('graph');
    const cell = m.cellOfNode.get(id);
    if (cell && !s.graph.isExpanded(cell.key)) await s.graph.expand(cell.key);
    this.selectNode(id, false);
    requestAnimationFrame(() => s.graph.revealNode(id));
  }

  private focusParameter(name: string): void {
    const m = this.model;
    const s = this.shell;
    if (!m || !s) return;
    s.gradients.focusParameter(name);
    this.setTab('gradients');
    const node = m.paramNode.get(name);
    if (node) {
      this.selNode = node;
      this.selCell = null;
      this.afterSelect();
    }
  }

  private highlightLines(file: string, lines: number[]): void {
    const m = this.model;
    if (!m || !this.shell) return;
    const norm = (f: string): string => f.replace(/\\/g, '/').toLowerCase();
    const want = norm(file);
    const set = new Set(lines);
    this.highlighted = new Set([...m.nodes.values()].filter((n) => n.source && set.has(n.source.line) && norm(n.source.file) === want).map((n) => n.id));
    this.shell.graph.setHighlighted(this.highlighted);
  }

  private diagnosticTarget(d: Diagnostic): { cell: Cell | null; node: string | null } | null {
    const m = this.model;
    if (!m) return null;
    if (d.module !== undefined && d.t !== undefined) {
      const c = findCell(m, d.module, d.layer ?? 0, d.direction ?? 0, d.t);
      if (c) return { cell: c, node: null };
    }
    if (d.node && m.nodes.has(d.node)) return { cell: null, node: d.node };
    return null;
  }

  private showDiagnostic(d: Diagnostic): void {
    const target = this.diagnosticTarget(d);
    if (target?.cell) this.focusCell(target.cell);
    else if (target?.node) void this.focusNode(target.node);
    if (d.source) this.reveal(d.source);
  }

  private reveal(loc: SourceLocation): void {
    if (this.bridge.hosted) this.bridge.post({ type: 'revealSource', location: loc });
  }

  private async exportData(format: 'svg' | 'png' | 'csv'): Promise<string> {
    const s = this.shell;
    if (!this.trace || !s) return '';
    if (format === 'csv') return stepsCsv(this.trace);
    if (format === 'svg') return s.graph.exportSvg(exportColors());
    const v = s.graph.exportViewSvg(exportColors(), 2);
    return svgToPng(v.svg, v.width, v.height);
  }

  private async exportFor(m: ExportRequestMessage): Promise<void> {
    try {
      const data = await this.exportData(m.format);
      this.bridge.post({ type: 'exportResult', requestId: m.requestId, format: m.format, data });
    } catch (e) {
      this.bridge.post({ type: 'webviewError', message: `export ${m.format} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}
