// nn.RNN / nn.LSTM / nn.GRU and the cells, with PyTorch 1.13's constructor options, parameter
// names, initialisation order, shape checks and error messages. The math is in rnnImpl.ts.
import { noGrad } from '../autograd/gradMode';
import { hasEngineObservers } from '../autograd/observers';
import { withTags } from '../autograd/tags';
import { defaultFloatDType, type DType } from '../dtype';
import { TorchError } from '../errors';
import { zeros } from '../ops/creation';
import { uniform_ } from '../ops/random';
import { squeeze, unsqueeze } from '../ops/views';
import { rnnInitBound } from '../random';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { Parameter } from './parameter';
import { pyBool, pyFloatRepr, pyTuple } from './pyRepr';
import { emitStep, gruCell, lstmCell, rnnForward, simpleCell, type CellParams, type Hidden, type RnnMode } from './rnnImpl';
import { warn } from './warnings';

/** Constructor options of RNN, LSTM and GRU (PyTorch's keyword arguments, camelCased). */
export interface RNNOptions {
  numLayers?: number;
  bias?: boolean;
  batchFirst?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  /** LSTM projections are not supported; only 0 is accepted. */
  projSize?: number;
  dtype?: DType;
}

/** RNN's extra option. */
export interface SimpleRNNOptions extends RNNOptions {
  nonlinearity?: 'tanh' | 'relu';
}

/** The options-only form: `new RNN({ inputSize: 1, hiddenSize: 32 })`. */
export interface RNNSizes {
  inputSize: number;
  hiddenSize: number;
}

function runtimeError(message: string, op?: string): TorchError {
  return new TorchError(message, { kind: 'shape', op, pyType: 'RuntimeError' });
}

function newParam(shape: number[], dtype: DType): Parameter {
  return new Parameter(zeros(shape, { dtype }));
}

function resolveArgs<O extends object>(a: number | (RNNSizes & O), b: number | undefined, opts: O | undefined): [number, number, O] {
  if (typeof a === 'object') return [a.inputSize, a.hiddenSize, a];
  if (b === undefined) throw new TorchError("__init__() missing 1 required positional argument: 'hidden_size'", { kind: 'type' });
  return [a, b, opts ?? ({} as O)];
}

/** Every parameter ~ U(-1/sqrt(hidden), 1/sqrt(hidden)), in registration order (`reset_parameters`). */
function resetRnnParameters(m: Module, hiddenSize: number): void {
  const stdv = rnnInitBound(hiddenSize);
  noGrad(() => {
    for (const w of m.parameters()) uniform_(w, -stdv, stdv);
  });
}

/** Base of RNN, LSTM and GRU (`nn.RNNBase`). */
export class RNNBase extends Module {
  static readonly pyName: string = 'RNNBase';
  readonly mode: RnnMode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly projSize = 0;
  /** Parameter names in ATen's flat order: per layer and direction w_ih, w_hh[, b_ih, b_hh]. */
  readonly flatWeightsNames: string[] = [];

  constructor(mode: RnnMode, inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super();
    const dropout = opts.dropout ?? 0;
    const numLayers = opts.numLayers ?? 1;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new TorchError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed', {
        kind: 'value',
        pyType: 'ValueError',
      });
    }
    if (dropout > 0 && numLayers === 1) {
      warn(
        'dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects ' +
          `num_layers greater than 1, but got dropout=${pyFloatRepr(dropout)} and num_layers=${numLayers}`,
      );
    }
    const projSize = opts.projSize ?? 0;
    if (projSize < 0) throw new TorchError('proj_size should be a positive integer or zero to disable projections', { kind: 'value', pyType: 'ValueError' });
    if (projSize >= hiddenSize) throw new TorchError('proj_size has to be smaller than hidden_size', { kind: 'value', pyType: 'ValueError' });
    if (projSize > 0) throw new TorchError('LSTM proj_size is not supported by the bptt-lens engine', { kind: 'unsupported' });
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = dropout;
    this.bidirectional = opts.bidirectional ?? false;
    const gateSize = { LSTM: 4, GRU: 3, RNN_TANH: 1, RNN_RELU: 1 }[mode] * hiddenSize;
    const dtype = opts.dtype ?? defaultFloatDType;
    const dirs = this.bidirectional ? 2 : 1;
    for (let layer = 0; layer < numLayers; layer++) {
      for (let direction = 0; direction < dirs; direction++) {
        const layerInputSize = layer === 0 ? inputSize : hiddenSize * dirs;
        const suffix = `${layer}${direction === 1 ? '_reverse' : ''}`;
        const names = [`weight_ih_l${suffix}`, `weight_hh_l${suffix}`];
        const params = [newParam([gateSize, layerInputSize], dtype), newParam([gateSize, hiddenSize], dtype)];
        if (this.bias) {
          names.push(`bias_ih_l${suffix}`, `bias_hh_l${suffix}`);
          params.push(newParam([gateSize], dtype), newParam([gateSize], dtype));
        }
        names.forEach((n, i) => this.registerParameter(n, params[i]));
        this.flatWeightsNames.push(...names);
      }
    }
    this.resetParameters();
  }

  /** `reset_parameters()`: every parameter ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)). */
  resetParameters(): void {
    resetRnnParameters(this, this.hiddenSize);
  }

  /** `all_weights`: the parameters per layer and direction. */
  get allWeights(): Tensor[][] {
    const per = this.bias ? 4 : 2;
    const out: Tensor[][] = [];
    for (let i = 0; i < this.flatWeightsNames.length; i += per) out.push(this.flatWeightsNames.slice(i, i + per).map((n) => this.param(n)));
    return out;
  }

  private param(name: string): Tensor {
    return (this as unknown as Record<string, Tensor>)[name];
  }

  /** ATen's CellParams per layer and direction, read from the current parameters. */
  protected cellParams(): CellParams[] {
    const dirs = this.bidirectional ? 2 : 1;
    const out: CellParams[] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const s = `${layer}${d === 1 ? '_reverse' : ''}`;
        out.push({
          wIh: this.param(`weight_ih_l${s}`),
          wHh: this.param(`weight_hh_l${s}`),
          bIh: this.bias ? this.param(`bias_ih_l${s}`) : null,
          bHh: this.bias ? this.param(`bias_hh_l${s}`) : null,
        });
      }
    }
    return out;
  }

  /** `check_input`. */
  protected checkInput(input: Tensor): void {
    if (input.ndim !== 3) throw runtimeError(`input must have 3 dimensions, got ${input.ndim}`, this.getName());
    if (this.inputSize !== input.size(-1)) {
      throw runtimeError(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input.size(-1)}`, this.getName());
    }
  }

  /** `get_expected_hidden_size`. */
  protected expectedHiddenSize(input: Tensor): number[] {
    const miniBatch = this.batchFirst ? input.size(0) : input.size(1);
    return [this.numLayers * (this.bidirectional ? 2 : 1), miniBatch, this.hiddenSize];
  }

  /** `check_hidden_size`. */
  protected checkHiddenSize(hx: Tensor, expected: number[], msg = 'Expected hidden size'): void {
    if (hx.ndim !== expected.length || hx.shape.some((d, i) => d !== expected[i])) {
      throw runtimeError(`${msg} ${pyTuple(expected)}, got [${hx.shape.join(', ')}]`, this.getName());
    }
  }

  protected runImpl(input: Tensor, hx: Hidden): [Tensor, Hidden] {
    return rnnForward(input, hx, {
      mode: this.mode,
      params: this.cellParams(),
      numLayers: this.numLayers,
      dropout: this.dropout,
      train: this.training,
      bidirectional: this.bidirectional,
      batchFirst: this.batchFirst,
      source: { owner: this, module: this.modulePath },
    });
  }

  /** RNN and GRU's forward (one hidden tensor). */
  protected forwardSingle(input: Tensor, hx: Tensor | null | undefined): [Tensor, Tensor] {
    const isBatched = input.ndim === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    let x = input;
    let h = hx ?? null;
    if (!isBatched) {
      x = unsqueeze(x, batchDim);
      if (h !== null) {
        if (h.ndim !== 2) throw runtimeError(`For unbatched 2-D input, hx should also be 2-D but got ${h.ndim}-D tensor`, this.getName());
        h = unsqueeze(h, 1);
      }
    } else if (h !== null && h.ndim !== 3) {
      throw runtimeError(`For batched 3-D input, hx should also be 3-D but got ${h.ndim}-D tensor`, this.getName());
    }
    const maxBatch = this.batchFirst ? x.size(0) : x.size(1);
    if (h === null) h = zeros([this.numLayers * (this.bidirectional ? 2 : 1), maxBatch, this.hiddenSize], { dtype: x.dtype });
    this.checkInput(x);
    this.checkHiddenSize(h, this.expectedHiddenSize(x));
    let [output, hidden] = this.runImpl(x, h) as [Tensor, Tensor];
    if (!isBatched) {
      output = squeeze(output, batchDim);
      hidden = squeeze(hidden, 1);
    }
    return [output, hidden];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    if (this.batchFirst !== false) s += `, batch_first=${pyBool(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloatRepr(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}

/**
 * `nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False,
 * dropout=0, bidirectional=False)`. `call(input, h0?)` returns `[output, h_n]`.
 * e.g. `const [out, hn] = new RNN(1, 32).call(x)`
 */
export class RNN extends RNNBase {
  static override readonly pyName: string = 'RNN';
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, opts?: SimpleRNNOptions);
  constructor(opts: RNNSizes & SimpleRNNOptions);
  constructor(a: number | (RNNSizes & SimpleRNNOptions), b?: number, c?: SimpleRNNOptions) {
    const [inputSize, hiddenSize, opts] = resolveArgs(a, b, c);
    const nonlinearity = opts.nonlinearity ?? 'tanh';
    if (opts.projSize !== undefined) throw new TorchError('proj_size argument is only supported for LSTM, not RNN or GRU', { kind: 'value', pyType: 'ValueError' });
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new TorchError(`Unknown nonlinearity '${String(nonlinearity)}'`, { kind: 'value', pyType: 'ValueError' });
    }
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, opts);
    this.nonlinearity = nonlinearity;
  }

  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    return this.forwardSingle(input, hx);
  }
}

/**
 * `nn.GRU(...)` (gates r, z, n). `call(input, h0?)` returns `[output, h_n]`.
 * e.g. `const [out, hn] = new GRU(3, 4, { bidirectional: true }).call(x)`
 */
export class GRU extends RNNBase {
  static override readonly pyName: string = 'GRU';

  constructor(inputSize: number, hiddenSize: number, opts?: RNNOptions);
  constructor(opts: RNNSizes & RNNOptions);
  constructor(a: number | (RNNSizes & RNNOptions), b?: number, c?: RNNOptions) {
    const [inputSize, hiddenSize, opts] = resolveArgs(a, b, c);
    if (opts.projSize !== undefined) throw new TorchError('proj_size argument is only supported for LSTM, not RNN or GRU', { kind: 'value', pyType: 'ValueError' });
    super('GRU', inputSize, hiddenSize, opts);
  }

  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    return this.forwardSingle(input, hx);
  }
}

/**
 * `nn.LSTM(...)` (gates i, f, g, o). `call(input, [h0, c0]?)` returns `[output, [h_n, c_n]]`.
 * e.g. `const [out, [hn, cn]] = new LSTM(3, 4).call(x)`
 */
export class LSTM extends RNNBase {
  static override readonly pyName: string = 'LSTM';

  constructor(inputSize: number, hiddenSize: number, opts?: RNNOptions);
  constructor(opts: RNNSizes & RNNOptions);
  constructor(a: number | (RNNSizes & RNNOptions), b?: number, c?: RNNOptions) {
    const [inputSize, hiddenSize, opts] = resolveArgs(a, b, c);
    super('LSTM', inputSize, hiddenSize, opts);
  }

  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const isBatched = input.ndim === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    const x = isBatched ? input : unsqueeze(input, batchDim);
    const maxBatch = this.batchFirst ? x.size(0) : x.size(1);
    let h: readonly [Tensor, Tensor];
    if (hx === null || hx === undefined) {
      const shape = [this.numLayers * (this.bidirectional ? 2 : 1), maxBatch, this.hiddenSize];
      h = [zeros(shape, { dtype: x.dtype }), zeros(shape, { dtype: x.dtype })];
    } else {
      if (hx.length !== 2) throw new TorchError('tuple index out of range', { kind: 'index', pyType: 'IndexError' });
      if (isBatched) {
        if (hx[0].ndim !== 3 || hx[1].ndim !== 3) {
          throw runtimeError(`For batched 3-D input, hx and cx should also be 3-D but got (${hx[0].ndim}-D, ${hx[1].ndim}-D) tensors`, 'LSTM');
        }
        h = hx;
      } else {
        if (hx[0].ndim !== 2 || hx[1].ndim !== 2) {
          throw runtimeError(`For unbatched 2-D input, hx and cx should also be 2-D but got (${hx[0].ndim}-D, ${hx[1].ndim}-D) tensors`, 'LSTM');
        }
        h = [unsqueeze(hx[0], 1), unsqueeze(hx[1], 1)];
      }
    }
    this.checkInput(x);
    this.checkHiddenSize(h[0], this.expectedHiddenSize(x), 'Expected hidden[0] size');
    this.checkHiddenSize(h[1], this.expectedHiddenSize(x), 'Expected hidden[1] size');
    const [out, hidden] = this.runImpl(x, h);
    const [hn, cn] = hidden as readonly [Tensor, Tensor];
    if (!isBatched) return [squeeze(out, batchDim), [squeeze(hn, 1), squeeze(cn, 1)]];
    return [out, [hn, cn]];
  }
}

// ---------------------------------------------------------------------------------- cells

/** Constructor options of the cells. */
export interface RNNCellOptions {
  bias?: boolean;
  dtype?: DType;
}

/**
 * Base of RNNCell, LSTMCell and GRUCell (`nn.RNNCellBase`). Each `call` runs under the tags
 * `{ module, t }`, where t counts the calls of this cell in one forward pass: it restarts at 0 when
 * the hidden state passed in has no graph history (omitted, zeros, a leaf, or detached — the start
 * of a sequence or of a truncated-BPTT window), when an enclosing module's outermost `call` begins,
 * or on `resetStepCounter()`; otherwise it is one more than the previous call's.
 */
export class RNNCellBase extends Module {
  static readonly pyName: string = 'RNNCellBase';
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;
  private stepCounter = 0;

  constructor(inputSize: number, hiddenSize: number, bias: boolean, numChunks: number, dtype: DType = defaultFloatDType) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    this.registerParameter('weight_ih', newParam([numChunks * hiddenSize, inputSize], dtype));
    this.registerParameter('weight_hh', newParam([numChunks * hiddenSize, hiddenSize], dtype));
    this.registerParameter('bias_ih', bias ? newParam([numChunks * hiddenSize], dtype) : null);
    this.registerParameter('bias_hh', bias ? newParam([numChunks * hiddenSize], dtype) : null);
    this.resetParameters();
  }

  /** `reset_parameters()`: every parameter ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)). */
  resetParameters(): void {
    resetRnnParameters(this, this.hiddenSize);
  }

  /** Restarts the time-step count of this cell's tags at 0. */
  resetStepCounter(): void {
    this.stepCounter = 0;
  }

  protected override onEnclosingForward(): void {
    this.stepCounter = 0;
  }

  /** The time step of this call (see the class doc). */
  protected nextStep(hx: Tensor | null | undefined): number {
    if (hx === null || hx === undefined || hx.gradFn === null) this.stepCounter = 0;
    return this.stepCounter++;
  }

  protected cellParams(): CellParams {
    return { wIh: this.weight_ih, wHh: this.weight_hh, bIh: this.bias_ih, bHh: this.bias_hh };
  }

  /** `input.dim() in (1, 2)`, PyTorch's assertion. */
  protected checkDims(input: Tensor): void {
    if (input.ndim !== 1 && input.ndim !== 2) {
      throw new TorchError(`${this.getName()}: Expected input to be 1-D or 2-D but received ${input.ndim}-D tensor`, {
        kind: 'shape',
        pyType: 'AssertionError',
      });
    }
  }

  /** ATen's check_rnn_cell_forward_input / _hidden. */
  protected checkCell(input: Tensor, hx: readonly Tensor[]): void {
    if (input.size(1) !== this.weight_ih.shape[1]) {
      throw runtimeError(`input has inconsistent input_size: got ${input.size(1)} expected ${this.weight_ih.shape[1]}`);
    }
    hx.forEach((h, label) => {
      if (input.size(0) !== h.size(0)) throw runtimeError(`Input batch size ${input.size(0)} doesn't match hidden${label} batch size ${h.size(0)}`);
      if (h.size(1) !== this.weight_hh.shape[1]) {
        throw runtimeError(`hidden${label} has inconsistent hidden_size: got ${h.size(1)}, expected ${this.weight_hh.shape[1]}`);
      }
    });
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    const nl = (this as { nonlinearity?: string }).nonlinearity;
    if (nl !== undefined && nl !== 'tanh') s += `, nonlinearity=${nl}`;
    return s;
  }
}

/**
 * `nn.RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh')`: one step,
 * `h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`. e.g. `h = cell.call(x, h)`
 */
export class RNNCell extends RNNCellBase {
  static override readonly pyName: string = 'RNNCell';
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(inputSize, hiddenSize, opts.bias ?? true, 1, opts.dtype);
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
  }

  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    this.checkDims(input);
    const t = this.nextStep(hx);
    return withTags({ t }, () => {
      const isBatched = input.ndim === 2;
      const x = isBatched ? input : unsqueeze(input, 0);
      const h = hx === null || hx === undefined ? zeros([x.size(0), this.hiddenSize], { dtype: x.dtype }) : isBatched ? hx : unsqueeze(hx, 0);
      if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
        throw new TorchError(`Unknown nonlinearity: ${String(this.nonlinearity)}`, { kind: 'value', pyType: 'RuntimeError' });
      }
      this.checkCell(x, [h]);
      const ret = simpleCell(this.nonlinearity, x, h, this.cellParams(), false);
      if (hasEngineObservers()) emitStep({ owner: this, module: this.modulePath }, `RNNCell_${this.nonlinearity}`, { layer: 0, direction: 0, t }, x, h, ret, this.weight_hh);
      return isBatched ? ret : squeeze(ret, 0);
    });
  }
}

/** `nn.LSTMCell(input_size, hidden_size, bias=True)`: one step; returns `[h', c']`. e.g. `[h, c] = cell.call(x, [h, c])` */
export class LSTMCell extends RNNCellBase {
  static override readonly pyName: string = 'LSTMCell';

  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, opts.bias ?? true, 4, opts.dtype);
  }

  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    this.checkDims(input);
    const t = this.nextStep(hx ? (hx[0].gradFn !== null ? hx[0] : hx[1]) : null);
    return withTags({ t }, () => {
      const isBatched = input.ndim === 2;
      const x = isBatched ? input : unsqueeze(input, 0);
      let h: readonly [Tensor, Tensor];
      if (hx === null || hx === undefined) {
        const z = zeros([x.size(0), this.hiddenSize], { dtype: x.dtype });
        h = [z, z];
      } else {
        h = isBatched ? hx : [unsqueeze(hx[0], 0), unsqueeze(hx[1], 0)];
      }
      this.checkCell(x, h);
      const gates: Record<string, Tensor> | undefined = hasEngineObservers() ? {} : undefined;
      const [hy, cy] = lstmCell(x, h, this.cellParams(), false, gates);
      if (gates) emitStep({ owner: this, module: this.modulePath }, 'LSTMCell', { layer: 0, direction: 0, t }, x, h, [hy, cy], this.weight_hh, gates);
      return isBatched ? [hy, cy] : [squeeze(hy, 0), squeeze(cy, 0)];
    });
  }
}

/** `nn.GRUCell(input_size, hidden_size, bias=True)`: one step (gates r, z, n). e.g. `h = cell.call(x, h)` */
export class GRUCell extends RNNCellBase {
  static override readonly pyName: string = 'GRUCell';

  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, opts.bias ?? true, 3, opts.dtype);
  }

  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    this.checkDims(input);
    const t = this.nextStep(hx);
    return withTags({ t }, () => {
      const isBatched = input.ndim === 2;
      const x = isBatched ? input : unsqueeze(input, 0);
      const h = hx === null || hx === undefined ? zeros([x.size(0), this.hiddenSize], { dtype: x.dtype }) : isBatched ? hx : unsqueeze(hx, 0);
      this.checkCell(x, [h]);
      const gates: Record<string, Tensor> | undefined = hasEngineObservers() ? {} : undefined;
      const ret = gruCell(x, h, this.cellParams(), false, gates);
      if (gates) emitStep({ owner: this, module: this.modulePath }, 'GRUCell', { layer: 0, direction: 0, t }, x, h, ret, this.weight_hh, gates);
      return isBatched ? ret : squeeze(ret, 0);
    });
  }
}
