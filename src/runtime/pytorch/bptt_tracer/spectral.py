"""The largest eigenvalue of many symmetric positive semidefinite operators at once, each given only
through products: JᵀJ of a recurrent Jacobian J = Σ_k diag(l_k)·W_k (+ diag(z)), or J·Jᵀ = D·W·Wᵀ·D
for J = D·W (tanh/relu), or WᵀW of a weight. One operator per row of a batch; the products of all rows
are GEMMs with the shared W, on W's device; the small projected eigenproblems run on the CPU.

Block Lanczos (block size 2) with full reorthogonalisation and Rayleigh–Ritz on the whole basis
(src/trace/topEigen.ts is the embedded engine's single-vector version). A block of two, because a
single Krylov vector cannot see inside a pair of eigenvalues closer than its polynomial separates:
started from the old top vector when two singular values cross between steps, it would report the
lower one, off by their gap (1e-5 relative in a test); a block holds both and tells them apart. Two
phases:

1. float32, from the caller's start block (a previous step's top two Ritz vectors, each with a fixed
   generic vector mixed in; or the generic vectors alone), until the top Ritz pair's residual
   ‖M·y − θ·y‖ is at float32's floor (TOL32·θ, or no longer halving). The products are cheap here:
   float32 GEMMs (oneDNN's on a CPU, whose float32 kernels stay fast where torch links a slow
   reference BLAS: Debian's torch on this project's CI machine multiplies [32, 1024]×[1024, 4096]
   some 30 times faster that way than in float64).
2. float64, from phase 1's top two Ritz vectors: the Rayleigh quotient θ is accurate to about
   ‖r‖²/gap (a Rayleigh quotient's error is quadratic in its vector's), so one float64 block step
   usually suffices. It stops when the residual is ≤ TOL64·θ (certified, the engine's test), or when
   the estimated error ‖r‖²/(θ − θ₃)·(1 + ‖r‖²/(θ − θ₂)²) is ≤ TOL_GAP·θ and ‖r‖ ≤ 1e-5·θ: the block
   holds the top pair, so the error is governed by the next eigenvalue beyond it (θ₃, the larger of
   both phases' estimates), and grows as the pair's own gap θ − θ₂ shrinks below the residual.

The value returned is θ + min(‖r‖, that estimate): an eigenvalue lies within ‖r‖ of θ, and by
Kato–Temple λ_max ≤ θ + ‖r‖²/(θ − λ₂) (θ itself is never above λ_max), so it errs upward, by about
1e-9·λ_max at most once converged, as the engine's θ + residual does. check_jacobian.py compares it
with dense SVDs: within 1e-10 typically, 1e-7 in the adversarial cases.
"""
import contextlib
import math

import torch

F64 = torch.float64
F32 = torch.float32

# block size (see above)
BLOCK = 2
# weight of the generic vector in a warm start (the warm vector has weight 1), as in topEigen.ts
MIX = 0.1
# phase 1: relative residual at which float32 stops (its floor is ~1e-6), and at most this many block steps
TOL32 = 2e-6
STEPS32 = 100
# phase 2: certified relative residual, estimated relative error, at most this many block steps
TOL64 = 1e-9
TOL_GAP = 1e-9
STEPS64 = 30
# phase 1 solves the projected problem every CHECK block steps (2·CHECK after 8, and at the last),
# phase 2 at every one; a float32 residual below 1e-4 that has not halved over STALL solves is at its floor
CHECK = 2
STALL = 8


@contextlib.contextmanager
def _full_float32():
    """float32 products in full float32 (a script may have allowed TF32 or bfloat16 for its own)."""
    precision = torch.get_float32_matmul_precision()
    torch.set_float32_matmul_precision('highest')
    try:
        yield
    finally:
        torch.set_float32_matmul_precision(precision)


class Linear32:
    """x ↦ x·wᵀ in float32 for a fixed w: by oneDNN on the CPU where it agrees with the plain product
    (torch may link a reference BLAS, some 30× slower), else the plain product."""

    def __init__(self, w):
        self.w = w.to(F32).contiguous()
        self.m = None
        if self.w.device.type == 'cpu' and torch.backends.mkldnn.is_available():
            try:
                m = self.w.to_mkldnn()
                x = torch.randn(3, self.w.shape[1], generator=torch.Generator().manual_seed(0))
                got = torch.nn.functional.linear(x.to_mkldnn(), m).to_dense()
                want = x @ self.w.t()
                scale = float(want.abs().max()) + float(self.w.abs().max())
                if got.shape == want.shape and float((got - want).abs().max()) <= 1e-4 * scale:
                    self.m = m
            except Exception:  # noqa: BLE001 - no oneDNN for this tensor: the plain product
                self.m = None

    def __call__(self, x):
        if self.m is not None:
            return torch.nn.functional.linear(x.contiguous().to_mkldnn(), self.m).to_dense()
        return x @ self.w.t()


class Weights:
    """A stacked weight W ([K·n, n], float64 on its device) prepared once for many operators: float32
    copies for phase 1's products, and for `gram` (K = 1) W·Wᵀ in float32."""

    def __init__(self, w, gram=False):
        self.w = w
        self.n = w.shape[1]
        self.k = w.shape[0] // max(1, w.shape[1])
        self.fwd32 = Linear32(w)  # x ↦ x·Wᵀ: [A, n] → [A, K·n]
        self.bwd32 = Linear32(w.t())  # y ↦ y·W: [A, K·n] → [A, n]
        self.gram32 = None
        if gram:
            with _full_float32():
                self.gram32 = Linear32(self.fwd32(self.fwd32.w))


class Rows:
    """One operator per row a. mode 'blocks': M_a = J_aᵀ·J_a with J_a = Σ_k diag(left[a, k])·W_k
    (+ diag(diag[a])); 'gram': M_a = J_a·J_aᵀ = D_a·W·Wᵀ·D_a with D_a = diag(left[a, 0]) (K = 1);
    'weight': M = WᵀW of the whole stacked W (left None)."""

    def __init__(self, weights, mode, left=None, diag=None):
        self.weights = weights
        self.mode = mode
        self.left = left
        self.diag = diag
        self.left32 = left.to(F32) if left is not None else None
        self.diag32 = diag.to(F32) if diag is not None else None

    def select(self, idx):
        out = Rows.__new__(Rows)
        out.weights = self.weights
        out.mode = self.mode
        for name in ('left', 'diag', 'left32', 'diag32'):
            t = getattr(self, name)
            setattr(out, name, t.index_select(0, idx.to(t.device)) if t is not None else None)
        return out

    def apply(self, v, exact, per=1):
        """M_a·v for `per` consecutive vectors of v ([A·per, n]) per row a, float64 when `exact`, else float32."""
        wt = self.weights
        if exact:
            left, diag = self.left, self.diag
        else:
            left, diag = self.left32, self.diag32
        if per > 1:
            left = left.repeat_interleave(per, 0) if left is not None else None
            diag = diag.repeat_interleave(per, 0) if diag is not None else None
        if self.mode == 'gram':
            d = left[:, 0]
            x = d * v
            if exact:
                y = (x @ wt.w) @ wt.w.t()
            else:
                y = wt.gram32(x)
            return d * y
        fwd = (v @ wt.w.t()) if exact else wt.fwd32(v)
        if self.mode == 'weight':
            return fwd @ wt.w if exact else wt.bwd32(fwd)
        a, n, k = v.shape[0], wt.n, wt.k
        u = (fwd.view(a, k, n) * left).sum(1)
        if diag is not None:
            u = u + diag * v
        x = (left * u[:, None, :]).reshape(a, k * n)
        r = x @ wt.w if exact else wt.bwd32(x)
        if diag is not None:
            r = r + diag * u
        return r


def _orthonormalize(x, tiny):
    """Gram–Schmidt of each row's p vectors (x [A, p, n]) against each other: (q [A, p, n], b [A, p, p])
    with x_i = Σ_l b[l, i]·q_l; a vector with nothing left (norm ≤ tiny·scale) becomes 0."""
    a_rows, p, _ = x.shape
    q = torch.zeros_like(x)
    b = torch.zeros(a_rows, p, p, dtype=x.dtype, device=x.device)
    scale = x.norm(dim=2).amax(1)
    for i in range(p):
        v = x[:, i]
        for _ in range(2):
            if i:
                c = torch.bmm(q[:, :i], v[:, :, None])[:, :, 0]
                v = v - torch.bmm(c[:, None, :], q[:, :i])[:, 0]
                b[:, :i, i] += c
        nv = v.norm(dim=1)
        ok = nv > tiny * scale
        b[:, i, i] = torch.where(ok, nv, torch.zeros_like(nv))
        q[:, i] = torch.where(ok[:, None], v / torch.where(ok, nv, torch.ones_like(nv))[:, None], torch.zeros_like(v))
    return q, b


def _project(span, w):
    """Coefficients of each row's p vectors on its basis: [A, p, m] (an elementwise product and sum:
    faster than a batched GEMM with two columns where torch links a reference BLAS)."""
    return (span[:, None] * w[:, :, None, :]).sum(3)


class Result:
    """Per row (CPU, float64): θ (top Ritz value), ‖r‖ (its residual), the next Ritz values θ₂ and θ₃
    (-inf where the basis has too few), iterations; and the top BLOCK Ritz vectors [A, BLOCK, n]
    (float64, on the device)."""

    __slots__ = ('theta', 'resid', 'second', 'third', 'iterations', 'vectors')


def lanczos(op, starts, exact, steps, beyond=None):
    """Block Lanczos (block size BLOCK) with full reorthogonalisation from `starts` ([A, BLOCK, n]) on
    every row's operator, in float64 when `exact` else float32: Rayleigh–Ritz on the whole basis, each
    row stopping by its own test (see the file comment) and leaving the batch. `beyond`: phase 1's
    θ₃ per row, for phase 2's estimated-error test."""
    dt = F64 if exact else F32
    a_rows, p, n = starts.shape
    dev = starts.device
    steps = max(1, min(steps, -(-n // p)))
    tiny = 1e-13 if exact else 1e-6
    basis = torch.zeros(a_rows, p * (steps + 1), n, dtype=dt, device=dev)
    basis[:, :p], _ = _orthonormalize(starts.to(dt), tiny)
    t_mat = torch.zeros(a_rows, p * steps, p * steps, dtype=F64)
    idx = torch.arange(a_rows)
    out = Result()
    out.theta = torch.zeros(a_rows, dtype=F64)
    out.resid = torch.zeros(a_rows, dtype=F64)
    out.second = torch.full((a_rows,), -math.inf, dtype=F64)
    out.third = torch.full((a_rows,), -math.inf, dtype=F64)
    out.iterations = torch.zeros(a_rows, dtype=torch.long)
    out.vectors = torch.zeros(a_rows, p, n, dtype=F64, device=dev)
    history = []
    cur = op
    for j in range(steps):
        m = p * (j + 1)
        x = basis[:, m - p : m]
        w = cur.apply(x.reshape(-1, n), exact, p).reshape(-1, p, n)
        span = basis[:, :m]
        # classical Gram–Schmidt twice against the whole basis: the first pass's coefficients are the
        # new columns of T = QᵀMQ
        c = _project(span, w)
        r = w - torch.bmm(c, span)
        r = r - torch.bmm(_project(span, r), span)
        nxt, b = _orthonormalize(r, tiny)
        basis[:, m : m + p] = nxt
        c = c.to('cpu', F64)
        t_mat[:, m - p : m, :m] = c
        t_mat[:, :m, m - p : m] = c.transpose(1, 2)
        blk = t_mat[:, m - p : m, m - p : m]
        t_mat[:, m - p : m, m - p : m] = (blk + blk.transpose(1, 2)) / 2
        b = b.to('cpu', F64)
        last = j + 1 == steps
        invariant = (b.abs().amax((1, 2)) == 0)
        if not (exact or last or (j + 1) % (CHECK if j < 8 else 2 * CHECK) == 0 or bool(invariant.any())):
            continue
        ev, es = torch.linalg.eigh(t_mat[:, :m, :m])
        theta = ev[:, -1].clamp(min=0)
        s = es[:, :, -1]
        # M·Q·s − Q·T·s = Q_next·B·s_last
        resid = torch.bmm(b, s[:, m - p :, None])[:, :, 0].norm(dim=1)
        done = invariant | (resid <= (TOL64 if exact else TOL32) * theta)
        second = ev[:, -2] if m > 1 else torch.full_like(theta, -math.inf)
        third = ev[:, -3] if m > 2 else torch.full_like(theta, -math.inf)
        if exact and beyond is not None:
            # the block holds the top pair (told apart however close); the error is governed by the
            # next eigenvalue beyond it, and grows as the pair's own gap shrinks below ‖r‖
            rest = (theta - torch.maximum(beyond.index_select(0, idx), third)).clamp(min=0)
            pair = (theta - second).clamp(min=0)
            est = resid * resid / rest * (1 + (resid / pair) ** 2)
            done |= (est <= TOL_GAP * theta) & (resid <= 1e-5 * theta)
        if not exact:
            rel = resid / theta.clamp(min=1e-300)
            history.append(rel)
            if len(history) > STALL:
                done |= (rel <= 1e-4) & (rel > 0.5 * history[-STALL - 1])
        if last:
            done = torch.ones_like(done)
        if not bool(done.any()):
            continue
        di = done.nonzero()[:, 0]
        rows = idx.index_select(0, di)
        out.theta[rows] = theta[di]
        out.resid[rows] = resid[di]
        out.second[rows] = second[di]
        out.third[rows] = third[di]
        out.iterations[rows] = j + 1
        di_dev = di.to(dev)
        top = es.index_select(0, di)[:, :, -p:].flip(2)  # [D, m, p], the top Ritz vector first
        ritz = torch.bmm(top.transpose(1, 2).to(dev, dt), span.index_select(0, di_dev))
        out.vectors[rows.to(dev)] = ritz.to(F64)
        keep = (~done).nonzero()[:, 0]
        if keep.numel() == 0:
            break
        keep_dev = keep.to(dev)
        basis = basis.index_select(0, keep_dev)
        t_mat = t_mat.index_select(0, keep)
        idx = idx.index_select(0, keep)
        history = [h.index_select(0, keep) for h in history]
        cur = op.select(idx)
    return out


def largest(op, starts, with_iterations=False):
    """λ_max of every row's operator (float64, CPU) and the top BLOCK Ritz vectors (float64, on the
    device; the warm start of the next step), by the two phases of the file comment. Rows whose
    operator holds a NaN/Inf must not be passed."""
    with _full_float32():
        one = lanczos(op, starts, False, STEPS32)
        two = lanczos(op, one.vectors, True, STEPS64, beyond=one.third)
    theta, resid = two.theta, two.resid
    rest = (theta - torch.maximum(one.third, two.third)).clamp(min=0)
    pair = (theta - two.second).clamp(min=0)
    est = resid * resid / rest * (1 + (resid / pair) ** 2)
    est = torch.where(torch.isnan(est), torch.full_like(est, math.inf), est)
    lam = theta + torch.minimum(resid, est)
    if with_iterations:
        return lam, two.vectors, one.iterations, two.iterations
    return lam, two.vectors


def starts_from(warm, n, rows, device):
    """Start blocks [rows, BLOCK, n]: generic vectors (cold), or each warm vector (unit) plus MIX times
    a generic vector."""
    g = _generics(n, device)
    if warm is None:
        return g.expand(rows, BLOCK, n).clone()
    norms = warm.norm(dim=2, keepdim=True)
    ok = torch.isfinite(norms) & (norms > 0)
    unit = torch.where(ok, warm / torch.where(ok, norms, torch.ones_like(norms)), torch.zeros_like(warm))
    return unit + MIX * g


def _generics(n, device):
    """BLOCK fixed vectors with no special direction, unit (the first is topEigen.ts' generic)."""
    i = torch.arange(1, n + 1, dtype=F64)
    out = []
    for k in range(BLOCK):
        g = 1 + 0.5 * torch.sin(12.9898 * i) if k == 0 else torch.sin(78.233 * k * i + 0.5 * k)
        out.append(g / g.norm())
    return torch.stack(out).to(device)
