"""The one door to the engine: the JS module `_bptt` (src/runtime/python/bridge.ts).

Every engine function is reached through `E` (or the namespaces `T`, `F`, `NN`), whose callables turn
an engine error (a JS TorchError) into the Python exception PyTorch raises, with PyTorch's message.
"""
import builtins as _b

import _bptt
from pyodide.ffi import JsArray, JsException, JsProxy, create_proxy, jsnull, to_js

BACKEND_HINT = "set bptt-lens.backend to 'pytorch' to use your own PyTorch"


class NotImplementedError(_b.NotImplementedError, _b.AttributeError):
    """PyTorch API the embedded engine does not have. Also an AttributeError, so hasattr() stays False."""


NotImplementedError.__module__ = 'builtins'
Unsupported = NotImplementedError


def unsupported(what, detail=''):
    """The error for an API the engine does not have. e.g. `raise unsupported('torch.fft')`"""
    msg = f"{what} is not supported by bptt-lens's embedded engine; {BACKEND_HINT}"
    if detail:
        msg += f' ({detail})'
    return Unsupported(msg)


_PY_TYPES = {
    'RuntimeError': _b.RuntimeError,
    'IndexError': _b.IndexError,
    'ValueError': _b.ValueError,
    'TypeError': _b.TypeError,
    'NotImplementedError': Unsupported,
    'KeyError': _b.KeyError,
    'AssertionError': _b.AssertionError,
}


def convert(e):
    """The Python exception for a JS error thrown by the engine."""
    js = e.js_error
    kind = getattr(js, 'kind', None)
    msg = getattr(js, 'message', None) or _b.str(e)
    if kind == 'cancelled':
        return _b.KeyboardInterrupt()
    py_type = getattr(js, 'pyType', None)
    if py_type is not None:
        cls = _PY_TYPES.get(py_type, _b.RuntimeError)
        if kind == 'unsupported' and 'bptt-lens' not in msg:
            msg = f'{msg} ({BACKEND_HINT})'
        err = cls(msg)
        err.bptt_kind = kind
        return err
    name = getattr(js, 'name', 'Error')
    if name == 'TypeError':
        err = _b.TypeError(msg)
    else:
        err = _b.RuntimeError(f'{msg} (an internal error of bptt-lens\'s engine: {name})')
    err.bptt_kind = 'internal'
    return err


def guard(f):
    """`f` (a JS function) with engine errors raised as Python exceptions."""

    def call(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except JsException as e:
            raise convert(e) from None

    return call


class _Namespace:
    """Attribute access to a JS object whose functions are guarded; each is looked up once."""

    def __init__(self, js):
        object.__setattr__(self, '_ns', js)

    def __getattr__(self, name):
        f = guard(getattr(self._ns, name))
        object.__setattr__(self, name, f)
        return f


E = _Namespace(_bptt)
T = _Namespace(_bptt.torch)
F = _Namespace(_bptt.F)

# Helpers that cannot fail, called raw (one JS call fewer per op).
key = _bptt.key

__all__ = [
    'BACKEND_HINT', 'E', 'F', 'JsArray', 'JsProxy', 'T', 'Unsupported', 'convert', 'create_proxy', 'guard', 'jsnull',
    'key', 'to_js', 'unsupported',
]


def module_getattr(modname):
    """A module `__getattr__` that names unknown PyTorch APIs as unsupported. e.g. `torch.fft`"""

    def __getattr__(name):
        if name.startswith('__') or name.startswith('_'):
            raise AttributeError(f"module '{modname}' has no attribute '{name}'")
        raise unsupported(f'{modname}.{name}')

    return __getattr__
