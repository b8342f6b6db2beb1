// Python globals for running reference `code` on the engine.
import { mathModule, PyModule } from '../pyeval';
import { functionalFunctions, torchFunctions } from '../torchHost/functions';
import { PyBuiltin } from '../pyeval';
import { ModuleView, RnnModel, nnModule, optimModule } from '../torchHost/nn';

/** Fresh globals with `torch`, `nn`, `F` and `math` in scope, as the reference generator had. */
export function referenceGlobals(): Map<string, unknown> {
  const F = new PyModule('torch.nn.functional', functionalFunctions());
  const nn = nnModule(F);
  const torchAttrs = torchFunctions();
  torchAttrs.set('nn', nn);
  torchAttrs.set('optim', optimModule());
  const torch = new PyModule('torch', torchAttrs);
  return new Map<string, unknown>([
    ['torch', torch],
    ['nn', nn],
    ['F', F],
    ['math', mathModule],
    ['RnnModel', new PyBuiltin('RnnModel', () => ModuleView.of(new RnnModel()))],
  ]);
}
