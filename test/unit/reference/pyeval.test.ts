import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  PyEvalError, PyIterator, PyRange, PySlice, PyTuple, codeToSource, evalPython, formatFloat,
  mathModule, parsePython, pyEllipsis, pyRepr, runPython, tokenize,
} from '../../reference/pyeval';
import type { PyHost } from '../../reference/pyeval';
import { Bag, Ctx, FakeHost, VEC_CLASS, VEC_MODULE, Vec } from './pyevalFakeHost';
import { PYTHON_REPR_CASES } from './pyevalCases';

const REFERENCE_DIR = path.resolve(__dirname, '../../../../shared/reference/pytorch-1.13.1');

function run(source: string, extra: Record<string, unknown> = {}): { g: Map<string, unknown>; host: FakeHost } {
  const host = new FakeHost();
  const g = new Map<string, unknown>([['vec', VEC_MODULE], ['math', mathModule], ...Object.entries(extra)]);
  runPython(source, g, host);
  return { g, host };
}

function ev(expr: string, extra: Record<string, unknown> = {}): unknown {
  const host = new FakeHost();
  return evalPython(expr, new Map<string, unknown>([['vec', VEC_MODULE], ['math', mathModule], ...Object.entries(extra)]), host);
}

function repr(v: unknown): string {
  return pyRepr(v, new FakeHost());
}

function expectError(
  source: string, kind: PyEvalError['kind'], detail: string, line: number, col: number,
  extra: Record<string, unknown> = {},
): PyEvalError {
  let caught: unknown;
  try {
    run(source, extra);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof PyEvalError, `expected a PyEvalError from ${JSON.stringify(source)}, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  assert.ok(caught.detail.startsWith(detail), `${caught.detail} should start with ${detail}`);
  assert.deepEqual([caught.line, caught.col], [line, col], caught.message);
  assert.ok(caught.message.endsWith(`(line ${line}, col ${col})`));
  return caught;
}

describe('pyeval', () => {
  describe('tokenizer', () => {
    it('emits INDENT/DEDENT and NEWLINE with 1-based positions', () => {
      const toks = tokenize('#coding: utf-8\nfor t in x:\n    h = 1\n\n    # note\nz = 2\n');
      const shape = toks.map((t) => `${t.kind}:${t.text}@${t.line}:${t.col}`);
      assert.deepEqual(shape, [
        'keyword:for@2:1', 'name:t@2:5', 'keyword:in@2:7', 'name:x@2:10', 'op::@2:11', 'newline:@2:12',
        'indent:@3:5', 'name:h@3:5', 'op:=@3:7', 'number:1@3:9', 'newline:@3:10',
        'dedent:@6:1', 'name:z@6:1', 'op:=@6:3', 'number:2@6:5', 'newline:@6:6', 'eof:@7:1',
      ]);
    });

    it('joins lines inside brackets and after a backslash', () => {
      const kinds = tokenize('x = f(1,\n      2) + \\\n  3\n').map((t) => t.kind);
      assert.equal(kinds.filter((k) => k === 'newline').length, 1);
      assert.ok(!kinds.includes('indent'));
    });

    it('reads numbers as int (bigint) or float (number)', () => {
      const values = tokenize('1 1.5 1e-5 2. .5 0x10 1_000 0b11').filter((t) => t.kind === 'number').map((t) => t.value);
      assert.deepEqual(values, [1n, 1.5, 1e-5, 2, 0.5, 16n, 1000n, 3n]);
    });

    it('decodes string escapes and raw strings', () => {
      const values = tokenize(`'a\\n\\'b' "c\\x41" r'\\d' '''x\ny'''`).filter((t) => t.kind === 'string').map((t) => t.value);
      assert.deepEqual(values, ["a\n'b", 'cA', '\\d', 'x\ny']);
    });
  });

  describe('Python semantics (expected values from CPython)', () => {
    for (const [expr, expected] of PYTHON_REPR_CASES) {
      it(expr, () => assert.equal(repr(ev(expr)), expected));
    }
  });

  describe('values', () => {
    it('keeps ints and floats apart', () => {
      assert.equal(ev('2'), 2n);
      assert.equal(ev('2.0'), 2);
      assert.equal(ev('4 / 2'), 2);
      assert.equal(ev('4 // 2'), 2n);
      assert.equal(ev('2 ** 2'), 4n);
      assert.equal(ev('2 ** 2.0'), 4);
      assert.equal(ev('len([1])'), 1n);
      assert.equal(ev('True'), true);
      assert.equal(ev('None'), null);
    });

    it('uses PyTuple for tuples, arrays for lists, Map for dicts', () => {
      const t = ev('(1, 2.5)');
      assert.ok(t instanceof PyTuple);
      assert.deepEqual(t.items, [1n, 2.5]);
      assert.ok(Object.isFrozen(t.items));
      assert.deepEqual(ev('[1, "a"]'), [1n, 'a']);
      assert.deepEqual(ev('{"a": 1}'), new Map([['a', 1n]]));
      assert.ok(ev('range(3)') instanceof PyRange);
      assert.ok(ev('zip([1], [2])') instanceof PyIterator);
    });

    it('formats floats like Python repr', () => {
      assert.deepEqual([1e-5, 1e16, 1e15, 0.1, 100, -0, 1.5e-7, 123.456].map(formatFloat),
        ['1e-05', '1e+16', '1000000000000000.0', '0.1', '100.0', '-0.0', '1.5e-07', '123.456']);
    });
  });

  describe('statements', () => {
    it('assigns names, chains, nested tuple/list targets', () => {
      const { g } = run('a = b = 1\nc, (d, [e, f]) = 2, (3, [4, 5])\n[p, q] = "xy"\nm, n = n2 = (6, 7)');
      assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'p', 'q', 'm', 'n'].map((k) => g.get(k)),
        [1n, 1n, 2n, 3n, 4n, 5n, 'x', 'y', 6n, 7n]);
      assert.ok(g.get('n2') instanceof PyTuple);
    });

    it('assigns attributes and subscripts on host and native objects', () => {
      const obj = new Bag('obj');
      const v = new Vec([1, 2, 3]);
      const { g } = run('o.w = 5\nv[1] = 9\nl = [1, 2]\nl[-1] = 7\nd = {}\nd["k"] = l\no.w += 1', { o: obj, v });
      assert.equal(obj.attrs.get('w'), 6n);
      assert.deepEqual(v.data, [1, 9, 3]);
      assert.deepEqual(g.get('l'), [1n, 7n]);
      assert.deepEqual(g.get('d'), new Map([['k', [1n, 7n]]]));
    });

    it('augmented assignment: Python numbers, lists in place, host in place', () => {
      const v = new Vec([1, 2]);
      const { g, host } = run('i = 7\ni //= 2\nf = 1\nf /= 4\nl = [1]\nl2 = l\nl += (2,)\nl *= 2\nv += 1\nw = v\nxs = [1, 2]\nxs[0] -= 5', { v });
      assert.equal(g.get('i'), 3n);
      assert.equal(g.get('f'), 0.25);
      assert.equal(g.get('l2'), g.get('l'));
      assert.deepEqual(g.get('l'), [1n, 2n, 1n, 2n]);
      assert.equal(g.get('w'), v);
      assert.deepEqual(v.data, [2, 3]);
      assert.ok(host.ops.includes('inplace +'));
      assert.deepEqual(g.get('xs'), [-4n, 2n]);
    });

    it('for loops with break/continue, if/elif/else, pass', () => {
      const src = [
        'out = []',
        'for i in range(10):',
        '    if i == 1:',
        '        continue',
        '    elif i > 4:',
        '        break',
        '    else:',
        '        pass',
        '    out.append(i)',
        'for k, v in {"a": 1}.items(): last = (k, v)',
        'h = 0',
        'for t in range(4):',
        '    h = h * 2 + t',
      ].join('\n');
      const { g } = run(src);
      assert.deepEqual(g.get('out'), [0n, 2n, 3n, 4n]);
      assert.equal(repr(g.get('last')), "('a', 1)");
      assert.equal(g.get('h'), 11n);
    });

    it('with calls __enter__/__exit__ through the host, also on errors and break', () => {
      const log: string[] = [];
      const { g } = run('with c1 as x, c2:\n    y = x\nfor i in range(3):\n    with c1:\n        break\nwith quiet:\n    1 / 0\n', {
        c1: new Ctx(log, 'a'), c2: new Ctx(log, 'b'), quiet: new Ctx(log, 'q', true),
      });
      assert.equal(g.get('y'), 'a');
      assert.deepEqual(log, [
        'enter a', 'enter b', 'exit b None None None', 'exit a None None None',
        'enter a', 'exit a None None None', 'enter q', 'exit q ZeroDivisionError err None',
      ]);
      expectError('with c:\n    x = 1 / 0', 'runtime', 'ZeroDivisionError', 2, 9, { c: new Ctx(log, 'c') });
      assert.equal(log[log.length - 1], 'exit c ZeroDivisionError err None');
    });

    it('imports through the host, with math built in', () => {
      const { g } = run('import vec\nimport vec.linalg\nimport vec.linalg as la\nfrom vec import Vec as V, record\nfrom vec import linalg\nimport math\nfrom math import pi');
      assert.equal(g.get('vec'), VEC_MODULE);
      assert.equal(g.get('V'), VEC_CLASS);
      assert.ok(g.get('la') instanceof Bag);
      assert.equal(g.get('la'), g.get('linalg'));
      assert.equal(g.get('math'), mathModule);
      assert.equal(g.get('pi'), Math.PI);
      expectError('import nope', 'runtime', "ModuleNotFoundError: No module named 'nope'", 1, 1);
    });

    it('assert and comments', () => {
      run('# just a comment\nassert 1 < 2, "fine"  # trailing\n');
      expectError('x = 1\nassert x > 1, "x too small"', 'runtime', 'AssertionError: x too small', 2, 1);
    });
  });

  describe('expressions with host objects', () => {
    it('delegates binary, reflected and unary operators to the host', () => {
      const a = new Vec([1, 2]);
      const b = new Vec([3, 4]);
      const { g, host } = run('s = a + b\nr = 2.5 - a\nn = -a\nd = a @ b\np = a ** 2\nq = sum(w * x for w, x in zip([0.5, 2], [a, b]))', { a, b });
      assert.deepEqual((g.get('s') as Vec).data, [4, 6]);
      assert.deepEqual((g.get('r') as Vec).data, [1.5, 0.5]);
      assert.deepEqual((g.get('n') as Vec).data, [-1, -2]);
      assert.equal(g.get('d'), 11);
      assert.deepEqual((g.get('p') as Vec).data, [1, 4]);
      assert.deepEqual((g.get('q') as Vec).data, [6.5, 9]);
      assert.deepEqual(host.ops.slice(0, 3), ['Vec + Vec', 'number - Vec', 'Vec @ Vec']);
      assert.ok(host.ops.includes('bigint + Vec'), 'sum starts from int 0');
    });

    it('passes positional, keyword, *args and **kwargs to host calls', () => {
      const t = ev('vec.record(1, 2.0, *[3, "x"], k=None, **{"z": True})') as PyTuple;
      assert.deepEqual(t.items[0], [1n, 2, 3n, 'x']);
      assert.deepEqual(t.items[1], new Map<unknown, unknown>([['k', null], ['z', true]]));
      assert.equal(ev('vec.nothing()'), null);
      assert.equal(ev('vec.Vec([1, 2]).sum()'), 3);
    });

    it('passes subscript keys as Python values', () => {
      const host = new FakeHost();
      const g = new Map<string, unknown>([['a', new Vec([1, 2, 3, 4])], ['m', new Vec([0])]]);
      runPython('a[1]\na[-1]\na[1:3]\na[::2]\na[:, 2]\na[None, ...]\na[1, 0]\na[m]\na[:-1:]', g, host);
      const [k1, k2, k3, k4, k5, k6, k7, k8, k9] = host.keys;
      assert.equal(k1, 1n);
      assert.equal(k2, -1n);
      assert.deepEqual(k3, new PySlice(1n, 3n, null));
      assert.deepEqual(k4, new PySlice(null, null, 2n));
      assert.ok(k5 instanceof PyTuple);
      assert.deepEqual(k5.items, [new PySlice(null, null, null), 2n]);
      assert.ok(k6 instanceof PyTuple);
      assert.deepEqual(k6.items, [null, pyEllipsis]);
      assert.deepEqual((k7 as PyTuple).items, [1n, 0n]);
      assert.equal(k8, g.get('m'));
      assert.deepEqual(k9, new PySlice(null, -1n, null));
      assert.deepEqual((evalPython('a[1:3]', g, host) as Vec).data, [2, 3]);
    });

    it('compares, tests membership and truthiness through the host', () => {
      const a = new Vec([1, 2]);
      assert.deepEqual((ev('a > 1', { a }) as Vec).data, [0, 1]);
      assert.equal(ev('2 in a', { a }), true);
      assert.equal(ev('5 not in a', { a }), true);
      assert.equal(ev('a is a', { a }), true);
      assert.equal(ev('"yes" if v else "no"', { v: new Vec([0]) }), 'no');
      assert.equal(ev('not v', { v: new Vec([]) }), true);
      assert.throws(() => ev('a and 1', { a }), /ambiguous/);
    });

    it('iterates and unpacks host objects', () => {
      const { g } = run('x, y = v\nl = [e * 2 for e in v]\nt = tuple(v.shape)\nn = len(v)', { v: new Vec([1.5, 2]) });
      assert.deepEqual([g.get('x'), g.get('y')], [1.5, 2]);
      assert.deepEqual(g.get('l'), [3, 4]);
      assert.deepEqual((g.get('t') as PyTuple).items, [2n]);
      assert.equal(g.get('n'), 2n);
    });

    it('uses dunder methods for abs/float/int/round/range and print/str/repr via the host', () => {
      const { g, host } = run('a = abs(v)\nf = float(one)\ni = int(one)\nr = round(v)\nn = list(range(one))\nprint(v, [v], "s", 1.0, sep=", ", end="!")\ns = str(v) + repr(v)', {
        v: new Vec([-1.4, 2.6]), one: new Vec([2]),
      });
      assert.deepEqual((g.get('a') as Vec).data, [1.4, 2.6]);
      assert.equal(g.get('f'), 2);
      assert.equal(g.get('i'), 2n);
      assert.deepEqual((g.get('r') as Vec).data, [-1, 3]);
      assert.deepEqual(g.get('n'), [0n, 1n]);
      assert.deepEqual(host.printed, ['vec[-1.4,2.6], [Vec([-1.4,2.6])], s, 1.0!']);
      assert.equal(g.get('s'), 'vec[-1.4,2.6]Vec([-1.4,2.6])');
    });

    it('isinstance with native types and host classes', () => {
      assert.equal(ev('isinstance(v, vec.Vec)', { v: new Vec([]) }), true);
      assert.equal(ev('isinstance(1, (vec.Vec, int))'), true);
      assert.equal(ev('isinstance(1.0, vec.Vec)'), false);
    });
  });

  describe('comprehensions, generators and lambdas', () => {
    it('list comprehensions with tuple targets and several for/if clauses', () => {
      assert.equal(repr(ev('[(i, c) for i, c in enumerate("abc") if c != "b" for _ in range(i) if True]')), "[(2, 'c'), (2, 'c')]");
      assert.equal(repr(ev('[(n, tuple(p)) for n, p in [("w", [1, 2]), ("b", [3])]]')), "[('w', (1, 2)), ('b', (3,))]");
    });

    it('generator expressions are lazy and single-pass', () => {
      const { g } = run('seen = []\ngen = (seen.append(i) or i for i in range(3))\nfirst = seen[:]\ntotal = sum(gen)\nagain = list(gen)');
      assert.deepEqual(g.get('first'), []);
      assert.equal(g.get('total'), 3n);
      assert.deepEqual(g.get('again'), []);
      assert.deepEqual(g.get('seen'), [0n, 1n, 2n]);
    });

    it('comprehension variables do not leak; lambdas close over their scope (late binding)', () => {
      const { g } = run('x = "outer"\nl = [x for x in range(2)]\nk = 1\nf = lambda y, z=2: y * k + z\nk = 10\nr = f(3)\ns = list(map(lambda p: p[0], [(1, 2)]))');
      assert.equal(g.get('x'), 'outer');
      assert.equal(g.get('r'), 32n);
      assert.deepEqual(g.get('s'), [1n]);
      expectError('f = lambda a: a\nf()', 'type', "TypeError: <lambda>() missing required argument: 'a'", 2, 1);
    });
  });

  describe('errors', () => {
    const UNSUPPORTED: readonly [string, string, number, number][] = [
      ['x = 1\nwhile x:\n    pass', 'while loop', 2, 1],
      ['def f():\n    pass', 'function definition', 1, 1],
      ['class A:\n    pass', 'class definition', 1, 1],
      ['try:\n    pass\nexcept E:\n    pass', 'try statement', 1, 1],
      ['if 1:\n    return 2', 'return statement', 2, 5],
      ['del x', 'del statement', 1, 1],
      ['global x', 'global statement', 1, 1],
      ['raise ValueError()', 'raise statement', 1, 1],
      ['x = yield 1', 'yield expression', 1, 5],
      ['@dec\ndef f(): pass', 'decorator', 1, 1],
      ['x = f"{y}"', 'f-string', 1, 5],
      ["x = b'abc'", 'bytes literal', 1, 5],
      ['x = 1j', 'complex literal', 1, 5],
      ['x = {1, 2}', 'set literal', 1, 5],
      ['x = {k: 1 for k in y}', 'dict comprehension', 1, 5],
      ['a, *b = [1, 2]', 'starred expression', 1, 4],
      ['for *a, b in x: pass', 'starred assignment target', 1, 5],
      ['if (n := 3):\n    pass', 'assignment expression (:=)', 1, 7],
      ['x: int = 3', 'annotated assignment', 1, 2],
      ['from . import x', 'relative import', 1, 6],
      ['from m import *', 'from-import *', 1, 15],
      ['f = lambda *a: 0', 'lambda with *args/**kwargs', 1, 12],
      ['for x in []:\n    pass\nelse:\n    pass', 'for-else', 3, 1],
      ['x = 1\ny = "%d" % x', 'printf-style string formatting (%)', 2, 5],
      ['async def f(): pass', 'async statement', 1, 1],
    ];
    for (const [src, what, line, col] of UNSUPPORTED) {
      it(`unsupported: ${what}`, () => {
        const e = expectError(src, 'unsupported', `unsupported: ${what}`, line, col);
        assert.ok(e.message.startsWith(`unsupported: ${what}`));
      });
    }

    const SYNTAX: readonly [string, string, number, number][] = [
      ['x = (1,\n     2', "'(' was never closed", 1, 5],
      ['x = [1, 2)', "closing parenthesis ')' does not match opening parenthesis '['", 1, 10],
      ['if x:\nfoo()', 'expected an indented block', 2, 1],
      ['x = 1\n    y = 2', 'unexpected indent', 2, 5],
      ['if 1:\n    a = 1\n  b = 2', 'unindent does not match any outer indentation level', 3, 3],
      ['x = 1 +\n', 'invalid syntax', 1, 8],
      ['x = $', "invalid character '$'", 1, 5],
      ['break', "'break' outside loop", 1, 1],
      ["s = 'abc", 'unterminated string literal', 1, 5],
      ['f(a=1, 2)', 'positional argument follows keyword argument', 1, 8],
      ['f() = 1', 'cannot assign to function call', 1, 1],
      ['1 = x', 'cannot assign to literal', 1, 1],
      ['x = 007', 'leading zeros in decimal integer literals are not permitted', 1, 5],
      ['if x\n    pass', "expected ':' (at end of line)", 1, 5],
    ];
    for (const [src, msg, line, col] of SYNTAX) {
      it(`syntax: ${msg}`, () => expectError(src, 'syntax', `SyntaxError: ${msg}`, line, col));
    }

    it('name errors point at the name', () => {
      expectError('x = 1\ny = (2 +\n  foo)', 'name', "NameError: name 'foo' is not defined", 3, 3);
    });

    it('type errors point at the innermost expression', () => {
      expectError('a = 1\nb = [a + "s"]', 'type', "TypeError: unsupported operand type(s) for +: 'int' and 'str'", 2, 6);
      expectError('x = 1\nx()', 'type', "TypeError: 'int' object is not callable", 2, 1);
      expectError('v.nope', 'type', "AttributeError: 'object' object has no attribute 'nope'", 1, 1, { v: new Vec([]) });
      expectError('x = [1].nope', 'type', "AttributeError: 'list' object has no attribute 'nope'", 1, 5);
      expectError('x = range(1.5)', 'type', "TypeError: 'float' object cannot be interpreted as an integer", 1, 5);
    });

    it('runtime errors carry Python exception names', () => {
      expectError('a = 1\nb = 2 * (a / 0)', 'runtime', 'ZeroDivisionError: division by zero', 2, 10);
      expectError('x = [1, 2]\ny = x[5]', 'runtime', 'IndexError: list index out of range', 2, 5);
      expectError('a, b = [1, 2, 3]', 'runtime', 'ValueError: too many values to unpack (expected 2)', 1, 1);
      expectError('x = {"a": 1}["b"]', 'runtime', "KeyError: 'b'", 1, 5);
      expectError('x = float("abc")', 'runtime', "ValueError: could not convert string to float: 'abc'", 1, 5);
    });

    it('wraps host exceptions with position and cause', () => {
      const e = expectError('x = 1\ny = [vec.boom()]', 'runtime', 'RangeError: kaboom', 2, 6);
      assert.ok(e.cause instanceof RangeError);
    });

    it('reports undefined from host operators as TypeError', () => {
      expectError('x = v | 1', 'type', "TypeError: unsupported operand type(s) for |: 'object' and 'int'", 1, 5, { v: new Vec([]) });
    });
  });

  describe('reference cases', () => {
    const files = fs.readdirSync(REFERENCE_DIR).filter((f) => f.endsWith('.json')).sort();
    const cases = files.flatMap((file) => {
      const data = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, file), 'utf8')) as { cases: Record<string, unknown>[] };
      return data.cases.map((c) => ({ file, c }));
    });

    it('finds the reference files', () => {
      assert.deepEqual(files, ['gradfn.json', 'losses.json', 'modules.json', 'ops.json', 'optim.json', 'repr.json', 'rng.json']);
      assert.ok(cases.length > 500);
    });

    it('parses every code field without error', () => {
      for (const { file, c } of cases) {
        const source = codeToSource(c.code as string | string[]);
        assert.doesNotThrow(() => parsePython(source), `${file} ${String(c.name)}`);
        if (typeof c.loss_code === 'string') parsePython(c.loss_code);
      }
    });

    it('runs every code field against a permissive mock host', () => {
      for (const { file, c } of cases) {
        const host = new MockHost();
        const globals = new Map<string, unknown>([['math', mathModule]]);
        for (const name of ['torch', 'nn', 'F', 'RnnModel', 'params']) globals.set(name, new Mock(name));
        const inputs = c.inputs;
        if (inputs && typeof inputs === 'object' && !Array.isArray(inputs)) {
          for (const name of Object.keys(inputs)) globals.set(name, new Mock(name));
        }
        try {
          runPython(codeToSource(c.code as string | string[]), globals, host);
        } catch (e) {
          assert.fail(`${file} ${String(c.name)}: ${(e as Error).message}`);
        }
      }
    });
  });
});

/** Accepts everything; iterating gives two values (all unpacking in the reference is 2-way). */
class Mock {
  constructor(readonly path: string) {}
}

class MockHost implements PyHost {
  getAttr(obj: unknown, name: string): unknown { return new Mock(`${(obj as Mock).path}.${name}`); }
  setAttr(): void { /* accepted */ }
  call(fn: unknown): unknown { return new Mock(`${(fn as Mock).path}()`); }
  binary(op: string): unknown { return new Mock(op); }
  unary(op: string): unknown { return new Mock(op); }
  compare(op: string): unknown { return new Mock(op); }
  getItem(): unknown { return new Mock('item'); }
  setItem(): void { /* accepted */ }
  iterate(): Iterable<unknown> { return [new Mock('i0'), new Mock('i1')]; }
  truthy(): boolean { return true; }
  importModule(name: string): unknown { return new Mock(name); }
  str(): string { return 'mock'; }
  repr(): string { return 'mock'; }
  print(): void { /* ignored */ }
}

