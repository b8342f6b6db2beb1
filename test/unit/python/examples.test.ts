// examples/*.py are the Python twins of examples/*.ts: the same model, data and seed print the same
// numbers (only Python's and JS's spelling of exponents differ: 1.35e-03 vs 1.35e-3).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScript } from '../../../src/runtime/runner';
import { runPy, warmUp } from './helpers';

const EXAMPLES = join(__dirname, '../../../examples');
const twins = readdirSync(EXAMPLES).filter((n) => n.endsWith('.py') && existsSync(join(EXAMPLES, n.replace(/\.py$/, '.ts'))));
const exponents = (s: string): string => s.replace(/e([+-])0*(\d)/g, 'e$1$2');

describe('Python front: examples/*.py print what their .ts twins print', () => {
  warmUp();

  for (const name of twins) {
    it(name, async function () {
      this.timeout(120_000);
      const py = await runPy(join(EXAMPLES, name));
      assert.equal(py.status, 'ok', py.error?.stack);
      let js = '';
      const r = await runScript(join(EXAMPLES, name.replace(/\.py$/, '.ts')), { onOutput: (s, t) => (js += s === 'stdout' ? t : '') });
      assert.equal(r.status, 'ok', r.error?.message);
      assert.equal(exponents(py.stdout), exponents(js));
    });
  }
});
