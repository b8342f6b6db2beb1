// Shared pieces of the recorder tests: an in-process recording, hand-unrolled recurrent cells
// built from plain ops (never the engine's rnnImpl, never the recorder), Jacobians by autograd,
// and an exact symmetric eigen-solver for spectral norms.
import assert from 'node:assert/strict';
import { nn, torch, type Tensor } from '../../../src/engine';
import { Recorder } from '../../../src/trace/recorder';
import type { RecurrentTrace, SourceLocation, StepRecord, Trace } from '../../../src/trace/types';

export type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** Runs `fn` under a Recorder (every module must be created inside) and returns the Trace. */
export function record(fn: () => void, locate: () => SourceLocation | undefined = () => undefined, maxValueElements = 64): Trace {
  const rec = new Recorder({ file: 'test.ts', language: 'ts', producer: 'bptt-lens test', locate, maxValueElements });
  let error: Error | null = null;
  try {
    fn();
  } catch (e) {
    error = e as Error;
  }
  const trace = rec.finish({ console: [], error: null, timing: [] });
  if (error) throw error;
  return trace;
}

/** The recorded layer `module`/`layer`/`direction`, failing when absent. */
export function layerOf(trace: Trace, module: string, layer = 0, direction = 0): RecurrentTrace {
  const r = trace.recurrent.find((x) => x.module === module && x.layer === layer && x.direction === direction);
  assert.ok(r, `no recurrent record ${module}|${layer}|${direction}; have ${trace.recurrent.map((x) => `${x.module}|${x.layer}|${x.direction}`).join(', ')}`);
  return r;
}

/** The step records by t (0..T-1), failing when one is missing. */
export function stepsOf(r: RecurrentTrace, T: number): StepRecord[] {
  const out: StepRecord[] = [];
  for (let t = 0; t < T; t++) {
    const s = r.steps.find((x) => x.t === t);
    assert.ok(s, `step ${t} missing in ${r.module}|${r.layer}|${r.direction}`);
    out.push(s);
  }
  assert.equal(r.steps.length, T);
  return out;
}

/** |a - b| ≤ rel·max(|a|, |b|) + abs. */
export function near(a: number, b: number, rel: number, what: string, abs = 0): void {
  assert.ok(Number.isFinite(a) && Number.isFinite(b), `${what}: ${a} vs ${b}`);
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs, `${what}: ${a} vs ${b} (rel ${Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))})`);
}

/** L2 (Frobenius) norm of a tensor's values. */
export function norm(t: Tensor | null): number {
  if (!t) return 0;
  let s = 0;
  for (const v of t.toArray()) s += v * v;
  return Math.sqrt(s);
}

/** An independent leaf with the values of `p`. */
export function leafCopy(p: Tensor): Tensor {
  return p.detach().clone().requiresGrad_();
}

/** One layer/direction's weights, copied out of a module as independent leaves. */
export interface Weights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
}

/** Copies of a recurrent layer's weights, index 2·layer + direction (as `weight_ih_l{k}{_reverse}`). */
export function copyLayerWeights(m: nn.RNNBase): Weights[] {
  const params = new Map(m.namedParameters());
  const out: Weights[] = [];
  const dirs = m.bidirectional ? 2 : 1;
  for (let l = 0; l < m.numLayers; l++) {
    for (let d = 0; d < dirs; d++) {
      const s = `${l}${d === 1 ? '_reverse' : ''}`;
      const b = (n: string): Tensor | null => (params.has(n) ? leafCopy(params.get(n)!) : null);
      out.push({ wIh: leafCopy(params.get(`weight_ih_l${s}`)!), wHh: leafCopy(params.get(`weight_hh_l${s}`)!), bIh: b(`bias_ih_l${s}`), bHh: b(`bias_hh_l${s}`) });
    }
  }
  return out;
}

/** Copies of a cell module's weights. */
export function copyCellWeights(c: nn.RNNCellBase): Weights {
  return { wIh: leafCopy(c.weight_ih), wHh: leafCopy(c.weight_hh), bIh: c.bias_ih ? leafCopy(c.bias_ih) : null, bHh: c.bias_hh ? leafCopy(c.bias_hh) : null };
}

/** x·Wᵀ + b with plain ops (mm, t, add), x of shape [B, in]. */
function affine(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const y = x.mm(w.t());
  return b ? y.add(b) : y;
}

/** What one hand-computed step exposes. */
export interface HandStep {
  x: Tensor;
  hPrev: Tensor;
  cPrev?: Tensor;
  h: Tensor;
  c?: Tensor;
  /** Gradient target whose grad times h_{t-1} is step t's ∂L/∂W_hh term: the W_hh·h_{t-1} + b_hh pre-activation. */
  hh: Tensor;
  /** LSTM forget gate. */
  f?: Tensor;
}

/** One cell step from the textbook equations (PyTorch's gate order), retaining grads of h, c and hh. */
export function handCell(mode: Mode, x: Tensor, hPrev: Tensor, cPrev: Tensor | undefined, w: Weights, retain = true): HandStep {
  const H = w.wHh.shape[1];
  const hh = affine(hPrev, w.wHh, w.bHh);
  const ih = affine(x, w.wIh, w.bIh);
  const keep = (t: Tensor): Tensor => {
    if (retain && t.requiresGrad) t.retainGrad();
    return t;
  };
  keep(hh);
  if (mode === 'RNN_TANH' || mode === 'RNN_RELU') {
    const a = ih.add(hh);
    return { x, hPrev, hh, h: keep(mode === 'RNN_TANH' ? a.tanh() : a.relu()) };
  }
  if (mode === 'LSTM') {
    const pre = ih.add(hh);
    const gate = (k: number): Tensor => pre.narrow(1, k * H, H);
    const i = gate(0).sigmoid();
    const f = gate(1).sigmoid();
    const g = gate(2).tanh();
    const o = gate(3).sigmoid();
    const c = keep(f.mul(cPrev!).add(i.mul(g)));
    return { x, hPrev, cPrev, hh, c, f, h: keep(o.mul(c.tanh())) };
  }
  const part = (t: Tensor, k: number): Tensor => t.narrow(1, k * H, H);
  const r = part(ih, 0).add(part(hh, 0)).sigmoid();
  const z = part(ih, 1).add(part(hh, 1)).sigmoid();
  const n = part(ih, 2).add(r.mul(part(hh, 2))).tanh();
  // h = (1 - z)·n + z·h_{t-1}
  return { x, hPrev, hh, h: keep(z.neg().add(1).mul(n).add(z.mul(hPrev))) };
}

/** A hand-unrolled multi-layer (bi)directional network, sequence-first. */
export interface HandRun {
  /** steps[2·layer + direction][t]. */
  steps: HandStep[][];
  output: Tensor;
  hn: Tensor;
  cn?: Tensor;
}

/** Unrolls `mode` over x [T, B, I] with the copied weights, as nn.RNN/LSTM/GRU define it (no dropout). */
export function handUnroll(mode: Mode, x: Tensor, w: Weights[], numLayers: number, bidirectional: boolean, h0?: Tensor, c0?: Tensor): HandRun {
  const T = x.shape[0];
  const B = x.shape[1];
  const H = w[0].wHh.shape[1];
  const dirs = bidirectional ? 2 : 1;
  const steps: HandStep[][] = [];
  const finalsH: Tensor[] = [];
  const finalsC: Tensor[] = [];
  let layerIn: Tensor[] = Array.from({ length: T }, (_, t) => x.select(0, t));
  for (let l = 0; l < numLayers; l++) {
    const outs: Tensor[][] = [];
    for (let d = 0; d < dirs; d++) {
      const k = l * dirs + d;
      let h = h0 ? h0.select(0, k) : torch.zeros(B, H, { dtype: x.dtype });
      let c = mode === 'LSTM' ? (c0 ? c0.select(0, k) : torch.zeros(B, H, { dtype: x.dtype })) : undefined;
      const seq = new Array<HandStep>(T);
      for (let s = 0; s < T; s++) {
        const t = d === 0 ? s : T - 1 - s;
        const st = handCell(mode, layerIn[t], h, c, w[k]);
        seq[t] = st;
        h = st.h;
        c = st.c;
      }
      steps.push(seq);
      finalsH.push(h);
      if (c) finalsC.push(c);
      outs.push(seq.map((st) => st.h));
    }
    layerIn = Array.from({ length: T }, (_, t) => (dirs === 2 ? torch.cat([outs[0][t], outs[1][t]], 1) : outs[0][t]));
  }
  const run: HandRun = { steps, output: torch.stack(layerIn, 0), hn: torch.stack(finalsH, 0) };
  if (mode === 'LSTM') run.cn = torch.stack(finalsC, 0);
  return run;
}

/** The engine module for `mode`, with the given options. */
export function makeLayer(mode: Mode, input: number, hidden: number, opts: nn.RNNOptions = {}): nn.RNNBase {
  if (mode === 'LSTM') return new nn.LSTM(input, hidden, opts);
  if (mode === 'GRU') return new nn.GRU(input, hidden, opts);
  return new nn.RNN(input, hidden, { ...opts, nonlinearity: mode === 'RNN_TANH' ? 'tanh' : 'relu' });
}

/** The engine cell module for `mode`. */
export function makeCell(mode: Mode, input: number, hidden: number, opts: nn.RNNCellOptions = {}): nn.RNNCellBase {
  if (mode === 'LSTM') return new nn.LSTMCell(input, hidden, opts);
  if (mode === 'GRU') return new nn.GRUCell(input, hidden, opts);
  return new nn.RNNCell(input, hidden, { ...opts, nonlinearity: mode === 'RNN_TANH' ? 'tanh' : 'relu' });
}

/** Eigenvalues of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations. */
export function symmetricEigenvalues(m: Float64Array, n: number): number[] {
  const a = m.slice();
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const tt = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(tt * tt + 1);
        const s = tt * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]);
}

/** Exact spectral norm of an r×c matrix (row-major): sqrt of the largest eigenvalue of AᵀA. */
export function exactSpectralNorm(a: Float64Array, r: number, c: number): number {
  const ata = new Float64Array(c * c);
  for (let i = 0; i < c; i++) {
    for (let j = i; j < c; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += a[k * c + i] * a[k * c + j];
      ata[i * c + j] = s;
      ata[j * c + i] = s;
    }
  }
  return Math.sqrt(Math.max(0, ...symmetricEigenvalues(ata, c)));
}

/**
 * ∂out/∂inp (out and inp of shape [1, n] and [1, m]) as an n×m row-major matrix, one
 * `torch.autograd.grad` per row.
 */
export function jacobianRows(out: Tensor, inp: Tensor): Float64Array {
  const n = out.shape[1];
  const m = inp.shape[1];
  const J = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const [g] = torch.autograd.grad([out.select(1, i).sum()], [inp], undefined, { retainGraph: true, allowUnused: true });
    if (g) J.set(g.toArray(), i * m);
  }
  return J;
}

/** Row b of a [B, H] tensor as a detached [1, H] float64 tensor. */
export function rowOf(t: Tensor, b: number): Tensor {
  return t.detach().narrow(0, b, 1).double().clone();
}
