// The formula table is merged from per-family tables; a name defined twice would silently keep
// the last definition, so the families must be disjoint.
import assert from 'node:assert/strict';
import { lossFormulas } from '../../../src/engine/autograd/formulas/losses';
import { pointwiseFormulas } from '../../../src/engine/autograd/formulas/pointwise';
import { structuralFormulas } from '../../../src/engine/autograd/formulas/structural';

describe('backward formula table', () => {
  it('has each grad_fn name in exactly one family', () => {
    const families: Record<string, object> = { pointwise: pointwiseFormulas, structural: structuralFormulas, losses: lossFormulas };
    const owner = new Map<string, string>();
    for (const [family, table] of Object.entries(families)) {
      for (const name of Object.keys(table)) {
        assert.equal(owner.get(name), undefined, `${name} is defined in both ${owner.get(name)} and ${family}`);
        owner.set(name, family);
      }
    }
    assert.ok(owner.size > 60);
  });
});
