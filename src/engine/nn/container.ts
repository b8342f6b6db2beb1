// Sequential and ModuleList. Children are registered under the names '0', '1', ... as PyTorch does.
import { TorchError } from '../errors';
import { callModule, Module } from './module';

/**
 * `nn.Sequential(*modules)` (or from an ordered map of names to modules): `call(x)` feeds each
 * child's output to the next. e.g. `new Sequential(new Linear(4, 8), new ReLU())`
 */
export class Sequential extends Module {
  static readonly pyName: string = 'Sequential';

  constructor(...modules: Module[] | [Map<string, Module>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && first instanceof Map) {
      for (const [name, m] of first) this.registerModule(name, m);
    } else {
      (modules as Module[]).forEach((m, i) => this.registerModule(String(i), m));
    }
  }

  /** Number of children (`len(seq)`). */
  get length(): number {
    return this.items().length;
  }

  private items(): Module[] {
    return this.registeredModules().flatMap(([, m]) => (m === null ? [] : [m]));
  }

  /** The child at `index` (negative counts from the end), as `seq[i]`. */
  get(index: number): Module {
    const kids = this.items();
    const i = index < 0 ? index + kids.length : index;
    if (i < 0 || i >= kids.length) throw new TorchError(`index ${index} is out of range`, { kind: 'index', pyType: 'IndexError' });
    return kids[i];
  }

  /** Appends a module (`append`). */
  append(m: Module): this {
    this.registerModule(String(this.registeredModules().length), m);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.items()[Symbol.iterator]();
  }

  override forward(input: unknown): unknown {
    let x = input;
    for (const m of this.items()) x = callModule(m, x);
    return x;
  }
}

/** `nn.ModuleList(modules)`: holds submodules so they are registered; no forward of its own. */
export class ModuleList extends Module {
  static readonly pyName: string = 'ModuleList';

  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  get length(): number {
    return this.items().length;
  }

  private items(): Module[] {
    return this.registeredModules().flatMap(([, m]) => (m === null ? [] : [m]));
  }

  /** The module at `index` (negative counts from the end). */
  get(index: number): Module {
    const kids = this.items();
    const i = index < 0 ? index + kids.length : index;
    if (i < 0 || i >= kids.length) throw new TorchError(`index ${index} is out of range`, { kind: 'index', pyType: 'IndexError' });
    return kids[i];
  }

  append(m: Module): this {
    this.registerModule(String(this.registeredModules().length), m);
    return this;
  }

  extend(ms: Iterable<Module>): this {
    for (const m of ms) this.append(m);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.items()[Symbol.iterator]();
  }
}
