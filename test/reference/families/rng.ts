// rng.json: generator output after torch.manual_seed, compared bit-exactly.
import { Tensor } from '../../../src/engine';
import { codeToSource, runPython } from '../pyeval';
import { compareTensor, type RefTensor } from '../cases';
import { createTorchHost } from '../torchHost/host';
import { namedParametersOf } from '../torchHost/nn';
import { referenceGlobals } from './context';

const EXACT = { rtol: 0, atol: 0 };

/** Runs one rng case and returns its failures. */
export function runRngCase(c: Record<string, unknown>): string[] {
  const failures: string[] = [];
  const globals = referenceGlobals();
  runPython(codeToSource(c.code as string), globals, createTorchHost(() => undefined));
  if (c.output) {
    const d = compareTensor('out', globals.get('out'), c.output as RefTensor, EXACT);
    if (d) failures.push(d);
  }
  if (c.outputs) {
    for (const [name, ref] of Object.entries(c.outputs as Record<string, RefTensor>)) {
      const d = compareTensor(name, globals.get(name), ref, EXACT);
      if (d) failures.push(d);
    }
  }
  if (c.params) {
    const model = globals.get('m') ?? globals.get('model');
    const params = namedParametersOf(model);
    const order = (c.param_order as string[]) ?? Object.keys(c.params as object);
    const names = params.map(([n]) => n);
    if (names.join(',') !== order.join(',')) failures.push(`parameter order [${names}] vs reference [${order}]`);
    for (const [name, ref] of Object.entries(c.params as Record<string, RefTensor>)) {
      const p = params.find(([n]) => n === name)?.[1];
      const d = compareTensor(name, p instanceof Tensor ? p : undefined, ref, EXACT);
      if (d) failures.push(d);
    }
  }
  return failures;
}
