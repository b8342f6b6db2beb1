"""The Trace, less its diagnostics (which the TypeScript runner adds with diagnostics.ts' diagnose(),
so both backends diagnose alike), plus `nonFinite`, the first NaN/Inf's origin that diagnose() needs."""
import time

from . import graph
from .model import all_modules, all_parameters, export_model, lower_camel, name_roots, type_name
from .state import S


def finish(meta, console, error, timing):
    t0 = time.perf_counter()
    roots = name_roots(S.modules)
    params = all_parameters(roots)
    names = {id(p): n for n, p in params.items()}
    paths = {}
    for path, m in all_modules(roots).items():
        paths.setdefault(id(m), path)

    def path_of(owner):
        p = paths.get(id(owner))
        return p if p is not None else lower_camel(type_name(owner)) if hasattr(owner, 'named_modules') else ''

    g, accumulator_of = graph.export_graph(S.last_roots, names, path_of, S.options.max_nodes)
    model = export_model(roots, S.options.max_values, lambda p: accumulator_of.get(id(p)))
    recurrent = S.steps.finish(path_of)
    trace = {
        'version': 1,
        'script': meta,
        'model': model,
        'graph': g,
        'recurrent': recurrent,
        'history': S.history,
        'console': console.lines,
        'timing': timing,
    }
    if error is not None:
        trace['error'] = error
    if S.nonfinite is not None:
        o = dict(S.nonfinite)
        owner = o.pop('moduleObject', None)
        if owner is not None:
            o['module'] = path_of(owner)
        trace['nonFinite'] = o
    timing.append({'phase': 'record', 'ms': (time.perf_counter() - t0) * 1000})
    return trace
