// grad_fn nodes: one FunctionNode per recorded op (named as PyTorch 1.13 names it) and one
// AccumulateGrad per leaf that requires grad.
import { legacyTypeName, type DType } from '../dtype';
import { TorchError } from '../errors';
import type { GradHook, Tensor } from '../tensor';
import { accumulateGrad, retainGradient } from './accumulate';
import type { NodeTags } from './tags';

/** One slot of `next_functions`: the node a gradient flows to and its input slot, or null. */
export type Edge = readonly [Node | null, number];

/** Non-tensor arguments a backward formula needs (dims, scalars, flags). */
export type SavedArgs = Record<string, number | boolean | string | null | readonly number[] | readonly (readonly number[])[]>;

/** Shape and dtype of a tensor, kept instead of the tensor itself. */
export interface TensorMeta {
  shape: readonly number[];
  dtype: DType;
}

let nextNodeId = 1;

/** A node of the autograd graph (`grad_fn`). */
export abstract class Node {
  /** Stable id; also the creation order, which orders backward like PyTorch's sequence_nr. */
  readonly id: number = nextNodeId++;
  /** The PyTorch class name, e.g. `'AddmmBackward0'`. */
  abstract readonly name: string;
  /** Where each input's gradient goes, in PyTorch's order. */
  nextFunctions: Edge[];
  /** Tags in scope when the node was made (time step, module path, ...). */
  readonly tags: NodeTags | null;
  /** A slot for the one tool observing the engine (the trace recorder keeps its per-node record here). */
  meta: unknown = null;
  /** Hooks on the gradient of each output, by output number. */
  tensorHooks: Map<number, GradHook[]> | null = null;
  /** Order in backward's ready queue: the latest-created node first, AccumulateGrad last of all. */
  priority: number = this.id;
  /** Backward bookkeeping, valid while `mark` equals the running backward's generation. */
  mark = 0;
  deps = 0;
  buffer: (Tensor | null)[] | null = null;
  /** Non-leaf tensors that asked to keep their gradient, by output number. */
  retained: Map<number, Tensor> | null = null;
  private edges: Edge[] | null = null;

  constructor(nextFunctions: Edge[], tags: NodeTags | null) {
    this.nextFunctions = nextFunctions;
    this.tags = tags;
  }

  /** Number of outputs (gradient slots) this node receives. */
  abstract get numOutputs(): number;

  /** Maps output gradients to input gradients, in `nextFunctions` order. */
  abstract apply(grads: (Tensor | null)[], sinks?: SinkFinder | null, onSunk?: SunkListener | null): (Tensor | null)[];

  /** The edge `[this, outputNr]` that consumers of output `outputNr` point along (one shared tuple per output). */
  edgeTo(outputNr: number): Edge {
    const edges = (this.edges ??= []);
    return (edges[outputNr] ??= [this, outputNr]);
  }

  /** Frees saved tensors after a backward without `retainGraph`. */
  release(): void {}

  /** Registers a gradient hook on output `outputNr`. */
  addTensorHook(outputNr: number, hook: GradHook): { remove(): void } {
    const map = (this.tensorHooks ??= new Map());
    let hooks = map.get(outputNr);
    if (!hooks) map.set(outputNr, (hooks = []));
    const list = hooks;
    list.push(hook);
    return {
      remove: () => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
      },
    };
  }

  /** Keeps the gradient of output `outputNr` in `tensor.grad`. */
  retainGradOf(outputNr: number, tensor: Tensor): void {
    (this.retained ??= new Map()).set(outputNr, tensor);
    // an ordinary hook, so hooks registered before retain_grad() change what .grad keeps (PyTorch 1.13)
    this.addTensorHook(outputNr, (g) => retainGradient(tensor, g));
  }

  toString(): string {
    return `<${this.name} object>`;
  }
}

/** What a backward formula sees: saved tensors, saved arguments and the inputs' metadata. */
export interface BackwardCtx {
  /** Tensors saved by the forward op (checked against in-place changes). */
  readonly saved: readonly Tensor[];
  readonly args: SavedArgs;
  /** Shape and dtype of each input, in `nextFunctions` order (null for a wrapped scalar). */
  readonly inputs: readonly (TensorMeta | null)[];
  /** Whether each input needs a gradient (`needs_input_grad`). */
  readonly needs: readonly boolean[];
  /** Shape and dtype of each output. */
  readonly outputs: readonly TensorMeta[];
  /**
   * The private buffer that input i's gradient, a product with inner dimension `inner`, would be
   * added into, or null. A formula may add its gradient for input i there itself (same rounding),
   * call `sunk` and return null for it. Backward offers one only when nothing can tell the
   * difference: no hooks or captures on the way, and for observers only outer products.
   */
  readonly sink: (i: number, inner: number) => Tensor | null;
  /** Tells backward that input i's gradient, `a @ b`, went into its sink (observers get the factors). */
  readonly sunk: (i: number, a: Tensor, b: Tensor) => void;
}

/** Finds the buffer a node's gradient for its input i would be summed into (see `BackwardCtx.sink`); `inner`: the inner dimension of the product to be added. */
export type SinkFinder = (node: Node, i: number, inner: number) => Tensor | null;

/** Told by a formula that input i's gradient `a @ b` went into its sink. */
export type SunkListener = (i: number, a: Tensor, b: Tensor) => void;

const noSink = (): null => null;
const noSunk = (): void => {};

/**
 * The tensors saved with `saveIf`, back in their slots (null where the flag was off); the flags
 * are the same conditions, read from `ctx.needs`. e.g. `const [a, b] = savedSlots(ctx, [ctx.needs[1], ctx.needs[0]])`
 */
export function savedSlots(ctx: BackwardCtx, flags: readonly boolean[]): (Tensor | null)[] {
  let k = 0;
  return flags.map((f) => (f ? ctx.saved[k++] : null));
}

/** A backward formula: output gradients in, input gradients out (null where none is needed). */
export type BackwardFn = (ctx: BackwardCtx, grads: (Tensor | null)[]) => (Tensor | null)[];

const FREED_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
  'already been freed). Saved intermediate values of the graph are freed when you call .backward() or ' +
  'autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or ' +
  'if you need to access saved tensors after calling backward.';

/** The node of a recorded op; its backward formula comes from the typed formula table. */
export class FunctionNode extends Node {
  readonly name: string;
  private readonly fn: BackwardFn;
  private savedTensors: Tensor[] | null;
  private readonly savedVersions: number[];
  private readonly args: SavedArgs;
  private readonly inputs: (TensorMeta | null)[];
  private readonly outputs: TensorMeta[];
  private needs: boolean[] | null = null;

  constructor(
    name: string,
    fn: BackwardFn,
    nextFunctions: Edge[],
    tags: NodeTags | null,
    inputs: (TensorMeta | null)[],
    outputs: TensorMeta[],
    saved: Tensor[],
    args: SavedArgs,
  ) {
    super(nextFunctions, tags);
    this.name = name;
    this.fn = fn;
    this.inputs = inputs;
    this.outputs = outputs;
    this.savedTensors = saved;
    this.savedVersions = new Array<number>(saved.length);
    for (let i = 0; i < saved.length; i++) this.savedVersions[i] = saved[i].versionCounter.version;
    this.args = args;
  }

  get numOutputs(): number {
    return this.outputs.length;
  }

  /** Whether saved tensors were freed by an earlier backward. */
  get released(): boolean {
    return this.savedTensors === null;
  }

  apply(grads: (Tensor | null)[], sinks: SinkFinder | null = null, onSunk: SunkListener | null = null): (Tensor | null)[] {
    const saved = this.savedTensors;
    if (saved === null) throw new TorchError(FREED_MESSAGE, { kind: 'autograd', op: this.name });
    for (let i = 0; i < saved.length; i++) {
      const t = saved[i];
      if (t.versionCounter.version !== this.savedVersions[i]) {
        throw new TorchError(
          'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
            `[${legacyTypeName(t.dtype)} [${t.shape.join(', ')}]]` +
            (t.gradFn !== null ? `, which is output ${t.outputNr} of ${t.gradFn.name},` : '') +
            ` is at version ${t.versionCounter.version}; expected version ${this.savedVersions[i]} instead. ` +
            'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with ' +
            'torch.autograd.set_detect_anomaly(True).',
          { kind: 'autograd', op: this.name },
        );
      }
    }
    const needs = (this.needs ??= this.nextFunctions.map((e) => e[0] !== null));
    const sink = sinks === null ? noSink : (i: number, inner: number) => sinks(this, i, inner);
    return this.fn({ saved, args: this.args, inputs: this.inputs, needs, outputs: this.outputs, sink, sunk: onSunk ?? noSunk }, grads);
  }

  override release(): void {
    // Nodes with nothing saved can run again, as in PyTorch.
    if (this.savedTensors !== null && this.savedTensors.length > 0) this.savedTensors = null;
  }

  /** Shape and dtype of output `i`. */
  outputMeta(i: number): TensorMeta | undefined {
    return this.outputs[i];
  }

  /** Metadata of input `i` (for checking the shapes formulas return). */
  inputMeta(i: number): TensorMeta | null {
    return this.inputs[i];
  }
}


/** The sink of a leaf's gradient: runs the leaf's hooks and adds into `variable.grad`. */
export class AccumulateGrad extends Node {
  readonly name = 'AccumulateGrad';
  /** The leaf tensor (`variable`). */
  readonly variable: Tensor;
  constructor(variable: Tensor, tags: NodeTags | null) {
    super([], tags);
    this.variable = variable;
    this.priority = Number.POSITIVE_INFINITY;
  }

  get numOutputs(): number {
    return 1;
  }

  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    let g = grads[0];
    if (g === null) return [];
    const hooks = this.variable.leafHooks;
    if (hooks) {
      for (const hook of hooks) {
        const r = hook(g);
        if (r) g = r;
      }
    }
    accumulateGrad(this.variable, g);
    return [];
  }
}

const accumulators = new WeakMap<Tensor, AccumulateGrad>();

/** The (cached) AccumulateGrad node of a leaf that requires grad. */
export function gradAccumulator(leaf: Tensor): AccumulateGrad {
  let node = accumulators.get(leaf);
  if (!node) {
    node = new AccumulateGrad(leaf, null);
    accumulators.set(leaf, node);
  }
  return node;
}
