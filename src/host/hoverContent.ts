// The hover text for a line of the user's code after a trace: what the tensors made on that line
// did in the last backward. Markdown only; the vscode side wraps it in a MarkdownString trusted for
// one command ("Show in graph"). Everything comes from the Trace's source info.
import * as l10n from '@vscode/l10n';
import { sparkline } from '../cli/summary';
import type { GraphNode, ModuleInfo, TensorStats } from '../protocol/trace';
import { findingMessage, findingSuggestion, kindName } from './findings';
import { fmtNum, fmtShape, mdCode, mdEscape, nonFiniteSuffix, stepSpan } from './format';
import type { TraceIndex } from './traceIndex';

/** The command the hover links to, with the node id as its argument. */
export const SHOW_IN_GRAPH_COMMAND = 'bptt-lens.showInGraph';

/** A `command:` link with JSON arguments, as VS Code's Markdown expects it. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** What the hover needs besides the index. */
export interface HoverQuery {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column span of the hovered word, to pick a statement on lines with several. */
  word?: { from: number; to: number };
  /** The document changed since the run, so lines may have moved. */
  stale?: boolean;
}

function statsRows(s: TensorStats): string[] {
  const rows = [
    `| ‖∇‖ | ${fmtNum(s.norm)} |`,
    `| ${l10n.t('min / max')} | ${fmtNum(s.min)} / ${fmtNum(s.max)} |`,
    `| ${l10n.t('mean')} | ${fmtNum(s.mean)} |`,
    `| NaN / Inf | ${s.nanCount} / ${s.infCount}${s.nanCount + s.infCount > 0 ? ' ⚠' : ''} |`,
  ];
  return rows;
}

function chainBlock(index: TraceIndex, id: string): string[] {
  const entries = index.chain(id, 3, 10, 3);
  if (entries.length === 0) return [];
  const lines: string[] = [];
  for (const { node, depth, more } of entries) {
    if (more) {
      lines.push(`${'  '.repeat(depth)}… ${l10n.t('{0} more', more)}`);
      continue;
    }
    const leaf = node.leaf ? ` ${node.leaf}` : '';
    const grad = node.grad ? `  ‖∇‖ ${fmtNum(node.grad.norm)}${nonFiniteSuffix(node.grad)}` : '';
    const step = node.step ? `  t=${node.step.t}` : '';
    // inside a fence: a backquote from the trace file must not close it
    lines.push(`${'  '.repeat(depth)}${node.name}${leaf} ${fmtShape(node.shape)}${grad}${step}`.replace(/`/g, "'"));
  }
  return [`**${l10n.t('grad_fn chain')}**`, '', '```text', ...lines, '```'];
}

function nodeSection(index: TraceIndex, node: GraphNode, group: readonly GraphNode[]): string[] {
  const out: string[] = [];
  const head = [mdCode(node.name), `${l10n.t('shape')} ${mdCode(fmtShape(node.shape))}`];
  if (node.step) {
    const layer = node.step.layer ? `, ${l10n.t('layer {0}', node.step.layer)}` : '';
    head.push(`${mdCode(stepSpan([node.step.t]))} (${mdEscape(node.step.module || l10n.t('model'))}${layer})`);
  }
  out.push(head.join(' · '));
  const stepped = group.filter((n) => n.step);
  if (stepped.length > 0 && !node.step) {
    const modules = [...new Set(stepped.map((n) => n.step!.module || l10n.t('model')))];
    out.push('', l10n.t('Made inside recurrent steps {0} of {1}.', stepSpan(stepped.map((n) => n.step!.t)), modules.map(mdEscape).join(', ')));
  }
  out.push('');
  if (node.grad) out.push(`| ${l10n.t('gradient')} | |`, '|---|---|', ...statsRows(node.grad));
  else out.push(`_${l10n.t('No gradient reached this tensor in the last backward.')}_`);
  out.push('', ...chainBlock(index, node.id));
  out.push('', `[$(type-hierarchy) ${l10n.t('Show in graph')}](${commandLink(SHOW_IN_GRAPH_COMMAND, [node.id])} "${l10n.t('Show in graph')}")`);
  return out;
}

function moduleSection(index: TraceIndex, m: ModuleInfo): string[] {
  const out = [`${mdCode(m.path || l10n.t('model'))} · ${mdCode(m.type)}`];
  const params = index.parametersOf(m);
  if (params.length === 0) return out;
  out.push(
    '',
    `| ${l10n.t('parameter')} | ${l10n.t('shape')} | ${l10n.t('value')} (${l10n.t('min / max')}) | ‖∇‖ | NaN / Inf |`,
    '|---|---|---|---|---|',
  );
  for (const p of params) {
    const short = p.name.slice(p.name.lastIndexOf('.') + 1);
    const value = `${fmtNum(p.value.norm)} (${fmtNum(p.value.min)} / ${fmtNum(p.value.max)})`;
    const grad = p.grad ? fmtNum(p.grad.norm) : l10n.t('None');
    const bad = p.grad ? `${p.grad.nanCount} / ${p.grad.infCount}` : '–';
    const link = p.node ? ` [$(type-hierarchy)](${commandLink(SHOW_IN_GRAPH_COMMAND, [p.node])} "${l10n.t('Show in graph')}")` : '';
    out.push(`| ${mdEscape(short)}${link} | ${fmtShape(p.shape)} ${mdEscape(p.dtype)} | ${value} | ${grad} | ${bad} |`);
  }
  return out;
}

/**
 * On a line with several recorded statements (`loss = lossFn.call(model.call(a), y)`), the one a
 * hovered word belongs to: the first call at or after the word (`loss`, `lossFn` → `lossFn.call`;
 * `model` → `model.call`), else the last one before it. Undefined keeps the whole line.
 */
export function statementColumns(columns: readonly number[], word: { from: number; to: number } | undefined): { from: number; to: number } | undefined {
  if (!word || columns.length < 2) return undefined;
  const after = columns.find((c) => c >= word.from);
  const c = after ?? columns[columns.length - 1];
  return { from: c, to: c };
}

/** Hover Markdown for `query`, or null when the trace has nothing on that line. */
export function hoverMarkdown(index: TraceIndex, query: HoverQuery): string | null {
  const { file, line } = query;
  const modules = index.modulesAt(file, line);
  const group = index.nodesAt(file, line);
  const layers = index.layersAt(file, line);
  const findings = index.diagnosticsAt(file, line);
  if (modules.length === 0 && group.length === 0 && layers.length === 0 && findings.length === 0) return null;
  const out: string[] = [`**BPTT Lens**${query.stale ? ` · _${l10n.t('the file changed since this run')}_` : ''}`, ''];
  const outputs = index.lineOutputs(file, line, statementColumns(index.columnsAt(file, line), query.word));
  if (outputs.length > 0) {
    out.push(...nodeSection(index, outputs[0], group));
    if (outputs.length > 1) out.push('', `_${l10n.t('{0} more tensors from this line: {1}', outputs.length - 1, outputs.slice(1, 4).map((n) => mdEscape(n.name)).join(', '))}_`);
  }
  for (const m of modules) {
    if (out.length > 2) out.push('', '---', '');
    out.push(...moduleSection(index, m));
  }
  for (const r of layers) {
    const steps = [...r.steps].sort((a, b) => a.t - b.t);
    const g = steps.map((s) => s.gradNorm);
    const nz = g.filter((v) => v > 0);
    if (out.length > 2) out.push('', '---', '');
    const dir = r.direction === 1 ? `, ${l10n.t('reverse')}` : '';
    out.push(
      `${mdCode(r.module || l10n.t('model'))} ${mdCode(r.kind)} · ${l10n.t('layer {0}', r.layer)}${dir} · T = ${steps.length} · σ_max(W_hh) = ${fmtNum(r.sigmaMax)}`,
      '',
      `‖∂L/∂h_t‖ t=0→${Math.max(0, steps.length - 1)} ${mdCode(sparkline(g, 40) || ' ')} ${nz.length ? `${fmtNum(Math.min(...nz))} … ${fmtNum(Math.max(...nz))}` : l10n.t('no gradient')}`,
    );
  }
  for (const d of findings) {
    if (out.length > 2) out.push('', '---', '');
    const icon = d.severity === 'error' ? '$(error)' : d.severity === 'warning' ? '$(warning)' : '$(info)';
    const kind = index.trace.recurrent.find((r) => r.module === d.module)?.kind;
    out.push(`${icon} **${kindName(d.kind)}**: ${mdEscape(findingMessage(d, (id) => index.nodes.get(id)?.name))}`);
    const s = findingSuggestion(d, kind);
    if (s) out.push('', `→ ${mdEscape(s)}`);
  }
  return out.join('\n');
}
