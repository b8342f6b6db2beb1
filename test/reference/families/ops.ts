// ops.json and losses.json: run `code`, compare out, grad_fn, grads after backward, aux, dag.
import { Tensor } from '../../../src/engine';
import { codeToSource, runPython } from '../pyeval';
import { compareTensor, fromRef, isRefTensor, toleranceFor, type RefTensor } from '../cases';
import { compareDag, type RefDagNode } from '../dag';
import { createTorchHost } from '../torchHost/host';
import { referenceGlobals } from './context';

/** Runs one op/loss case and returns its failures. */
export function runOpCase(c: Record<string, unknown>): string[] {
  const failures: string[] = [];
  const globals = referenceGlobals();
  const boolInputs = new Set((c.bool_inputs as string[] | undefined) ?? []);
  const requires = new Set((c.requires_grad as string[] | undefined) ?? []);
  const inputs = new Map<string, Tensor>();
  for (const [name, ref] of Object.entries(c.inputs as Record<string, RefTensor>)) {
    const t = fromRef(ref, boolInputs.has(name));
    if (requires.has(name)) t.requiresGrad = true;
    inputs.set(name, t);
    globals.set(name, t);
  }
  runPython(codeToSource(c.code as string), globals, createTorchHost(() => undefined));
  const out = globals.get('out');
  const want = c.output as RefTensor;
  const tol = toleranceFor(want.dtype);
  const diff = compareTensor('output', out, want, tol);
  if (diff) failures.push(diff);
  if (!(out instanceof Tensor)) return failures;
  const gradFn = out.gradFn?.name ?? null;
  if (gradFn !== c.grad_fn) failures.push(`grad_fn ${gradFn} vs reference ${c.grad_fn}`);
  if (typeof c.output_is_input === 'string' && out !== inputs.get(c.output_is_input)) {
    failures.push(`output should be the input tensor ${c.output_is_input} itself`);
  }
  if (c.dag) {
    const d = compareDag(out.gradFn, c.dag as RefDagNode[]);
    if (d) failures.push(d);
  }
  checkAux(c, globals.get('aux'), failures);
  if (c.upstream_grad && out.requiresGrad) {
    out.backward(fromRef(c.upstream_grad as RefTensor));
  }
  for (const [name, ref] of Object.entries((c.grads as Record<string, RefTensor | null>) ?? {})) {
    const g = inputs.get(name)?.grad ?? null;
    if (ref === null) {
      if (g !== null) failures.push(`grad of ${name}: expected None`);
      continue;
    }
    const d = compareTensor(`grad of ${name}`, g, ref, toleranceFor(ref.dtype));
    if (d) failures.push(d);
  }
  return failures;
}

function checkAux(c: Record<string, unknown>, aux: unknown, failures: string[]): void {
  if (!c.aux) return;
  const got = aux instanceof Map ? aux : new Map();
  const gradFns = (c.aux_grad_fn as Record<string, string | null>) ?? {};
  for (const [k, ref] of Object.entries(c.aux as Record<string, unknown>)) {
    const v = got.get(k);
    if (isRefTensor(ref)) {
      const d = compareTensor(`aux ${k}`, v, ref, toleranceFor(ref.dtype));
      if (d) failures.push(d);
    }
    if (k in gradFns && v instanceof Tensor && (v.gradFn?.name ?? null) !== gradFns[k]) {
      failures.push(`aux ${k} grad_fn ${v.gradFn?.name ?? null} vs reference ${gradFns[k]}`);
    }
  }
}
