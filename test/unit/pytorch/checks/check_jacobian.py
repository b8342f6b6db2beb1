"""The tracer's warm-started Lanczos (bptt_tracer/spectral.py, jacobian.py) against dense SVDs: per-step
jacobianNorm above 64 units for RNN (tanh, relu), LSTM and GRU sequences through the tracer's own
step_numbers, σ_max(W_hh), and adversarial cases for the warm start: close and equal top singular
values, two singular values crossing between steps with the exact old top vector as the start, a sign
flip, a zero step, a rank-one step, steps with most units dead.

    python check_jacobian.py TRACER_DIR

Prints one JSON object: {"torch": version, "cases": [{"name", "ok", "detail"}]}."""
import json
import math
import sys

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402

from bptt_tracer import jacobian, spectral  # noqa: E402

F64 = torch.float64
# the largest relative difference allowed against the dense SVD (results are typically within 1e-10)
REL = 1e-7
cases = []


def case(name, got, want, rel=REL):
    got = [float(x) for x in got]
    want = [float(x) for x in want]
    worst = 0.0
    ok = len(got) == len(want)
    for a, b in zip(got, want):
        if math.isnan(b) or math.isinf(b):
            ok = ok and (math.isnan(a) if math.isnan(b) else a == b)
            continue
        d = abs(a - b) / max(abs(a), abs(b), 1e-300) if (a or b) else 0.0
        worst = max(worst, d)
    ok = ok and worst <= rel
    cases.append({'name': name, 'ok': bool(ok), 'detail': f'max rel diff {worst:.1e} over {len(want)}'})


def dense_sigma(j):
    return torch.linalg.matrix_norm(j, ord=2).item()


def orthogonal(n, gen):
    q, r = torch.linalg.qr(torch.randn(n, n, generator=gen, dtype=F64))
    return q * torch.sign(torch.diagonal(r))


def chain(js, warm_override=None):
    """σ_max of each J of a sequence through spectral.largest, each start warm from the step before
    (`warm_override(t, prev)` may replace the warm vector)."""
    out = []
    prev = None
    for t, j in enumerate(js):
        n = j.shape[1]
        weights = spectral.Weights(j)
        op = spectral.Rows(weights, 'blocks', torch.ones(1, 1, n, dtype=F64))
        warm = prev if warm_override is None else warm_override(t, prev)
        lam, prev = spectral.largest(op, spectral.starts_from(warm, n, 1, j.device))
        out.append(math.sqrt(max(0.0, float(lam[0]))))
    return out


gen = torch.Generator().manual_seed(1234)

# -- adversarial single matrices and sequences (K = 1, J given) ------------------------------------
n = 96
U, V = orthogonal(n, gen), orthogonal(n, gen)
tail = torch.rand(n - 2, generator=gen, dtype=F64) * 0.9


def with_top(s1, s2, u=U, v=V):
    return u @ torch.diag(torch.cat([torch.tensor([s1, s2], dtype=F64), tail])) @ v.t()


for gap in (1e-1, 1e-3, 1e-5, 1e-7, 0.0):
    js = [with_top(1.0, 1.0 - gap)]
    case(f'close top singular values, relative gap {gap:g}', chain(js), [dense_sigma(j) for j in js])

# crossing: s1 and s2 swap between consecutive steps; the start is the exact top pair of the step
# before (so its top vector is now the second), or that top vector twice
for gap in (1e-1, 1e-3, 1e-5, 1e-7):
    js = [with_top(1.0, 1.0 - gap), with_top(1.0 - gap, 1.0), with_top(1.0, 1.0 - gap), with_top(1.0 - gap, 1.0)]
    pairs = [torch.stack([V[:, 0], V[:, 1]]) if t % 2 == 0 else torch.stack([V[:, 1], V[:, 0]]) for t in range(len(js))]
    got = chain(js, lambda t, prev: pairs[t - 1][None].clone() if t else None)
    case(f'singular values crossing, warm start = the old exact top pair, gap {gap:g}', got, [dense_sigma(j) for j in js])
    got = chain(js, lambda t, prev: pairs[t - 1][None, :1].expand(1, spectral.BLOCK, n).clone() if t else None)
    # a pair closer than float32 can tell apart, started from one of them only: within their gap
    case(f'singular values crossing, warm start = the old exact top vector twice, gap {gap:g}', got, [dense_sigma(j) for j in js], max(REL, 2 * gap))

# sign flips: the warm vector negated at every step; a zero step in the middle; a rank-one step
js = [with_top(1.0, 0.95), with_top(1.01, 0.95), torch.zeros(n, n, dtype=F64), with_top(1.02, 0.95), torch.outer(U[:, 0], V[:, 3]) * 2.5]
case('sign flips between steps', chain(js[:2] + js[3:4], lambda t, prev: -prev if prev is not None else None), [dense_sigma(j) for j in js[:2] + js[3:4]])
case('a zero step and a rank-one step in a sequence', chain(js), [dense_sigma(j) for j in js])
case('all singular values equal (a scaled orthogonal matrix)', chain([3.0 * U]), [3.0])

# a slowly rotating sequence (the top vector drifts from step to step)
rot = []
for t in range(12):
    a = 0.3 * t
    g2 = torch.eye(n, dtype=F64)
    g2[0, 0], g2[0, 1], g2[1, 0], g2[1, 1] = math.cos(a), -math.sin(a), math.sin(a), math.cos(a)
    rot.append(with_top(1.0 + 0.01 * math.sin(t), 0.99, v=V @ g2))
case('a rotating sequence', chain(rot), [dense_sigma(j) for j in rot])

# a random matrix of a few hundred units (clustered top of the spectrum)
big = torch.randn(320, 320, generator=gen, dtype=F64) / math.sqrt(320)
b2 = big * 1.001 + 1e-3 * torch.randn(320, 320, generator=gen, dtype=F64)
case('random 320×320 (clustered top singular values)', chain([big, b2]), [dense_sigma(big), dense_sigma(b2)])


# -- the tracer's own step_numbers on recurrent sequences above 64 units ----------------------------
class Step:
    def __init__(self, h, h_prev, c=None, c_prev=None, gates=None):
        self.h, self.h_prev, self.c, self.c_prev, self.gates = h, h_prev, c, c_prev, gates


class Seq:
    def __init__(self, kind, w_hh):
        self.kind = kind
        self.w_hh = w_hh


def run_sequence(kind, hidden, batch, steps_n, scale, nan_row=None):
    """A sequence of `kind` driven by random inputs (float32 as a model would be), its Steps and the
    dense reference jacobianNorm per step (max over the batch rows of the budget)."""
    g = torch.Generator().manual_seed(hidden * 7 + batch)
    blocks = {'RNN_TANH': 1, 'RNN_RELU': 1, 'LSTM': 4, 'GRU': 3}[kind]
    w_hh = (torch.randn(blocks * hidden, hidden, generator=g) * scale / math.sqrt(hidden)).float()
    w64 = w_hh.double()
    h = torch.zeros(batch, hidden)
    c = torch.zeros(batch, hidden)
    steps, ref = [], []
    rows = min(batch, max(1, jacobian.BUDGET // (hidden * hidden)))
    for t in range(steps_n):
        x = torch.randn(batch, blocks * hidden, generator=g) * 0.8
        pre = x + h @ w_hh.t()
        gates = None
        if kind == 'RNN_TANH':
            h2 = torch.tanh(pre)
            js = [torch.diag(1 - h2[b].double() ** 2) @ w64 for b in range(rows)]
        elif kind == 'RNN_RELU':
            h2 = torch.relu(pre)
            js = [torch.diag((h2[b] > 0).double()) @ w64 for b in range(rows)]
        elif kind == 'LSTM':
            i, f, gg, o = (torch.sigmoid(pre[:, :hidden]), torch.sigmoid(pre[:, hidden : 2 * hidden]), torch.tanh(pre[:, 2 * hidden : 3 * hidden]), torch.sigmoid(pre[:, 3 * hidden :]))
            c2 = f * c + i * gg
            h2 = o * torch.tanh(c2)
            gates = {'i': i, 'f': f, 'g': gg, 'o': o}
            js = []
            for b in range(rows):
                I, Fg, G, O, C, Cp = (v[b].double() for v in (i, f, gg, o, c2, c))
                tc = torch.tanh(C)
                dc = O * (1 - tc * tc)
                ls = [dc * G * I * (1 - I), dc * Cp * Fg * (1 - Fg), dc * I * (1 - G * G), tc * O * (1 - O)]
                js.append(sum(torch.diag(l) @ w64[k * hidden : (k + 1) * hidden] for k, l in enumerate(ls)))
        else:
            hn = h @ w_hh[2 * hidden :].t()
            r = torch.sigmoid(pre[:, :hidden])
            z = torch.sigmoid(pre[:, hidden : 2 * hidden])
            nn_ = torch.tanh(x[:, 2 * hidden :] + r * hn)
            h2 = (1 - z) * nn_ + z * h
            gates = {'r': r, 'z': z, 'n': nn_, 'hn': hn}
            js = []
            for b in range(rows):
                R, Z, N, HN, HP = (v[b].double() for v in (r, z, nn_, hn, h))
                dn = (1 - Z) * (1 - N * N)
                ls = [dn * HN * R * (1 - R), (HP - N) * Z * (1 - Z), dn * R]
                js.append(sum(torch.diag(l) @ w64[k * hidden : (k + 1) * hidden] for k, l in enumerate(ls)) + torch.diag(Z))
        if nan_row is not None and t == nan_row:
            h2 = h2.clone()
            h2[0, 0] = math.nan
            if gates:
                gates = {k: v.clone() for k, v in gates.items()}
                for v in gates.values():
                    v[0, 0] = math.nan
            ref.append(math.nan)
        else:
            ref.append(max(dense_sigma(j) for j in js))
        steps.append(Step(h2, h, c2 if kind == 'LSTM' else None, c if kind == 'LSTM' else None, gates))
        h = h2 if not (nan_row is not None and t == nan_row) else torch.zeros_like(h2)
        if kind == 'LSTM':
            c = c2
    seq = Seq(kind, w_hh)
    got = [row[1] for row in jacobian.step_numbers(seq, steps)]
    return got, ref, w64


for kind, hidden, batch, steps_n, scale in (
    ('RNN_TANH', 80, 3, 40, 1.2),
    ('RNN_RELU', 72, 2, 24, 0.9),
    ('LSTM', 100, 2, 30, 1.5),
    ('GRU', 90, 1, 30, 1.5),
    ('RNN_TANH', 200, 1, 12, 3.0),
):
    got, ref, w64 = run_sequence(kind, hidden, batch, steps_n, scale)
    case(f'{kind} H={hidden} B={batch} T={steps_n}: jacobianNorm per step', got, ref)

got, ref, _ = run_sequence('LSTM', 80, 2, 8, 1.0, nan_row=3)
case('LSTM H=80 with a NaN at one step: NaN there, exact elsewhere', got, ref)

# σ_max(W_hh) above EXACT_WEIGHT_COLUMNS: Lanczos on WᵀW of the stacked weight
w = torch.randn(4 * 300, 300, generator=gen, dtype=F64) / math.sqrt(300)
case('sigma_max of a 1200×300 stacked W_hh', [jacobian.sigma_max(w)], [dense_sigma(w)])
w_close = (U @ torch.diag(torch.cat([torch.tensor([2.0, 2.0 - 1e-6], dtype=F64), tail])) @ V.t())
case('sigma_max with the top two singular values 1e-6 apart (96 units, exact path)', [jacobian.sigma_max(w_close)], [dense_sigma(w_close)])

print(json.dumps({'torch': torch.__version__, 'cases': cases}))
