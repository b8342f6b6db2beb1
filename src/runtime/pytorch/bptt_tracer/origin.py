"""Where the first NaN/Inf appeared (diagnostics.ts' NonFiniteOrigin): the node, its step (its own
tag, else the step of its nearest step-tagged inputs, else for a layer-wide op the first step of
that layer to see a non-finite x, h or c), its module and its source line."""
from .state import KEY, NodeInfo, S


def _info(fn):
    md = fn.metadata
    info = md.get(KEY)
    if info is None:
        info = md[KEY] = NodeInfo(S.next_id())
    return info


def of(phase, fn):
    info = _info(fn)
    o = {'phase': phase, 'node': f'n{info.id}', 'name': type(fn).__name__, 'moduleObject': info.module}
    if info.step is not None:
        o['t'] = info.step.t
        if info.module is None:
            o['moduleObject'] = info.step.owner
    else:
        near = _step_of_inputs(fn)
        if near is not None:
            o['t'] = near.t
            if info.module is None:
                o['moduleObject'] = near.owner
        elif phase == 'forward' and info.layer is not None:
            S.pending_layer_origin = info.layer
    if info.source:
        o['source'] = info.source
    return o


def _step_of_inputs(fn):
    """The step of the nearest step-tagged inputs (up to 4 edges back), when they agree on one t."""
    level = [fn]
    seen = {id(fn)}
    for _ in range(4):
        nxt = []
        for n in level:
            for m, _slot in n.next_functions:
                if m is None or id(m) in seen:
                    continue
                seen.add(id(m))
                nxt.append(m)
        tagged = [t for t in (m.metadata.get(KEY) for m in nxt) if t is not None and t.step is not None]
        if tagged:
            ts = {t.step.t for t in tagged}
            return tagged[0].step if len(ts) == 1 else None
        if not nxt:
            return None
        level = nxt
    return None
