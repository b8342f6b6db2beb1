// The one JS module Python's `torch` package talks to (`import _bptt`, registered by the Python
// worker). Python passes engine objects back and forth as JsProxies; these functions do what a
// Python call cannot say directly (constructors, property writes, null vs undefined, slices) and
// PyModuleShell gives Python-defined nn.Modules an engine-side counterpart.
import * as engine from '../../engine';
import { AccumulateGrad, nn, optim, Tensor, TorchError, type Node } from '../../engine';
import { rdiv } from '../../engine/ops/arith';
import { resultType } from '../../engine/ops/promote';
import { checkInPlace, copy_, fill_ } from '../../engine/ops/inplace';
import { getItem, sl, type IndexItem } from '../../engine/ops/indexing';
import { scalarTensor } from '../../engine/ops/result';
import { vectorNorm } from '../../engine/optim';
import { broadcastShapes } from '../../engine/shape';
import { contiguousData, writeData } from '../../engine/storage';

type Props = Record<string, unknown>;

/** A Python callable as JS sees it (a PyProxy). */
export interface PyCallable {
  (...args: unknown[]): unknown;
  destroy?(): void;
}

const MODULE_PROTO_KEYS = new Set(['training', 'modulePath', '_nn', 'constructor', '__proto__']);

/**
 * The engine-side counterpart of a Python-defined nn.Module: holds the same children and parameters
 * (registered as Python registers them), runs the Python forward inside `callWith` (so module events
 * and `module` tags work for user classes), and prints as Python prints the module.
 */
export class PyModuleShell extends nn.Module {
  #name: string;
  #repr: PyCallable | null;

  constructor(name: string, repr: PyCallable | null) {
    super();
    this.#name = name;
    this.#repr = repr;
  }

  /** Runs the Python forward passed by `callPython`. */
  override forward(...args: unknown[]): unknown {
    const fn = args[0] as PyCallable;
    return fn();
  }

  override getName(): string {
    return this.#name;
  }

  /** Python's `repr(module)`; the engine's own rendering once the run has ended. */
  override toString(): string {
    if (this.#repr !== null) {
      try {
        return String(this.#repr());
      } catch {
        this.#repr = null;
      }
    }
    return super.toString();
  }
}

function nullish(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

function sliceItem(s: string): IndexItem {
  const [a, b, c] = s.slice(1).split(':');
  const n = (x: string): number | null => (x === '' ? null : Number(x));
  return sl(n(a), n(b), n(c));
}

function indexItems(items: unknown[]): IndexItem[] {
  return items.map((x) => {
    if (nullish(x)) return null;
    if (typeof x === 'string' && x.startsWith('s')) return sliceItem(x);
    return x as IndexItem;
  });
}

function moduleState(m: nn.Module): { buffers: Set<string>; nonPersistent: Set<string>; nullModules: Set<string> } {
  return (m as unknown as { _nn: { buffers: Set<string>; nonPersistent: Set<string>; nullModules: Set<string> } })._nn;
}

/** Whether Python may mirror `name` onto `m` (never a method, a mode flag or a plain setting of a built-in). */
function mirrorable(m: nn.Module, name: string): boolean {
  if (MODULE_PROTO_KEYS.has(name)) return false;
  const cur = (m as unknown as Props)[name];
  if (typeof cur === 'function') return false;
  if (cur === undefined || cur === null || cur instanceof nn.Module || cur instanceof Tensor) return true;
  return false;
}

function norm(t: Tensor, p: number): Tensor {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new TorchError(`linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${t.dtype === 'int64' ? 'Long' : 'Bool'}`, {
      kind: 'dtype',
      op: 'norm',
    });
  }
  const out = scalarTensor(vectorNorm(contiguousData(t), t.dtype, p), t.dtype);
  if (engine.isGradEnabled() && t.requiresGrad) {
    // one NormBackward1 node as in PyTorch, holding the value in ATen's reduction order
    const r = engine.torch.norm(t, p);
    r.storage[0] = out.storage[0];
    return r;
  }
  return out;
}

/** The `_bptt` module. */
export const bridge = {
  torch: engine.torch,
  F: engine.F,

  // ------------------------------------------------------------------ tensors (raw: cannot fail)
  /** The tensor's id, negative for parameters (so Python picks the Parameter class). */
  key: (t: Tensor): number => (t.isParameter ? -t.id : t.id),
  shapeStr: (t: Tensor): string => t.shape.join(','),
  dtypeOf: (t: Tensor): string => t.dtype,
  /** The dtype PyTorch's type promotion gives `a op b` (tensors or Python scalars). */
  resultType: (a: Tensor | number | boolean, b: Tensor | number | boolean): string => resultType(a, b),
  str: (o: object): string => String(o),
  /** str(t) under torch.set_printoptions (sciMode: 1 on, 0 off, -1 automatic). */
  strWith: (t: Tensor, precision: number, threshold: number, edgeitems: number, linewidth: number, sciMode: number): string =>
    t.toString({ precision, threshold, edgeitems, linewidth, sciMode: sciMode < 0 ? undefined : sciMode > 0 }),

  // ------------------------------------------------------------------ tensors
  /** The shape `a op b` broadcasts to, or PyTorch's error. */
  broadcastShape: (a: Tensor, b: Tensor): number[] => broadcastShapes(a.shape, b.shape),
  /** `t.name(...args)`: a method call in one crossing. */
  m: (t: Props, name: string, ...args: unknown[]): unknown => {
    const r = (t[name] as (...a: unknown[]) => unknown)(...args);
    return r === null ? undefined : r;
  },
  prop: (o: Props, name: string): unknown => o[name] ?? undefined,
  item: (t: Tensor): number => t.item(),
  values: (t: Tensor): Float64Array => t.toArray(),
  isContiguous: (t: Tensor): boolean => t.isContiguous(),
  grad: (t: Tensor): Tensor | undefined => t.grad ?? undefined,
  setGrad: (t: Tensor, g: Tensor | null | undefined): void => {
    if (nullish(g)) {
      t.grad = null;
      return;
    }
    if (g.dtype !== t.dtype) throw new TorchError('assigned grad has data of a different type', { kind: 'dtype', op: 'grad' });
    if (g.shape.length !== t.shape.length || g.shape.some((d, i) => d !== t.shape[i])) {
      throw new TorchError('assigned grad has data of a different size', { kind: 'shape', op: 'grad' });
    }
    t.grad = g;
  },
  gradFn: (t: Tensor): Node | undefined => t.gradFn ?? undefined,
  requiresGrad: (t: Tensor): boolean => t.requiresGrad,
  isLeaf: (t: Tensor): boolean => t.isLeaf,
  retainsGrad: (t: Tensor): boolean => t.retainsGrad,
  version: (t: Tensor): number => t.version,
  outputNr: (t: Tensor): number => t.outputNr,
  /** `t.data`: the same storage, detached, with its own version counter. */
  data: (t: Tensor): Tensor => new Tensor(t.storage, t.shape.slice(), t.dtype, t.strides.slice(), t.offset),
  /** `t.data = src`: `t` takes `src`'s storage and layout, keeping its identity. */
  setData: (t: Tensor, src: Tensor): void => {
    const w = t as { -readonly [K in keyof Tensor]: Tensor[K] };
    w.storage = src.storage;
    w.shape = src.shape.slice();
    w.strides = src.strides.slice();
    w.offset = src.offset;
    w.dtype = src.dtype;
  },
  detachInPlace: (t: Tensor): void => {
    t.gradFn = null;
    t.requiresGrad = false;
  },
  backward: (t: Tensor, g: Tensor | null | undefined, retainGraph: boolean): void => {
    t.backward(g ?? null, { retainGraph });
  },
  newParameter: (data: Tensor | null | undefined, requiresGrad: boolean): Tensor => new nn.Parameter(data ?? null, requiresGrad),
  tensor: (data: Parameters<typeof engine.torch.tensor>[0], dtype: engine.DType | undefined, requiresGrad: boolean): Tensor =>
    engine.torch.tensor(data, { dtype: dtype ?? undefined, requiresGrad }),
  rsub: (a: Tensor, s: number | boolean): Tensor => engine.torch.rsub(a, s),
  rdiv: (a: Tensor, s: number | boolean): Tensor => rdiv(a, s),
  norm,
  /** `t[items]`: ints, `s<start>:<stop>:<step>` slices, null (None), '...', index tensors. */
  index: (t: Tensor, ...items: unknown[]): Tensor => getItem(t, indexItems(items)),
  /** `t[items] = value` for basic indexing (a view is written) and a bool mask with a scalar. */
  setItem: (t: Tensor, value: Tensor | number | boolean, ...items: unknown[]): void => {
    const idx = indexItems(items);
    if (idx.length === 1 && idx[0] instanceof Tensor && idx[0].dtype === 'bool' && typeof value !== 'object') {
      checkInPlace(t, 'index_put_');
      writeData(t, contiguousData(engine.torch.noGrad(() => engine.torch.maskedFill(t, idx[0] as Tensor, Number(value)))));
      return;
    }
    if (idx.some((x) => x instanceof Tensor)) {
      throw new TorchError('index_put_ with index tensors (other than one bool mask with a scalar) is not supported by bptt-lens\'s engine', {
        kind: 'unsupported',
        op: 'index_put_',
      });
    }
    const view = getItem(t, idx);
    if (typeof value === 'object') copy_(view, value);
    else fill_(view, Number(value));
  },

  // ------------------------------------------------------------------ grad_fn nodes
  nodeId: (n: Node): number => n.id,
  /** `next_functions` flattened: node (or null), input slot, ... */
  nodeNext: (n: Node): unknown[] => n.nextFunctions.flatMap(([node, i]) => [node ?? null, i]),
  nodeVariable: (n: Node): Tensor | undefined => (n instanceof AccumulateGrad ? n.variable : undefined),

  // ------------------------------------------------------------------ grad mode and RNG
  setGradEnabled: (flag: boolean): boolean => engine.setGradEnabled(flag),
  isGradEnabled: (): boolean => engine.isGradEnabled(),
  manualSeed: (seed: number | bigint): void => {
    engine.manualSeed(seed);
  },
  initialSeed: (): bigint => engine.initialSeed(),
  autogradGrad: (outputs: Tensor[], inputs: Tensor[], gradOutputs: (Tensor | null)[], retainGraph: boolean, allowUnused: boolean) =>
    engine.torch.autograd
      .grad(outputs, inputs, gradOutputs.map((g) => g ?? null), { retainGraph, allowUnused })
      .map((g) => g ?? undefined),

  // ------------------------------------------------------------------ modules
  newShell: (name: string, repr: PyCallable | null): PyModuleShell => new PyModuleShell(name, repr ?? null),
  /** A built-in module's own parameters (null ones too) and buffers: name, kind, value, ... */
  ownEntries: (m: nn.Module): unknown[] => {
    const st = moduleState(m);
    const out: unknown[] = [];
    for (const [key, v] of Object.entries(m as unknown as Props)) {
      if (st.buffers.has(key)) out.push(key, 'buffer', v ?? null);
      else if (nn.isParameter(v)) out.push(key, 'param', v);
      else if (v === null && /^(weight|bias)/.test(key)) out.push(key, 'param', null);
    }
    return out;
  },
  /** `module(*args)` of an engine module: module events, tags and the engine's forward. */
  callModule: (m: nn.Module, ...args: unknown[]): unknown => m.callWith(args.map((a) => (a === undefined ? null : a))),
  /** `module(*args)` whose forward is Python's: runs `fn` as the forward inside the module's call. */
  callPython: (m: nn.Module, fn: PyCallable): void => {
    if (m instanceof PyModuleShell) {
      m.callWith([fn]);
      return;
    }
    const own = Object.getOwnPropertyDescriptor(m, 'forward');
    Object.defineProperty(m, 'forward', { value: () => fn(), configurable: true, enumerable: false, writable: true });
    try {
      m.callWith([]);
    } finally {
      if (own) Object.defineProperty(m, 'forward', own);
      else delete (m as unknown as Props).forward;
    }
  },
  /** The engine module's own forward, without a new call (Python's `super().forward(x)`). */
  forwardOf: (m: nn.Module, ...args: unknown[]): unknown => {
    const proto = Object.getPrototypeOf(m) as { forward: (...a: unknown[]) => unknown };
    return proto.forward.apply(m, args.map((a) => (a === undefined ? null : a)));
  },
  /** Mirrors Python's registration of `name` (kind: param, module, buffer, remove); false when skipped. */
  setChild: (m: nn.Module, kind: 'param' | 'module' | 'buffer' | 'remove', name: string, value: unknown, persistent: boolean): boolean => {
    if (!mirrorable(m, name)) return false;
    const props = m as unknown as Props;
    const v = value === undefined ? null : value;
    const st = moduleState(m);
    if (kind === 'remove') {
      delete props[name];
      st.buffers.delete(name);
      st.nullModules.delete(name);
      return true;
    }
    if (props[name] instanceof nn.Module || (kind !== 'buffer' && st.buffers.has(name))) {
      delete props[name];
      st.buffers.delete(name);
    }
    st.nullModules.delete(name);
    if (kind === 'param') {
      if (props[name] instanceof Tensor && !nn.isParameter(props[name])) delete props[name];
      m.registerParameter(name, (v as Tensor | null) ?? null);
    } else if (kind === 'module') m.registerModule(name, v as nn.Module | null);
    else m.registerBuffer(name, v as Tensor | null, persistent);
    return true;
  },
  setTraining: (m: nn.Module, flag: boolean): void => {
    m.training = flag;
  },
  /** Drops every submodule slot (containers re-register theirs after renumbering). */
  clearModules: (m: nn.Module): void => {
    const st = moduleState(m);
    for (const [key, v] of Object.entries(m as unknown as Props)) {
      if (v instanceof nn.Module || (v === null && st.nullModules.has(key))) delete (m as unknown as Props)[key];
    }
    st.nullModules.clear();
  },
  /** `new nn.<name>(...args)`. */
  make: (name: string, ...args: unknown[]): nn.Module => {
    const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[name];
    return new Cls(...args);
  },
  flatWeightsNames: (m: nn.RNNBase): string[] => m.flatWeightsNames.slice(),
  loadStateDict: (m: nn.Module, entries: [string, Tensor][], strict: boolean): [string[], string[]] => {
    const r = m.loadStateDict(new Map(entries), strict);
    return [r.missingKeys, r.unexpectedKeys];
  },
  embedding: nn.functional.embedding,
  clipGradNorm: (params: Tensor[], maxNorm: number, normType: number, errorIfNonfinite: boolean): Tensor =>
    engine.nnUtils.clipGradNorm_(params, maxNorm, normType, errorIfNonfinite),
  clipGradValue: (params: Tensor[], clipValue: number): void => engine.nnUtils.clipGradValue_(params, clipValue),

  // ------------------------------------------------------------------ optim
  makeOptim: (name: string, params: unknown[], opts: object): object => {
    const Cls = (optim as unknown as Record<string, new (p: unknown, o: object) => object>)[name];
    return new Cls(params, opts);
  },
  makeScheduler: (name: string, opt: object, ...args: unknown[]): object => {
    const Cls = (optim.lrScheduler as unknown as Record<string, new (...a: unknown[]) => object>)[name];
    return new Cls(opt, ...args);
  },
  groupGet: (g: Props, key: string): unknown => g[key] ?? undefined,
  groupSet: (g: Props, key: string, v: unknown): void => {
    g[key] = v === undefined ? null : v;
  },
  groupKeys: (g: Props): string[] => Object.keys(g),
  fromEntries: (entries: [string, unknown][]): object => Object.fromEntries(entries),
};

/** The shape of the `_bptt` module. */
export type Bridge = typeof bridge;
