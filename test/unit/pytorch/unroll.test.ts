// The tracer's unrolled recurrent layers and cells (src/runtime/pytorch/bptt_tracer/unroll.py, cells.py)
// give what PyTorch's own kernels give on the same weights: outputs, final states and every gradient,
// for RNN/LSTM/GRU stacked, bidirectional, batch_first, unbatched, with h0, without bias, with dropout,
// PackedSequence input, and for cells in loops; with torch 1.13 on CPU also the same grad_fn nodes. The comparison runs in
// Python (checks/check_unroll.py, one process), in float64.
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

describe('pytorch backend: unrolled layers equal the fused kernels', function () {
  this.timeout(180_000);
  requireTorch();

  it('RNN, LSTM, GRU (also over PackedSequences) and the cells: same outputs, states and gradients; same graphs on torch 1.13 CPU', async () => {
    const { stdout } = await promisify(execFile)(PYTHON, [join(__dirname, 'checks/check_unroll.py'), TRACER], { maxBuffer: 1 << 24 });
    const report = JSON.parse(stdout) as { torch: string; cases: Case[] };
    assert.ok(report.cases.length >= 56, `${report.cases.length} cases`);
    const failed = report.cases.filter((c) => !c.ok);
    assert.deepEqual(failed, [], `torch ${report.torch}: ${failed.map((c) => `${c.name}: ${c.detail}`).join('\n')}`);
  });
});
