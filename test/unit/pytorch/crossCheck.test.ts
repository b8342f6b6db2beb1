// The cross-check against real PyTorch (Debian's python3-torch in CI), on every Python example and
// the seed scripts: the embedded engine must agree within 1e-4 relative, losses, parameter grads and
// per-step ‖∂L/∂h_t‖. A training that amplifies float rounding (explodingClipped: a chaotic tanh RNN)
// must agree on its first backward and be reported as drifting apart, never as agreeing.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatCrossCheck } from '../../../src/cli/crossCheckText';
import { runCrossCheck } from '../../../src/runtime/crossCheckRun';
import { PYTHON, requireTorch, seed } from './helpers';

const EXAMPLES = join(__dirname, '../../../examples');
/** Examples whose training amplifies rounding by design (their headers say so). */
const CHAOTIC = new Set(['explodingClipped.py']);

describe('pytorch: cross-check of the examples and the seed scripts', function () {
  this.timeout(240_000);
  requireTorch();

  const scripts = [
    ...readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.py'))
      .map((f) => join(EXAMPLES, f)),
    seed('seed_rnn_model.py'),
    seed('seed_autograd.py'),
    seed('seed_autograd_seed0.py'),
  ];
  assert.ok(scripts.length >= 13);

  for (const file of scripts) {
    const name = file.split('/').pop()!;
    it(`${name}`, async () => {
      const { report } = await runCrossCheck(file, { python: PYTHON, timeoutMs: 200_000 });
      const text = formatCrossCheck(report);
      assert.deepEqual(report.mismatches, [], text);
      assert.equal(report.embedded.status, 'ok', text);
      assert.equal(report.pytorch.status, 'ok', text);
      assert.match(report.pytorch.producer, /^torch /);
      assert.ok(report.rows.length > 0, text);
      if (CHAOTIC.has(name)) {
        assert.equal(report.verdict, 'diverged', text);
        const first = report.rows.filter((r) => r.phase === 'first');
        assert.ok(first.length > 1 && first.every((r) => r.relDiff <= 1e-4), text);
      } else {
        assert.equal(report.verdict, 'agree', text);
        for (const r of report.rows) assert.ok(r.relDiff <= 1e-4, `${r.quantity} ${r.name}: ${r.relDiff}\n${text}`);
      }
    });
  }
});
