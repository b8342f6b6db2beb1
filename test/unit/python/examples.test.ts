// examples/*.py are the Python twins of examples/*.ts: the same model, data and seed print the same
// numbers (only Python's and JS's spelling of exponents differ: 1.35e-03 vs 1.35e-3, and
// longSequence's wall-clock time), and tracing a twin gives the same diagnoses as tracing its .ts.
// Each twin runs once, traced, on the shared warm worker; its stdout and its Trace are both checked.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScript } from '../../../src/runtime/runner';
import type { Trace } from '../../../src/trace/types';
import { runPy, warmUp } from './helpers';

const EXAMPLES = join(__dirname, '../../../examples');
const twins = readdirSync(EXAMPLES).filter((n) => n.endsWith('.py') && existsSync(join(EXAMPLES, n.replace(/\.py$/, '.ts'))));
const normalise = (s: string): string => s.replace(/e([+-])0*(\d)/g, 'e$1$2').replace(/ in \d+ ms\b/g, ' in … ms');
/** The diagnoses of a trace, as `kind:severity` (module, layer), sorted and deduplicated. */
const diagnoses = (t: Trace): string[] => [...new Set(t.diagnostics.map((d) => `${d.kind}:${d.severity} ${d.module ?? ''}|${d.layer ?? ''}`))].sort();

/** The .ts examples that have no Python twin (JS-only APIs). */
const JS_ONLY = ['gradFnChain'];

describe('Python front: examples/*.py print what their .ts twins print, and trace the same', () => {
  warmUp();
  const traces = new Map<string, Trace>();

  it('every .ts example has a .py twin (but the JS-only ones), and every .py twin a .ts', () => {
    const names = (ext: string): string[] =>
      readdirSync(EXAMPLES)
        .filter((n) => n.endsWith(ext))
        .map((n) => n.slice(0, -ext.length))
        .sort();
    assert.deepEqual(names('.ts').filter((n) => !JS_ONLY.includes(n)), names('.py'));
  });

  for (const name of twins) {
    it(name, async function () {
      this.timeout(120_000);
      const py = await runPy(join(EXAMPLES, name), { trace: true });
      assert.equal(py.status, 'ok', py.error?.stack);
      let js = '';
      const r = await runScript(join(EXAMPLES, name.replace(/\.py$/, '.ts')), { trace: true, onOutput: (s, t) => (js += s === 'stdout' ? t : '') });
      assert.equal(r.status, 'ok', r.error?.message);
      assert.equal(normalise(py.stdout), normalise(js));
      assert.ok(py.trace && r.trace);
      assert.equal(py.trace.script.language, 'py');
      assert.deepEqual(diagnoses(py.trace), diagnoses(r.trace), name);
      traces.set(name.replace(/\.py$/, ''), py.trace);
    });
  }

  it('the demos fire their diagnoses through Python too', () => {
    const t = (n: string): Trace => {
      const x = traces.get(n);
      assert.ok(x, `${n}.py did not run`);
      return x;
    };
    const kinds = (n: string, severity?: string): string[] =>
      t(n)
        .diagnostics.filter((d) => !severity || d.severity === severity)
        .map((d) => d.kind);
    assert.ok(kinds('vanishingDemo', 'warning').includes('vanishing'), kinds('vanishingDemo').join());
    assert.ok(kinds('explodingDemo', 'error').includes('exploding'), kinds('explodingDemo').join());
    assert.ok(!kinds('explodingDemo').includes('vanishing'));
    const clipped = t('explodingClipped');
    assert.equal(clipped.history.length, 30);
    assert.ok(clipped.history.every((h) => h.clip?.maxNorm === 1), 'every iteration records its clipping');
    assert.ok(kinds('explodingClipped').includes('exploding') && kinds('explodingClipped', 'error').length === 0, kinds('explodingClipped').join());
    for (const n of ['sineWave', 'oneToMany', 'manyToOne', 'manyToManySync', 'manyToManyAsync', 'lstm', 'gru']) {
      assert.deepEqual(kinds(n, 'warning').concat(kinds(n, 'error')), [], `${n} is healthy`);
    }
  });
});
