"""The forward-only per-step numbers (src/trace/jacobian.ts), in float64 from the values the forward
pass saw, batched over steps: ‖h_t‖, the local Jacobian gain max_b σ_max(∂h_t[b]/∂h_{t-1}[b]) (tanh:
diag(1-h_t²)·W_hh; relu: diag(h_t>0)·W_hh; GRU through r, z, n plus diag(z); LSTM through i, f, g, o
with c_{t-1} held fixed), the fraction of saturated units and the mean forget gate."""
import math

import torch

# batch rows examined per step: all while B·H² ≤ BUDGET, else the first max(1, ⌊BUDGET/H²⌋)
BUDGET = 1 << 18
# float64 Jacobian entries built at once (32 MB)
CHUNK = 1 << 22
# up to this many columns σ_max comes exactly from the largest eigenvalue of JᵀJ; above, from
# Golub–Kahan–Lanczos with full reorthogonalisation (as src/trace/spectral.ts does)
EXACT_COLUMNS = 128

F64 = torch.float64


def _finite_norms(x):
    """‖x[i]‖ over the finite elements of each leading index."""
    return torch.linalg.vector_norm(torch.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0).flatten(1), dim=1)


def spectral_norms(a):
    """σ_max of each matrix of a [N, m, n] float64 batch (NaN when one holds a NaN, Inf for an Inf)."""
    if a.shape[0] == 0:
        return a.new_zeros(0)
    flat = a.flatten(1)
    finite = torch.isfinite(flat).all(1)
    clean = torch.where(finite[:, None, None], a, torch.zeros((), dtype=a.dtype, device=a.device))
    n = a.shape[-1]
    if n <= EXACT_COLUMNS or min(a.shape[-2], n) <= 8:
        ata = clean.transpose(1, 2) @ clean
        s = torch.linalg.eigvalsh(ata)[:, -1].clamp(min=0).sqrt()
    else:
        s = _lanczos(clean)
    bad = torch.where(torch.isnan(flat).any(1), torch.full_like(s, math.nan), torch.full_like(s, math.inf))
    return torch.where(finite, s, bad)


def _safe_div(x, d):
    return torch.where(d > 1e-300, x / torch.where(d > 1e-300, d, torch.ones_like(d)), torch.zeros_like(x))


def _reorth(x, basis):
    # twice is enough (Kahan–Parlett)
    for _ in range(2):
        x = x - basis @ (basis.transpose(1, 2) @ x)
    return x


def _lanczos(a, check_every=8, tol=1e-15):
    """σ_max of each matrix by Golub–Kahan–Lanczos bidiagonalisation with full reorthogonalisation:
    exact after min(m, n) steps, converged to machine precision much sooner in practice."""
    N, m, n = a.shape
    k_max = min(m, n)
    gen = torch.Generator().manual_seed(0)  # never the user's random stream
    v = torch.randn(n, 1, generator=gen, dtype=F64).to(a.device)
    v = (v / v.norm()).expand(N, n, 1).contiguous()
    vs = [v]
    us = []
    alphas = []
    betas = []
    at = a.transpose(1, 2)
    u = a @ v
    prev = None
    sigma = None
    for j in range(k_max):
        if j > 0:
            u = a @ vs[-1] - betas[-1][:, None, None] * us[-1]
        if us:
            u = _reorth(u, torch.cat(us, 2))
        alpha = u.norm(dim=(1, 2))
        u = _safe_div(u, alpha[:, None, None])
        us.append(u)
        alphas.append(alpha)
        w = at @ u - alpha[:, None, None] * vs[-1]
        w = _reorth(w, torch.cat(vs, 2))
        beta = w.norm(dim=(1, 2))
        vs.append(_safe_div(w, beta[:, None, None]))
        betas.append(beta)
        if (j + 1) % check_every == 0 or j + 1 == k_max:
            k = j + 1
            b = torch.diag_embed(torch.stack(alphas, 1))
            if k > 1:
                b = b + torch.diag_embed(torch.stack(betas[: k - 1], 1), offset=1)
            sigma = torch.linalg.svdvals(b)[:, 0]
            if prev is not None and bool(((sigma - prev).abs() <= tol * sigma).all().item()):
                break
            prev = sigma
    return sigma


def sigma_max(w):
    """σ_max of W_hh (all gate blocks stacked)."""
    return float(spectral_norms(w.detach().to(F64)[None])[0].item())


def _stack(steps, get, hidden):
    return torch.stack([get(s).reshape(-1, hidden) for s in steps]).to(F64)


def _sigmoid_d(y):
    return y * (1 - y)


def _tanh_d(y):
    return 1 - y * y


def step_numbers(seq, steps):
    """[(hNorm, jacobianNorm, saturation, forgetGate or None)] per step, in the order of `steps`."""
    w = seq.w_hh.to(F64)
    hidden = w.shape[1]
    kind = seq.kind
    batch = steps[0].h.reshape(-1, hidden).shape[0]
    rows = min(batch, max(1, BUDGET // (hidden * hidden)))
    per_chunk = max(1, CHUNK // max(1, rows * hidden * hidden), 1)
    per_chunk = min(per_chunk, max(1, CHUNK // max(1, batch * hidden * 4)))
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
        jac = _jacobian_norms(kind, w, chunk, h, gates, rows, hidden)
        cols = [h_norm, jac, sat] + ([forget] if forget is not None else [])
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


def _jacobian_norms(kind, w, chunk, h, gates, rows, hidden):
    n_steps = h.shape[0]
    hh = h[:, :rows]
    blocks = [w[k * hidden : (k + 1) * hidden] for k in range(w.shape[0] // hidden)]

    def scaled(left, block):
        return left[..., :, None] * blocks[block]

    if kind in ('RNN_TANH', 'RNNCell_tanh'):
        j = scaled(_tanh_d(hh), 0)
    elif kind in ('RNN_RELU', 'RNNCell_relu'):
        j = scaled((hh > 0).to(F64), 0)
    elif kind in ('LSTM', 'LSTMCell') and gates:
        i, f, g, o = (gates[k][:, :rows] for k in 'ifgo')
        c = _stack(chunk, lambda s: s.c, hidden).to(w.device)[:, :rows]
        c_prev = _stack(chunk, lambda s: s.c_prev, hidden).to(w.device)[:, :rows]
        tc = torch.tanh(c)
        dc = o * _tanh_d(tc)  # ∂h/∂c
        j = scaled(dc * g * _sigmoid_d(i), 0) + scaled(dc * c_prev * _sigmoid_d(f), 1) + scaled(dc * i * _tanh_d(g), 2) + scaled(tc * _sigmoid_d(o), 3)
    elif kind in ('GRU', 'GRUCell') and gates:
        r, z, n, hn = (gates[k][:, :rows] for k in ('r', 'z', 'n', 'hn'))
        hp = _stack(chunk, lambda s: s.h_prev, hidden).to(w.device)[:, :rows]
        dn = (1 - z) * _tanh_d(n)  # ∂h/∂n
        j = scaled(dn * hn * _sigmoid_d(r), 0) + scaled((hp - n) * _sigmoid_d(z), 1) + scaled(dn * r, 2)
        j = j + torch.diag_embed(z)
    else:
        return torch.zeros(n_steps, dtype=F64, device=h.device)
    s = spectral_norms(j.reshape(-1, hidden, hidden)).reshape(n_steps, -1)
    return s.max(1).values
