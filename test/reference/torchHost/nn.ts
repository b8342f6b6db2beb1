// `torch.nn` for the reference runner: `nn.functional` and, as the engine grows, its modules.
import { PyModule } from '../pyeval';

/** The `nn` module object. */
export function nnModule(F: PyModule): PyModule {
  return new PyModule('torch.nn', new Map<string, unknown>([['functional', F]]));
}

/** `model.named_parameters()` of a module object, as [name, tensor] pairs. */
export function namedParametersOf(model: unknown): [string, unknown][] {
  const m = model as { namedParameters?: () => Iterable<[string, unknown]> } | undefined;
  if (!m || typeof m.namedParameters !== 'function') throw new Error('unsupported: nn modules are not bound yet');
  return [...m.namedParameters()];
}
