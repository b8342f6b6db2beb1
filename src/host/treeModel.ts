// The sidebar's trees as plain data (no vscode types): Model (modules → parameters), Time steps
// (recurrent layer → t) and Runs. The vscode side maps each TreeNode onto a TreeItem.
import * as l10n from '@vscode/l10n';
import type { ModuleInfo, ParameterInfo, RecurrentTrace } from '../protocol/trace';
import { findingMessage, kindName } from './findings';
import { fmtNum, fmtShape, hasNonFinite, mdEscape, nonFiniteSuffix } from './format';
import type { TraceIndex } from './traceIndex';

/** A command a tree item runs when clicked. */
export interface TreeCommand {
  command: string;
  title: string;
  arguments: unknown[];
}

/** One item of a tree. */
export interface TreeNode {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** A codicon id, and optionally a theme colour id. */
  icon?: { id: string; color?: string };
  children?: TreeNode[];
  expanded?: boolean;
  command?: TreeCommand;
  contextValue?: string;
}

/** Commands the trees link to (registered in extension.ts). */
export const TREE_COMMANDS = {
  focusParameter: 'bptt-lens.focusParameter',
  focusStep: 'bptt-lens.focusStep',
  revealSource: 'bptt-lens.revealSource',
  openRun: 'bptt-lens.openRun',
} as const;

function paramNode(p: ParameterInfo): TreeNode {
  const short = p.name.slice(p.name.lastIndexOf('.') + 1);
  const grad = p.grad ? `‖∇‖ ${fmtNum(p.grad.norm)}${nonFiniteSuffix(p.grad)}` : `‖∇‖ ${l10n.t('None')}`;
  const bad = hasNonFinite(p.grad);
  const tooltip = [
    `**${mdEscape(p.name)}** ${fmtShape(p.shape)} ${mdEscape(p.dtype)}`,
    '',
    `${l10n.t('value')}: ‖·‖ ${fmtNum(p.value.norm)}, ${l10n.t('min / max')} ${fmtNum(p.value.min)} / ${fmtNum(p.value.max)}, ${l10n.t('mean')} ${fmtNum(p.value.mean)}`,
    '',
    p.grad
      ? `${l10n.t('gradient')}: ‖∇‖ ${fmtNum(p.grad.norm)}, ${l10n.t('min / max')} ${fmtNum(p.grad.min)} / ${fmtNum(p.grad.max)}, NaN ${p.grad.nanCount}, Inf ${p.grad.infCount}`
      : l10n.t('No gradient (grad is None).'),
  ].join('\n');
  return {
    id: `param:${p.name}`,
    label: short,
    description: `${fmtShape(p.shape)} ${grad}`,
    tooltip,
    icon: bad ? { id: 'error', color: 'errorForeground' } : p.grad ? { id: 'symbol-field' } : { id: 'circle-slash' },
    command: { command: TREE_COMMANDS.focusParameter, title: l10n.t('Show in graph'), arguments: [p.name] },
    contextValue: 'parameter',
  };
}

/** Direct children of module `parent` among `mods`: by dotted path, and for the root model by its repr. */
function childrenOf(parent: ModuleInfo, mods: readonly ModuleInfo[]): ModuleInfo[] {
  if (parent.path === '') return mods.filter((m) => m.path !== '' && !m.path.includes('.') && parent.repr.includes(`(${m.path}): `));
  return mods.filter((m) => m.path.startsWith(`${parent.path}.`) && !m.path.slice(parent.path.length + 1).includes('.'));
}

/** The Model view: root modules → submodules → parameters. */
export function modelTree(index: TraceIndex): TreeNode[] {
  const mods = index.trace.model.modules;
  const placed = new Set<string>();
  const build = (m: ModuleInfo): TreeNode => {
    placed.add(m.path);
    const params = index.parametersOf(m);
    const kids = childrenOf(m, mods).filter((c) => !placed.has(c.path));
    const children = [...kids.map(build), ...params.map(paramNode)];
    const allParams = index.trace.model.parameters.filter((p) => m.path === '' || p.module === m.path || p.module.startsWith(`${m.path}.`));
    const bad = allParams.filter((p) => hasNonFinite(p.grad)).length;
    const label = m.path === '' ? m.type : m.path.slice(m.path.lastIndexOf('.') + 1);
    return {
      id: `module:${m.path}`,
      label,
      description: m.path === '' ? l10n.t('model') : m.type + (bad ? ` · ${l10n.t('{0} with NaN/Inf', bad)}` : ''),
      tooltip: `\`\`\`text\n${m.repr.replace(/```/g, "'''")}\n\`\`\``,
      icon: bad ? { id: 'warning', color: 'problemsWarningIcon.foreground' } : { id: 'symbol-class' },
      children,
      expanded: m.path === '' || !m.path.includes('.'),
      command: m.source ? { command: TREE_COMMANDS.revealSource, title: l10n.t('Go to definition'), arguments: [m.source] } : undefined,
      contextValue: 'module',
    };
  };
  const out: TreeNode[] = [];
  for (const m of mods) {
    if (placed.has(m.path)) continue;
    const parentPath = m.path.includes('.') ? m.path.slice(0, m.path.lastIndexOf('.')) : m.path === '' ? null : '';
    const parent = parentPath === null ? undefined : mods.find((x) => x.path === parentPath);
    if (parent && childrenOf(parent, mods).includes(m)) continue;
    out.push(build(m));
  }
  // parameters of modules the trace did not list (hand-made leaves) still appear
  const listed = new Set(mods.flatMap((m) => m.parameters));
  for (const p of index.trace.model.parameters) if (!listed.has(p.name)) out.push(paramNode(p));
  return out;
}

function layerLabel(r: RecurrentTrace): string {
  const dir = r.direction === 1 ? `, ${l10n.t('reverse')}` : '';
  return `${r.module || l10n.t('model')} · ${r.kind}`.concat(r.layer > 0 || r.direction === 1 ? ` (${l10n.t('layer {0}', r.layer)}${dir})` : '');
}

/** The Time steps view: per recurrent layer and direction, t → ‖∂L/∂h_t‖, warnings where a finding points. */
export function stepsTree(index: TraceIndex): TreeNode[] {
  return index.trace.recurrent.map((r) => {
    const key = `${r.module}|${r.layer}|${r.direction}`;
    const findings = index.diagnosticsForLayer(r);
    const steps = [...r.steps].sort((a, b) => a.t - b.t);
    const children: TreeNode[] = steps.map((s) => {
      const d = index.diagnosticForStep(r, s.t);
      const tooltip = [
        `**t = ${s.t}**${s.lossInjected ? ` · ${l10n.t('loss injected here')}` : ''}`,
        '',
        `‖∂L/∂h_t‖ ${fmtNum(s.gradNorm)} · ‖h_t‖ ${fmtNum(s.hNorm)} · ‖∂h_t/∂h_t-1‖ ${fmtNum(s.jacobianNorm)}`,
        '',
        `‖∂L/∂W_hh‖ (t) ${fmtNum(s.whhGradNorm)} · ${l10n.t('saturation')} ${Math.round(s.saturation * 100)}%`,
        ...(s.forgetGate !== undefined ? ['', `${l10n.t('forget gate')} ${fmtNum(s.forgetGate)} · ‖∂L/∂c_t‖ ${fmtNum(s.cellGradNorm ?? NaN)}`] : []),
        ...(d ? ['', `$(warning) ${mdEscape(findingMessage(d))}`] : []),
      ].join('\n');
      return {
        id: `step:${key}|${s.t}`,
        label: `t = ${s.t}`,
        description: `‖∂L/∂h‖ ${fmtNum(s.gradNorm)}${s.lossInjected ? ' · L' : ''}`,
        tooltip,
        icon: d
          ? { id: d.severity === 'error' ? 'error' : 'warning', color: d.severity === 'error' ? 'errorForeground' : 'problemsWarningIcon.foreground' }
          : !Number.isFinite(s.gradNorm)
            ? { id: 'error', color: 'errorForeground' }
            : { id: s.lossInjected ? 'target' : 'circle-small' },
        command: {
          command: TREE_COMMANDS.focusStep,
          title: l10n.t('Show step'),
          arguments: [{ module: r.module, layer: r.layer, direction: r.direction, t: s.t }, s.source ?? r.source ?? null],
        },
        contextValue: 'step',
      };
    });
    const g = steps.map((s) => s.gradNorm).filter((v) => v > 0);
    return {
      id: `layer:${key}`,
      label: layerLabel(r),
      description: `T = ${steps.length} · σ_max ${fmtNum(r.sigmaMax)}${g.length ? ` · ${fmtNum(Math.min(...g))} … ${fmtNum(Math.max(...g))}` : ''}`,
      tooltip: findings.length ? findings.map((d) => `**${kindName(d.kind)}**: ${mdEscape(findingMessage(d))}`).join('\n\n') : l10n.t('No findings for this layer.'),
      icon: findings.length ? { id: 'warning', color: 'problemsWarningIcon.foreground' } : { id: 'graph-line' },
      children,
      expanded: index.trace.recurrent.length === 1,
      contextValue: 'layer',
    };
  });
}

/** A remembered run (the Runs view and the panel's reload read it). */
export interface RunEntry {
  /** Stable id: file name and time. */
  id: string;
  /** The script that ran (absolute path). */
  script: string;
  /** Where the trace JSON is stored. */
  tracePath: string;
  /** ISO time the run started. */
  startedAt: string;
  /** The status bar verdict of the run. */
  verdict: string;
  /** A trace file the user opened (not ours to delete). */
  external?: boolean;
}

/** The Runs view: newest first, the shown one marked. */
export function runsTree(runs: readonly RunEntry[], currentId: string | null, basename: (p: string) => string): TreeNode[] {
  return runs.map((r) => {
    const time = r.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
    return {
      id: `run:${r.id}`,
      label: basename(r.script),
      description: `${time} · ${r.verdict}`,
      tooltip: `**${mdEscape(basename(r.script))}** ${mdEscape(time)}\n\n${mdEscape(r.verdict)}\n\n${mdEscape(r.tracePath)}`,
      icon: { id: r.id === currentId ? 'eye' : r.external ? 'file' : 'history' },
      command: { command: TREE_COMMANDS.openRun, title: l10n.t('Open run'), arguments: [r.id] },
      contextValue: r.external ? 'run.external' : 'run',
    };
  });
}
