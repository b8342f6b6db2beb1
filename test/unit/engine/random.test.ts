// Bit-exact checks of the RNG against PyTorch 1.13.1 (shared/reference/pytorch-1.13.1/rng.json).
// Each case's `code` is interpreted by a tiny Python-subset evaluator, so new seeds, sizes and
// argument spellings of the same calls are checked without touching this file.
// Extra reference files in the same format can be added with RNG_EXTRA_REFERENCE=a.json:b.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FloatArray } from '../../../src/engine/random';
import {
  Generator,
  RNG_STATE_BYTES,
  defaultGenerator,
  fillBernoulli,
  fillDropoutMask,
  fillNormal,
  fillNormalTensorParams,
  fillRandint,
  fillUniform,
  initialSeed,
  kaimingUniformBound,
  linearBiasBound,
  manualSeed,
  randpermArray,
  rnnInitBound,
} from '../../../src/engine/random';

// ---------------------------------------------------------------- reference format

type Datum = number | string;
interface RefTensor {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int64';
  data: Datum[];
}
interface RefCase {
  name: string;
  seed: number;
  code: string;
  output?: RefTensor;
  outputs?: Record<string, RefTensor>;
  order?: string[];
  params?: Record<string, RefTensor>;
  param_order?: string[];
}

const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/pytorch-1.13.1/rng.json');

function loadCases(file: string): RefCase[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: RefCase[] }).cases;
}

function datum(d: Datum): number {
  if (typeof d === 'number') return d;
  return d === 'NaN' ? NaN : d === 'Infinity' ? Infinity : -Infinity;
}

// ---------------------------------------------------------------- values of the evaluator

type DType = 'float32' | 'float64' | 'int64';
interface Tensor {
  kind: 'tensor';
  dtype: DType;
  shape: number[];
  data: Float32Array | Float64Array;
}
interface DTypeValue {
  kind: 'dtype';
  dtype: DType;
}
interface ModuleValue {
  kind: 'module';
  params: [string, Tensor][];
}
interface Callable {
  kind: 'fn';
  call: (args: Value[], kwargs: Record<string, Value>) => Value;
}
interface Namespace {
  kind: 'ns';
  members: Record<string, Value>;
}
type Value = number | bigint | boolean | null | Value[] | Tensor | DTypeValue | ModuleValue | Callable | Namespace;

const isTensor = (v: Value): v is Tensor => typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'tensor';

function num(v: Value | undefined, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TypeError(`${what}: expected a number`);
}

function tensorOf(dtype: DType, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { kind: 'tensor', dtype, shape, data: dtype === 'float32' ? new Float32Array(n) : new Float64Array(n) };
}

function floatData(t: Tensor): FloatArray {
  if (t.dtype === 'int64') throw new TypeError('expected a floating tensor');
  return t.data;
}

/** Size from `f(2, 3)`, `f((2, 3))` or `f(size=(2, 3))`. */
function sizeArgs(args: Value[], kwargs: Record<string, Value>): number[] {
  const src = kwargs.size ?? (args.length === 1 && Array.isArray(args[0]) ? args[0] : args);
  if (typeof src === 'number') return [src];
  if (!Array.isArray(src)) throw new TypeError('bad size');
  return src.map((v) => num(v, 'size'));
}

function dtypeArg(kwargs: Record<string, Value>, fallback: DType): DType {
  const d = kwargs.dtype;
  if (d === undefined || d === null) return fallback;
  if (typeof d === 'object' && !Array.isArray(d) && d.kind === 'dtype') return d.dtype;
  throw new TypeError('bad dtype');
}

const fn = (call: Callable['call']): Callable => ({ kind: 'fn', call });

function filled(shape: number[], dtype: DType, value: number): Tensor {
  const t = tensorOf(dtype, shape);
  t.data.fill(value);
  return t;
}

function binary(a: Value, b: Value, op: (x: number, y: number) => number): Value {
  if (!isTensor(a) && !isTensor(b)) return op(num(a, 'lhs'), num(b, 'rhs'));
  const t = (isTensor(a) ? a : b) as Tensor;
  const out = tensorOf(t.dtype, t.shape);
  const at = (v: Value, i: number): number => (isTensor(v) ? v.data[v.data.length === 1 ? 0 : i] : num(v, 'operand'));
  for (let i = 0; i < out.data.length; i++) out.data[i] = op(at(a, i), at(b, i));
  return out;
}

// ---------------------------------------------------------------- nn modules, in PyTorch's init order

function linear(prefix: string, inF: number, outF: number, bias: boolean): [string, Tensor][] {
  const w = tensorOf('float32', [outF, inF]);
  fillUniform(floatData(w), -kaimingUniformBound(inF), kaimingUniformBound(inF));
  const params: [string, Tensor][] = [[`${prefix}weight`, w]];
  if (bias) {
    const b = tensorOf('float32', [outF]);
    fillUniform(floatData(b), -linearBiasBound(inF), linearBiasBound(inF));
    params.push([`${prefix}bias`, b]);
  }
  return params;
}

function rnnFamily(gates: number, prefix: string, args: Value[], kw: Record<string, Value>): [string, Tensor][] {
  const inputSize = num(kw.input_size ?? args[0], 'input_size');
  const hidden = num(kw.hidden_size ?? args[1], 'hidden_size');
  const layers = num(kw.num_layers ?? args[2] ?? 1, 'num_layers');
  const bias = kw.bias === undefined ? true : Boolean(kw.bias);
  const dirs = kw.bidirectional ? 2 : 1;
  const params: [string, Tensor][] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let dir = 0; dir < dirs; dir++) {
      const inSize = layer === 0 ? inputSize : hidden * dirs;
      const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
      params.push([`${prefix}weight_ih${sfx}`, tensorOf('float32', [gates * hidden, inSize])]);
      params.push([`${prefix}weight_hh${sfx}`, tensorOf('float32', [gates * hidden, hidden])]);
      if (bias) {
        params.push([`${prefix}bias_ih${sfx}`, tensorOf('float32', [gates * hidden])]);
        params.push([`${prefix}bias_hh${sfx}`, tensorOf('float32', [gates * hidden])]);
      }
    }
  }
  // reset_parameters(): every parameter, in registration order, ~ U(-1/sqrt(hidden), 1/sqrt(hidden)).
  const bound = rnnInitBound(hidden);
  for (const [, t] of params) fillUniform(floatData(t), -bound, bound);
  return params;
}

const mod = (params: [string, Tensor][]): ModuleValue => ({ kind: 'module', params });

// ---------------------------------------------------------------- the torch / nn / F namespaces

function randFactory(fill: (t: Tensor) => void): Callable {
  return fn((args, kw) => {
    const t = tensorOf(dtypeArg(kw, 'float32'), sizeArgs(args, kw));
    fill(t);
    return t;
  });
}

function normalFn(args: Value[], kw: Record<string, Value>): Tensor {
  const mean = kw.mean ?? args[0] ?? 0;
  const std = kw.std ?? args[1] ?? 1;
  if (!isTensor(mean) && !isTensor(std)) {
    const t = tensorOf(dtypeArg(kw, 'float32'), sizeArgs(args.slice(2), kw));
    fillNormal(floatData(t), num(mean, 'mean'), num(std, 'std'));
    return t;
  }
  const like = (isTensor(mean) ? mean : std) as Tensor;
  const t = tensorOf(like.dtype, like.shape);
  const param = (v: Value): number | FloatArray => (isTensor(v) ? floatData(v) : num(v, 'normal param'));
  fillNormalTensorParams(floatData(t), param(mean), param(std));
  return t;
}

function tensorMethod(t: Tensor, name: string): Callable {
  switch (name) {
    case 'uniform_':
      return fn((a, kw) => {
        fillUniform(floatData(t), num(kw.from ?? a[0] ?? 0, 'from'), num(kw.to ?? a[1] ?? 1, 'to'));
        return t;
      });
    case 'normal_':
      return fn((a, kw) => {
        fillNormal(floatData(t), num(kw.mean ?? a[0] ?? 0, 'mean'), num(kw.std ?? a[1] ?? 1, 'std'));
        return t;
      });
    case 'bernoulli_':
      return fn((a, kw) => {
        const p = kw.p ?? a[0] ?? 0.5;
        fillBernoulli(t.data, isTensor(p) ? p.data : num(p, 'p'));
        return t;
      });
    case 'float':
    case 'double':
      return fn(() => {
        const out = tensorOf(name === 'float' ? 'float32' : 'float64', t.shape);
        out.data.set(t.data);
        return out;
      });
    default:
      throw new TypeError(`unsupported tensor method ${name}`);
  }
}

function makeGlobals(): Record<string, Value> {
  const dtypes = (['float32', 'float64', 'int64'] as const).map((d): [string, DTypeValue] => [d, { kind: 'dtype', dtype: d }]);
  const torch: Namespace = {
    kind: 'ns',
    members: {
      ...Object.fromEntries(dtypes),
      float: { kind: 'dtype', dtype: 'float32' },
      double: { kind: 'dtype', dtype: 'float64' },
      long: { kind: 'dtype', dtype: 'int64' },
      manual_seed: fn((a) => {
        const s = a[0];
        manualSeed(typeof s === 'bigint' ? s : num(s, 'seed'));
        return null;
      }),
      rand: randFactory((t) => fillUniform(floatData(t))),
      randn: randFactory((t) => fillNormal(floatData(t))),
      empty: randFactory(() => undefined),
      zeros: randFactory(() => undefined),
      ones: randFactory((t) => t.data.fill(1)),
      full: fn((a, kw) => filled(sizeArgs([a[0]], {}), dtypeArg(kw, 'float32'), num(kw.fill_value ?? a[1], 'fill'))),
      randint: fn((a, kw) => {
        const ints = a.filter((v) => !Array.isArray(v));
        const low = ints.length >= 2 ? num(ints[0], 'low') : num(kw.low ?? 0, 'low');
        const high = num(kw.high ?? ints[ints.length - 1], 'high');
        const t = tensorOf(dtypeArg(kw, 'int64'), sizeArgs([kw.size ?? a.find(Array.isArray) ?? []], {}));
        fillRandint(t.data, low, high);
        return t;
      }),
      randperm: fn((a, kw) => {
        const n = num(a[0], 'n');
        const t = tensorOf(dtypeArg(kw, 'int64'), [n]);
        t.data.set(randpermArray(n));
        return t;
      }),
      normal: fn(normalFn),
      bernoulli: fn((a, kw) => {
        const p = a[0] as Tensor;
        const t = tensorOf(p.dtype, p.shape);
        const prob = kw.p ?? a[1];
        fillBernoulli(t.data, prob === undefined ? p.data : num(prob, 'p'));
        return t;
      }),
      rand_like: fn((a, kw) => randFactory((t) => fillUniform(floatData(t))).call([(a[0] as Tensor).shape], kw)),
      randn_like: fn((a, kw) => randFactory((t) => fillNormal(floatData(t))).call([(a[0] as Tensor).shape], kw)),
    },
  };
  const F: Namespace = {
    kind: 'ns',
    members: {
      dropout: fn((a, kw) => {
        const input = a[0] as Tensor;
        const p = num(kw.p ?? a[1] ?? 0.5, 'p');
        const training = kw.training ?? a[2] ?? true;
        if (!training) return input;
        const mask = tensorOf(input.dtype, input.shape);
        fillDropoutMask(floatData(mask), p);
        return binary(input, mask, (x, y) => x * y);
      }),
    },
  };
  const nn: Namespace = {
    kind: 'ns',
    members: {
      functional: F,
      Linear: fn((a, kw) =>
        mod(linear('', num(kw.in_features ?? a[0], 'in'), num(kw.out_features ?? a[1], 'out'), kw.bias === undefined ? true : Boolean(kw.bias))),
      ),
      RNN: fn((a, kw) => mod(rnnFamily(1, '', a, kw))),
      LSTM: fn((a, kw) => mod(rnnFamily(4, '', a, kw))),
      GRU: fn((a, kw) => mod(rnnFamily(3, '', a, kw))),
      Embedding: fn((a, kw) => {
        const w = tensorOf('float32', [num(kw.num_embeddings ?? a[0], 'num'), num(kw.embedding_dim ?? a[1], 'dim')]);
        fillNormal(floatData(w));
        const pad = kw.padding_idx ?? a[2];
        if (pad !== undefined && pad !== null) {
          const dim = w.shape[1];
          const row = (num(pad, 'padding_idx') + w.shape[0]) % w.shape[0];
          w.data.fill(0, row * dim, (row + 1) * dim);
        }
        return mod([['weight', w]]);
      }),
    },
  };
  const math: Namespace = { kind: 'ns', members: { pi: Math.PI, sqrt: fn((a) => Math.sqrt(num(a[0], 'x'))) } };
  // The tutorial model of modules.json: RNN(1, 32) then Linear(32, 1).
  const RnnModel = fn(() =>
    mod([...rnnFamily(1, 'rnn.', [1, 32], {}), ...linear('out.', 32, 1, true)]),
  );
  return { torch, nn, F, math, RnnModel, True: true, False: false, None: null };
}

// ---------------------------------------------------------------- a Python expression subset

type Token = { t: 'num'; v: string } | { t: 'name'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const re = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|(\*\*|[()[\],=.*+\-/]))/y;
  const out: Token[] = [];
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    if (m[1] !== undefined) out.push({ t: 'num', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'name', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'op', v: m[3] });
  }
  if (src.slice(re.lastIndex).trim() !== '') throw new SyntaxError(`cannot tokenize: ${src.slice(re.lastIndex)}`);
  return out;
}

class Evaluator {
  private toks: Token[] = [];
  private i = 0;
  constructor(private readonly scope: Record<string, Value>) {}

  run(line: string): void {
    this.toks = tokenize(line);
    this.i = 0;
    const [a, b] = this.toks;
    if (a?.t === 'name' && b?.t === 'op' && b.v === '=') {
      this.i = 2;
      this.scope[a.v] = this.expr();
    } else {
      this.expr();
    }
    if (this.i !== this.toks.length) throw new SyntaxError(`trailing tokens in: ${line}`);
  }

  private peek(v: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.t === 'op' && t.v === v;
  }

  private eat(v: string): void {
    if (!this.peek(v)) throw new SyntaxError(`expected '${v}'`);
    this.i++;
  }

  private expr(): Value {
    let v = this.term();
    while (this.peek('+') || this.peek('-')) {
      const op = this.toks[this.i++].v;
      const r = this.term();
      v = binary(v, r, op === '+' ? (x, y) => x + y : (x, y) => x - y);
    }
    return v;
  }

  private term(): Value {
    let v = this.unary();
    while (this.peek('*') || this.peek('/')) {
      const op = this.toks[this.i++].v;
      const r = this.unary();
      v = binary(v, r, op === '*' ? (x, y) => x * y : (x, y) => x / y);
    }
    return v;
  }

  private unary(): Value {
    if (this.peek('-')) {
      this.i++;
      const v = this.unary();
      return typeof v === 'bigint' ? -v : binary(0, v, (x, y) => x - y);
    }
    const base = this.postfix();
    if (this.peek('**')) {
      this.i++;
      const e = this.unary();
      if (typeof base === 'number' && Number.isInteger(base) && typeof e === 'number' && Number.isInteger(e) && e >= 0) {
        const big = BigInt(base) ** BigInt(e);
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      return num(base, 'base') ** num(e, 'exponent');
    }
    return base;
  }

  private postfix(): Value {
    let v = this.atom();
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const name = this.toks[this.i++].v;
        if (isTensor(v)) v = tensorMethod(v, name);
        else if (typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'ns' && name in v.members) v = v.members[name];
        else throw new TypeError(`unsupported attribute .${name}`);
      } else if (this.peek('(')) {
        this.i++;
        const args: Value[] = [];
        const kwargs: Record<string, Value> = {};
        while (!this.peek(')')) {
          const t = this.toks[this.i];
          const next = this.toks[this.i + 1];
          if (t.t === 'name' && next?.t === 'op' && next.v === '=') {
            this.i += 2;
            kwargs[t.v] = this.expr();
          } else {
            args.push(this.expr());
          }
          if (!this.peek(')')) this.eat(',');
        }
        this.i++;
        if (typeof v !== 'object' || v === null || Array.isArray(v) || v.kind !== 'fn') throw new TypeError('not callable');
        v = v.call(args, kwargs);
      } else {
        return v;
      }
    }
  }

  private atom(): Value {
    const t = this.toks[this.i++];
    if (t === undefined) throw new SyntaxError('unexpected end');
    if (t.t === 'num') {
      if (/^\d+$/.test(t.v)) {
        const big = BigInt(t.v);
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      return Number(t.v);
    }
    if (t.t === 'name') {
      if (!(t.v in this.scope)) throw new ReferenceError(`unknown name ${t.v}`);
      return this.scope[t.v];
    }
    if (t.v === '(' || t.v === '[') {
      const close = t.v === '(' ? ')' : ']';
      const items: Value[] = [];
      let comma = false;
      while (!this.peek(close)) {
        items.push(this.expr());
        if (this.peek(',')) {
          this.i++;
          comma = true;
        } else break;
      }
      this.eat(close);
      return t.v === '(' && items.length === 1 && !comma ? items[0] : items;
    }
    throw new SyntaxError(`unexpected '${t.v}'`);
  }
}

function runCase(code: string): Record<string, Value> {
  const scope = makeGlobals();
  const ev = new Evaluator(scope);
  for (const line of code.split('\n')) if (line.trim() !== '') ev.run(line);
  return scope;
}

// ---------------------------------------------------------------- comparison

function assertBitExact(actual: Tensor, expected: RefTensor, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  const round = expected.dtype === 'float32' ? Math.fround : (x: number): number => x;
  const want = expected.data.map((d) => round(datum(d)));
  const got = Array.from(actual.data);
  const bad = want.map((w, i) => (Object.is(w, got[i]) || (w === 0 && got[i] === 0) ? -1 : i)).filter((i) => i >= 0);
  assert.equal(bad.length, 0, `${what}: ${bad.length}/${want.length} elements differ, first at [${bad[0]}]: got ${got[bad[0]]}, want ${want[bad[0]]}`);
}

function checkCase(c: RefCase): void {
  const scope = runCase(c.code);
  if (c.output) {
    const out = scope.out;
    assert.ok(out !== undefined && isTensor(out), 'code must assign a tensor to out');
    assertBitExact(out, c.output, 'out');
  }
  if (c.outputs) {
    for (const name of c.order ?? Object.keys(c.outputs)) {
      const v = scope[name];
      assert.ok(v !== undefined && isTensor(v), `${name} must be a tensor`);
      assertBitExact(v, c.outputs[name], name);
    }
  }
  if (c.params) {
    const m = Object.values(scope).find((v): v is ModuleValue => typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'module');
    assert.ok(m, 'code must build a module');
    assert.deepEqual(m.params.map(([n]) => n), c.param_order ?? Object.keys(c.params), 'parameter order');
    for (const [n, t] of m.params) assertBitExact(t, c.params[n], n);
  }
}

function groupOf(c: RefCase): string {
  const lines = c.code.split('\n').filter((l) => l.trim() !== '' && !l.includes('manual_seed'));
  if (lines.length > 1) return 'sequence';
  const call = /=\s*([\w.]+)\(/.exec(lines[0] ?? '');
  const method = /\)\.(\w+_)\(/.exec(lines[0] ?? '');
  return call ? `${call[1]}${method ? `().${method[1]}` : ''}` : 'other';
}

// ---------------------------------------------------------------- tests

describe('engine/random: PyTorch 1.13.1 CPU generator', () => {
  const files = [REFERENCE, ...(process.env.RNG_EXTRA_REFERENCE ?? '').split(':').filter((s) => s !== '')];
  for (const file of files) {
    const cases = loadCases(file);
    const groups = new Map<string, RefCase[]>();
    for (const c of cases) {
      const g = groupOf(c);
      groups.set(g, [...(groups.get(g) ?? []), c]);
    }
    describe(`bit-exact against ${path.basename(file)} (${cases.length} cases)`, () => {
      for (const [g, list] of groups) {
        it(`${g} (${list.length} cases)`, () => {
          const failures: string[] = [];
          for (const c of list) {
            try {
              checkCase(c);
            } catch (e) {
              failures.push(`${c.name}: ${(e as Error).message.split('\n')[0]}`);
            }
          }
          assert.equal(failures.length, 0, `${failures.length} failing:\n  ${failures.slice(0, 10).join('\n  ')}`);
        });
      }
    });
  }

  describe('Generator', () => {
    it('wraps negative and 64-bit seeds like torch.manual_seed', () => {
      assert.equal(new Generator(-1).initialSeed(), 2n ** 64n - 1n);
      assert.equal(new Generator(2n ** 40n + 5n).initialSeed(), 2n ** 40n + 5n);
      // Only the low 32 bits reach mt19937.
      assert.equal(new Generator(2n ** 40n + 5n).nextUint32(), new Generator(5).nextUint32());
      assert.equal(manualSeed(7), defaultGenerator);
      assert.equal(initialSeed(), 7n);
      assert.throws(() => new Generator(0.5), RangeError);
    });

    it('draws the mt19937 reference sequence and combines random64 high word first', () => {
      const g = new Generator(0);
      assert.equal(g.nextUint32(), 2357136044);
      const h = new Generator(0);
      const hi = BigInt(new Generator(0).nextUint32());
      assert.equal(h.nextUint64() >> 32n, hi);
    });

    it('getState matches the byte layout of torch.get_rng_state() and round-trips the normal cache', () => {
      const g = new Generator(0);
      fillNormal(new Float32Array(1), 0, 1, g); // randn(1): 4 draws, caches the sine sample
      const s = g.getState();
      assert.equal(s.length, RNG_STATE_BYTES);
      const v = new DataView(s.buffer);
      assert.equal(v.getInt32(8, true), 621); // left
      assert.equal(v.getInt32(12, true), 1); // seeded
      assert.equal(v.getBigUint64(16, true), 4n); // next
      assert.equal(v.getInt32(5040, true), 1); // normal_is_valid
      assert.equal(Math.fround(v.getFloat64(5024, true)), Math.fround(-0.2934289)); // torch.randn(2)[1] for seed 0
      const a = new Float64Array(40);
      fillNormal(a.subarray(0, 3), 0, 1, g);
      fillUniform(a.subarray(3), 0, 1, g);
      const b = new Float64Array(40);
      const r = new Generator(99).setState(s);
      fillNormal(b.subarray(0, 3), 0, 1, r);
      fillUniform(b.subarray(3), 0, 1, r);
      assert.deepEqual(b, a);
      assert.deepEqual(g.clone().getState(), g.getState());
      assert.throws(() => r.setState(new Uint8Array(10)), RangeError);
    });

    it('manualSeed clears the cached normal sample', () => {
      const g = new Generator(0);
      const a = new Float32Array(1);
      fillNormal(a, 0, 1, g);
      g.manualSeed(0);
      const b = new Float32Array(1);
      fillNormal(b, 0, 1, g);
      assert.equal(b[0], a[0]);
    });
  });

  describe('argument checks and helpers', () => {
    it('rejects invalid parameters as PyTorch does', () => {
      assert.throws(() => fillUniform(new Float32Array(1), 2, 1), RangeError);
      assert.throws(() => fillNormal(new Float32Array(1), 0, -1), RangeError);
      assert.throws(() => fillRandint(new Float64Array(1), 3, 3), RangeError);
      assert.throws(() => fillBernoulli(new Float32Array(1), 1.5), RangeError);
      assert.throws(() => fillNormalTensorParams(new Float32Array(2), [0, 0], [1, -1]), RangeError);
      assert.throws(() => randpermArray(-1), RangeError);
    });

    it('randint beyond 2^32 uses random64', () => {
      const g = new Generator(3);
      const out = new Float64Array(2);
      fillRandint(out, 0, 2 ** 40, g);
      const h = new Generator(3);
      assert.equal(out[0], Number(h.nextUint64() % 2n ** 40n));
    });

    it('dropout mask with p = 0 or 1 draws nothing', () => {
      const g = new Generator(1);
      const m = new Float32Array(3);
      fillDropoutMask(m, 0, g);
      assert.deepEqual(Array.from(m), [1, 1, 1]);
      fillDropoutMask(m, 1, g);
      assert.deepEqual(Array.from(m), [0, 0, 0]);
      assert.equal(g.nextUint32(), new Generator(1).nextUint32());
    });

    it('init bounds follow torch.nn.init in double precision', () => {
      assert.equal(kaimingUniformBound(4), 0.49999999999999994);
      assert.equal(linearBiasBound(4), 0.5);
      assert.equal(rnnInitBound(4), 0.5);
    });
  });
});
