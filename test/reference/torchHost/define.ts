// Helpers that declare Python-callable bindings over the engine.
import { PyBuiltin, PyTuple } from '../pyeval';
import { bind, type Bound } from './signature';

/** A Python function `name(spec...)` implemented by `impl` over the bound arguments. */
export function pyFn(name: string, spec: readonly string[], impl: (a: Bound) => unknown): PyBuiltin {
  return new PyBuiltin(name, (args, kwargs) => impl(bind(name, spec, args, kwargs)));
}

/** A tuple of results, as PyTorch returns (values, indices) etc. */
export function tuple(items: readonly unknown[]): PyTuple {
  return new PyTuple(items);
}

/**
 * `torch.return_types.<name>(values=..., indices=...)`: a tuple whose items are also the
 * attributes `values` and `indices` (unpacking, indexing and len work as on a tuple).
 */
export class ReturnTypes {
  constructor(readonly name: string, readonly values: unknown, readonly indices: unknown) {}
  getAttr(attr: string): unknown {
    if (attr === 'values') return this.values;
    if (attr === 'indices') return this.indices;
    if (attr === '__getitem__') {
      return pyFn('__getitem__', ['key'], (a) => {
        const k = Number(a.key);
        const items = [this.values, this.indices];
        const v = items[k < 0 ? k + 2 : k];
        if (v === undefined || !Number.isInteger(k)) throw new RangeError('tuple index out of range');
        return v;
      });
    }
    if (attr === '__iter__') return pyFn('__iter__', [], () => [this.values, this.indices]);
    if (attr === '__len__') return pyFn('__len__', [], () => 2n);
    return undefined;
  }
  toString(): string {
    return `torch.return_types.${this.name}(values=${String(this.values)}, indices=${String(this.indices)})`;
  }
}
