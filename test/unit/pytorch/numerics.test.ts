// The tracer's numerics beyond the end-to-end checks of trace.test.ts, each run in Python (one process per
// script): jacobianNorm above 64 units by warm-started block Lanczos (bptt_tracer/spectral.py) against
// dense SVDs, on RNN/LSTM/GRU sequences and on adversarial cases (close and equal top singular values,
// crossings started from the old exact top vector, sign flips, a zero step); and the tensor statistics
// (bptt_tracer/stats.py) against a plain float64 computation.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PYTHON, requireTorch } from './helpers';

const TRACER = join(__dirname, '../../../src/runtime/pytorch');

interface Case {
  name: string;
  ok: boolean;
  detail: string;
}

async function check(script: string, atLeast: number): Promise<void> {
  const { stdout } = await promisify(execFile)(PYTHON, [join(__dirname, 'checks', script), TRACER], { maxBuffer: 1 << 24 });
  const report = JSON.parse(stdout) as { torch: string; cases: Case[] };
  assert.ok(report.cases.length >= atLeast, `${report.cases.length} cases`);
  const failed = report.cases.filter((c) => !c.ok);
  assert.deepEqual(failed, [], `torch ${report.torch}: ${failed.map((c) => `${c.name}: ${c.detail}`).join('\n')}`);
}

describe('pytorch backend: the tracer’s numerics', function () {
  this.timeout(180_000);
  requireTorch();

  it('warm-started jacobianNorm and σ_max(W_hh) equal dense SVDs (within 1e-7), adversarial cases included', async () => {
    await check('check_jacobian.py', 25);
  });

  it('tensor statistics equal a plain float64 computation (within 1e-12)', async () => {
    await check('check_stats.py', 100);
  });
});
