// The Tensor: storage plus a strided view of it, and its autograd metadata.
// Ops live in ops/ and are attached as methods by tensorMethods.ts, so this file imports no op.
import type { DType, Storage } from './dtype';
import type { Node } from './autograd/node';
import { TorchError } from './errors';
import { contiguousStrides, numel, wrapDim } from './shape';

/** A hook on a tensor's gradient: return a tensor to replace the gradient, or nothing. */
export type GradHook = (grad: Tensor) => Tensor | void;

/** Shared between a tensor and its views, bumped by every in-place write (PyTorch's `_version`). */
export interface VersionCounter {
  version: number;
}

let nextTensorId = 1;

/** A multi-dimensional array with PyTorch's autograd semantics. e.g. `torch.ones(2, 3)` */
export class Tensor {
  /** Stable id, unique within a process; the trace refers to tensors by it. */
  readonly id: number = nextTensorId++;
  storage: Storage;
  shape: number[];
  strides: number[];
  offset: number;
  readonly dtype: DType;
  /** Whether autograd records operations on this tensor (`requires_grad`). */
  requiresGrad = false;
  /** The accumulated gradient of a leaf, or of a tensor that called `retainGrad()`. */
  grad: Tensor | null = null;
  /** The node that created this tensor, or null for a leaf (`grad_fn`). */
  gradFn: Node | null = null;
  /** Which output of `gradFn` this tensor is (`output_nr`). */
  outputNr = 0;
  /** Set for tensors that are `nn.Parameter`s; only changes how they print. */
  isParameter = false;
  /** Set by `retainGrad()` on a non-leaf. */
  retainsGrad = false;
  /** Hooks on the gradient of a leaf (non-leaf hooks live on their grad_fn). */
  leafHooks: GradHook[] | null = null;
  /** The tensor whose storage this view shares, or null. */
  base: Tensor | null = null;
  versionCounter: VersionCounter;
  /** A slot for the one tool observing the engine (the trace recorder caches a tensor's statistics here). */
  meta: unknown = null;

  constructor(storage: Storage, shape: number[], dtype: DType, strides?: number[], offset = 0, version?: VersionCounter) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    this.dtype = dtype;
    this.versionCounter = version ?? { version: 0 };
  }

  /** Number of dimensions (`dim()`). e.g. `torch.ones(2, 3).ndim === 2` */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements (`numel()`). e.g. `torch.ones(2, 3).numel() === 6` */
  numel(): number {
    return numel(this.shape);
  }

  /** `dim()`. e.g. `torch.ones(2, 3).dim() === 2` */
  dim(): number {
    return this.shape.length;
  }

  /** `size(d)` or the whole shape. e.g. `torch.ones(2, 3).size(1) === 3` */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    if (dim === undefined) return this.shape.slice();
    if (this.shape.length === 0) {
      throw new TorchError(`Dimension specified as ${dim} but tensor has no dimensions`, { kind: 'dim', op: 'size' });
    }
    return this.shape[wrapDim(dim, this.shape.length, 'size')];
  }

  /** True for tensors made by the user rather than by a recorded op (`is_leaf`). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The in-place version counter (`_version`). */
  get version(): number {
    return this.versionCounter.version;
  }

  /** Whether the elements are laid out row-major without gaps. */
  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== expected) return false;
      expected *= this.shape[i];
    }
    return true;
  }

  /** Marks the gradient of this non-leaf to be kept in `.grad` (`retain_grad()`). */
  retainGrad(): void {
    if (!this.requiresGrad) {
      throw new TorchError("can't retain_grad on Tensor that has requires_grad=False", { kind: 'autograd', op: 'retain_grad' });
    }
    if (this.gradFn === null || this.retainsGrad) return; // leaves keep their grad anyway
    this.retainsGrad = true;
    this.gradFn.retainGradOf(this.outputNr, this);
  }

  /**
   * Registers a hook called with this tensor's gradient during backward (`register_hook`).
   * e.g. `h.registerHook(g => console.log(g.norm().item()))`
   */
  registerHook(hook: GradHook): { remove(): void } {
    if (!this.requiresGrad) {
      throw new TorchError("cannot register a hook on a tensor that doesn't require gradient", { kind: 'autograd', op: 'register_hook' });
    }
    if (this.gradFn !== null) return this.gradFn.addTensorHook(this.outputNr, hook);
    const hooks = (this.leafHooks ??= []);
    hooks.push(hook);
    return {
      remove: () => {
        const i = hooks.indexOf(hook);
        if (i >= 0) hooks.splice(i, 1);
      },
    };
  }
}
