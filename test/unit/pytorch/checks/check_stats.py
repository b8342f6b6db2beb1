"""The tracer's tensor statistics (bptt_tracer/stats.py: one-pass summaries, chunked float64 sums,
memory-order views of transposed tensors, a cache keyed by memory and version, stacked summaries of
many small tensors) against a plain float64 computation: finite elements only for the norm, min, max
and mean, NaN and Inf counts, values of small tensors, several tensors taken together.

    python check_stats.py TRACER_DIR

Prints one JSON object: {"torch": version, "cases": [{"name", "ok", "detail"}]}."""
import json
import math
import sys

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402

from bptt_tracer import stats  # noqa: E402

F64 = torch.float64
cases = []


def reference(tensors, max_values):
    parts = []
    for t in tensors:
        x = t.detach()
        x = x.abs() if x.is_complex() else x
        parts.append(x.to(F64).reshape(-1))
    x = torch.cat(parts) if parts else torch.zeros(0, dtype=F64)
    n = x.numel()
    nan = int(torch.isnan(x).sum())
    inf = int(torch.isinf(x).sum())
    f = x[torch.isfinite(x)]
    out = {'numel': n, 'nanCount': nan, 'infCount': inf}
    if f.numel():
        out.update(norm=float(f.norm()), min=float(f.min()), max=float(f.max()), mean=float(f.mean()))
    else:
        out.update(norm=0.0, min=0.0, max=0.0, mean=0.0)
    if max_values >= 0 and n <= max_values and nan == 0 and inf == 0:
        out['values'] = x.tolist()
    return out


def same(a, b):
    if set(a) != set(b):
        return f'keys {sorted(a)} vs {sorted(b)}'
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, list):
            if x != y:
                return f'{k} differ'
        elif isinstance(x, float) or isinstance(y, float):
            if not (x == y or abs(x - y) <= 1e-12 * max(abs(x), abs(y))):
                return f'{k}: {x} vs {y}'
        elif x != y:
            return f'{k}: {x} vs {y}'
    return None


def case(name, got, want):
    bad = same(got, want)
    cases.append({'name': name, 'ok': bad is None, 'detail': bad or ''})


g = torch.Generator().manual_seed(0)
big = torch.randn(400, 700, generator=g)  # above stats.CHUNK elements: the chunked path
with_bad = big.clone()
with_bad[3, 5] = math.nan
with_bad[7, 1] = math.inf
with_bad[9, 9] = -math.inf
tensors = {
    'small float32': torch.randn(5, 7, generator=g),
    'large float32': big,
    'large float32, transposed': big.t(),
    'large float32, every other column': big[:, ::2],
    'large with NaN, +Inf, -Inf': with_bad,
    'large with NaN/Inf, transposed': with_bad.t(),
    'all NaN': torch.full((200000,), math.nan),
    'large float16': big.half(),
    'large float64, transposed': big.double().t(),
    'large, ones (sums that float32 would round)': torch.ones(1 << 21) + 1e-7,
    'integers': torch.arange(10),
    'booleans': torch.tensor([True, False, True]),
    'empty': torch.zeros(0, 3),
    'complex': torch.randn(4, 4, dtype=torch.complex64, generator=g),
    'small with NaN and Inf': torch.tensor([1.0, math.nan, 2.0, math.inf]),
    'a 0-dim tensor': torch.tensor(3.0),
}
for name, t in tensors.items():
    for mv in (0, 4096):
        case(f'{name}, max values {mv}', stats.stats_of(t, mv), reference([t], mv))
    # the second time from the cache
    case(f'{name}, again', stats.stats_of(t, 0), reference([t], 0))
    if t.is_floating_point() or t.is_complex():
        want = reference([t], -1)['norm']
        got = float(stats.finite_norm(t))
        cases.append({'name': f'{name}: finite_norm', 'ok': abs(got - want) <= 1e-12 * max(want, 1e-300), 'detail': f'{got} vs {want}'})
        finite = bool(torch.isfinite(t.detach().abs() if t.is_complex() else t).all())
        cases.append({'name': f'{name}: all_finite', 'ok': stats.all_finite(t) == finite, 'detail': ''})

several = [tensors['small float32'], tensors['large float32'], tensors['small with NaN and Inf']]
case('several tensors together', stats.stats_of(several, 0), reference(several, 0))

groups = [[t] for t in tensors.values()] + [several, [torch.randn(1, 64, generator=g) for _ in range(3)]]
groups += [[torch.randn(1, 64, generator=g)] for _ in range(50)] + [[torch.tensor([math.nan] * 64)]]
for i, (group, s) in enumerate(zip(groups, stats.summaries(groups))):
    want = reference(group, -1)
    case(f'summaries, group {i} ({len(group)} tensors, {sum(t.numel() for t in group)} elements)', stats.stats_from(s), want)

# an in-place change is seen (the cache is keyed by version), also through a transposed view
a = torch.randn(1000, 1000, generator=g)
before = stats.stats_of(a.t(), 0)['norm']
a.mul_(2)
after = stats.stats_of(a, 0)['norm']
cases.append({'name': 'an in-place change after a cached summary', 'ok': abs(after - 2 * before) <= 1e-12 * after, 'detail': f'{before} → {after}'})

print(json.dumps({'torch': torch.__version__, 'cases': cases}))
