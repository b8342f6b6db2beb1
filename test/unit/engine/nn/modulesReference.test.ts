// Every structured case of modules.json rebuilt in JS and compared with PyTorch 1.13.1: parameters
// bit-exact after torch.manualSeed, outputs / loss / gradients within tolerance (float32, and the
// float64 re-run), grad_fn names, and the full grad_fn DAG node for node.
import assert from 'node:assert/strict';
import type { Tensor } from '../../../../src/engine';
import {
  dagOf,
  isStructured,
  leafNames,
  loadCases,
  maxRelError,
  refValues,
  runCase,
  runCaseFloat64,
  type CaseRun,
  type RefCase,
  type RefTensor,
} from './refCases';

/** float32: 1e-5 relative, 1e-4 for sequences longer than 5 steps. */
function tolerance32(c: RefCase): number {
  const sizes = (c as { sizes?: { T?: number } }).sizes;
  return sizes?.T !== undefined && sizes.T > 5 ? 1e-4 : 1e-5;
}

const TOL64 = 1e-10;

function close(what: string, actual: Tensor | null | undefined, expected: RefTensor | null | undefined, tol: number): void {
  if (expected === null || expected === undefined) {
    assert.ok(actual === null || actual === undefined, `${what}: expected no value`);
    return;
  }
  assert.ok(actual, `${what}: missing`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const err = maxRelError(actual.toArray(), refValues(expected));
  assert.ok(err <= tol, `${what}: max relative error ${err} > ${tol}`);
}

function compareValues(c: RefCase, run: CaseRun, ref: NonNullable<RefCase['float64']> | RefCase, tol: number): void {
  for (const [n, o] of run.outputs) close(`output ${n}`, o, ref.outputs[n], tol);
  close('loss', run.loss, ref.loss, tol);
  for (const [n, p] of run.module.namedParameters()) close(`grad of ${n}`, p.grad, ref.param_grads[n], tol);
  for (const [n, t] of run.inputs) if (n in ref.input_grads) close(`grad of input ${n}`, t.grad, ref.input_grads[n], tol);
}

describe('nn modules vs PyTorch 1.13.1 (modules.json)', () => {
  const cases = loadCases('modules.json').filter(isStructured);

  it('covers the structured cases', () => {
    assert.ok(cases.length >= 90, `only ${cases.length} cases`);
  });

  for (const c of cases) {
    describe(c.name, () => {
      let run: CaseRun;
      before(() => {
        run = runCase(c);
      });

      it('initialises the parameters bit-exactly from the seed', () => {
        assert.deepEqual(
          run.module.namedParameters().map(([n]) => n),
          Object.keys(c.params),
        );
        for (const [n, ref] of Object.entries(c.params)) assert.deepEqual(run.initialParams.get(n), refValues(ref), n);
      });

      it('draws the same inputs', () => {
        for (const [n, t] of run.inputs) assert.deepEqual(Array.from(t.toArray()), refValues(c.inputs[n]), n);
      });

      it('matches outputs, loss and gradients (float32)', () => {
        compareValues(c, run, c, tolerance32(c));
        if (c.recorded?.weight_after_forward) {
          const w = run.module.namedParameters()[0][1];
          assert.deepEqual(Array.from(w.toArray()), refValues(c.recorded.weight_after_forward), 'weight after max_norm renorm');
        }
      });

      it('names the grad_fns as PyTorch', () => {
        for (const [n, o] of run.outputs) assert.equal(o.gradFn?.name ?? null, c.output_grad_fn[n], n);
        assert.equal(run.loss.gradFn?.name, c.loss_grad_fn);
      });

      it('builds the same grad_fn DAG', () => {
        assert.deepEqual(dagOf(run.loss, leafNames(run)), c.dag);
      });

      if (c.float64) {
        it('matches the float64 re-run', () => {
          compareValues(c, runCaseFloat64(c, run), c.float64!, TOL64);
        });
      }
    });
  }
});
