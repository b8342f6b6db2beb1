// Python globals for running reference `code` on the engine.
import { mathModule, PyModule } from '../pyeval';
import { functionalFunctions, torchFunctions } from '../torchHost/functions';
import { nnModule } from '../torchHost/nn';

/** Fresh globals with `torch`, `nn`, `F` and `math` in scope, as the reference generator had. */
export function referenceGlobals(): Map<string, unknown> {
  const F = new PyModule('torch.nn.functional', functionalFunctions());
  const nn = nnModule(F);
  const torchAttrs = torchFunctions();
  torchAttrs.set('nn', nn);
  const torch = new PyModule('torch', torchAttrs);
  return new Map<string, unknown>([
    ['torch', torch],
    ['nn', nn],
    ['F', F],
    ['math', mathModule],
  ]);
}
