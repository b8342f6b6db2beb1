"""The unrolled recurrent layers and cells of the tracer against PyTorch's own (fused) kernels on the
same weights and inputs: outputs, final states and every gradient agree to float tolerance, for
RNN (tanh, relu), LSTM and GRU, stacked, bidirectional, batch_first, unbatched, with h0/(h0, c0),
without bias, with dropout between layers (same random stream on CPU), and over PackedSequences of
unsorted lengths. Where PyTorch itself
runs unrolled (1.13 on CPU), the grad_fn graphs must hold the same node names.

    python check_unroll.py TRACER_DIR [cpu|cuda]

Prints one JSON object: {"torch": version, "device": ..., "cases": [{"name", "ok", "detail"}]}."""
import json
import sys
from collections import Counter

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from bptt_tracer import ops, unroll  # noqa: E402
from bptt_tracer.state import S  # noqa: E402
from bptt_tracer.steps import StepRecorder  # noqa: E402

DEVICE = sys.argv[2] if len(sys.argv) > 2 else 'cpu'
# cuDNN's RNN kernels would otherwise round their products to TF32 (differences of ~1e-3)
torch.backends.cudnn.allow_tf32 = False
torch.backends.cuda.matmul.allow_tf32 = False


class Opts:
    max_nodes = 20000
    max_values = 0


S.options = Opts()
S.steps = StepRecorder()
ops.install_module_calls(unroll.on_cell_call, unroll.after_cell_call)


def graph_names(roots):
    # the visited nodes stay referenced: a freed wrapper's id() may be reused
    seen, kept, queue, names = set(), [], list(roots), Counter()
    while queue:
        n = queue.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        kept.append(n)
        names[type(n).__name__] += 1
        queue.extend(m for m, _ in n.next_functions)
    return names


def run(make, inputs, train=False):
    """Output tensors and gradients of every parameter and input, with a fixed loss."""
    torch.manual_seed(5)
    m = make().to(DEVICE).double() if DEVICE == 'cpu' else make().to(DEVICE)
    # cuDNN computes a backward in training mode only (no dropout in the CUDA cases)
    m.train(train or DEVICE != 'cpu')
    xs = [x.detach().clone().requires_grad_(True) for x in inputs]
    torch.manual_seed(7)
    out = m(*xs) if len(xs) else m()
    flat = []
    for o in out if isinstance(out, (tuple, list)) else (out,):
        flat.extend(o if isinstance(o, (tuple, list)) else (o,))
    torch.manual_seed(11)
    weights = [torch.randn_like(o) for o in flat]
    loss = sum((o * w).sum() for o, w in zip(flat, weights))
    names = graph_names([loss.grad_fn])
    grads = torch.autograd.grad(loss, list(m.parameters()) + xs, allow_unused=True)
    return [o.detach() for o in flat], grads, names


def compare(name, make, inputs, train=False, tol=None):
    tol = tol or (1e-12 if DEVICE == 'cpu' else 1e-4)
    fused = run(make, inputs, train)
    unroll.install()
    S.steps = StepRecorder()
    try:
        mine = run(make, inputs, train)
    finally:
        for k, f in unroll._ORIG.items():
            setattr(unroll._VF, k, f)
    worst = 0.0
    for a, b in zip(fused[0] + [g for g in fused[1] if g is not None], mine[0] + [g for g in mine[1] if g is not None]):
        scale = max(float(a.abs().max()), 1e-30)
        worst = max(worst, float((a - b).abs().max()) / scale)
    same_none = [g is None for g in fused[1]] == [g is None for g in mine[1]]
    ok = worst <= tol and same_none and len(fused[0]) == len(mine[0])
    detail = f'max rel diff {worst:.2e}'
    unrolled_by_torch = torch.__version__.startswith('1.') and DEVICE == 'cpu'
    if unrolled_by_torch and fused[2] != mine[2]:
        ok = False
        detail += f'; graphs differ: torch {dict(fused[2] - mine[2])} vs tracer {dict(mine[2] - fused[2])}'
    detail += f'; {sum(mine[2].values())} nodes'
    # the unrolled path ran: every sequence recorded its steps
    recorded = [len(q.steps) for q in S.steps.current.values()]
    if not recorded or min(recorded) < 4:
        ok = False
        detail += f'; steps recorded {recorded}'
    return {'name': name, 'ok': ok, 'detail': detail}


def seq(b, t, i, batch_first=False):
    torch.manual_seed(3)
    x = torch.randn(b, t, i) if batch_first else torch.randn(t, b, i)
    return x.double() if DEVICE == 'cpu' else x.to(DEVICE)


class Cells(nn.Module):
    """A hand-written loop over a cell, batched or not."""

    def __init__(self, kind, batched):
        super().__init__()
        self.cell = {'rnn': lambda: nn.RNNCell(3, 4), 'relu': lambda: nn.RNNCell(3, 4, nonlinearity='relu'), 'lstm': lambda: nn.LSTMCell(3, 4), 'gru': lambda: nn.GRUCell(3, 4)}[kind]()
        self.kind = kind
        self.batched = batched

    def forward(self, x):
        h = None
        outs = []
        for t in range(x.shape[0]):
            xt = x[t] if self.batched else x[t, 0]
            h = self.cell(xt, h)
            outs.append(h[0] if self.kind == 'lstm' else h)
        return torch.stack(outs)


cases = []
for mode, make in (
    ('RNN', lambda **k: nn.RNN(3, 4, **k)),
    ('RNN relu', lambda **k: nn.RNN(3, 4, nonlinearity='relu', **k)),
    ('LSTM', lambda **k: nn.LSTM(3, 4, **k)),
    ('GRU', lambda **k: nn.GRU(3, 4, **k)),
):
    cases.append(compare(f'{mode} 1 layer', lambda: make(), [seq(2, 5, 3)]))
    cases.append(compare(f'{mode} 2 layers bidirectional', lambda: make(num_layers=2, bidirectional=True), [seq(2, 5, 3)]))
    cases.append(compare(f'{mode} batch_first 3 layers', lambda: make(num_layers=3, batch_first=True), [seq(2, 6, 3, True)]))
    cases.append(compare(f'{mode} bidirectional batch_first', lambda: make(bidirectional=True, batch_first=True), [seq(3, 4, 3, True)]))
    cases.append(compare(f'{mode} unbatched', lambda: make(num_layers=2), [seq(1, 5, 3)[:, 0]]))
    cases.append(compare(f'{mode} no bias', lambda: make(bias=False, num_layers=2), [seq(2, 5, 3)]))
    if DEVICE == 'cpu':
        cases.append(compare(f'{mode} dropout in train mode', lambda: make(num_layers=3, dropout=0.5), [seq(2, 5, 3)], train=True))
    torch.manual_seed(4)
    if mode == 'LSTM':
        h0 = (torch.randn(2, 2, 4), torch.randn(2, 2, 4))
        h0 = tuple(h.double() if DEVICE == 'cpu' else h.to(DEVICE) for h in h0)

        class WithState(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = make(num_layers=2)

            def forward(self, x, h, c):
                return self.rnn(x, (h, c))

        cases.append(compare(f'{mode} (h0, c0)', WithState, [seq(2, 5, 3), h0[0], h0[1]]))
    else:
        h0 = torch.randn(4, 2, 4)
        h0 = h0.double() if DEVICE == 'cpu' else h0.to(DEVICE)

        class WithState(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = make(num_layers=2, bidirectional=True)

            def forward(self, x, h):
                return self.rnn(x, h)

        cases.append(compare(f'{mode} h0', WithState, [seq(2, 5, 3), h0]))


class Packed(nn.Module):
    """Sequences of different lengths through pack_padded_sequence (unsorted: the module sorts them and
    unsorts h_n), the layer, and pad_packed_sequence."""

    def __init__(self, make, lengths, batch_first=False, with_h0=False):
        super().__init__()
        self.rnn = make()
        self.lengths = lengths
        self.batch_first = batch_first
        self.with_h0 = with_h0

    def forward(self, x, *h0):
        packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor(self.lengths), batch_first=self.batch_first, enforce_sorted=False)
        out, h = self.rnn(packed, (h0 if len(h0) == 2 else h0[0]) if h0 else None)
        padded, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=self.batch_first)
        return (padded,) + (tuple(h) if isinstance(h, tuple) else (h,))


for mode, make in (
    ('RNN', lambda **k: nn.RNN(3, 4, **k)),
    ('RNN relu', lambda **k: nn.RNN(3, 4, nonlinearity='relu', **k)),
    ('LSTM', lambda **k: nn.LSTM(3, 4, **k)),
    ('GRU', lambda **k: nn.GRU(3, 4, **k)),
):
    cases.append(compare(f'{mode} packed', lambda: Packed(lambda: make(), [3, 6, 4]), [seq(3, 6, 3)]))
    cases.append(compare(f'{mode} packed 2 layers bidirectional', lambda: Packed(lambda: make(num_layers=2, bidirectional=True), [6, 2, 5, 6]), [seq(4, 6, 3)]))
    cases.append(compare(f'{mode} packed batch_first, dropout in train mode', lambda: Packed(lambda: make(num_layers=2, dropout=0.5, batch_first=True), [5, 4, 1], True), [seq(3, 5, 3, True)], train=True))
    h0 = [torch.randn(2, 3, 4, dtype=torch.float64), torch.randn(2, 3, 4, dtype=torch.float64)] if mode == 'LSTM' else [torch.randn(2, 3, 4, dtype=torch.float64)]
    cases.append(compare(f'{mode} packed bidirectional with h0', lambda: Packed(lambda: make(bidirectional=True), [2, 5, 5], with_h0=True), [seq(3, 5, 3)] + h0))
for kind in ('rnn', 'relu', 'lstm', 'gru'):
    cases.append(compare(f'{kind} cell loop', lambda: Cells(kind, True), [seq(2, 5, 3)]))
    cases.append(compare(f'{kind} cell loop unbatched', lambda: Cells(kind, False), [seq(1, 5, 3)]))



def lanczos_case():
    """Above 64 units jacobianNorm comes from block Lanczos on the implicit Jacobian (spectral.py), its
    products on the model's device: it must give the exact σ_max."""
    from bptt_tracer import spectral

    torch.manual_seed(0)
    n, rows = 80, 6
    blocks = [torch.randn(n, n, dtype=torch.float64, device=DEVICE) / n**0.5 for _ in range(3)]
    lefts = [torch.rand(2, rows // 2, n, dtype=torch.float64, device=DEVICE) for _ in range(3)]
    diag = torch.rand(2, rows // 2, n, dtype=torch.float64, device=DEVICE)
    left = torch.stack([x.reshape(rows, n) for x in lefts], 1)
    op = spectral.Rows(spectral.Weights(torch.cat(blocks)), 'blocks', left, diag.reshape(rows, n))
    lam, _ = spectral.largest(op, spectral.starts_from(None, n, rows, DEVICE))
    mine = lam.sqrt().reshape(2, rows // 2).max(1).values
    j = sum(x.reshape(rows, n)[:, :, None] * w for x, w in zip(lefts, blocks)) + torch.diag_embed(diag.reshape(rows, n))
    exact = torch.linalg.matrix_norm(j, ord=2).reshape(2, rows // 2).max(1).values.cpu()
    worst = float(((mine - exact).abs() / exact).max())
    return {'name': 'block Lanczos σ_max (H=80, GRU-shaped)', 'ok': worst < 1e-9, 'detail': f'max rel diff {worst:.1e}'}


cases.append(lanczos_case())
print(json.dumps({'torch': torch.__version__, 'device': DEVICE, 'cases': cases}))
