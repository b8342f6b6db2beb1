// The model tree for the Trace: root modules (those no other module owns), their submodules and
// parameters with value and gradient statistics.
import type { Tensor } from '../engine';
import { tensorStats } from './stats';
import type { ModelInfo, ModuleInfo, ParameterInfo, SourceLocation } from './types';

/** The parts of nn.Module the recorder reads. */
export interface ModuleLike {
  namedModules(): Iterable<[string, ModuleLike]>;
  namedParameters(): Iterable<[string, Tensor]>;
  toString(): string;
  getName?(): string;
}

function typeName(m: ModuleLike): string {
  return m.getName?.() ?? (m as object).constructor.name;
}

/** Names the roots: '' for a single root model, else a lower-cased type name (deduplicated). */
export function nameRoots(modules: readonly ModuleLike[]): Map<ModuleLike, string> {
  const owned = new Set<ModuleLike>();
  for (const m of modules) for (const [path, sub] of m.namedModules()) if (path !== '') owned.add(sub);
  const roots = modules.filter((m) => !owned.has(m));
  const names = new Map<ModuleLike, string>();
  // the model is the one root with parameters; parameterless roots (a loss module) get type names
  const withParams = roots.filter((r) => !(r.namedParameters()[Symbol.iterator]().next().done ?? true));
  if (withParams.length === 1) names.set(withParams[0], '');
  const used = new Map<string, number>();
  for (const r of roots) {
    if (names.has(r)) continue;
    const base = typeName(r).replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (s) => s.toLowerCase());
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    names.set(r, n === 0 ? base : `${base}${n}`);
  }
  return names;
}

function join(a: string, b: string): string {
  return a && b ? `${a}.${b}` : a || b;
}

/** Every module (full path → module) under the named roots. */
export function allModules(roots: Map<ModuleLike, string>): Map<string, ModuleLike> {
  const out = new Map<string, ModuleLike>();
  for (const [root, name] of roots) for (const [path, m] of root.namedModules()) if (!out.has(join(name, path))) out.set(join(name, path), m);
  return out;
}

/** Every parameter (full name → tensor) under the named roots, without duplicates. */
export function allParameters(roots: Map<ModuleLike, string>): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const seen = new Set<Tensor>();
  for (const [root, name] of roots) {
    for (const [path, p] of root.namedParameters()) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.set(join(name, path), p);
    }
  }
  return out;
}

/** The model section of the Trace. */
export function exportModel(
  roots: Map<ModuleLike, string>,
  maxValues: number,
  sources: Map<ModuleLike, SourceLocation>,
  nodeOf: (p: Tensor) => string | undefined,
): ModelInfo {
  const modules: ModuleInfo[] = [];
  for (const [path, m] of allModules(roots)) {
    const own: string[] = [];
    for (const [pname] of m.namedParameters()) if (!pname.includes('.')) own.push(join(path, pname));
    const info: ModuleInfo = { path, type: typeName(m), repr: m.toString(), parameters: own };
    const src = sources.get(m);
    if (src) info.source = src;
    modules.push(info);
  }
  const parameters: ParameterInfo[] = [];
  for (const [name, p] of allParameters(roots)) {
    const dot = name.lastIndexOf('.');
    const info: ParameterInfo = {
      name,
      module: dot < 0 ? '' : name.slice(0, dot),
      shape: p.shape.slice(),
      dtype: p.dtype,
      value: tensorStats(p, maxValues),
      grad: p.grad ? tensorStats(p.grad, maxValues) : null,
    };
    const node = nodeOf(p);
    if (node) info.node = node;
    parameters.push(info);
  }
  return { modules, parameters };
}
