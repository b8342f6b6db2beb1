// Rebuilds the nn cases of the PyTorch 1.13.1 reference (modules.json) in JS: same seed, same
// construction, inputs and constants drawn from the global generator in the same order, the same
// loss; and compares against what PyTorch recorded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { nn, torch, Tensor, walkGraph, type DType } from '../../../../src/engine';
import type { AccumulateGrad } from '../../../../src/engine';
import type { Module } from '../../../../src/engine/nn';

export const REFERENCE_DIR = path.resolve(__dirname, '../../../../../shared/reference/pytorch-1.13.1');

/** A tensor as the reference stores it. */
export interface RefTensor {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int64';
  data: (number | string)[];
}

/** One node of a reference `dag`. */
export interface RefDagNode {
  id: number;
  name: string;
  next: (number | null)[];
  leaf?: string;
  leaf_kind?: string;
  leaf_shape?: number[];
}

/** The fields of a modules.json / gradfn.json case that the tests use. */
export interface RefCase {
  name: string;
  code: string[];
  module?: string;
  kwargs?: Record<string, unknown> | null;
  seed: number;
  params: Record<string, RefTensor>;
  inputs: Record<string, RefTensor>;
  inputs_requiring_grad: string[];
  constants?: Record<string, RefTensor>;
  outputs: Record<string, RefTensor>;
  output_grad_fn: Record<string, string | null>;
  loss: RefTensor;
  loss_grad_fn: string;
  param_grads: Record<string, RefTensor | null>;
  input_grads: Record<string, RefTensor | null>;
  dag_summary: Record<string, number>;
  dag: RefDagNode[];
  recorded?: Record<string, RefTensor>;
  float64?: {
    outputs: Record<string, RefTensor>;
    loss: RefTensor;
    param_grads: Record<string, RefTensor | null>;
    input_grads: Record<string, RefTensor | null>;
  } | null;
}

/** Reads the cases of one reference family file. */
export function loadCases(file: string): RefCase[] {
  return (JSON.parse(readFileSync(path.join(REFERENCE_DIR, file), 'utf8')) as { cases: RefCase[] }).cases;
}

function num(v: number | string): number {
  if (typeof v === 'number') return v;
  return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
}

/** The reference values as numbers (float32 ones exactly as PyTorch held them). */
export function refValues(r: RefTensor): number[] {
  const f = r.dtype === 'float32' ? Math.fround : (v: number) => v;
  return r.data.map((v) => f(num(v)));
}

/** An engine tensor holding a reference tensor (optionally cast). */
export function fromRef(r: RefTensor, dtype: DType = r.dtype): Tensor {
  return torch.tensor(reshapeNested(refValues(r), r.shape), { dtype });
}

type Nested = number | Nested[];
function reshapeNested(flat: number[], shape: number[]): Nested {
  if (shape.length === 0) return flat[0];
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  const out: Nested[] = [];
  for (let i = 0; i < shape[0]; i++) out.push(reshapeNested(flat.slice(i * inner, (i + 1) * inner), shape.slice(1)));
  return out;
}

/** Largest |a - b| over max(|b|), floored: a max-abs-relative error. */
export function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-6): number {
  let scale = floor;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let err = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (Number.isNaN(a) !== Number.isNaN(b)) return Infinity;
    if (!Number.isNaN(b)) err = Math.max(err, Math.abs(a - b));
  }
  return err / scale;
}

function camel(k: string): string {
  return k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Builds `nn.<module>(**kwargs)` from a case's structured fields. */
export function buildModule(c: RefCase): Module {
  const kw = { ...(c.kwargs ?? {}) } as Record<string, unknown>;
  const opts: Record<string, unknown> = {};
  const take = (k: string): unknown => {
    const v = kw[k];
    delete kw[k];
    return v;
  };
  switch (c.module) {
    case 'Linear': {
      const i = take('in_features') as number;
      const o = take('out_features') as number;
      for (const [k, v] of Object.entries(kw)) opts[camel(k)] = v;
      return new nn.Linear(i, o, opts);
    }
    case 'Embedding': {
      const n = take('num_embeddings') as number;
      const d = take('embedding_dim') as number;
      for (const [k, v] of Object.entries(kw)) opts[camel(k)] = v;
      return new nn.Embedding(n, d, opts);
    }
    case 'RNNCell':
    case 'LSTMCell':
    case 'GRUCell':
    case 'RNN':
    case 'LSTM':
    case 'GRU': {
      const i = take('input_size') as number;
      const h = take('hidden_size') as number;
      for (const [k, v] of Object.entries(kw)) opts[camel(k)] = v;
      const Ctor = { RNNCell: nn.RNNCell, LSTMCell: nn.LSTMCell, GRUCell: nn.GRUCell, RNN: nn.RNN, LSTM: nn.LSTM, GRU: nn.GRU }[c.module];
      return new (Ctor as new (i: number, h: number, o: object) => Module)(i, h, opts);
    }
    default:
      throw new Error(`no builder for module ${c.module}`);
  }
}

/** Whether `buildModule` knows the case's module. */
export function isStructured(c: RefCase): boolean {
  return ['Linear', 'Embedding', 'RNNCell', 'LSTMCell', 'GRUCell', 'RNN', 'LSTM', 'GRU'].includes(c.module ?? '');
}

/** What running one case produced. */
export interface CaseRun {
  module: Module;
  /** Parameter values right after construction (before forward; Embedding's max_norm changes them). */
  initialParams: Map<string, number[]>;
  inputs: Map<string, Tensor>;
  outputs: Map<string, Tensor>;
  loss: Tensor;
}

/** Calls the module as the case's code does (`m(x)`, `m(x, hx)`, `m(x, (h0, c0))`) and names the outputs. */
function callCase(c: RefCase, m: Module, inputs: Tensor[]): Tensor[] {
  const call = (...args: unknown[]): unknown => nn.callModule(m, ...args);
  const [x, ...hs] = inputs;
  const hidden = c.module === 'LSTM' || c.module === 'LSTMCell' ? (hs.length === 2 ? [hs[0], hs[1]] : null) : hs.length === 1 ? hs[0] : null;
  const out = hidden === null ? call(x) : call(x, hidden);
  const flat: Tensor[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Tensor) flat.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
  };
  walk(out);
  return flat;
}

/**
 * Runs a structured case in float32 from its seed: construction, inputs and constants drawn in
 * the order of the case's code, loss = Σ (output_i * const_i).sum(), backward.
 */
export function runCase(c: RefCase): CaseRun {
  torch.manualSeed(c.seed);
  const m = buildModule(c);
  const initialParams = new Map(m.namedParameters().map(([n, p]) => [n, Array.from(p.toArray())]));
  const inputs = new Map<string, Tensor>();
  for (const [name, ref] of Object.entries(c.inputs)) {
    const line = c.code.find((l) => l.startsWith(`${name} = `)) ?? '';
    let t: Tensor;
    if (line.includes('torch.randn(')) t = torch.randn(ref.shape);
    else t = fromRef(ref);
    if (c.inputs_requiring_grad.includes(name)) t.requiresGrad_();
    inputs.set(name, t);
  }
  const outs = callCase(c, m, [...inputs.values()]);
  const outputs = new Map<string, Tensor>();
  Object.keys(c.outputs).forEach((k, i) => outputs.set(k, outs[i]));
  const constants = Object.values(c.constants ?? {}).map((r) => torch.randn(r.shape));
  const loss = lossOf([...outputs.values()], constants);
  loss.backward();
  return { module: m, initialParams, inputs, outputs, loss };
}

function lossOf(outputs: Tensor[], constants: Tensor[]): Tensor {
  let loss: Tensor | null = null;
  outputs.forEach((o, i) => {
    const term = o.mul(constants[i]).sum();
    loss = loss === null ? term : loss.add(term);
  });
  return loss as unknown as Tensor;
}

/** The case re-run in float64 from the float32 values upcast, as the reference's `float64` field. */
export function runCaseFloat64(c: RefCase, run32: CaseRun): CaseRun {
  const m = buildModule(c);
  m.double();
  for (const [n, p] of m.namedParameters()) {
    const v = run32.initialParams.get(n)!;
    torch.noGrad(() => p.copy_(torch.tensor(v, { dtype: 'float64' }).view(p.shape)));
  }
  const inputs = new Map<string, Tensor>();
  for (const [name, t] of run32.inputs) {
    const u = t.dtype === 'float32' ? fromValues(t, 'float64') : t;
    if (c.inputs_requiring_grad.includes(name)) u.requiresGrad_();
    inputs.set(name, u);
  }
  const outs = callCase(c, m, [...inputs.values()]);
  const outputs = new Map<string, Tensor>();
  Object.keys(c.outputs).forEach((k, i) => outputs.set(k, outs[i]));
  const constants = Object.values(c.constants ?? {}).map((r) => fromRef(r, 'float64'));
  const loss = lossOf([...outputs.values()], constants);
  loss.backward();
  return { module: m, initialParams: run32.initialParams, inputs, outputs, loss };
}

function fromValues(t: Tensor, dtype: DType): Tensor {
  return torch.tensor(reshapeNested(Array.from(t.toArray()), t.shape), { dtype });
}

/** Our graph in the reference's `dag` form, leaves named by `names`. */
export function dagOf(loss: Tensor, names: Map<Tensor, [string, string]>): RefDagNode[] {
  return walkGraph(loss.gradFn!).map((r) => {
    const n: RefDagNode = { id: r.id, name: r.name, next: r.next };
    if (r.name === 'AccumulateGrad') {
      const v = (r.node as AccumulateGrad).variable;
      const [leaf, kind] = names.get(v) ?? ['?', '?'];
      n.leaf = leaf;
      n.leaf_kind = kind;
      n.leaf_shape = v.shape.slice();
    }
    return n;
  });
}

/** Leaf names of a run: parameters by their dotted name, inputs by variable name. */
export function leafNames(run: CaseRun): Map<Tensor, [string, string]> {
  const names = new Map<Tensor, [string, string]>();
  for (const [n, p] of run.module.namedParameters()) names.set(p, [n, 'parameter']);
  for (const [n, t] of run.inputs) names.set(t, [n, 'input']);
  return names;
}
