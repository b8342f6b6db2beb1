"""Runs user scripts inside the Python worker (src/runtime/pythonWorker.ts).

Each run gets a fresh __main__, sees only its own user modules, and reports its error as a JSON
ScriptError whose traceback keeps the user's frames only (bptt_script_error, shared with the
PyTorch tracer; the worker writes it beside this file). `locate()` gives the trace recorder the
user's line for the engine op running now.
"""
import gc
import json
import linecache
import os
import sys
import types
import warnings

from bptt_script_error import script_error

TORCH_DIR = os.path.dirname(os.path.abspath(__file__)) + '/torch/'
_SYSTEM = (TORCH_DIR, '/lib/python', '<')

_state = {
    'baseline': None,
    'main': None,
    'prefix': None,
    'filters': None,
    'positions': {},
}


def prepare():
    """Imports torch once (compiling it into the in-memory cache) and notes the clean module set."""
    import torch  # noqa: F401 - compiled once, kept warm

    sys.dont_write_bytecode = True
    _state['baseline'] = set(sys.modules)
    _state['main'] = sys.modules['__main__']
    _state['filters'] = list(warnings.filters)
    _state['streams'] = (sys.stdout, sys.stderr, sys.stdin)


def _is_user(filename):
    prefix = _state['prefix']
    return bool(prefix) and filename.startswith(prefix) and not filename.startswith(_SYSTEM)


def _column(code, lasti, filename, lineno):
    cache = _state['positions']
    pos = cache.get(code)
    if pos is None:
        pos = cache[code] = list(code.co_positions())
    i = lasti // 2
    if i < 0 or i >= len(pos) or pos[i][2] is None:
        return 1
    col = pos[i][2]
    text = linecache.getline(filename, lineno)
    if text and not text.isascii():
        col = len(text.encode('utf-8')[:col].decode('utf-8', 'replace'))
    return col + 1


def locate():
    """'line:column:file' of the innermost frame in the user's files, or ''."""
    f = sys._getframe(1)
    while f is not None:
        code = f.f_code
        fn = code.co_filename
        if _is_user(fn):
            line = f.f_lineno
            return f'{line}:{_column(code, f.f_lasti, fn, line)}:{fn}'
        f = f.f_back
    return ''


def warn(message):
    """An engine warning, shown at the user's line as Python shows warnings."""
    where = locate()
    if where:
        line, _, rest = where.partition(':')
        _, _, fn = rest.partition(':')
        warnings.warn_explicit(message, UserWarning, fn, int(line), registry=_main_registry())
    else:
        warnings.warn(message, UserWarning, stacklevel=2)


def _main_registry():
    main = sys.modules.get('__main__')
    return main.__dict__.setdefault('__warningregistry__', {}) if main is not None else None


def _error(e):
    """The ScriptError of `e` (see bptt_script_error): a SyntaxError is located only in the user's
    files, and the torch package's `bptt_kind` becomes `kind`."""
    return script_error(e, _is_user, _user_file, with_kind=True)


def _user_file(filename):
    return filename if _is_user(filename) else None


def run(path, seed=None):
    """Runs the script at `path` as __main__ (after seeding `random` when `seed` is given; the
    engine's generator is seeded by the worker); returns None or the error as JSON."""
    if seed is not None:
        import random

        random.seed(seed)
    directory = os.path.dirname(path)
    _state['prefix'] = directory.rstrip('/') + '/'
    main = types.ModuleType('__main__')
    main.__dict__.update({'__file__': path, '__builtins__': __builtins__, '__cached__': None})
    sys.modules['__main__'] = main
    sys.argv = [path]
    if sys.path and sys.path[0] != directory:
        sys.path.insert(0, directory)
    try:
        os.chdir(directory)
    except OSError:
        pass
    try:
        with open(path, 'rb') as fh:
            source = fh.read()
        code = compile(source, path, 'exec', dont_inherit=True)
        exec(code, main.__dict__)
    except SystemExit as e:
        if e.code in (None, 0):
            return None
        return json.dumps(_error(e))
    except BaseException as e:  # noqa: BLE001 - the user's script may raise anything
        return json.dumps(_error(e))
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
    return None


def cleanup():
    """Forgets the run: user modules, __main__, JS-held callables, warning filters, caches."""
    from torch import _functions, _tensor

    _tensor.release_proxies()
    _tensor.reset_print_options()
    _functions._reset_threads()
    sys.stdout, sys.stderr, sys.stdin = _state['streams']
    try:
        os.chdir('/')
    except OSError:
        pass
    baseline = _state['baseline'] or set()
    for name in list(sys.modules):
        if name not in baseline:
            del sys.modules[name]
    if _state['main'] is not None:
        sys.modules['__main__'] = _state['main']
    directory = (_state['prefix'] or '').rstrip('/')
    while directory and directory in sys.path:
        sys.path.remove(directory)
    if _state['filters'] is not None:
        warnings.resetwarnings()
        warnings.filters[:] = _state['filters']
    _state['positions'].clear()
    linecache.clearcache()
    _state['prefix'] = None
    from torch import _imports

    _imports.install()
    gc.collect()
