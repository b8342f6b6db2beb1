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
# up to this many columns σ_max comes exactly from the largest eigenvalue of JᵀJ (as
# src/trace/spectral.ts does up to 64); above, from Golub–Kahan–Lanczos with full reorthogonalisation
EXACT_COLUMNS = 64
# σ_max(W_hh) is one matrix: exact up to here
EXACT_WEIGHT_COLUMNS = 2048
# Lanczos bases of at most this many float64 entries at once (128 MB each)
BASIS_CHUNK = 1 << 24
# Lanczos steps at most: the largest Ritz value has converged to ~1e-14 long before in practice
LANCZOS_STEPS = 128

F64 = torch.float64


def _finite_norms(x):
    """‖x[i]‖ over the finite elements of each leading index."""
    return torch.linalg.vector_norm(torch.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0).flatten(1), dim=1)


def spectral_norms(a, exact_columns=EXACT_COLUMNS):
    """σ_max of each matrix of a [N, m, n] float64 batch (NaN when one holds a NaN, Inf for an Inf)."""
    if a.shape[0] == 0:
        return a.new_zeros(0)
    flat = a.flatten(1)
    finite = torch.isfinite(flat).all(1)
    clean = torch.where(finite[:, None, None], a, torch.zeros((), dtype=a.dtype, device=a.device))
    n = a.shape[-1]
    if n <= exact_columns or min(a.shape[-2], n) <= 8:
        # many small eigenproblems: LAPACK on the CPU (batched solvers on a GPU loop over them)
        ata = (clean.transpose(1, 2) @ clean).cpu()
        s = torch.linalg.eigvalsh(ata)[:, -1].clamp(min=0).sqrt().to(a.device)
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
            sigma = torch.linalg.svdvals(b.cpu())[:, 0].to(a.device)
            if prev is not None and bool(((sigma - prev).abs() <= tol * sigma).all().item()):
                break
            prev = sigma
    return sigma


def _implicit_lanczos(blocks, lefts, diag, tol=1e-14, check_every=4):
    """σ_max of every J_b = Σ_k diag(lefts[k][b])·W_k + diag(diag[b]) (lefts [N, n], W_k [n, n])
    without forming the J_b: each Lanczos step is a few [N, n]×[n, n] products with the shared
    W_k, so large hidden sizes cost GEMMs, not N separate matrices. One reorthogonalisation pass per
    step: the largest Ritz value converges from below whatever orthogonality is lost."""
    N, n = lefts[0].shape

    def mv(v):
        out = diag * v if diag is not None else torch.zeros_like(v)
        for w, left in zip(blocks, lefts):
            out = out + left * (v @ w.t())
        return out

    def mtv(u):
        out = diag * u if diag is not None else torch.zeros_like(u)
        for w, left in zip(blocks, lefts):
            out = out + (left * u) @ w
        return out

    k_max = min(n, LANCZOS_STEPS)
    gen = torch.Generator().manual_seed(0)  # never the user's random stream
    v = torch.randn(n, generator=gen, dtype=F64).to(lefts[0].device)
    v = (v / v.norm()).expand(N, n).contiguous()
    vs = torch.zeros(N, n, k_max + 1, dtype=F64, device=v.device)
    us = torch.zeros(N, n, k_max, dtype=F64, device=v.device)
    vs[:, :, 0] = v
    alphas = []
    betas = []
    prev = None
    sigma = None
    u = None
    for j in range(k_max):
        u = mv(vs[:, :, j]) if j == 0 else mv(vs[:, :, j]) - betas[-1][:, None] * u
        if j:
            basis = us[:, :, :j]
            u = u - torch.einsum('bnj,bj->bn', basis, torch.einsum('bnj,bn->bj', basis, u))
        alpha = u.norm(dim=1)
        u = _safe_div(u, alpha[:, None])
        us[:, :, j] = u
        alphas.append(alpha)
        w = mtv(u) - alpha[:, None] * vs[:, :, j]
        basis = vs[:, :, : j + 1]
        w = w - torch.einsum('bnj,bj->bn', basis, torch.einsum('bnj,bn->bj', basis, w))
        beta = w.norm(dim=1)
        vs[:, :, j + 1] = _safe_div(w, beta[:, None])
        betas.append(beta)
        if (j + 1) % check_every == 0 or j + 1 == k_max:
            # the small bidiagonal on the CPU: a GPU's batched SVD loops over the batch
            b = torch.diag_embed(torch.stack(alphas, 1).cpu())
            if j > 0:
                b = b + torch.diag_embed(torch.stack(betas[:j], 1).cpu(), offset=1)
            sigma = torch.linalg.svdvals(b)[:, 0]
            if prev is not None and bool(((sigma - prev).abs() <= tol * sigma).all().item()):
                break
            prev = sigma
    return sigma.to(lefts[0].device)


def _operator_norms(blocks, lefts, diag):
    """max σ_max over the rows, per step: lefts [S, R, n] per block, diag [S, R, n] or None."""
    S, R, n = lefts[0].shape
    flat = [x.reshape(S * R, n) for x in lefts]
    d = diag.reshape(S * R, n) if diag is not None else None
    parts = flat + ([d] if d is not None else [])
    finite = torch.stack([torch.isfinite(x).all(1) for x in parts]).all(0)
    has_nan = torch.stack([torch.isnan(x).any(1) for x in parts]).any(0)
    zero = torch.zeros((), dtype=F64, device=flat[0].device)
    flat = [torch.where(finite[:, None], x, zero) for x in flat]
    if d is not None:
        d = torch.where(finite[:, None], d, zero)
    if n <= EXACT_COLUMNS:
        j = sum(x[:, :, None] * w for x, w in zip(flat, blocks))
        if d is not None:
            j = j + torch.diag_embed(d)
        s = spectral_norms(j)
    else:
        per = max(1, BASIS_CHUNK // (n * (min(n, LANCZOS_STEPS) + 1)))
        s = torch.cat([_implicit_lanczos(blocks, [x[i : i + per] for x in flat], d[i : i + per] if d is not None else None) for i in range(0, S * R, per)])
    bad = torch.where(has_nan, torch.full_like(s, math.nan), torch.full_like(s, math.inf))
    s = torch.where(finite, s, bad)
    if not bool(torch.isfinite(torch.stack(blocks)).all().item()):
        s = torch.full_like(s, math.nan)
    return s.reshape(S, R).max(1).values


def sigma_max(w):
    """σ_max of W_hh (all gate blocks stacked)."""
    return float(spectral_norms(w.detach().to(F64)[None], EXACT_WEIGHT_COLUMNS)[0].item())


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
    diag = None
    if kind in ('RNN_TANH', 'RNNCell_tanh'):
        lefts = [_tanh_d(hh)]
    elif kind in ('RNN_RELU', 'RNNCell_relu'):
        lefts = [(hh > 0).to(F64)]
    elif kind in ('LSTM', 'LSTMCell') and gates:
        i, f, g, o = (gates[k][:, :rows] for k in 'ifgo')
        c = _stack(chunk, lambda s: s.c, hidden).to(w.device)[:, :rows]
        c_prev = _stack(chunk, lambda s: s.c_prev, hidden).to(w.device)[:, :rows]
        tc = torch.tanh(c)
        dc = o * _tanh_d(tc)  # ∂h/∂c
        lefts = [dc * g * _sigmoid_d(i), dc * c_prev * _sigmoid_d(f), dc * i * _tanh_d(g), tc * _sigmoid_d(o)]
    elif kind in ('GRU', 'GRUCell') and gates:
        r, z, n, hn = (gates[k][:, :rows] for k in ('r', 'z', 'n', 'hn'))
        hp = _stack(chunk, lambda s: s.h_prev, hidden).to(w.device)[:, :rows]
        dn = (1 - z) * _tanh_d(n)  # ∂h/∂n
        lefts = [dn * hn * _sigmoid_d(r), (hp - n) * _sigmoid_d(z), dn * r]
        diag = z
    else:
        return torch.zeros(n_steps, dtype=F64, device=h.device)
    return _operator_norms(blocks[: len(lefts)], lefts, diag)
