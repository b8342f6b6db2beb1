// nn.Embedding.
import { noGrad } from '../autograd/gradMode';
import { defaultFloatDType, type DType } from '../dtype';
import { TorchError } from '../errors';
import { zeros } from '../ops/creation';
import { fill_ } from '../ops/inplace';
import { normal_ } from '../ops/random';
import { select } from '../ops/views';
import type { Tensor } from '../tensor';
import { embedding } from './functional';
import { Module } from './module';
import { Parameter } from './parameter';
import { pyFloatRepr } from './pyRepr';

/** Constructor options of Embedding. */
export interface EmbeddingModuleOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  /** Accepted; gradients are dense in bptt-lens. */
  sparse?: boolean;
  dtype?: DType;
}

/**
 * `nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, ...)`: a lookup
 * table initialised N(0, 1) (the padding row zeroed); with `maxNorm` the looked-up rows are
 * renormalised in place before each lookup, as PyTorch does. e.g. `new Embedding(10, 3).call(idx)`
 */
export class Embedding extends Module {
  static readonly pyName: string = 'Embedding';
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly sparse: boolean;
  declare weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingModuleOptions = {}) {
    super();
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (pad > 0 && pad >= numEmbeddings) throw new TorchError('Padding_idx must be within num_embeddings', { kind: 'value', pyType: 'AssertionError' });
      if (pad < 0) {
        if (pad < -numEmbeddings) throw new TorchError('Padding_idx must be within num_embeddings', { kind: 'value', pyType: 'AssertionError' });
        pad += numEmbeddings;
      }
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = pad;
    this.maxNorm = opts.maxNorm ?? null;
    this.normType = opts.normType ?? 2;
    this.scaleGradByFreq = opts.scaleGradByFreq ?? false;
    this.sparse = opts.sparse ?? false;
    this.registerParameter('weight', new Parameter(zeros([numEmbeddings, embeddingDim], { dtype: opts.dtype ?? defaultFloatDType })));
    this.resetParameters();
  }

  /** `reset_parameters()`: `normal_(weight)`, then the padding row to zero. */
  resetParameters(): void {
    noGrad(() => {
      normal_(this.weight);
      if (this.paddingIdx !== null) fill_(select(this.weight, 0, this.paddingIdx), 0);
    });
  }

  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, {
      paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm,
      normType: this.normType,
      scaleGradByFreq: this.scaleGradByFreq,
      sparse: this.sparse,
    });
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloatRepr(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloatRepr(this.normType)}`;
    if (this.scaleGradByFreq !== false) s += ', scale_grad_by_freq=True';
    if (this.sparse !== false) s += ', sparse=True';
    return s;
  }
}
