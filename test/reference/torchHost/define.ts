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
