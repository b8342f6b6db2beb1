"""Statistics of tensors for the Trace, as src/trace/stats.ts defines them: float64, norms and
min/max/mean over the finite elements only, counts of NaN and Inf, values for small tensors. Work
stays on the tensor's device; numbers come back in one transfer per tensor (or per batch of tensors).

The common case, every element finite, takes one pass in the tensor's own dtype (min and max, which a
NaN or Inf would show) and one float64 pass for the sum and the sum of squares: in cache-sized chunks
on the CPU (a whole float64 copy of a 16 MB gradient costs more than its statistics), at once on a
GPU. Elements are read in memory order, so a transposed gradient (W.t() at every step) costs what a
contiguous one costs. A large tensor's summary is kept for a while, keyed by its memory and version:
a view of the same elements (the gradient TBackward0 passes on) reuses it."""
import collections
import math

import torch

F64 = torch.float64
# CPU tensors above this many elements are summarised in chunks of this many, and their summaries cached
CHUNK = 1 << 17
# small tensors of one size are summarised together, this many elements at once
BATCH = 1 << 22
_CACHE_ENTRIES = 16


def json_number(v):
    """A finite number for JSON: NaN → -1, +Inf → 1e308, -Inf → -1e308 (the Trace's sentinels)."""
    if v != v:
        return -1.0
    if v == math.inf:
        return 1e308
    if v == -math.inf:
        return -1e308
    return v


def dense_view(t):
    """The elements of t as a 1-D tensor: a view in memory order when they fill their memory densely in
    some order (contiguous, transposed, permuted), else a contiguous copy."""
    if t.is_contiguous():
        return t.reshape(-1)
    dims = sorted((st, sz) for sz, st in zip(t.shape, t.stride()) if sz != 1)
    expect = 1
    for st, sz in dims:
        if st != expect:
            return t.reshape(-1)
        expect *= sz
    return t.as_strided((t.numel(),), (1,))


def _real(t):
    x = t.detach()
    if x.is_complex():
        return x.abs()
    if not x.is_floating_point():
        return x.to(F64)
    return x


def all_finite(t):
    """Whether every element is finite. A NaN or Inf makes the sum non-finite, so the sum (several
    times cheaper than isfinite on CPU) decides, unless it overflowed: then the elements are asked."""
    if not (t.is_floating_point() or t.is_complex()):
        return True
    x = t.detach()
    if x.is_complex():
        x = torch.view_as_real(x)
    if x.numel() > CHUNK:
        entry = _cache_get(x)
        if entry is not None:
            return entry[6] == 0 and entry[7] == 0
        x = dense_view(x)
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


def finite_norm(t):
    """‖t‖ over its finite elements, as a 0-dim float64 tensor on t's device (no transfer on a GPU)."""
    x = _real(t)
    if x.device.type == 'cpu' and x.numel() > CHUNK:
        return torch.tensor(math.sqrt(summary(x)[3]), dtype=F64)
    x = x.to(F64)
    return torch.linalg.vector_norm(torch.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0))


def finite_norm_value(t):
    if t is None:
        return 0.0
    return float(finite_norm(t).item())


# -- summaries: [numel, finite count, finite sum, finite sum of squares, min, max, NaNs, Infs] ---------

_cache = collections.OrderedDict()


def _key(x):
    dims = tuple(sorted((st, sz) for sz, st in zip(x.shape, x.stride()) if sz != 1))
    return (x.data_ptr(), x.dtype, x.device, x._version, dims)


def _cache_get(x):
    if x.numel() <= CHUNK or x.device.type != 'cpu':
        return None
    try:
        hit = _cache.get(_key(x))
    except RuntimeError:  # no storage (e.g. a tensor subclass without data)
        return None
    return hit[1] if hit is not None else None


def _cache_put(x, s):
    try:
        key = _key(x)
    except RuntimeError:
        return
    # the entry holds a detached alias: its memory cannot be reused for another tensor while cached,
    # and autograd may still accumulate into the original in place (which bumps the shared version)
    _cache[key] = (x.detach(), s)
    while len(_cache) > _CACHE_ENTRIES:
        _cache.popitem(last=False)


def _chunked_sums(flat):
    """Float64 sum and sum of squares of a CPU tensor's elements, in cache-sized chunks."""
    buf = torch.empty(min(CHUNK, flat.numel()), dtype=F64)
    total = 0.0
    sq = 0.0
    for part in flat.split(CHUNK):
        b = buf[: part.numel()]
        b.copy_(part)
        total += float(b.sum())
        sq += float(torch.dot(b, b))
    return total, sq


def _nonfinite_summary(flat):
    x = flat.to(F64)
    finite = torch.isfinite(x)
    nan = torch.isnan(x)
    n_nan, n_bad = (int(v) for v in torch.stack([nan.sum(), (~finite).sum()]).tolist())
    f = x[finite]
    if f.numel() == 0:
        return [x.numel(), 0, 0.0, 0.0, math.inf, -math.inf, n_nan, n_bad - n_nan]
    lo, hi = torch.aminmax(f)
    s, q, lo, hi = torch.stack([f.sum(), torch.dot(f, f), lo, hi]).tolist()
    return [x.numel(), f.numel(), s, q, lo, hi, n_nan, n_bad - n_nan]


def summary(t):
    """The summary of one tensor (see above), as Python numbers."""
    x = _real(t)
    n = x.numel()
    if n == 0:
        return [0, 0, 0.0, 0.0, math.inf, -math.inf, 0, 0]
    hit = _cache_get(x)
    if hit is not None:
        return hit
    flat = dense_view(x)
    big = n > CHUNK and x.device.type == 'cpu'
    if big:
        if flat.dtype not in (torch.float32, F64):
            flat = flat.float()  # half and bfloat16 have no aminmax on the CPU (exact in float32)
        lo, hi = (float(v) for v in torch.aminmax(flat))
        if math.isfinite(lo) and math.isfinite(hi):
            if flat.dtype == F64:
                s, q = torch.stack([flat.sum(), torch.dot(flat, flat)]).tolist()
            else:
                s, q = _chunked_sums(flat)
            out = [n, n, s, q, lo, hi, 0, 0]
        else:
            out = _nonfinite_summary(flat)
        _cache_put(x, out)
        return out
    f = flat.to(F64)
    lo, hi = torch.aminmax(f)
    s, q, lo, hi = torch.stack([f.sum(), torch.dot(f, f), lo, hi]).tolist()
    if math.isfinite(lo) and math.isfinite(hi):
        return [n, n, s, q, lo, hi, 0, 0]
    return _nonfinite_summary(f)


def combine(parts):
    """The summary of several tensors taken together."""
    if len(parts) == 1:
        return parts[0]
    out = [0, 0, 0.0, 0.0, math.inf, -math.inf, 0, 0]
    for p in parts:
        out[0] += p[0]
        out[1] += p[1]
        out[2] += p[2]
        out[3] += p[3]
        out[4] = min(out[4], p[4])
        out[5] = max(out[5], p[5])
        out[6] += p[6]
        out[7] += p[7]
    return out


def summaries(groups):
    """The summary of each group of tensors (a list of lists). The small tensors of one device and size
    are stacked and summarised together, a few ops per batch instead of a few per tensor."""
    out = [None] * len(groups)
    buckets = {}
    for gi, group in enumerate(groups):
        parts = []
        for t in group:
            x = _real(t)
            n = x.numel()
            if n > CHUNK or n == 0:
                parts.append(summary(x))
            else:
                buckets.setdefault((x.device, n), []).append((gi, x))
        out[gi] = parts
    for (_, n), items in buckets.items():
        per = max(1, BATCH // n)
        for at in range(0, len(items), per):
            part = items[at : at + per]
            for (gi, x), s in zip(part, _stacked_summaries([x for _, x in part])):
                out[gi].append(s)
    return [combine(p) if p else [0, 0, 0.0, 0.0, math.inf, -math.inf, 0, 0] for p in out]


def _stacked_summaries(tensors):
    """Summaries of tensors of the same size and device, stacked into one [k, n] float64 batch."""
    x = torch.stack([t.reshape(-1) for t in tensors]).to(F64)
    lo, hi = torch.aminmax(x, dim=1)
    n = x.shape[1]
    rows = torch.stack([x.sum(1), (x * x).sum(1), lo, hi], 1).tolist()
    out = []
    for i, (s, q, mn, mx) in enumerate(rows):
        if math.isfinite(mn) and math.isfinite(mx):
            out.append([n, n, s, q, mn, mx, 0, 0])
        else:
            out.append(_nonfinite_summary(x[i]))
    return out


def stats_from(s, values=None):
    """TensorStats from a summary (and the values, when they are to be listed)."""
    n, count, total, sq, lo, hi, nan, inf = s
    if n == 0:
        out = {'numel': 0, 'norm': 0.0, 'min': 0.0, 'max': 0.0, 'mean': 0.0, 'nanCount': 0, 'infCount': 0}
        if values is not None:
            out['values'] = []
        return out
    if count == 0:
        norm = mn = mx = mean = 0.0
    else:
        norm, mn, mx, mean = math.sqrt(sq), lo, hi, total / count
    out = {'numel': n, 'norm': norm, 'min': mn, 'max': mx, 'mean': mean, 'nanCount': nan, 'infCount': inf}
    if values is not None:
        out['values'] = values
    return out


def stats_of(tensors, max_values=0):
    """TensorStats of one tensor, or of several taken together (a multi-output node's gradients)."""
    if isinstance(tensors, torch.Tensor):
        tensors = [tensors]
    s = combine([summary(t) for t in tensors]) if tensors else [0, 0, 0.0, 0.0, math.inf, -math.inf, 0, 0]
    values = None
    if max_values >= 0 and s[0] <= max_values and s[6] == 0 and s[7] == 0:
        values = [v for t in tensors for v in _real(t).reshape(-1).to(F64).cpu().tolist()]
    elif max_values >= 0 and s[0] == 0:
        values = []
    return stats_from(s, values)
