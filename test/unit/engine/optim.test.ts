// Optimizers and gradient clipping against PyTorch 1.13.1 (shared/reference/pytorch-1.13.1/optim.json,
// repr.json `optim/*`). Each case is built from its `optimizer` + `defaults` (and again from the
// keyword arguments in its `code`), never by case name, so new cases with other hyper-parameters
// are checked without touching this file. float32 values are compared bit for bit where they
// agree and within 1e-5 relative otherwise; float64 within 1e-10.
// Extra reference files in the same format can be added with OPTIM_EXTRA_REFERENCE=a.json:b.json.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { torch } from '../../../src/engine/torch';
import { Tensor } from '../../../src/engine/tensor';
import {
  Adam,
  AdamW,
  Adagrad,
  clipGradNorm_,
  clipGradValue_,
  optim,
  type Optimizer,
  pyPow,
  RMSprop,
  SGD,
  StepLR,
  ExponentialLR,
  MultiStepLR,
  vectorNorm,
  type ParamGroupInput,
} from '../../../src/engine/optim';
import { pyNumberRepr } from '../../../src/engine/optim/pyScalar';
import { observeEngine, type EngineEvent } from '../../../src/engine/autograd/observers';
import * as engine from '../../../src/engine';

// ---------------------------------------------------------------- reference format

type Datum = number | string;
interface RefTensor {
  shape: number[];
  dtype: 'float32' | 'float64';
  data: Datum[];
}
type RefState = Record<string, RefTensor | number | null>;
interface OptimCase {
  name: string;
  code: string;
  dtype: string;
  optimizer?: string;
  defaults?: Record<string, unknown>;
  params_init?: RefTensor[];
  grads?: RefTensor[][];
  steps?: { params: RefTensor[]; state: RefState[] }[];
  function?: string;
  params?: RefTensor[];
  grads_before?: RefTensor[];
  return_value?: RefTensor | null;
  grads_after?: RefTensor[];
}
interface ReprCase {
  name: string;
  code: string;
  str: string;
  repr: string;
}

const REF_DIR = path.resolve(__dirname, '../../../../shared/reference/pytorch-1.13.1');
const OPTIM_FILES = [path.join(REF_DIR, 'optim.json'), ...(process.env.OPTIM_EXTRA_REFERENCE ?? '').split(':').filter((f) => f !== '')];

function loadCases<T>(file: string): T[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: T[] }).cases;
}

function datum(d: Datum): number {
  if (typeof d === 'number') return d;
  return d === 'NaN' ? NaN : d === 'Infinity' ? Infinity : -Infinity;
}

function fromRef(t: RefTensor): Tensor {
  const data = t.dtype === 'float32' ? Float32Array.from(t.data, datum) : Float64Array.from(t.data, datum);
  return torch.fromArray(data, t.shape, { dtype: t.dtype });
}

function param(t: RefTensor): Tensor {
  const p = fromRef(t).requiresGrad_();
  p.isParameter = true;
  return p;
}

// ---------------------------------------------------------------- comparison with counts

const tally = { compared: 0, bitExact: 0, f32: 0, f32BitExact: 0, f64: 0, f64BitExact: 0 };

function assertClose(actual: Tensor, expected: RefTensor, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  const a = actual.toArray();
  const e = Float64Array.from(expected.data, datum).map((v) => (expected.dtype === 'float32' ? Math.fround(v) : v));
  const tol = expected.dtype === 'float32' ? 1e-5 : 1e-10;
  let exact = true;
  for (let i = 0; i < e.length; i++) {
    if (Object.is(a[i], e[i]) || (a[i] === e[i])) continue;
    exact = false;
    const ok = (Number.isNaN(a[i]) && Number.isNaN(e[i])) || Math.abs(a[i] - e[i]) <= tol * Math.max(Math.abs(a[i]), Math.abs(e[i])) + 1e-30;
    assert.ok(ok, `${what}[${i}]: got ${a[i]}, expected ${e[i]} (rel ${Math.abs(a[i] - e[i]) / Math.abs(e[i])})`);
  }
  if (!exact && process.env.OPTIM_DEBUG) console.log('not bit-exact:', what, expected.dtype, Array.from(a).filter((v, i) => v !== e[i]).length);
  tally.compared++;
  if (expected.dtype === 'float32') tally.f32++;
  else tally.f64++;
  if (exact) {
    tally.bitExact++;
    if (expected.dtype === 'float32') tally.f32BitExact++;
    else tally.f64BitExact++;
  }
}

// ---------------------------------------------------------------- Python keyword arguments in `code`

type PyValue = number | boolean | null | PyValue[];

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

function pyValue(src: string): PyValue {
  const s = src.trim();
  if (s === 'True') return true;
  if (s === 'False') return false;
  if (s === 'None') return null;
  if (s.startsWith('-') && Number.isNaN(Number(s))) return -(pyValue(s.slice(1)) as number);
  const f = /^float\(\s*['"](-?)inf['"]\s*\)$/.exec(s);
  if (f) return f[1] === '-' ? -Infinity : Infinity;
  if (s === 'math.inf' || s === 'inf') return Infinity;
  if ((s.startsWith('(') && s.endsWith(')')) || (s.startsWith('[') && s.endsWith(']'))) {
    return splitTopLevel(s.slice(1, -1)).map(pyValue);
  }
  const n = Number(s);
  if (!Number.isNaN(n)) return n;
  throw new Error(`cannot read Python value ${s}`);
}

/** The callee and keyword arguments of the call in `code`. e.g. `torch.optim.SGD(params, lr=0.1)` */
function parseCall(code: string): { callee: string; kwargs: Record<string, PyValue> } {
  const m = /([\w.]+)\((.*)\)\s*$/s.exec(code.trim().replace(/^\w+\s*=(?!=)/, ''));
  if (!m) throw new Error(`no call in ${code}`);
  const kwargs: Record<string, PyValue> = {};
  for (const arg of splitTopLevel(m[2])) {
    const k = /^(\w+)\s*=(?!=)(.*)$/s.exec(arg);
    if (k) kwargs[k[1]] = pyValue(k[2]);
  }
  return { callee: m[1], kwargs };
}

const classes: Record<string, new (params: Iterable<Tensor> | Iterable<ParamGroupInput>, options?: object) => Optimizer<object>> = {
  SGD,
  Adam,
  AdamW,
  RMSprop,
  Adagrad,
};

function optimizerClass(name: string) {
  const cls = classes[name];
  assert.ok(cls !== undefined, `no optimizer ${name}`);
  return cls;
}

/** Group options under Python names, for comparing with `defaults`. */
function snakeOptions(opt: Optimizer<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opt.paramGroups[0])) {
    if (k !== 'params') out[k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}

// ---------------------------------------------------------------- reference cases

for (const file of OPTIM_FILES) {
  const present = existsSync(file);
  describe(`optim reference: ${path.basename(file)}`, () => {
    if (!present) {
      it.skip(`${file} not found`);
      return;
    }
    const cases = loadCases<OptimCase>(file);

    for (const c of cases.filter((x) => x.optimizer !== undefined)) {
      it(c.name, () => {
        const Cls = optimizerClass(c.optimizer as string);
        const params = (c.params_init as RefTensor[]).map(param);
        const opt = new Cls(params, c.defaults);
        // The same optimizer from only the keyword arguments in `code`: our defaults must be PyTorch's.
        let kwargs: Record<string, PyValue> | null = null;
        try {
          kwargs = parseCall(c.code).kwargs;
        } catch {
          // code this reader does not understand: `defaults` alone drives the case
        }
        if (kwargs !== null) {
          const fromCode = new Cls(params.map((p) => p.clone().detach()), kwargs);
          assert.deepEqual(snakeOptions(fromCode), c.defaults, 'defaults filled in from the constructor');
        }
        assert.deepEqual(snakeOptions(opt), c.defaults);
        (c.steps ?? []).forEach((expected, k) => {
          params.forEach((p, j) => {
            p.grad = fromRef((c.grads as RefTensor[][])[k][j]);
          });
          const versions = params.map((p) => p.version);
          opt.step();
          params.forEach((p, j) => {
            assert.ok(p.version > versions[j], 'step bumps the parameter version');
            assertClose(p, expected.params[j], `step ${k} param ${j}`);
            const state = opt.state.get(p) ?? {};
            assert.deepEqual(Object.keys(state).sort(), Object.keys(expected.state[j]).sort(), `step ${k} param ${j} state keys`);
            for (const [key, want] of Object.entries(expected.state[j])) {
              const got = state[key];
              if (want === null || typeof want === 'number') assert.equal(got, want, `step ${k} param ${j} ${key}`);
              else {
                assert.ok(got instanceof Tensor, `step ${k} param ${j} ${key} is a tensor`);
                assertClose(got, want, `step ${k} param ${j} state ${key}`);
              }
            }
          });
        });
      });
    }

    for (const c of cases.filter((x) => x.function !== undefined)) {
      it(c.name, () => {
        const params = (c.params as RefTensor[]).map(param);
        params.forEach((p, j) => {
          p.grad = fromRef((c.grads_before as RefTensor[])[j]);
        });
        const { callee, kwargs } = parseCall(c.code);
        let ret: Tensor | void;
        if (callee.endsWith('clip_grad_norm_')) {
          ret = clipGradNorm_(params, kwargs.max_norm as number, (kwargs.norm_type as number) ?? 2, (kwargs.error_if_nonfinite as boolean) ?? false);
        } else if (callee.endsWith('clip_grad_value_')) {
          ret = clipGradValue_(params, kwargs.clip_value as number);
        } else {
          throw new Error(`unknown function ${callee}`);
        }
        if (c.return_value === null || c.return_value === undefined) assert.equal(ret, undefined);
        else assertClose(ret as Tensor, c.return_value, 'return value');
        params.forEach((p, j) => assertClose(p.grad as Tensor, (c.grads_after as RefTensor[])[j], `grad ${j}`));
      });
    }
  });
}

after(() => {
  if (tally.compared > 0) {
    console.log(
      `      optim reference: ${tally.bitExact}/${tally.compared} tensors bit-exact ` +
        `(float32 ${tally.f32BitExact}/${tally.f32}, float64 ${tally.f64BitExact}/${tally.f64})`,
    );
  }
});

describe('optim repr (repr.json optim/*)', () => {
  const file = path.join(REF_DIR, 'repr.json');
  if (!existsSync(file)) {
    it.skip('repr.json not found');
    return;
  }
  for (const c of loadCases<ReprCase>(file).filter((x) => x.name.startsWith('optim/'))) {
    it(c.name, () => {
      const { callee, kwargs } = parseCall(c.code);
      const Cls = optimizerClass(callee.split('.').pop() as string);
      const opt = new Cls([torch.ones(2).requiresGrad_()], kwargs);
      assert.equal(String(opt), c.str);
      assert.equal(opt.toString(), c.repr);
    });
  }
});

// ---------------------------------------------------------------- behaviour

function p32(values: number[]): Tensor {
  return torch.tensor(values, { dtype: 'float32' }).requiresGrad_();
}

describe('optim: Optimizer behaviour', () => {
  it('zeroGrad zeroes in place by default (1.13) and drops with setToNone', () => {
    const p = p32([1, 2]);
    const opt = new SGD([p], { lr: 0.1 });
    const g = torch.tensor([3, 4], { dtype: 'float32' });
    p.grad = g;
    const v = g.version;
    opt.zeroGrad();
    assert.equal(p.grad, g);
    assert.deepEqual(Array.from(g.toArray()), [0, 0]);
    assert.ok(g.version > v);
    opt.zeroGrad(true);
    assert.equal(p.grad, null);
  });

  it('param groups take their own options and fall back to the defaults', () => {
    const a = p32([1]);
    const b = p32([1]);
    const opt = new SGD([{ params: [a] }, { params: b, lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    assert.equal(opt.paramGroups[0].lr, 0.1);
    assert.equal(opt.paramGroups[1].lr, 0.5);
    assert.equal(opt.paramGroups[1].momentum, 0.9);
    a.grad = torch.tensor([1], { dtype: 'float32' });
    b.grad = torch.tensor([1], { dtype: 'float32' });
    opt.step();
    assert.equal(a.item(), Math.fround(0.9));
    assert.equal(b.item(), 0.5);
    assert.throws(() => opt.addParamGroup({ params: [a] }), /more than one parameter group/);
  });

  it('snake_case options are accepted; unknown ones and bad values are rejected as in PyTorch', () => {
    const opt = new Adam([p32([1])], { weight_decay: 0.1 } as object);
    assert.equal(opt.paramGroups[0].weightDecay, 0.1);
    assert.throws(() => new Adam([p32([1])], { lrr: 1 } as object), /unexpected keyword argument 'lrr'/);
    assert.throws(() => new Adam([p32([1])], { lr: -1 }), /Invalid learning rate: -1/);
    assert.throws(() => new Adam([p32([1])], { betas: [1.0, 0.9] }), /Invalid beta parameter at index 0: 1/);
    assert.throws(() => new SGD([p32([1])], { lr: 0.1, nesterov: true }), /Nesterov momentum requires a momentum and zero dampening/);
    assert.throws(() => new SGD([p32([1])]), /required optimization parameter lr/);
    assert.throws(() => new SGD([], { lr: 1 }), /empty parameter list/);
    assert.throws(() => new SGD([p32([1]).mul(2)], { lr: 1 }), /non-leaf/);
  });

  it('parameters without a gradient are skipped and get no state', () => {
    const a = p32([1]);
    const b = p32([1]);
    const opt = new Adam([a, b]);
    a.grad = torch.tensor([1], { dtype: 'float32' });
    opt.step();
    assert.ok(opt.state.has(a));
    assert.ok(!opt.state.has(b));
    assert.equal(b.item(), 1);
  });

  it('step(closure) evaluates the closure with grad enabled and returns the loss', () => {
    const p = p32([2]);
    const opt = new SGD([p], { lr: 0.25 });
    const loss = torch.noGrad(() =>
      opt.step(() => {
        opt.zeroGrad();
        const l = p.mul(p).sum();
        assert.ok(l.requiresGrad);
        l.backward();
        return l.item();
      }),
    );
    assert.equal(loss, 4);
    assert.equal(p.item(), 1);
  });

  it('stateDict / loadStateDict round-trip continues identically', () => {
    const init = [0.5, -1.5, 2];
    const grads = [[0.1, 0.2, -0.3], [0.3, -0.1, 0.2], [-0.2, 0.4, 0.1]];
    const run = (restore: boolean): number[] => {
      let p = p32(init);
      let opt = new Adam([p], { lr: 0.1, amsgrad: true });
      grads.forEach((g, k) => {
        if (restore && k === 2) {
          const sd = opt.stateDict();
          const q = p32(Array.from(p.toArray()));
          const fresh = new Adam([q], { lr: 0.1, amsgrad: true });
          fresh.loadStateDict(sd);
          p = q;
          opt = fresh;
        }
        p.grad = torch.tensor(g, { dtype: 'float32' });
        opt.step();
      });
      return Array.from(p.toArray());
    };
    assert.deepEqual(run(true), run(false));
    const sd = new SGD([p32([1]), p32([2])], { lr: 1 }).stateDict();
    assert.deepEqual(sd.paramGroups[0].params, [0, 1]);
  });

  it('keeps float64 parameters in float64 and leaves .grad untouched', () => {
    const p = torch.tensor([1, 2], { dtype: 'float64' }).requiresGrad_();
    const g = torch.tensor([0.5, -0.5], { dtype: 'float64' });
    p.grad = g;
    const opt = new Adam([p], { weightDecay: 0.1 });
    opt.step();
    assert.equal((opt.state.get(p)?.exp_avg as Tensor).dtype, 'float64');
    assert.equal((opt.state.get(p)?.step as Tensor).dtype, 'float32');
    assert.deepEqual(Array.from(g.toArray()), [0.5, -0.5]);
  });

  it('is exported as torch-style namespaces', () => {
    assert.equal(optim.Adam, Adam);
    assert.equal(torch.optim.SGD, SGD);
    assert.equal(optim.lrScheduler.StepLR, StepLR);
    assert.equal(engine.optim, optim);
    assert.equal(engine.nnUtils.clipGradNorm_, clipGradNorm_);
  });
});

describe('optim: StepLR', () => {
  it('decays every stepSize epochs and adds initial_lr to the groups', () => {
    const opt = new SGD([p32([1])], { lr: 1 });
    const sched = new StepLR(opt, 2, 0.5);
    assert.equal(opt.paramGroups[0].initialLr, 1);
    const lrs: number[] = [];
    for (let e = 0; e < 6; e++) {
      lrs.push(sched.getLastLr()[0]);
      opt.step();
      sched.step();
    }
    assert.deepEqual(lrs, [1, 1, 0.5, 0.5, 0.25, 0.25]);
    assert.match(String(opt), /initial_lr: 1\n/);
    sched.step(7);
    assert.equal(opt.paramGroups[0].lr, 0.125);
  });
});

describe('optim: ExponentialLR and MultiStepLR (PyTorch 1.13.1 values)', () => {
  it('ExponentialLR multiplies by gamma every epoch; step(epoch) uses the closed form', () => {
    const opt = new SGD([p32([1])], { lr: 0.001 });
    const sched = new ExponentialLR(opt, 0.5);
    const lrs: number[] = [];
    for (let e = 0; e < 3; e++) {
      opt.step();
      sched.step();
      lrs.push(sched.getLastLr()[0]);
    }
    assert.deepEqual(lrs, [0.0005, 0.00025, 0.000125]);
    sched.step(5);
    assert.equal(opt.paramGroups[0].lr, 0.001 * 0.5 ** 5);
  });

  it('MultiStepLR decays at each milestone (a repeated one twice)', () => {
    const opt = new SGD([p32([1])], { lr: 1 });
    const sched = new MultiStepLR(opt, [2, 4, 4], 0.1);
    const lrs: number[] = [];
    for (let e = 0; e < 6; e++) {
      opt.step();
      sched.step();
      lrs.push(sched.getLastLr()[0]);
    }
    // torch 1.13.1: [1.0, 0.1, 0.1, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002]
    assert.deepEqual(lrs, [1, 0.1, 0.1, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002]);
    sched.step(3);
    assert.equal(opt.paramGroups[0].lr, 0.1);
  });
});

describe('optim: clipping and norms', () => {
  it('clipGradNorm_ with no gradients returns 0 and with error_if_nonfinite throws on inf', () => {
    assert.equal(clipGradNorm_([p32([1])], 1).item(), 0);
    const p = p32([1, 2]);
    p.grad = torch.tensor([Infinity, 1], { dtype: 'float32' });
    assert.throws(() => clipGradNorm_([p], 1, 2, true), /total norm of order 2\.0 for gradients/);
  });

  it('clipGradNorm_ tells engine observers the norm and the applied coefficient', () => {
    const events: EngineEvent[] = [];
    const off = observeEngine((e) => events.push(e));
    const q = p32([0, 0]);
    q.grad = torch.tensor([3, 4], { dtype: 'float32' });
    try {
      clipGradNorm_([q], 1);
    } finally {
      off();
    }
    const clip = events.find((e) => e.type === 'clip');
    assert.ok(clip !== undefined && clip.type === 'clip');
    assert.equal(clip.totalNorm, 5);
    assert.equal(clip.clipCoef, Math.fround(Math.fround(1 / Math.fround(5 + Math.fround(1e-6)))));
  });

  it('clipGradValue_ keeps NaN and clamps the rest', () => {
    const p = p32([1, 2, 3]);
    p.grad = torch.tensor([NaN, -3, 0.25], { dtype: 'float32' });
    clipGradValue_(p, 0.5);
    const g = (p.grad as Tensor).toArray();
    assert.ok(Number.isNaN(g[0]));
    assert.deepEqual(Array.from(g.slice(1)), [-0.5, 0.25]);
  });

  it('vectorNorm handles the special orders', () => {
    assert.equal(vectorNorm([3, -4], 'float64', 2), 5);
    assert.equal(vectorNorm([3, -4], 'float64', 1), 7);
    assert.equal(vectorNorm([3, -4], 'float64', Infinity), 4);
    assert.equal(vectorNorm([3, -4, 0], 'float64', 0), 2);
    assert.equal(vectorNorm([3, -4], 'float64', -Infinity), 3);
  });
});

describe('optim: Python float helpers', () => {
  it('pyPow is correctly rounded for integer exponents (glibc agrees except in rare hard cases)', () => {
    assert.equal(pyPow(0.999, 2904), 0.054723996727378245); // Math.pow gives ...24
    assert.equal(pyPow(0.9, 1), 0.9);
    assert.equal(pyPow(0.5, 10), 1 / 1024);
  });

  it('pyNumberRepr prints like Python repr', () => {
    assert.equal(pyNumberRepr(1e-8), '1e-08');
    assert.equal(pyNumberRepr(0.0001), '0.0001');
    assert.equal(pyNumberRepr(1.5e-5), '1.5e-05');
    assert.equal(pyNumberRepr(0.999), '0.999');
    assert.equal(pyNumberRepr(0), '0');
  });
});
