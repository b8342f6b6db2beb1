# A model the embedded engine should not run: a 2-layer LSTM with 1024 units over BPTT_LARGE_T steps
# (default 200), one training step. bench/pytorchCompare.ts runs it on the pytorch backend, plain
# and traced, and prints both times and the trace's size. On CUDA when there is one.
#
# Run directly with --compare [ROUNDS] [MODES], it times itself through the tracer in rounds, each
# round running every mode once in turn (a busy machine slows all of them alike), and prints each
# phase's median: plain (--run-only), fused (--trace --fused) and traced (--trace), e.g.
#     BPTT_LARGE_T=200 python3 bench/pytorchLarge.py --compare 3 plain,fused,traced
import os
import sys

if len(sys.argv) > 1 and sys.argv[1] == '--compare':
    import json
    import statistics
    import subprocess
    import tempfile
    import time

    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    modes = (sys.argv[3] if len(sys.argv) > 3 else 'plain,fused,traced').split(',')
    flags = {'plain': ['--run-only'], 'fused': ['--trace', '--fused'], 'traced': ['--trace']}
    here = os.path.dirname(os.path.abspath(__file__))
    # BPTT_TRACER: another version of bptt_trace.py to time
    tracer = os.environ.get('BPTT_TRACER') or os.path.join(here, '..', 'src', 'runtime', 'pytorch', 'bptt_trace.py')
    times = {m: {} for m in modes}
    out = os.path.join(tempfile.mkdtemp(), 'trace.json')
    for r in range(rounds):
        for m in modes:
            t0 = time.perf_counter()
            p = subprocess.run([sys.executable, tracer, '--script', os.path.abspath(__file__), '--out', out, *flags[m]], capture_output=True, text=True)
            wall = time.perf_counter() - t0
            if p.returncode != 0:
                sys.exit(f'{m} failed: {p.stderr[-2000:]}')
            with open(out) as fh:
                doc = json.load(fh)
            phases = {t['phase']: t['ms'] / 1000 for t in doc['timing']}
            phases['wall'] = wall
            phases['size MB'] = os.path.getsize(out) / 1048576
            for k, v in phases.items():
                times[m].setdefault(k, []).append(v)
            print(f'round {r + 1} {m}: ' + ', '.join(f'{k} {v:.1f}' for k, v in phases.items()), flush=True)
    T = os.environ.get('BPTT_LARGE_T', '200')
    print(f'\nT={T}, medians of {rounds} rounds (s):')
    cols = ['import', 'run', 'record', 'wall', 'size MB']
    print(f"{'mode':8s}" + ''.join(f'{c:>10s}' for c in cols) + f"{'wall/plain':>12s}")
    plain = statistics.median(times['plain']['wall']) if 'plain' in times else None
    for m in modes:
        row = [statistics.median(times[m][c]) if c in times[m] else None for c in cols]
        ratio = f'{row[3] / plain:.2f}×' if plain else ''
        print(f'{m:8s}' + ''.join(f'{v:10.1f}' if v is not None else f"{'':>10s}" for v in row) + f'{ratio:>12s}')
    sys.exit(0)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

T = int(os.environ.get('BPTT_LARGE_T', '200'))
H = 1024
device = 'cuda' if torch.cuda.is_available() else 'cpu'


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(32, H, num_layers=2)
        self.head = nn.Linear(H, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[-1])


torch.manual_seed(0)
model = Model().to(device)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.randn(T, 1, 32, device=device)
y = torch.ones(1, 1, device=device)
loss = nn.functional.mse_loss(model(x), y)
opt.zero_grad()
loss.backward()
torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
opt.step()
print(f'T={T} H={H} device={device} loss={loss.item():.6f}')
