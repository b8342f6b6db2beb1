// The recurrent kernels of ATen's aten/src/ATen/native/RNN.cpp (PyTorch 1.13, CPU path), unrolled
// into ordinary ops in the same order and with the same argument order, so the grad_fn graph is
// PyTorch's node for node: per layer and direction one linear over the whole sequence for the input
// projection (AddmmBackward0, or MmBackward0 without bias), UnbindBackward0 into steps, then per
// step the cell (AddmmBackward0 for the hidden projection, AddBackward0, TanhBackward0 /
// UnsafeSplitBackward0 + SigmoidBackward0 ... for LSTM and GRU), and StackBackward0 / CatBackward0
// at the end. Newer PyTorch fuses LSTM into one MkldnnRnnLayerBackward0 node that hides the time
// steps; bptt-lens stays unrolled on purpose, because a gradient debugger needs every step.
//
// Tags: each step's nodes carry `{ layer, direction, t }` (t is the position in the sequence, also
// for the reverse direction), layer-wide nodes (input projection, unbind, stack, cat, dropout)
// carry `{ layer, direction }` or `{ layer }`; the module's `call` adds `{ module }` around all of it.
import { noGrad } from '../autograd/gradMode';
import { emitEngineEvent, hasEngineObservers } from '../autograd/observers';
import { withTags } from '../autograd/tags';
import { TorchError } from '../errors';
import { dropout } from '../ops/activation';
import { add, mul, sub } from '../ops/arith';
import { cat, stack, unsafeChunk } from '../ops/join';
import { relu, sigmoid, tanh } from '../ops/unary';
import { select, transpose, transposeInPlaceResult, unbind } from '../ops/views';
import type { Tensor } from '../tensor';
import { linear } from './functional';

/** The weights of one layer and direction (ATen's CellParams). */
export interface CellParams {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
}

/** ATen's RNN modes. */
export type RnnMode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** A hidden state: h, or (h, c) for LSTM. */
export type Hidden = Tensor | readonly [Tensor, Tensor];

function linearIh(p: CellParams, x: Tensor): Tensor {
  return linear(x, p.wIh, p.bIh);
}

function linearHh(p: CellParams, h: Tensor): Tensor {
  return linear(h, p.wHh, p.bHh);
}

/**
 * ATen's SimpleCell: `act(linear_hh(h).add_(x_proj))`; `precomputed` means `input` is already the
 * input projection (the whole-sequence path). e.g. `simpleCell('tanh', x, h, p, false)`
 */
export function simpleCell(act: 'tanh' | 'relu', input: Tensor, hx: Tensor, p: CellParams, precomputed: boolean): Tensor {
  const hh = linearHh(p, hx);
  const pre = add(hh, precomputed ? input : linearIh(p, input));
  return act === 'tanh' ? tanh(pre) : relu(pre);
}

/** ATen's LSTMCell (gates i, f, g, o): returns [hy, cy]; `gates`, when given, receives i, f, g, o. e.g. `lstmCell(x, [h, c], p, false)` */
export function lstmCell(
  input: Tensor,
  hidden: readonly [Tensor, Tensor],
  p: CellParams,
  precomputed: boolean,
  gates?: Record<string, Tensor>,
): [Tensor, Tensor] {
  const [hx, cx] = hidden;
  const pre = add(linearHh(p, hx), precomputed ? input : linearIh(p, input));
  const [c0, c1, c2, c3] = unsafeChunk(pre, 4, 1);
  const ingate = sigmoid(c0);
  const forgetgate = sigmoid(c1);
  const cellgate = tanh(c2);
  const outgate = sigmoid(c3);
  const fc = mul(forgetgate, cx);
  const cy = add(fc, mul(ingate, cellgate));
  const hy = mul(outgate, tanh(cy));
  if (gates) Object.assign(gates, { i: ingate, f: forgetgate, g: cellgate, o: outgate });
  return [hy, cy];
}

/**
 * ATen's GRUCell (gates r, z, n): `(h - n) * z + n`; `gates`, when given, receives r, z, n and
 * hn = W_hn·h + b_hn. e.g. `gruCell(x, h, p, false)`
 */
export function gruCell(input: Tensor, hx: Tensor, p: CellParams, precomputed: boolean, gates?: Record<string, Tensor>): Tensor {
  const ig = unsafeChunk(precomputed ? input : linearIh(p, input), 3, 1);
  const hg = unsafeChunk(linearHh(p, hx), 3, 1);
  const resetGate = sigmoid(add(hg[0], ig[0]));
  const inputGate = sigmoid(add(hg[1], ig[1]));
  const newGate = tanh(add(ig[2], mul(hg[2], resetGate)));
  if (gates) Object.assign(gates, { r: resetGate, z: inputGate, n: newGate, hn: hg[2] });
  return add(mul(sub(hx, newGate), inputGate), newGate);
}

function cellStep(mode: RnnMode, x: Tensor, h: Hidden, p: CellParams, gates?: Record<string, Tensor>): Hidden {
  switch (mode) {
    case 'RNN_TANH':
      return simpleCell('tanh', x, h as Tensor, p, true);
    case 'RNN_RELU':
      return simpleCell('relu', x, h as Tensor, p, true);
    case 'LSTM':
      return lstmCell(x, h as readonly [Tensor, Tensor], p, true, gates);
    case 'GRU':
      return gruCell(x, h as Tensor, p, true, gates);
  }
}

/** Who computes a sequence, for the `step` engine events (the trace recorder's per-t records). */
export interface StepSource {
  owner: object;
  module: string;
}

/** Emits one `step` engine event (callers check `hasEngineObservers()` first). */
export function emitStep(
  src: StepSource,
  mode: string,
  at: { layer: number; direction: number; t: number; length?: number },
  x: Tensor,
  hPrev: Hidden,
  h: Hidden,
  weightHh: Tensor,
  gates?: Record<string, Tensor>,
): void {
  const pair = (v: Hidden): readonly [Tensor, Tensor | undefined] => (v instanceof Array ? [v[0], v[1]] : [v as Tensor, undefined]);
  const [hp, cp] = pair(hPrev);
  const [hn, cn] = pair(h);
  emitEngineEvent({
    type: 'step',
    owner: src.owner,
    mode,
    module: src.module,
    ...at,
    x,
    hPrev: hp,
    h: hn,
    ...(cp !== undefined ? { cPrev: cp } : {}),
    ...(cn !== undefined ? { c: cn } : {}),
    weightHh,
    ...(gates && Object.keys(gates).length > 0 ? { gates } : {}),
  });
}

function outputOf(h: Hidden): Tensor {
  return h instanceof Array ? h[0] : (h as Tensor);
}

/**
 * One direction of one layer over the whole sequence (ATen's FullLayer on CPU): input projection
 * for all steps, unbind, the cell per step. Returns the per-step outputs in sequence order.
 */
function runDirection(
  mode: RnnMode,
  input: Tensor,
  h0: Hidden,
  p: CellParams,
  layer: number,
  direction: number,
  src: StepSource | undefined,
): { outputs: Tensor[]; final: Hidden } {
  const steps = withTags({ layer, direction }, () => unbind(linearIh(p, input), 0));
  const T = steps.length;
  if (T === 0) throw new TorchError('Expected sequence length to be larger than 0 in RNN', { kind: 'value', pyType: 'RuntimeError' });
  const outputs = new Array<Tensor>(T);
  const observed = src !== undefined && hasEngineObservers();
  let h = h0;
  for (let k = 0; k < T; k++) {
    const t = direction === 0 ? k : T - 1 - k;
    const hPrev = h;
    const gates: Record<string, Tensor> | undefined = observed ? {} : undefined;
    h = withTags({ layer, direction, t }, () => cellStep(mode, steps[t], hPrev, p, gates));
    outputs[t] = outputOf(h);
    if (observed) emitStep(src, mode, { layer, direction, t, length: T }, noGrad(() => select(input, 0, t)), hPrev, h, p.wHh, gates);
  }
  return { outputs, final: h };
}

/** Arguments of `rnnForward` (ATen's `_VF.rnn_tanh/rnn_relu/lstm/gru` without packed sequences). */
export interface RnnArgs {
  mode: RnnMode;
  /** One entry per layer and direction, layer-major: l0, l0_reverse, l1, ... */
  params: CellParams[];
  numLayers: number;
  dropout: number;
  train: boolean;
  bidirectional: boolean;
  batchFirst: boolean;
  /** The module computing it, for `step` engine events (none are emitted without it). */
  source?: StepSource;
}

/**
 * `_VF.rnn_tanh / rnn_relu / gru(input, hx, ...)` and `_VF.lstm(input, (hx, cx), ...)` on CPU:
 * returns the output and the final hidden state(s) stacked over layers × directions.
 */
export function rnnForward(input: Tensor, hx: Hidden, a: RnnArgs): [Tensor, Hidden] {
  const isLstm = a.mode === 'LSTM';
  const x = a.batchFirst ? transpose(input, 0, 1) : input;
  let hiddens: Hidden[];
  if (isLstm) {
    const [h, c] = hx as readonly [Tensor, Tensor];
    const hs = unbind(h, 0);
    const cs = unbind(c, 0);
    hiddens = hs.map((hh, i) => [hh, cs[i]] as const);
  } else {
    hiddens = unbind(hx as Tensor, 0);
  }
  const dirs = a.bidirectional ? 2 : 1;
  const finals: Hidden[] = [];
  let layerInput = x;
  for (let l = 0; l < a.numLayers; l++) {
    let out: Tensor;
    if (dirs === 2) {
      const fw = runDirection(a.mode, layerInput, hiddens[2 * l], a.params[2 * l], l, 0, a.source);
      const fwOut = withTags({ layer: l, direction: 0 }, () => stack(fw.outputs, 0));
      const rev = runDirection(a.mode, layerInput, hiddens[2 * l + 1], a.params[2 * l + 1], l, 1, a.source);
      const revOut = withTags({ layer: l, direction: 1 }, () => stack(rev.outputs, 0));
      out = withTags({ layer: l }, () => cat([fwOut, revOut], fwOut.ndim - 1));
      finals.push(fw.final, rev.final);
    } else {
      const fw = runDirection(a.mode, layerInput, hiddens[l], a.params[l], l, 0, a.source);
      out = withTags({ layer: l, direction: 0 }, () => stack(fw.outputs, 0));
      finals.push(fw.final);
    }
    if (a.dropout !== 0 && a.train && l < a.numLayers - 1) {
      const o = out;
      out = withTags({ layer: l }, () => dropout(o, a.dropout, true));
    }
    layerInput = out;
  }
  let output = layerInput;
  let hy: Hidden;
  if (isLstm) {
    const f = finals as (readonly [Tensor, Tensor])[];
    hy = [stack(f.map((p) => p[0]), 0), stack(f.map((p) => p[1]), 0)];
    if (a.batchFirst) output = transpose(output, 0, 1);
  } else {
    hy = stack(finals as Tensor[], 0);
    if (a.batchFirst) output = transposeInPlaceResult(output, 0, 1);
  }
  return [output, hy];
}
