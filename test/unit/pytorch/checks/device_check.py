"""The tracer on whatever torch and device this machine has (for torch 2.x and CUDA, which CI does not
have): the unrolled-vs-fused comparison on CPU and CUDA, the hand-unrolled reference through the
whole tracer, a traced and a fused training loop on each device, and the tracing time of a larger model.

    python device_check.py [--devices cpu,cuda] [--large-on cpu,cuda]

The larger model runs on CUDA when there is one (on CPU it takes minutes), else on CPU.

Prints one line per check, 'ok' or 'FAIL', and the timings."""
import json
import os
import subprocess
import sys
import tempfile
import time

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '../../../..'))
TRACER = os.path.join(ROOT, 'src/runtime/pytorch')
FIXTURES = os.path.join(ROOT, 'test/unit/pytorch/fixtures')
devices = ['cpu'] + (['cuda'] if torch.cuda.is_available() else [])
if '--devices' in sys.argv:
    devices = [d for d in sys.argv[sys.argv.index('--devices') + 1].split(',') if d in devices]
large_on = sys.argv[sys.argv.index('--large-on') + 1].split(',') if '--large-on' in sys.argv else devices[-1:]
failures = 0


def report(name, ok, detail=''):
    global failures
    failures += 0 if ok else 1
    print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}", flush=True)


def trace(script, *flags):
    out = os.path.join(tempfile.mkdtemp(), 'trace.json')
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, os.path.join(TRACER, 'bptt_trace.py'), '--script', script, '--out', out, '--trace', *flags], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    doc = json.load(open(out)) if os.path.exists(out) else None
    return p, doc, wall


print(f'torch {torch.__version__}, devices {devices}', flush=True)
for dev in devices:
    p = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), 'check_unroll.py'), TRACER, dev], capture_output=True, text=True)
    try:
        cases = json.loads(p.stdout)['cases']
        bad = [c for c in cases if not c['ok']]
        report(f'unrolled == fused on {dev}', not bad, f"{len(cases)} cases; " + '; '.join(f"{c['name']}: {c['detail']}" for c in bad[:5]))
    except Exception:  # noqa: BLE001
        report(f'unrolled == fused on {dev}', False, p.stderr[-2000:])

p, doc, wall = trace(os.path.join(FIXTURES, 'hand_unrolled.py'))
if doc is None or p.returncode != 0:
    report('hand-unrolled reference', False, p.stderr[-2000:])
else:
    ref = json.loads(p.stdout.splitlines()[0])
    worst = 0.0
    for r in doc['recurrent']:
        rec = ref[r['module']][f"{r['layer']}|{r['direction']}"]
        for s in r['steps']:
            for k in ('gradNorm', 'whhGradNorm', 'jacobianNorm', 'hNorm') + (('cellGradNorm',) if r['kind'] == 'LSTM' else ()):
                a, b = s[k], rec[k][s['t']]
                worst = max(worst, abs(a - b) / max(abs(a), abs(b), 1e-300))
    report('hand-unrolled reference', worst < 1e-9 and len(doc['recurrent']) == 12, f'max rel diff {worst:.1e}, {wall:.1f} s')

TRAIN = '''
import torch, torch.nn as nn
dev = "{dev}"
torch.backends.cudnn.allow_tf32 = False  # cuDNN's fused RNN would otherwise round to TF32
torch.manual_seed(0)
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM({i}, {h}, num_layers=2, batch_first=True)
        self.gru = nn.GRU({h}, {h}, bidirectional=True)
        self.head = nn.Linear(2 * {h}, 1)
    def forward(self, x):
        y, _ = self.lstm(x)
        z, _ = self.gru(y.transpose(0, 1))
        return self.head(z[-1])
m = M().to(dev)
opt = torch.optim.Adam(m.parameters(), 1e-3)
x = torch.randn({b}, {t}, {i}, device=dev)
for it in range({iters}):
    loss = m(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
    opt.step()
print("loss", loss.item())
'''

for dev in devices:
    for size, kw in (('small', dict(i=3, h=16, b=4, t=12, iters=3)), ('large', dict(i=32, h=256, b=16, t=200, iters=2))):
        if size == 'large' and dev not in large_on:
            continue
        path = os.path.join(tempfile.mkdtemp(), f'train_{dev}_{size}.py')
        with open(path, 'w') as fh:
            fh.write(TRAIN.format(dev=dev, **kw))
        t0 = time.perf_counter()
        plain = subprocess.run([sys.executable, path], capture_output=True, text=True)
        plain_s = time.perf_counter() - t0
        for flags in ((), ('--fused',)):
            p, doc, wall = trace(path, *flags)
            name = f"{size} training loop on {dev}{' fused' if flags else ''}"
            if doc is None or p.returncode != 0:
                report(name, False, p.stderr[-3000:])
                continue
            expect = 0 if flags else 4
            timing = {x['phase']: round(x['ms']) for x in doc['timing']}
            nodes = {n['name'] for n in doc['graph']['nodes']}
            fused_nodes = sorted(n for n in nodes if 'Rnn' in n or 'Lstm' in n or 'Gru' in n or 'Cudnn' in n or 'Mkldnn' in n)
            ok = len(doc['recurrent']) == expect and all(len(r['steps']) == kw['t'] for r in doc['recurrent']) and dev in doc['script']['producer'] and len(doc['history']) == kw['iters']
            same = plain.stdout == p.stdout if dev == 'cpu' else abs(float(plain.stdout.split()[-1]) - float(p.stdout.split()[-1])) <= 1e-4 * abs(float(plain.stdout.split()[-1]))
            ok = ok and all(p_['grad'] is not None for p_ in doc['model']['parameters']) and same
            report(name, ok, f"plain {plain_s:.1f} s, traced {wall:.1f} s {timing}, {os.path.getsize(p.args[p.args.index('--out') + 1]) / 1e6:.1f} MB, {len(doc['graph']['nodes'])} nodes, fused nodes {fused_nodes}; stdout {plain.stdout.strip()!r} vs {p.stdout.strip()!r}")

print('FAILED' if failures else 'ALL OK', failures)
