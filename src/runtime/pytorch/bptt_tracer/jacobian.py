"""The forward-only per-step numbers (src/trace/jacobian.ts), in float64 from the values the forward
pass saw: ‖h_t‖, the local Jacobian gain max_b σ_max(∂h_t[b]/∂h_{t-1}[b]) (tanh: diag(1-h_t²)·W_hh;
relu: diag(h_t>0)·W_hh; GRU through r, z, n plus diag(z); LSTM through i, f, g, o with c_{t-1} held
fixed), the fraction of saturated units and the mean forget gate.

jacobianNorm up to 64 units: the Jacobians are formed and σ_max² is the largest eigenvalue of JᵀJ.
Above, no Jacobian is formed: Lanczos on the implicit operators (spectral.py), each step warm-started
from the step before in its chain (neighbouring steps have nearly the same Jacobian). The steps are
split into contiguous chains run side by side, so that each product is one GEMM with the shared
W_hh blocks for some 32 rows."""
import math

import torch

from . import spectral

# batch rows examined per step: all while B·H² ≤ BUDGET, else the first max(1, ⌊BUDGET/H²⌋)
BUDGET = 1 << 18
# float64 Jacobian entries built at once (32 MB) up to EXACT_COLUMNS
CHUNK = 1 << 22
# up to this many columns σ_max comes exactly from the largest eigenvalue of JᵀJ (as
# src/trace/spectral.ts does up to 64); above, from spectral.py
EXACT_COLUMNS = 64
# σ_max(W_hh) is one matrix: exact up to here
EXACT_WEIGHT_COLUMNS = 256
# rows of one Lanczos GEMM (steps of parallel chains × batch rows), and phase 1's bases at most (bytes)
ROWS_IN_FLIGHT = 32
BASIS_BYTES = 1 << 26

F64 = torch.float64


def _finite_norms(x):
    """‖x[i]‖ over the finite elements of each leading index."""
    return torch.linalg.vector_norm(torch.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0).flatten(1), dim=1)


def spectral_norms(a):
    """σ_max of each matrix of a [N, m, n] float64 batch (NaN when one holds a NaN, Inf for an Inf), exactly."""
    if a.shape[0] == 0:
        return a.new_zeros(0)
    flat = a.flatten(1)
    finite = torch.isfinite(flat).all(1)
    clean = torch.where(finite[:, None, None], a, torch.zeros((), dtype=a.dtype, device=a.device))
    # many small eigenproblems: LAPACK on the CPU (batched solvers on a GPU loop over them)
    g = clean.transpose(1, 2) @ clean if a.shape[-1] <= a.shape[-2] else clean @ clean.transpose(1, 2)
    s = torch.linalg.eigvalsh(g.cpu())[:, -1].clamp(min=0).sqrt().to(a.device)
    bad = torch.where(torch.isnan(flat).any(1), torch.full_like(s, math.nan), torch.full_like(s, math.inf))
    return torch.where(finite, s, bad)


def _chains(n_steps, rows, hidden):
    """How many contiguous chains of steps run side by side: about ROWS_IN_FLIGHT rows per GEMM, and
    phase 1's float32 bases within BASIS_BYTES."""
    cap = max(1, BASIS_BYTES // ((spectral.STEPS32 + 1) * spectral.BLOCK * hidden * 4))
    return max(1, min(n_steps, -(-min(ROWS_IN_FLIGHT, cap) // rows)))


def _warm_norms(kind, w, steps, rows, hidden):
    """jacobianNorm of every step of one sequence above EXACT_COLUMNS units (list, in the order of
    `steps`): chains of steps, each step's Lanczos starting from its chain's previous step."""
    n_steps = len(steps)
    simple = kind in ('RNN_TANH', 'RNNCell_tanh', 'RNN_RELU', 'RNNCell_relu')
    if not bool(torch.isfinite(w).all().item()):
        return [math.nan] * n_steps
    # J·Jᵀ = D·(W·Wᵀ)·D halves the products of tanh/relu once W·Wᵀ (H³) pays for itself
    gram = simple and n_steps * rows * 32 >= hidden
    weights = spectral.Weights(w, gram=gram)
    chains = _chains(n_steps, rows, hidden)
    length = -(-n_steps // chains)
    out = [0.0] * n_steps
    warm = None
    for r in range(length):
        idx = [c * length + r for c in range(chains) if c * length + r < n_steps]
        chunk = [steps[i] for i in idx]
        lefts, diag = _lefts(kind, w, chunk, rows, hidden)
        if lefts is None:
            return [0.0] * n_steps
        s = len(idx)
        flat = [x.reshape(s * rows, hidden) for x in lefts]
        d = diag.reshape(s * rows, hidden) if diag is not None else None
        parts = flat + ([d] if d is not None else [])
        finite = torch.stack([torch.isfinite(x).all(1) for x in parts]).all(0)
        has_nan = torch.stack([torch.isnan(x).any(1) for x in parts]).any(0)
        zero = torch.zeros((), dtype=F64, device=w.device)
        left = torch.stack([torch.where(finite[:, None], x, zero) for x in flat], 1)
        if d is not None:
            d = torch.where(finite[:, None], d, zero)
        op = spectral.Rows(weights, 'gram' if gram else 'blocks', left, d)
        starts = spectral.starts_from(warm[: s * rows] if warm is not None else None, hidden, s * rows, w.device)
        lam, vec = spectral.largest(op, starts)
        warm = vec if warm is None else torch.cat([vec, warm[s * rows :]])
        sigma = lam.clamp(min=0).sqrt()
        finite_c = finite.cpu()
        bad = torch.where(has_nan.cpu(), torch.full_like(sigma, math.nan), torch.full_like(sigma, math.inf))
        sigma = torch.where(finite_c, sigma, bad).reshape(s, rows)
        for i, v in zip(idx, _row_max(sigma).tolist()):
            out[i] = v
    return out


def _row_max(s):
    """max over each step's rows, NaN when one is NaN."""
    return torch.where(torch.isnan(s).any(1), torch.full_like(s[:, 0], math.nan), s.max(1).values)


def _operator_norms(blocks, lefts, diag):
    """max σ_max over the rows, per step, with the Jacobians formed: lefts [S, R, n] per block, diag [S, R, n] or None."""
    S, R, n = lefts[0].shape
    flat = [x.reshape(S * R, n) for x in lefts]
    d = diag.reshape(S * R, n) if diag is not None else None
    parts = flat + ([d] if d is not None else [])
    finite = torch.stack([torch.isfinite(x).all(1) for x in parts]).all(0)
    has_nan = torch.stack([torch.isnan(x).any(1) for x in parts]).any(0)
    zero = torch.zeros((), dtype=F64, device=flat[0].device)
    flat = [torch.where(finite[:, None], x, zero) for x in flat]
    j = sum(x[:, :, None] * w for x, w in zip(flat, blocks))
    if d is not None:
        j = j + torch.diag_embed(torch.where(finite[:, None], d, zero))
    s = spectral_norms(j)
    bad = torch.where(has_nan, torch.full_like(s, math.nan), torch.full_like(s, math.inf))
    s = torch.where(finite, s, bad)
    if not bool(torch.isfinite(torch.stack(blocks)).all().item()):
        s = torch.full_like(s, math.nan)
    return _row_max(s.reshape(S, R))


def sigma_max(w):
    """σ_max of W_hh (all gate blocks stacked): exact up to EXACT_WEIGHT_COLUMNS columns, above by the
    two-phase Lanczos of spectral.py on WᵀW."""
    w = w.detach().to(F64)
    if w.shape[1] <= EXACT_WEIGHT_COLUMNS or min(w.shape) <= 8:
        return float(spectral_norms(w[None])[0].item())
    if not bool(torch.isfinite(w).all().item()):
        return math.nan if bool(torch.isnan(w).any().item()) else math.inf
    op = spectral.Rows(spectral.Weights(w), 'weight')
    lam, _ = spectral.largest(op, spectral.starts_from(None, w.shape[1], 1, w.device))
    return math.sqrt(max(0.0, float(lam[0])))


def _stack(steps, get, hidden):
    return torch.stack([get(s).reshape(-1, hidden) for s in steps]).to(F64)


def _sigmoid_d(y):
    return y * (1 - y)


def _tanh_d(y):
    return 1 - y * y


def step_numbers(seq, steps):
    """[(hNorm, jacobianNorm, saturation, forgetGate or None)] per step, in the order of `steps`: by
    runs of steps with one batch size (a PackedSequence's steps compute fewer sequences as they end)."""
    hidden = seq.w_hh.shape[1]
    out = []
    at = 0
    while at < len(steps):
        rows = steps[at].h.reshape(-1, hidden).shape[0]
        end = at + 1
        while end < len(steps) and steps[end].h.reshape(-1, hidden).shape[0] == rows:
            end += 1
        out.extend(_run_numbers(seq, steps[at:end]))
        at = end
    return out


def _run_numbers(seq, steps):
    """step_numbers for steps of one batch size."""
    w = seq.w_hh.to(F64)
    hidden = w.shape[1]
    kind = seq.kind
    batch = steps[0].h.reshape(-1, hidden).shape[0]
    rows = min(batch, max(1, BUDGET // (hidden * hidden)))
    exact = hidden <= EXACT_COLUMNS
    per_chunk = max(1, CHUNK // max(1, batch * hidden * 4))
    if exact:
        per_chunk = min(per_chunk, max(1, CHUNK // max(1, rows * hidden * hidden)))
    warm = None if exact else _warm_norms(kind, w, steps, rows, hidden)
    out = []
    for at in range(0, len(steps), per_chunk):
        chunk = steps[at : at + per_chunk]
        h = _stack(chunk, lambda s: s.h, hidden).to(w.device)
        h_norm = _finite_norms(h)
        gates = {}
        if chunk[0].gates:
            gates = {k: _stack(chunk, lambda s, k=k: s.gates[k], hidden).to(w.device) for k in chunk[0].gates}
        sat = _saturation(kind, h, gates)
        forget = gates['f'].flatten(1).mean(1) if 'f' in gates else None
        if exact:
            lefts, diag = _lefts(kind, w, chunk, rows, hidden, h, gates)
            if lefts is None:
                jac = torch.zeros(len(chunk), dtype=F64, device=w.device)
            else:
                blocks = [w[k * hidden : (k + 1) * hidden] for k in range(len(lefts))]
                jac = _operator_norms(blocks, lefts, diag)
        else:
            jac = torch.tensor(warm[at : at + per_chunk], dtype=F64).to(w.device)
        cols = [h_norm, jac.to(h_norm.device), sat] + ([forget] if forget is not None else [])
        for row in torch.stack(cols, 1).tolist():
            out.append((row[0], row[1], row[2], row[3] if forget is not None else None))
    return out


def _saturation(kind, h, gates):
    """Fraction of activations whose derivative is below 0.01 (relu: of h_t entries ≤ 0)."""
    if 'relu' in kind or kind == 'RNN_RELU':
        return (h <= 0).flatten(1).to(F64).mean(1)
    if not gates:
        return (_tanh_d(h).abs() < 0.01).flatten(1).to(F64).mean(1)
    count = None
    total = 0
    for k, g in gates.items():
        if k == 'hn':
            continue
        d = _tanh_d(g) if k in ('g', 'n') else _sigmoid_d(g)
        c = (d.abs() < 0.01).flatten(1).to(F64).sum(1)
        count = c if count is None else count + c
        total += g[0].numel()
    return count / total if total else torch.zeros(h.shape[0], dtype=F64, device=h.device)


def _lefts(kind, w, chunk, rows, hidden, h=None, gates=None):
    """J = Σ_k diag(lefts[k])·W_k (+ diag(diag)) of the first `rows` batch rows of each step of
    `chunk`: (lefts [[S, rows, H] per block], diag [S, rows, H] or None), or (None, None) for a kind
    without a Jacobian here."""
    dev = w.device
    if h is None:
        h = _stack(chunk, lambda s: s.h, hidden).to(dev)
    if gates is None:
        gates = {k: _stack(chunk, lambda s, k=k: s.gates[k], hidden).to(dev) for k in chunk[0].gates} if chunk[0].gates else {}
    hh = h[:, :rows]
    diag = None
    if kind in ('RNN_TANH', 'RNNCell_tanh'):
        lefts = [_tanh_d(hh)]
    elif kind in ('RNN_RELU', 'RNNCell_relu'):
        lefts = [(hh > 0).to(F64)]
    elif kind in ('LSTM', 'LSTMCell') and gates:
        i, f, g, o = (gates[k][:, :rows] for k in 'ifgo')
        c = _stack(chunk, lambda s: s.c, hidden).to(dev)[:, :rows]
        c_prev = _stack(chunk, lambda s: s.c_prev, hidden).to(dev)[:, :rows]
        tc = torch.tanh(c)
        dc = o * _tanh_d(tc)  # ∂h/∂c
        lefts = [dc * g * _sigmoid_d(i), dc * c_prev * _sigmoid_d(f), dc * i * _tanh_d(g), tc * _sigmoid_d(o)]
    elif kind in ('GRU', 'GRUCell') and gates:
        r, z, n, hn = (gates[k][:, :rows] for k in ('r', 'z', 'n', 'hn'))
        hp = _stack(chunk, lambda s: s.h_prev, hidden).to(dev)[:, :rows]
        dn = (1 - z) * _tanh_d(n)  # ∂h/∂n
        lefts = [dn * hn * _sigmoid_d(r), (hp - n) * _sigmoid_d(z), dn * r]
        diag = z
    else:
        return None, None
    return lefts, diag
