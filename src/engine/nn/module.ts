// nn.Module with PyTorch 1.13's registration order, traversal, modes, state dicts and repr.
//
// JS has no __setattr__, so registration is derived from the module's own enumerable properties,
// read in definition order whenever parameters()/children()/stateDict()/... are called:
//   - a property holding a Module is a submodule;
//   - a property holding a Parameter (a tensor with isParameter) is a parameter;
//   - a property named with registerBuffer() is a buffer.
// So a subclass may simply assign `this.rnn = new RNN(1, 32)` in its constructor (or declare a class
// field); registerParameter/registerModule/registerBuffer define the same properties explicitly
// (and are the way to register a name that holds null). Order is property definition order, which
// is the order PyTorch registers in for the same code (integer-like names, as in Sequential, come
// first in ascending order, as JS orders them).
import { noGrad } from '../autograd/gradMode';
import { emitEngineEvent, hasEngineObservers } from '../autograd/observers';
import { withTags } from '../autograd/tags';
import { isFloating, type DType } from '../dtype';
import { TorchError } from '../errors';
import { formatSize } from '../format';
import { copy_, zero_ } from '../ops/inplace';
import { detach } from '../ops/views';
import { copyData, writeData } from '../storage';
import { Tensor } from '../tensor';
import { isParameter, Parameter } from './parameter';
import { addIndent } from './pyRepr';

/** Called before `forward`; may return replacement inputs (an array) or nothing. */
export type ForwardPreHook = (module: Module, inputs: unknown[]) => unknown[] | void;
/** Called after `forward`; may return a replacement output or nothing. */
export type ForwardHook = (module: Module, inputs: unknown[], output: unknown) => unknown;

/** An ordered `state_dict`: dotted names to tensors. */
export type StateDict = Map<string, Tensor>;

/** What `loadStateDict` reports (PyTorch's `_IncompatibleKeys`). */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** A handle that removes a hook. */
export interface RemovableHandle {
  remove(): void;
}

interface ModuleState {
  buffers: Set<string>;
  nonPersistent: Set<string>;
  nullModules: Set<string>;
  preHooks: ForwardPreHook[];
  hooks: ForwardHook[];
}

/** Depth of nested `Module.call`s; 0 outside any module. */
let callDepth = 0;

type Props = Record<string, unknown>;

function checkName(kind: string, name: string): void {
  if (name.includes('.')) throw new TorchError(`${kind} name can't contain "."`, { kind: 'value', pyType: 'KeyError' });
  if (name === '') throw new TorchError(`${kind} name can't be empty string ""`, { kind: 'value', pyType: 'KeyError' });
}

function joinName(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** Replaces a tensor's data in place (PyTorch's `t.data = ...`), keeping its identity. */
function setData(t: Tensor, data: Tensor): void {
  const w = t as { -readonly [K in keyof Tensor]: Tensor[K] };
  w.storage = data.storage;
  w.shape = data.shape.slice();
  w.strides = data.strides.slice();
  w.offset = data.offset;
  w.dtype = data.dtype;
}

function castCopy(t: Tensor, dtype: DType): Tensor {
  return new Tensor(copyData(t, dtype), t.shape.slice(), dtype);
}

/**
 * Base class of all modules (`torch.nn.Module`): subclass it, assign submodules and Parameters to
 * properties, implement `forward`, run it with `call` (Python's `module(x)`); see docs/nn.md.
 * e.g. `class M extends nn.Module { lin = new nn.Linear(2, 1); forward(x: Tensor) { return this.lin.call(x); } }`
 */
export class Module {
  /** Training mode (`training`); set by `train()` / `eval()`. */
  training = true;
  /**
   * Dotted path of this module in the outermost module of the current `call` ('' for that module
   * itself), refreshed at the start of each outermost call. Nodes made inside carry it as the
   * `module` tag.
   */
  modulePath = '';
  private declare readonly _nn: ModuleState;

  constructor() {
    Object.defineProperty(this, '_nn', {
      value: { buffers: new Set(), nonPersistent: new Set(), nullModules: new Set(), preHooks: [], hooks: [] } satisfies ModuleState,
      enumerable: false,
    });
    if (hasEngineObservers()) emitEngineEvent({ type: 'moduleCreated', module: this });
  }

  /** The computation; subclasses override it. Run it through `call`. */
  forward(..._args: never[]): unknown {
    throw new TorchError(`Module [${this.getName()}] is missing the required "forward" function`, {
      kind: 'unsupported',
      op: 'forward',
    });
  }

  /**
   * Runs the module as `module(*args)` does: forward pre-hooks, `forward` (its nodes tagged with
   * `{ module: modulePath }`), forward hooks. e.g. `const [out, hn] = rnn.call(x, h0)`
   */
  call<M extends Module>(this: M, ...args: Parameters<M['forward']>): ReturnType<M['forward']> {
    return this.callWith(args as unknown[]) as ReturnType<M['forward']>;
  }

  /** `call` with an argument list of unknown types (for containers and language bridges). */
  callWith(args: unknown[]): unknown {
    if (callDepth === 0) this.beginOutermostCall();
    let inputs = args;
    for (const hook of this._nn.preHooks) {
      const r = hook(this, inputs);
      if (r !== undefined) inputs = r;
    }
    const observed = hasEngineObservers();
    if (observed) emitEngineEvent({ type: 'moduleCall', phase: 'enter', module: this, path: this.modulePath });
    callDepth++;
    let out: unknown;
    try {
      out = withTags({ module: this.modulePath }, () => (this.forward as (...a: unknown[]) => unknown)(...inputs));
    } finally {
      callDepth--;
      if (observed) emitEngineEvent({ type: 'moduleCall', phase: 'exit', module: this, path: this.modulePath });
    }
    for (const hook of this._nn.hooks) {
      const r = hook(this, inputs, out);
      if (r !== undefined) out = r;
    }
    return out;
  }

  private beginOutermostCall(): void {
    for (const [name, m] of this.namedModules()) {
      m.modulePath = name;
      if (m !== this) m.onEnclosingForward();
    }
  }

  /** Called on each submodule when an enclosing module's outermost `call` begins (cells reset their step count). */
  protected onEnclosingForward(): void {}

  /** Registers a hook run before `forward` (`register_forward_pre_hook`). */
  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    return addHook(this._nn.preHooks, hook);
  }

  /** Registers a hook run after `forward` (`register_forward_hook`). */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    return addHook(this._nn.hooks, hook);
  }

  // ------------------------------------------------------------------ registration

  /** `register_parameter(name, param)`: defines `this[name]`. e.g. `this.registerParameter('bias', null)` */
  registerParameter(name: string, param: Tensor | null): void {
    checkName('parameter', name);
    const props = this as unknown as Props;
    if (name in props && !isParameter(props[name]) && props[name] !== null && props[name] !== undefined) {
      throw new TorchError(`attribute '${name}' already exists`, { kind: 'value', pyType: 'KeyError' });
    }
    if (param !== null) {
      if (!(param instanceof Tensor)) {
        throw new TorchError(`cannot assign '${typeof param}' object to parameter '${name}' (torch.nn.Parameter or None required)`, { kind: 'type' });
      }
      if (param.gradFn !== null) {
        throw new TorchError(
          `Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. ` +
            `To express '${name}' as a function of another Tensor, compute the value in the forward() method.`,
          { kind: 'value' },
        );
      }
      param.isParameter = true;
    }
    props[name] = param;
  }

  /** `register_module(name, module)` / `add_module`: defines `this[name]`. e.g. `this.registerModule('0', lin)` */
  registerModule(name: string, module: Module | null): void {
    checkName('module', name);
    if (module !== null && !(module instanceof Module)) {
      throw new TorchError(`${typeof module} is not a Module subclass`, { kind: 'type' });
    }
    if (module === null) this._nn.nullModules.add(name);
    else this._nn.nullModules.delete(name);
    (this as unknown as Props)[name] = module;
  }

  /** Alias of `registerModule` (`add_module`). */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  /** `register_buffer(name, tensor, persistent=True)`: a tensor saved in the state dict but not trained. */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    checkName('buffer', name);
    this._nn.buffers.add(name);
    if (persistent) this._nn.nonPersistent.delete(name);
    else this._nn.nonPersistent.add(name);
    (this as unknown as Props)[name] = tensor;
  }

  /** This module's own entries, in definition order. */
  private own(): { params: [string, Tensor][]; modules: [string, Module | null][]; buffers: [string, Tensor | null][] } {
    const params: [string, Tensor][] = [];
    const modules: [string, Module | null][] = [];
    const buffers: [string, Tensor | null][] = [];
    const props = this as unknown as Props;
    const st = this._nn;
    for (const key of Object.keys(props)) {
      const v = props[key];
      if (st.buffers.has(key)) {
        if (v === null || v instanceof Tensor) buffers.push([key, v]);
      } else if (v instanceof Module) modules.push([key, v]);
      else if (isParameter(v)) params.push([key, v]);
      else if (v === null && st.nullModules.has(key)) modules.push([key, null]);
    }
    return { params, modules, buffers };
  }

  /** This module's own submodule slots in order, without de-duplication (Sequential's `_modules.values()`). */
  protected registeredModules(): [string, Module | null][] {
    return this.own().modules;
  }

  // ------------------------------------------------------------------ traversal

  /** `named_modules()`: this module and all below it, pre-order, each once. e.g. `[...m.namedModules()][1][0] === 'rnn'` */
  namedModules(prefix = '', memo: Set<Module> = new Set()): [string, Module][] {
    const out: [string, Module][] = [];
    const visit = (m: Module, p: string): void => {
      if (memo.has(m)) return;
      memo.add(m);
      out.push([p, m]);
      for (const [name, child] of m.own().modules) if (child !== null) visit(child, joinName(p, name));
    };
    visit(this, prefix);
    return out;
  }

  /** `modules()`: this module and all below it. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** `named_children()`: immediate submodules, each once. */
  namedChildren(): [string, Module][] {
    const memo = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, m] of this.own().modules) {
      if (m !== null && !memo.has(m)) {
        memo.add(m);
        out.push([name, m]);
      }
    }
    return out;
  }

  /** `children()`: immediate submodules. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** `named_parameters(prefix, recurse)`: each parameter once, in registration order. e.g. `'rnn.weight_ih_l0'` */
  namedParameters(prefix = '', recurse = true): [string, Tensor][] {
    const memo = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    const mods: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [mp, m] of mods) {
      for (const [name, p] of m.own().params) {
        if (memo.has(p)) continue;
        memo.add(p);
        out.push([joinName(mp, name), p]);
      }
    }
    return out;
  }

  /** `parameters(recurse)`: what an optimizer takes. e.g. `new SGD(model.parameters(), { lr: 0.1 })` */
  parameters(recurse = true): Tensor[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** `named_buffers(prefix, recurse)`. */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    const memo = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    const mods: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [mp, m] of mods) {
      for (const [name, b] of m.own().buffers) {
        if (b === null || memo.has(b)) continue;
        memo.add(b);
        out.push([joinName(mp, name), b]);
      }
    }
    return out;
  }

  /** `buffers(recurse)`. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  /** `apply(fn)`: calls `fn` on every submodule (children first) and on this module. */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  // ------------------------------------------------------------------ modes and gradients

  /** `train(mode=True)`: sets training mode here and below. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /** `eval()`: `train(false)` (dropout off). */
  eval(): this {
    return this.train(false);
  }

  /** `requires_grad_(flag)` on every parameter. */
  requiresGrad_(flag = true): this {
    for (const p of this.parameters()) p.requiresGrad = flag;
    return this;
  }

  /**
   * `zero_grad(set_to_none=False)` (1.13's default): zeroes each parameter's `.grad` in place, or
   * sets it to null. e.g. `model.zeroGrad()`
   */
  zeroGrad(setToNone = false): void {
    for (const p of this.parameters()) {
      const g = p.grad;
      if (g === null) continue;
      if (setToNone) {
        p.grad = null;
        continue;
      }
      g.gradFn = null;
      g.requiresGrad = false;
      noGrad(() => zero_(g));
    }
  }

  // ------------------------------------------------------------------ dtype

  /** Casts floating parameters and buffers (and their grads) in place, keeping their identity (`module.to(dtype)`). */
  to(dtype: DType): this {
    if (!isFloating(dtype)) {
      throw new TorchError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`, { kind: 'type' });
    }
    for (const m of this.modules()) {
      const { params, buffers } = m.own();
      for (const [, t] of [...params, ...buffers]) {
        if (t === null || !isFloating(t.dtype) || t.dtype === dtype) continue;
        setData(t, castCopy(t, dtype));
        if (t.grad !== null && t.grad.dtype !== dtype) t.grad = castCopy(t.grad, dtype);
      }
    }
    return this;
  }

  /** `double()`: floating parameters and buffers to float64. */
  double(): this {
    return this.to('float64');
  }

  /** `float()`: floating parameters and buffers to float32. */
  float(): this {
    return this.to('float32');
  }

  // ------------------------------------------------------------------ state dict

  /**
   * `state_dict()`: parameters then persistent buffers of each module, submodules after, as
   * detached tensors sharing storage (unless `keepVars`). e.g. `[...m.stateDict().keys()]`
   */
  stateDict(opts: { prefix?: string; keepVars?: boolean } = {}): StateDict {
    const out: StateDict = new Map();
    const save = (m: Module, prefix: string): void => {
      const { params, buffers, modules } = m.own();
      for (const [name, p] of params) out.set(prefix + name, opts.keepVars ? p : detach(p));
      for (const [name, b] of buffers) {
        if (b !== null && !m._nn.nonPersistent.has(name)) out.set(prefix + name, opts.keepVars ? b : detach(b));
      }
      for (const [name, child] of modules) if (child !== null) save(child, `${prefix}${name}.`);
    };
    save(this, opts.prefix ?? '');
    return out;
  }

  /**
   * `load_state_dict(state_dict, strict=True)`: copies values into the parameters and buffers (in
   * place, without recording), with PyTorch's error for missing, unexpected or mis-shaped entries.
   * e.g. `model.loadStateDict(other.stateDict())`
   */
  loadStateDict(stateDict: StateDict | Record<string, Tensor>, strict = true): IncompatibleKeys {
    const given = stateDict instanceof Map ? stateDict : new Map(Object.entries(stateDict));
    const own = this.stateDict({ keepVars: true });
    const missingKeys = [...own.keys()].filter((k) => !given.has(k));
    const unexpectedKeys = [...given.keys()].filter((k) => !own.has(k));
    const errors: string[] = [];
    const copies: [Tensor, Tensor][] = [];
    for (const [key, param] of own) {
      const input = given.get(key);
      if (input === undefined) continue;
      if (!(input instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeof input}`);
        continue;
      }
      if (input.shape.length !== param.shape.length || input.shape.some((d, i) => d !== param.shape[i])) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape ${formatSize(input.shape)} from checkpoint, ` +
            `the shape in current model is ${formatSize(param.shape)}.`,
        );
        continue;
      }
      copies.push([param, input]);
    }
    if (strict) {
      if (unexpectedKeys.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
      if (missingKeys.length > 0) errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length > 0) {
      throw new TorchError(`Error(s) in loading state_dict for ${this.getName()}:\n\t${errors.join('\n\t')}`, { kind: 'value', pyType: 'RuntimeError' });
    }
    noGrad(() => {
      for (const [param, input] of copies) {
        if (input.dtype === param.dtype) copy_(param, input);
        else writeData(param, copyData(input, param.dtype));
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  // ------------------------------------------------------------------ repr

  /** The class name PyTorch prints (`_get_name()`); built-in modules name themselves with a static `pyName`. */
  getName(): string {
    const ctor = this.constructor as { name: string; pyName?: string };
    return Object.prototype.hasOwnProperty.call(ctor, 'pyName') && ctor.pyName ? ctor.pyName : ctor.name;
  }

  /** `extra_repr()`: the one-line summary inside the parentheses. */
  extraRepr(): string {
    return '';
  }

  /** `repr(module)`, exactly as PyTorch prints it. e.g. `'RNN(1, 32)'` */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this.own().modules.map(([key, m]) => `(${key}): ${addIndent(m === null ? 'None' : m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let main = `${this.getName()}(`;
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += `\n  ${lines.join('\n  ')}\n`;
    }
    return `${main})`;
  }

  /** Node's console.log shows the repr. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function addHook<H>(list: H[], hook: H): RemovableHandle {
  list.push(hook);
  return {
    remove: () => {
      const i = list.indexOf(hook);
      if (i >= 0) list.splice(i, 1);
    },
  };
}

/** Calls a module whose forward signature is not known statically. e.g. `callModule(layer, x)` */
export function callModule(m: Module, ...args: unknown[]): unknown {
  return m.callWith(args);
}

export { Parameter };
