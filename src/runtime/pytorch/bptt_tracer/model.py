"""The model tree, as src/trace/modelExport.ts builds it: every nn.Module the script creates is
registered (nn.Module.__init__ is wrapped); the roots are those no other module owns; the one root
with parameters is '', the others are named by their type in lower camel case."""
import re

import torch

from .state import S
from .stats import stats_of

_UPPER_HEAD = re.compile(r'^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]')


def lower_camel(name):
    """`LSTMCell` → `lstmCell`, `MSELoss` → `mseLoss`, `RNN` → `rnn`."""
    return _UPPER_HEAD.sub(lambda m: m.group(0).lower(), name, count=1)


def type_name(m):
    get = getattr(m, '_get_name', None)
    return get() if callable(get) else type(m).__name__


def install():
    """Registers every module at construction, with where it was constructed."""
    orig_init = torch.nn.Module.__init__

    def __init__(self, *args, **kwargs):
        orig_init(self, *args, **kwargs)
        if id(self) in S.module_ids:
            return
        S.module_ids.add(id(self))
        S.modules.append(self)
        try:
            src = S.here()
            if src:
                S.module_sources[id(self)] = src
        except Exception as e:  # noqa: BLE001
            S.note_internal(e)

    __init__.__wrapped__ = orig_init
    torch.nn.Module.__init__ = __init__


def join(a, b):
    return f'{a}.{b}' if a and b else (a or b)


def _has_parameters(m):
    for _ in m.parameters():
        return True
    return False


def name_roots(modules):
    """[(root module, its name)], the model ('') first, as nameRoots in modelExport.ts orders them."""
    owned = set()
    for m in modules:
        for path, sub in m.named_modules():
            if path != '':
                owned.add(id(sub))
    roots = [m for m in modules if id(m) not in owned]
    with_params = [r for r in roots if _has_parameters(r)]
    named = []
    taken = set()
    if len(with_params) == 1:
        named.append((with_params[0], ''))
        taken.add(id(with_params[0]))
    used = {}
    for r in roots:
        if id(r) in taken:
            continue
        base = lower_camel(type_name(r))
        n = used.get(base, 0)
        used[base] = n + 1
        named.append((r, base if n == 0 else f'{base}{n}'))
    return named


def all_modules(roots):
    """{full path: module} under the named roots, first path wins."""
    out = {}
    for root, name in roots:
        for path, m in root.named_modules():
            full = join(name, path)
            if full not in out:
                out[full] = m
    return out


def all_parameters(roots):
    """{full name: parameter} under the named roots, each tensor once (tied weights under their first name)."""
    out = {}
    seen = set()
    for root, name in roots:
        for path, p in root.named_parameters():
            if id(p) in seen:
                continue
            seen.add(id(p))
            out[join(name, path)] = p
    return out


class ParameterNames:
    """Parameter names as of now; recomputed only when modules were added (history needs them at
    every backward)."""

    def __init__(self):
        self._count = -1
        self._params = {}

    def get(self):
        if self._count != len(S.modules):
            self._count = len(S.modules)
            self._params = all_parameters(name_roots(S.modules))
        return self._params


def export_model(roots, max_values, node_of):
    modules = []
    for path, m in all_modules(roots).items():
        own = [join(path, n) for n, _ in m.named_parameters(recurse=False)]
        info = {'path': path, 'type': type_name(m), 'repr': repr(m), 'parameters': own}
        src = S.module_sources.get(id(m))
        if src:
            info['source'] = src
        modules.append(info)
    parameters = []
    for name, p in all_parameters(roots).items():
        dot = name.rfind('.')
        info = {
            'name': name,
            'module': '' if dot < 0 else name[:dot],
            'shape': list(p.shape),
            'dtype': str(p.dtype).replace('torch.', ''),
            'value': stats_of(p, max_values),
            'grad': stats_of(p.grad, max_values) if p.grad is not None else None,
        }
        node = node_of(p)
        if node:
            info['node'] = node
        parameters.append(info)
    return {'modules': modules, 'parameters': parameters}
