// optim.json: build the optimizer from `code` over the case's parameters, feed the recorded
// gradients step by step, and compare parameters and optimizer state after each step; clipping
// cases compare the return value and the clipped gradients.
import { nn, Tensor } from '../../../src/engine';
import { codeToSource, runPython } from '../pyeval';
import { compareTensor, fromRef, toleranceFor, type RefTensor } from '../cases';
import { createTorchHost } from '../torchHost/host';
import { referenceGlobals } from './context';

interface Step {
  params: RefTensor[];
  state: Record<string, RefTensor | number | null>[];
}

function tol(dtype: string) {
  return toleranceFor(dtype);
}

/** Runs one optim case and returns its failures. */
export function runOptimCase(c: Record<string, unknown>): string[] {
  const failures: string[] = [];
  const globals = referenceGlobals();
  const host = createTorchHost(() => undefined);
  if (c.function) {
    const params = (c.params as RefTensor[]).map((r) => new nn.Parameter(fromRef(r)));
    (c.grads_before as RefTensor[]).forEach((g, j) => (params[j].grad = fromRef(g)));
    globals.set('params', params);
    runPython(codeToSource(c.code as string), globals, host);
    const total = globals.get('total');
    const want = c.return_value as RefTensor | null;
    if (want === null) {
      if (total !== null && total !== undefined) failures.push('return value: expected None');
    } else {
      const d = compareTensor('return value', total, want, tol(want.dtype));
      if (d) failures.push(d);
    }
    (c.grads_after as RefTensor[]).forEach((g, j) => {
      const d = compareTensor(`grad ${j}`, params[j].grad, g, tol(g.dtype));
      if (d) failures.push(d);
    });
    return failures;
  }
  const params = (c.params_init as RefTensor[]).map((r) => new nn.Parameter(fromRef(r)));
  globals.set('params', params);
  runPython(codeToSource(c.code as string), globals, host);
  const opt = globals.get('opt') as { step(): void; state: Map<Tensor, Record<string, unknown>> };
  const grads = c.grads as RefTensor[][];
  (c.steps as Step[]).forEach((step, k) => {
    grads[k].forEach((g, j) => (params[j].grad = fromRef(g)));
    opt.step();
    step.params.forEach((ref, j) => {
      const d = compareTensor(`step ${k} param ${j}`, params[j], ref, tol(ref.dtype));
      if (d) failures.push(d);
    });
    step.state.forEach((st, j) => {
      const ours = opt.state.get(params[j]) ?? {};
      for (const [key, ref] of Object.entries(st)) {
        const got = ours[key];
        if (ref === null || typeof ref === 'number') {
          const gv = got instanceof Tensor ? got.item() : got;
          if ((gv ?? null) !== ref) failures.push(`step ${k} state ${j}.${key}: ${String(gv)} vs reference ${String(ref)}`);
          continue;
        }
        const d = compareTensor(`step ${k} state ${j}.${key}`, got, ref, tol(ref.dtype));
        if (d) failures.push(d);
      }
    });
  });
  return failures;
}
