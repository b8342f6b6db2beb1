// docs/api.md is generated from the engine's doc comments and must be up to date.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderApiDoc } from '../../scripts/apiDoc';

describe('docs/api.md', () => {
  it('matches the doc comments in src/engine (regenerate with npx tsx scripts/apiDoc.ts)', () => {
    const current = readFileSync(join(__dirname, '../../docs/api.md'), 'utf8');
    assert.equal(current, renderApiDoc());
  });
  it('documents every function exported by the ops', () => {
    const text = renderApiDoc();
    for (const name of ['add', 'matmul', 'addmm', 'unbind', 'stack', 'softmax', 'embedding', 'backward', 'noGrad', 'gradcheck']) {
      assert.match(text, new RegExp('\\| `' + name + '`'), name);
    }
  });
});
