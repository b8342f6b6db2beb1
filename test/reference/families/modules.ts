// modules.json and gradfn.json: run the script, then compare the initial parameters (bit-exact),
// the drawn inputs, outputs, loss, grad_fn names, gradients after loss.backward() and the dag.
import type { AccumulateGrad} from '../../../src/engine';
import { nn, Tensor, torch } from '../../../src/engine';
import { codeToSource, runPython } from '../pyeval';
import { compareTensor, fromRef, toleranceFor, type RefTensor, type Tolerance } from '../cases';
import { compareDag, type RefDagNode } from '../dag';
import { createTorchHost } from '../torchHost/host';
import { namedParametersOf, unwrap } from '../torchHost/nn';
import { referenceGlobals } from './context';

const EXACT: Tolerance = { rtol: 0, atol: 0 };

/** Finds the parameter `name` ('w', 'rnn.weight_ih_l0', or a bare name of the module `m`/`model`). */
function parameter(globals: Map<string, unknown>, name: string): Tensor | undefined {
  const direct = globals.get(name);
  if (direct instanceof Tensor) return direct;
  const dot = name.indexOf('.');
  if (dot > 0 && globals.has(name.slice(0, dot))) {
    const found = namedParametersOf(globals.get(name.slice(0, dot))).find(([n]) => n === name.slice(dot + 1));
    if (found) return found[1];
  }
  for (const owner of ['m', 'model']) {
    if (!globals.has(owner)) continue;
    const found = namedParametersOf(globals.get(owner)).find(([n]) => n === name);
    if (found) return found[1];
  }
  return undefined;
}

/** Long sequences accumulate float32 rounding: 1e-4 beyond 5 steps, as the issue allows. */
function tolerance(c: Record<string, unknown>, dtype: string): Tolerance {
  const inputs = Object.values((c.inputs as Record<string, RefTensor>) ?? {});
  const recurrent = /RNN|LSTM|GRU|rnn|lstm|gru/.test(String(c.name));
  const long = recurrent && inputs.some((t) => t.shape.length >= 2 && Math.max(t.shape[0], t.shape[1]) > 5);
  return toleranceFor(dtype, long);
}

/** Runs one modules/gradfn case and returns its failures. */
export function runModuleCase(c: Record<string, unknown>): string[] {
  const failures: string[] = [];
  const globals = referenceGlobals();
  const host = createTorchHost(() => undefined);
  const lines = c.code as string[];
  const backwardAt = lines.findIndex((l) => /^loss\.backward\(\)/.test(l.trim()));
  const names = new Map<Tensor, string>();
  // run line by line up to the backward; initial parameters are checked as soon as they exist
  // (a forward may change them, e.g. Embedding's max_norm), the rest of the state afterwards
  const pending = new Map(Object.entries((c.params as Record<string, RefTensor>) ?? {}));
  for (const line of lines.slice(0, backwardAt < 0 ? lines.length : backwardAt)) {
    runPython(line, globals, host);
    for (const [name, ref] of pending) {
      const p = parameter(globals, name);
      if (!p) continue;
      pending.delete(name);
      names.set(p, name);
      const d = compareTensor(`param ${name}`, p, ref, EXACT);
      if (d) failures.push(d);
    }
  }
  for (const name of pending.keys()) failures.push(`param ${name}: not found`);
  for (const [name, ref] of Object.entries((c.inputs as Record<string, RefTensor>) ?? {})) {
    const v = globals.get(name);
    if (v instanceof Tensor) names.set(v, name);
    const d = compareTensor(`input ${name}`, v, ref, toleranceFor(ref.dtype));
    if (d) failures.push(d);
  }
  for (const [name, ref] of Object.entries((c.outputs as Record<string, RefTensor>) ?? {})) {
    const d = compareTensor(`output ${name}`, unwrap(globals.get(name)), ref, tolerance(c, ref.dtype));
    if (d) failures.push(d);
  }
  const loss = globals.get('loss');
  if (c.loss) {
    const d = compareTensor('loss', loss, c.loss as RefTensor, tolerance(c, 'float32'));
    if (d) failures.push(d);
  }
  if (!(loss instanceof Tensor)) return [...failures, 'no loss tensor'];
  if ((loss.gradFn?.name ?? null) !== c.loss_grad_fn) failures.push(`loss grad_fn ${loss.gradFn?.name} vs reference ${c.loss_grad_fn}`);
  const outputGradFn = c.output_grad_fn as Record<string, string | null> | string | null | undefined;
  if (outputGradFn && typeof outputGradFn === 'object') {
    for (const [name, want] of Object.entries(outputGradFn)) {
      const v = unwrap(globals.get(name));
      const got = v instanceof Tensor ? (v.gradFn?.name ?? null) : undefined;
      if (got !== want) failures.push(`${name} grad_fn ${got} vs reference ${want}`);
    }
  }
  if (c.dag) {
    const d = compareDag(loss.gradFn, c.dag as RefDagNode[], (n: AccumulateGrad) => names.get(n.variable));
    if (d) failures.push(d);
  }
  if (backwardAt >= 0) runPython(codeToSource(lines.slice(backwardAt)), globals, host);
  for (const [name, ref] of Object.entries((c.param_grads as Record<string, RefTensor | null>) ?? {})) {
    const g = parameter(globals, name)?.grad ?? null;
    if (ref === null) {
      if (g !== null) failures.push(`grad of ${name}: expected None`);
      continue;
    }
    const d = compareTensor(`grad of ${name}`, g, ref, tolerance(c, ref.dtype));
    if (d) failures.push(d);
  }
  for (const [name, ref] of Object.entries((c.input_grads as Record<string, RefTensor | null>) ?? {})) {
    const v = globals.get(name);
    const g = v instanceof Tensor ? v.grad : null;
    if (ref === null) {
      if (g !== null) failures.push(`grad of ${name}: expected None`);
      continue;
    }
    const d = compareTensor(`grad of ${name}`, g, ref, tolerance(c, ref.dtype));
    if (d) failures.push(d);
  }
  checkFloat64(c, globals, host, lines, backwardAt, failures);
  return failures;
}

/**
 * The `float64` re-run: upcast the modules, inputs and constants, re-run the call and loss lines
 * and the backward, and compare within 1e-10.
 */
function checkFloat64(
  c: Record<string, unknown>,
  globals: Map<string, unknown>,
  host: ReturnType<typeof createTorchHost>,
  lines: string[],
  backwardAt: number,
  failures: string[],
): void {
  const f64 = c.float64 as Record<string, Record<string, RefTensor | null> | RefTensor> | undefined;
  if (!f64 || typeof f64 !== 'object' || !('loss' in f64)) return;
  const given = new Set([...Object.keys((c.inputs as object) ?? {}), ...Object.keys((c.constants as object) ?? {})]);
  for (const [name, v] of globals) {
    const m = unwrap(v);
    if (m instanceof nn.Module) m.double();
    else if (v instanceof Tensor && given.has(name) && v.dtype === 'float32') {
      // the reference's own values, upcast, so float32 rounding differences do not carry over
      const refs = { ...((c.inputs as object) ?? {}), ...((c.constants as object) ?? {}) } as Record<string, RefTensor>;
      const d = fromRef(refs[name]).double();
      d.requiresGrad = v.requiresGrad;
      globals.set(name, d);
    }
  }
  for (const [, v] of globals) if (unwrap(v) instanceof nn.Module) (unwrap(v) as nn.Module).zeroGrad(true);
  const assigned = (l: string): string | null => /^([A-Za-z_]\w*)\s*=/.exec(l.trim())?.[1] ?? null;
  const rerun = lines
    .slice(0, backwardAt < 0 ? lines.length : backwardAt)
    .filter((l) => {
      const name = assigned(l) ?? '';
      return !/manual_seed/.test(l) && !given.has(name) && !(unwrap(globals.get(name)) instanceof nn.Module);
    });
  // the same initial parameter values, upcast (a forward may have changed them, e.g. max_norm)
  for (const [name, ref] of Object.entries((c.params as Record<string, RefTensor>) ?? {})) {
    torch.noGrad(() => parameter(globals, name)?.copy_(fromRef(ref).double()));
  }
  runPython(codeToSource([...rerun, 'loss.backward()']), globals, host);
  const tol = toleranceFor('float64');
  const outs = (f64.outputs as Record<string, RefTensor>) ?? {};
  for (const [name, ref] of Object.entries(outs)) {
    const d = compareTensor(`float64 output ${name}`, unwrap(globals.get(name)), ref, tol);
    if (d) failures.push(d);
  }
  const d = compareTensor('float64 loss', globals.get('loss'), f64.loss as RefTensor, tol);
  if (d) failures.push(d);
  for (const [name, ref] of Object.entries((f64.param_grads as Record<string, RefTensor | null>) ?? {})) {
    if (ref === null) continue;
    const e = compareTensor(`float64 grad of ${name}`, parameter(globals, name)?.grad ?? null, ref, tol);
    if (e) failures.push(e);
  }
  for (const [name, ref] of Object.entries((f64.input_grads as Record<string, RefTensor | null>) ?? {})) {
    const v = globals.get(name);
    if (ref === null || !(v instanceof Tensor)) continue;
    const e = compareTensor(`float64 grad of ${name}`, v.grad, ref, tol);
    if (e) failures.push(e);
  }
}
