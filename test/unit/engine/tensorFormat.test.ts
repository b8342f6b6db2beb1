import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  formatDType,
  formatShapeTuple,
  formatSize,
  formatTensor,
  pyFormatExp,
  pyFormatFixed,
  pyFormatInt,
} from '../../../src/engine/format';
import type { FormatDType, FormattableTensor, PrintOptions, TensorSuffixes } from '../../../src/engine/format';

/** One case of test/fixtures/repr_cases.json (see test/fixtures/gen/gen_repr_fixtures.py). */
interface ReprCase {
  name: string;
  shape: number[];
  dtype: FormatDType;
  requires_grad?: boolean;
  grad_fn?: string;
  is_parameter?: boolean;
  print_options?: { precision?: number; threshold?: number; edgeitems?: number; linewidth?: number; sci_mode?: boolean; profile?: string };
  values?: (number | boolean | string)[];
  values_b64?: string;
  str: string;
}

const FIXTURE = resolve(__dirname, '../../fixtures/repr_cases.json');
const REFERENCE = resolve(__dirname, '../../../../shared/reference/pytorch-1.13.1/repr.json');
const cases = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: ReprCase[] }).cases;

function decodeValues(c: ReprCase): ArrayLike<number> {
  if (c.values) {
    return c.values.map((v) => {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string') return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
      return v;
    });
  }
  const bytes = Buffer.from(c.values_b64 ?? '', 'base64');
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  switch (c.dtype) {
    case 'float32':
      return new Float32Array(buf);
    case 'float64':
      return new Float64Array(buf);
    case 'int64':
      return Array.from(new BigInt64Array(buf), Number);
    case 'bool':
      return new Uint8Array(buf);
  }
}

function printOptions(c: ReprCase): Partial<PrintOptions> {
  const o = c.print_options;
  if (!o) return {};
  const opts: Partial<PrintOptions> = {};
  if (o.profile === 'short') Object.assign(opts, { precision: 2, edgeitems: 2 });
  if (o.profile === 'full') opts.threshold = Infinity;
  if (o.precision !== undefined) opts.precision = o.precision;
  if (o.threshold !== undefined) opts.threshold = o.threshold;
  if (o.edgeitems !== undefined) opts.edgeitems = o.edgeitems;
  if (o.linewidth !== undefined) opts.linewidth = o.linewidth;
  if (o.sci_mode !== undefined) opts.sciMode = o.sci_mode;
  return opts;
}

function run(c: ReprCase): string {
  const t: FormattableTensor = { shape: c.shape, dtype: c.dtype, values: decodeValues(c) };
  const suffix: TensorSuffixes = { requiresGrad: c.requires_grad, gradFn: c.grad_fn ?? null, isParameter: c.is_parameter };
  return formatTensor(t, suffix, printOptions(c));
}

describe('engine/format: formatTensor against torch 1.13.1 str()', () => {
  it('has a few hundred fixture cases', () => {
    assert.ok(cases.length >= 300, `only ${cases.length} cases`);
  });

  for (const c of cases) {
    it(c.name, () => {
      assert.equal(run(c), c.str);
    });
  }

  it('the ref/ cases still match the shared reference repr.json', function () {
    if (!existsSync(REFERENCE)) this.skip();
    const ref = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { cases: { name: string; str: string }[] };
    const tensorCases = ref.cases.filter((r) => r.name.startsWith('tensor/'));
    assert.ok(tensorCases.length > 0);
    for (const r of tensorCases) {
      const c = cases.find((x) => x.name === 'ref/' + r.name);
      assert.ok(c, `fixture lacks ref/${r.name}`);
      assert.equal(run(c), r.str, r.name);
    }
  });
});

describe('engine/format: details', () => {
  it('rounds float32 inputs given as doubles with Math.fround', () => {
    // 0.1 as float32 is 0.100000001490116..., as float64 0.1000000000000000055...
    assert.equal(formatTensor({ shape: [2], dtype: 'float32', values: [0.1, 16777217] }), 'tensor([1.0000e-01, 1.6777e+07])');
    assert.equal(formatTensor({ shape: [], dtype: 'float32', values: [16777217] }), 'tensor(16777216.)');
    assert.equal(formatTensor({ shape: [], dtype: 'float64', values: [16777217] }), 'tensor(16777217., dtype=torch.float64)');
  });

  it('rejects a values array that does not match the shape', () => {
    assert.throws(() => formatTensor({ shape: [2, 2], dtype: 'float32', values: [1, 2, 3] }), RangeError);
  });

  it('formatSize / formatDType / formatShapeTuple', () => {
    assert.equal(formatSize([5, 3]), 'torch.Size([5, 3])');
    assert.equal(formatSize([]), 'torch.Size([])');
    assert.equal(formatSize([7]), 'torch.Size([7])');
    assert.equal(formatDType('float32'), 'torch.float32');
    assert.equal(formatDType('float64'), 'torch.float64');
    assert.equal(formatDType('int64'), 'torch.int64');
    assert.equal(formatDType('bool'), 'torch.bool');
    assert.equal(formatShapeTuple([0, 3]), '(0, 3)');
    assert.equal(formatShapeTuple([2]), '(2,)');
    assert.equal(formatShapeTuple([]), '()');
  });

  it('emulates Python float formatting (values checked with CPython 3.11)', () => {
    const fixed: [number, number, string][] = [
      [1 / 32, 4, '0.0312'], [3 / 32, 4, '0.0938'], [-1 / 32, 4, '-0.0312'], [0.5, 0, '0'], [1.5, 0, '2'],
      [2.5, 0, '2'], [-0, 4, '-0.0000'], [-0, 0, '-0'], [-0.00001, 4, '-0.0000'], [1e21, 1, '1000000000000000000000.0'],
      [1e22, 0, '10000000000000000000000'], [0.1, 20, '0.10000000000000000555'], [5e-324, 4, '0.0000'],
      [NaN, 4, 'nan'], [Infinity, 0, 'inf'], [-Infinity, 4, '-inf'], [9.99995, 4, '10.0000'], [99999999.5, 4, '99999999.5000'],
    ];
    for (const [x, p, want] of fixed) assert.equal(pyFormatFixed(x, p), want, `{:.${p}f} of ${x}`);
    const exp: [number, number, string][] = [
      [1e-5, 4, '1.0000e-05'], [1.03125, 4, '1.0312e+00'], [1.5e100, 4, '1.5000e+100'], [5e-324, 4, '4.9407e-324'],
      [0, 4, '0.0000e+00'], [-0, 2, '-0.00e+00'], [9.99995e9, 4, '1.0000e+10'], [123456, 0, '1e+05'],
      [-1.7976931348623157e308, 4, '-1.7977e+308'], [NaN, 4, 'nan'], [-Infinity, 4, '-inf'],
    ];
    for (const [x, p, want] of exp) assert.equal(pyFormatExp(x, p), want, `{:.${p}e} of ${x}`);
    assert.equal(pyFormatInt(-42), '-42');
    assert.equal(pyFormatInt(-0), '0');
    assert.equal(pyFormatInt(-(2 ** 63)), '-9223372036854775808');
    assert.equal(pyFormatInt(2 ** 62), '4611686018427387904');
    assert.equal(pyFormatInt(1e22), '10000000000000000000000');
  });
});
