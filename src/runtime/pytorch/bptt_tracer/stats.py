"""Statistics of tensors for the Trace, as src/trace/stats.ts defines them: float64, norms and
min/max/mean over the finite elements only, counts of NaN and Inf, values for small tensors. Work
stays on the tensor's device; numbers come back in one transfer per tensor."""
import math

import torch


def json_number(v):
    """A finite number for JSON: NaN → -1, +Inf → 1e308, -Inf → -1e308 (the Trace's sentinels)."""
    if v != v:
        return -1.0
    if v == math.inf:
        return 1e308
    if v == -math.inf:
        return -1e308
    return v


def _float64(t):
    x = t.detach()
    if x.is_complex():
        x = x.abs()
    return x.to(torch.float64)


def finite_norm(t):
    """‖t‖ over its finite elements, as a 0-dim float64 tensor on t's device (no transfer)."""
    x = _float64(t)
    return torch.linalg.vector_norm(torch.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0))


def finite_norm_value(t):
    if t is None:
        return 0.0
    return float(finite_norm(t).item())


def all_finite(t):
    """Whether every element is finite. A NaN or Inf makes the sum non-finite, so the sum (several
    times cheaper than isfinite on CPU) decides, unless it overflowed: then the elements are asked."""
    if not (t.is_floating_point() or t.is_complex()):
        return True
    x = t.detach()
    if x.is_complex():
        x = torch.view_as_real(x)
    s = float(x.sum().item())
    if s == s and s not in (math.inf, -math.inf):
        return True
    return bool(torch.isfinite(x).all().item())


def finite_nonzero(t):
    """Whether a gradient carries anything: a finite element that is not 0 (what ‖·‖ > 0 means)."""
    x = t.detach()
    if not (x.is_floating_point() or x.is_complex()):
        return bool((x != 0).any().item())
    return bool(((x != 0) & torch.isfinite(x)).any().item())


def stats_of(tensors, max_values=0):
    """TensorStats of one tensor, or of several taken together (a multi-output node's gradients)."""
    if isinstance(tensors, torch.Tensor):
        tensors = [tensors]
    parts = [_float64(t).reshape(-1) for t in tensors]
    if len(parts) == 1:
        x = parts[0]
    else:
        device = parts[0].device
        x = torch.cat([p.to(device) for p in parts])
    n = x.numel()
    if n == 0:
        out = {'numel': 0, 'norm': 0.0, 'min': 0.0, 'max': 0.0, 'mean': 0.0, 'nanCount': 0, 'infCount': 0}
        if max_values >= 0:
            out['values'] = []
        return out
    finite = torch.isfinite(x)
    nan = torch.isnan(x)
    counts = torch.stack([nan.sum(), (~finite).sum() - nan.sum()]).tolist()
    nan_count, inf_count = int(counts[0]), int(counts[1])
    f = x if nan_count == 0 and inf_count == 0 else x[finite]
    if f.numel() == 0:
        norm = mn = mx = mean = 0.0
    else:
        mn_t, mx_t = torch.aminmax(f) if hasattr(torch, 'aminmax') else (f.min(), f.max())
        norm, mn, mx, mean = torch.stack([torch.linalg.vector_norm(f), mn_t, mx_t, f.mean()]).tolist()
    out = {'numel': n, 'norm': norm, 'min': mn, 'max': mx, 'mean': mean, 'nanCount': nan_count, 'infCount': inf_count}
    if n <= max_values and nan_count == 0 and inf_count == 0:
        out['values'] = x.cpu().tolist()
    return out
