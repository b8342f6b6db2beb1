// The Trace: the one contract between everything that runs a script (the JS/TS runner, the
// Python front, the real-PyTorch tracer) and everything that shows the result (panel, hover,
// sidebar, CLI, HTML report). Versioned JSON; its JSON Schema is schema.ts; docs/trace-format.md
// documents it. Field names here are part of the contract: tools read them.

/** The Trace format version. Bump on any incompatible change. */
export const TRACE_VERSION = 1;

/** A place in the user's own source (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** Summary statistics of a tensor's elements (finite values only for norm/min/max/mean). */
export interface TensorStats {
  numel: number;
  /** L2 norm of the finite elements. */
  norm: number;
  min: number;
  max: number;
  mean: number;
  nanCount: number;
  infCount: number;
  /** Row-major values, only for tensors under the recorder's size limit. */
  values?: number[];
}

/** What ran and how. */
export interface ScriptInfo {
  path: string;
  language: 'js' | 'ts' | 'py';
  backend: 'embedded' | 'pytorch';
  /** ISO time the run started. */
  startedAt: string;
  /** The engine or library that produced the trace, e.g. `bptt-lens 0.1.0` or `torch 2.4.0`. */
  producer: string;
  /** Whether the run finished without an error. */
  ok: boolean;
}

/** One module of the model tree. */
export interface ModuleInfo {
  /** Dotted path from the root model, '' for the root. e.g. `'rnn'` */
  path: string;
  /** Class name, e.g. `'LSTM'`. */
  type: string;
  /** What `print(module)` shows. */
  repr: string;
  /** Full names of its own parameters. */
  parameters: string[];
  source?: SourceLocation;
}

/** One parameter, with its value and (after backward) gradient statistics. */
export interface ParameterInfo {
  /** Full name, e.g. `'rnn.weight_hh_l0'`. */
  name: string;
  /** Owning module path. */
  module: string;
  shape: number[];
  dtype: string;
  value: TensorStats;
  grad: TensorStats | null;
  /** Id of its AccumulateGrad node in `graph.nodes`, if in the graph. */
  node?: string;
}

/** The model: modules in definition order and their parameters. */
export interface ModelInfo {
  modules: ModuleInfo[];
  parameters: ParameterInfo[];
}

/** Time-step tag of a node made inside a recurrent layer or a cell call. */
export interface StepTag {
  module: string;
  layer?: number;
  direction?: number;
  t: number;
}

/** A grad_fn node of the recorded graph. */
export interface GraphNode {
  /** Stable id, e.g. `'n42'`. */
  id: string;
  /** PyTorch class name, e.g. `'AddmmBackward0'` or `'AccumulateGrad'`. */
  name: string;
  step?: StepTag;
  /** The statement that created the node's output. */
  source?: SourceLocation;
  /** Shape of the (first) output tensor. */
  shape?: number[];
  /** Statistics of the gradient that flowed into the node during the last backward. */
  grad?: TensorStats;
  /** For AccumulateGrad: the parameter name, or `input:<name>` for other leaves. */
  leaf?: string;
}

/** An edge of `next_functions`: gradient flows from `from` to `to`. */
export interface GraphEdge {
  from: string;
  to: string;
  /** Position in `from`'s `next_functions`. */
  slot: number;
}

/** The autograd graph of the last backward, possibly truncated for size. */
export interface GraphInfo {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Ids of the roots backward started from (the losses). */
  roots: string[];
  /** Set when nodes were dropped to keep the trace small. */
  truncated?: boolean;
}

/** Per-time-step gradient data of one recurrent layer and direction. */
export interface StepRecord {
  t: number;
  /** ‖h_t‖ (over the batch). */
  hNorm: number;
  /** ‖∂L/∂h_t‖: the total gradient reaching h_t (through the output at t and through h_{t+1}). */
  gradNorm: number;
  /** Spectral norm of ∂h_t/∂h_{t-1}, the largest over the batch. */
  jacobianNorm: number;
  /** ‖contribution of step t to ∂L/∂W_hh‖. */
  whhGradNorm: number;
  /** Fraction of tanh/sigmoid units with |derivative| < 0.01 (or dead relu units). */
  saturation: number;
  /** Whether the loss injects gradient directly at this step's output. */
  lossInjected: boolean;
  /** LSTM: mean forget-gate activation. */
  forgetGate?: number;
  /** LSTM: ‖∂L/∂c_t‖. */
  cellGradNorm?: number;
  /** Heatmap row: ∂L/∂h_t per hidden unit (mean over the batch), when small enough. */
  gradByUnit?: number[];
  source?: SourceLocation;
}

/** One recurrent layer and direction. */
export interface RecurrentTrace {
  module: string;
  /** Layer index within a stacked module. */
  layer: number;
  /** 0 forward, 1 reverse. */
  direction: number;
  /** `'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU'` or a cell type for hand-written loops. */
  kind: string;
  hiddenSize: number;
  /** σ_max(W_hh) at the time of the forward pass. */
  sigmaMax: number;
  steps: StepRecord[];
  source?: SourceLocation;
}

/** A finding, tied to a step, a layer and a line. */
export interface Diagnostic {
  kind: 'vanishing' | 'exploding' | 'nonfinite' | 'saturation' | 'deadUnits';
  severity: 'error' | 'warning' | 'info';
  /** One sentence for people, in English; the UI translates by `kind` and `data`. */
  message: string;
  module?: string;
  layer?: number;
  direction?: number;
  t?: number;
  /** The graph node the finding points at. */
  node?: string;
  source?: SourceLocation;
  /** Numbers behind the finding (e.g. `horizon`, `ratio`, `growth`). */
  data: Record<string, number>;
  /** What to try. */
  suggestion?: string;
}

/** Gradient clipping seen in one iteration. */
export interface ClipRecord {
  maxNorm: number;
  totalNorm: number;
  /** Norm after clipping (min(total, maxNorm) up to 1e-6). */
  clippedNorm: number;
}

/** One training iteration (one backward). */
export interface HistoryEntry {
  iteration: number;
  loss: number | null;
  /** ‖grad‖ per parameter name. */
  gradNorms: Record<string, number>;
  clip?: ClipRecord;
}

/** One line the script printed. */
export interface ConsoleLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Time spent per phase, in milliseconds. */
export interface PhaseTiming {
  phase: string;
  ms: number;
}

/** An error the script raised. */
export interface ScriptError {
  /** PyTorch-style message, e.g. `mat1 and mat2 shapes cannot be multiplied (5x3 and 4x2)`. */
  message: string;
  /** Python-style exception type, e.g. `RuntimeError`, `SyntaxError`. */
  type: string;
  /** Engine error kind, when the engine raised it. */
  kind?: string;
  location?: SourceLocation;
  stack?: string;
}

/** A recorded run. */
export interface Trace {
  version: typeof TRACE_VERSION;
  script: ScriptInfo;
  model: ModelInfo;
  graph: GraphInfo;
  recurrent: RecurrentTrace[];
  diagnostics: Diagnostic[];
  history: HistoryEntry[];
  console: ConsoleLine[];
  timing: PhaseTiming[];
  error?: ScriptError;
}
