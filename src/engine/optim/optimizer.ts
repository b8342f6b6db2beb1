// torch.optim.Optimizer (1.13): param groups, lazily created per-parameter state, zero_grad,
// state_dict / load_state_dict and the printed form. Options are camelCase in JS; snake_case keys
// (as the Python shim passes them) are accepted and converted, and printing converts them back.
import { enableGrad } from '../autograd/gradMode';
import { TorchError } from '../errors';
import { writeData } from '../storage';
import { Tensor } from '../tensor';
import { pyValueStr } from './pyScalar';
import { readOnly, tensorFrom } from './tensorData';

/** One entry of an optimizer's per-parameter state: a tensor, a step count, or None. */
export type StateValue = Tensor | number | null;

/** The state of one parameter, under PyTorch's key names (`exp_avg`, `momentum_buffer`, `step`, ...). */
export type ParamState = Record<string, StateValue>;

/** A param group as passed in: `{ params, lr: 0.1, ... }`; options missing here come from the defaults. */
export interface ParamGroupInput {
  params: Tensor | Iterable<Tensor>;
  [option: string]: unknown;
}

/** A param group as the optimizer holds it (`optimizer.param_groups[i]`); options may be changed between steps. */
export type ParamGroup<O extends object = object> = O & { params: Tensor[]; [option: string]: unknown };

/** What `stateDict()` returns: state keyed by parameter index, groups with `params` as indices. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: Record<string, unknown>[];
}

// `weight_decay` -> `weightDecay`. e.g. `camelCase('lr_decay') === 'lrDecay'`
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

// `weightDecay` -> `weight_decay`. e.g. `snakeCase('initialLr') === 'initial_lr'`
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

// Copies options with snake_case keys renamed to camelCase.
export function normalizeOptions(options: object | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options === undefined || options === null) return out;
  for (const [k, v] of Object.entries(options)) {
    if (v !== undefined) out[camelCase(k)] = v;
  }
  return out;
}

// A ValueError-kind TorchError.
export function valueError(message: string, op: string): TorchError {
  return new TorchError(message, { kind: 'value', op, pyType: 'ValueError' });
}

function typeError(message: string, op: string): TorchError {
  return new TorchError(message, { kind: 'type', op, pyType: 'TypeError' });
}

// Merges constructor options over an optimizer's defaults, rejecting unknown names as Python rejects unknown
// keyword arguments. e.g. `withDefaults('Adam', { lr: 0.1 }, { lr: 1e-3, eps: 1e-8 })`
export function withDefaults<O extends object>(name: string, options: object | undefined, defaults: O): O {
  const given = normalizeOptions(options);
  for (const k of Object.keys(given)) {
    if (!(k in defaults)) throw typeError(`${name}.__init__() got an unexpected keyword argument '${snakeCase(k)}'`, name);
  }
  return { ...defaults, ...given } as O;
}

// Throws PyTorch's `Invalid <what>: <value>` unless `ok`.
export function checkOption(ok: boolean, what: string, value: unknown, op: string): void {
  if (!ok) throw valueError(`Invalid ${what}: ${pyValueStr(value)}`, op);
}

/** `torch.optim.Optimizer`, the base class of all optimizers. e.g. `class MyOpt extends Optimizer<{ lr: number }> { ... }` */
export abstract class Optimizer<O extends object = Record<string, unknown>> {
  /** The options each param group falls back to. */
  readonly defaults: O;
  /** Per-parameter state (`optimizer.state`), created on the first step that sees a gradient. */
  state = new Map<Tensor, ParamState>();
  /** The param groups (`optimizer.param_groups`); change `lr` etc. here between steps. */
  paramGroups: ParamGroup<O>[] = [];
  /** PyTorch's class name, for printing. */
  protected readonly pyName: string;
  /** Options that have no default and must be given per group (SGD's `lr`). */
  protected readonly required: readonly string[];

  constructor(pyName: string, params: Iterable<Tensor> | Iterable<ParamGroupInput>, defaults: O, required: readonly string[] = []) {
    this.pyName = pyName;
    this.defaults = defaults;
    this.required = required;
    if (params instanceof Tensor) {
      throw typeError('params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor', pyName);
    }
    const list = Array.from(params as Iterable<Tensor | ParamGroupInput>);
    if (list.length === 0) throw valueError('optimizer got an empty parameter list', pyName);
    const groups: ParamGroupInput[] = list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as ParamGroupInput[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /** Adds a param group (`add_param_group`), e.g. to unfreeze layers while training. e.g. `opt.addParamGroup({ params: head, lr: 0.01 })` */
  addParamGroup(group: ParamGroupInput): void {
    if (group === null || typeof group !== 'object' || group instanceof Tensor || !('params' in group)) {
      throw typeError('param group must be a dict', this.pyName);
    }
    const { params: rawParams, ...rest } = group;
    if (rawParams instanceof Set) {
      throw typeError(
        'optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.',
        this.pyName,
      );
    }
    const params = rawParams instanceof Tensor ? [rawParams] : Array.from(rawParams);
    for (const p of params) {
      if (!(p instanceof Tensor)) throw typeError('optimizer can only optimize Tensors, but one of the params is ' + typeof p, this.pyName);
      if (!(p.isLeaf || p.retainsGrad)) throw valueError("can't optimize a non-leaf Tensor", this.pyName);
    }
    const options = normalizeOptions(rest);
    for (const [name, dflt] of Object.entries(this.defaults)) {
      if (name in options) continue;
      if (dflt === undefined && this.required.includes(name)) {
        throw valueError(`parameter group didn't specify a value of required optimization parameter ${snakeCase(name)}`, this.pyName);
      }
      options[name] = dflt;
    }
    const taken = new Set<Tensor>();
    for (const g of this.paramGroups) for (const p of g.params) taken.add(p);
    if (params.some((p) => taken.has(p))) throw valueError('some parameters appear in more than one parameter group', this.pyName);
    this.paramGroups.push({ ...options, params } as ParamGroup<O>);
  }

  /**
   * Resets the gradients of all optimized tensors (`zero_grad`). PyTorch 1.13 zeroes them in place
   * by default; `setToNone` drops them instead. e.g. `opt.zeroGrad()`
   */
  zeroGrad(setToNone = false): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) {
          p.grad = null;
          continue;
        }
        // detach_() for a gradient built with create_graph=True, else requires_grad_(False); then zero_().
        g.gradFn = null;
        g.requiresGrad = false;
        const n = g.numel();
        if (g.isContiguous()) {
          g.storage.fill(0, g.offset, g.offset + n);
          g.versionCounter.version++;
        } else {
          writeData(g, new Float64Array(n));
        }
      }
    }
  }

  /**
   * Performs one optimization step (`step(closure=None)`): the closure, if given, re-evaluates the
   * loss with grad enabled and its result is returned. e.g. `loss.backward(); opt.step()`
   */
  step<L = unknown>(closure?: () => L): L | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    for (const group of this.paramGroups) this.updateGroup(group);
    return loss;
  }

  /** Updates the parameters of one group that have a gradient. */
  protected abstract updateGroup(group: ParamGroup<O>): void;

  /** The state of `p`, created empty when missing (`self.state[p]` on a defaultdict). */
  protected stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * The optimizer's state with parameters replaced by their index across groups (`state_dict()`).
   * State tensors are shared, not copied, as in PyTorch. e.g. `opt.stateDict().state[0].exp_avg`
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...options } = g;
      const ids = params.map((p) => {
        let i = index.get(p);
        if (i === undefined) {
          i = next++;
          index.set(p, i);
        }
        return i;
      });
      return { ...options, params: ids };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = s;
    }
    return { state, paramGroups };
  }

  /** Restores what `stateDict()` returned, copying its tensors (`load_state_dict`). e.g. `opt.loadStateDict(saved)` */
  loadStateDict(sd: OptimizerStateDict): void {
    const groups = sd.paramGroups;
    if (groups.length !== this.paramGroups.length) {
      throw valueError('loaded state dict has a different number of parameter groups', this.pyName);
    }
    const byIndex = new Map<number, Tensor>();
    groups.forEach((g, gi) => {
      const ids = g.params as number[];
      const own = this.paramGroups[gi].params;
      if (ids.length !== own.length) {
        throw valueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group", this.pyName);
      }
      ids.forEach((id, k) => byIndex.set(id, own[k]));
    });
    this.state = new Map();
    for (const [key, s] of Object.entries(sd.state)) {
      const p = byIndex.get(Number(key));
      if (p === undefined) continue;
      const copy: ParamState = {};
      for (const [name, v] of Object.entries(s)) {
        // State tensors take the parameter's dtype, except `step` (PyTorch's _cast keeps it).
        copy[name] = v instanceof Tensor ? tensorFrom(readOnly(v), v.shape, name === 'step' ? v.dtype : p.dtype) : v;
      }
      this.state.set(p, copy);
    }
    this.paramGroups = groups.map((g, gi) => {
      const { params: _ids, ...options } = g;
      return { ...normalizeOptions(options), params: this.paramGroups[gi].params } as ParamGroup<O>;
    });
  }

  /** PyTorch's `str(optimizer)`: each group's options, sorted by name. */
  toString(): string {
    let s = this.pyName + ' (';
    this.paramGroups.forEach((group, i) => {
      s += `\nParameter Group ${i}\n`;
      const entries = Object.entries(group)
        .filter(([k]) => k !== 'params')
        .map(([k, v]) => [snakeCase(k), v] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [k, v] of entries) s += `    ${k}: ${pyValueStr(v)}\n`;
    });
    return s + ')';
  }
}
