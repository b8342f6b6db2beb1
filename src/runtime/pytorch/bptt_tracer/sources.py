"""Where in the user's own files the code running now is: the innermost frame of a file under the
script's folder (not an installed package, not the tracer), with its 1-based line and column."""
import linecache
import os
import sys

TRACER_DIR = os.path.dirname(os.path.abspath(__file__))
_INSTALLED = (os.sep + 'site-packages' + os.sep, os.sep + 'dist-packages' + os.sep)

_state = {'prefix': None, 'user': {}, 'positions': {}}


def set_script(path):
    """Files under the script's folder count as the user's."""
    _state['prefix'] = os.path.dirname(os.path.abspath(path)).rstrip(os.sep) + os.sep
    _state['user'].clear()


def is_user(filename):
    cache = _state['user']
    r = cache.get(filename)
    if r is None:
        prefix = _state['prefix']
        r = bool(prefix) and filename.startswith(prefix) and not filename.startswith(TRACER_DIR) and not any(p in filename for p in _INSTALLED)
        cache[filename] = r
    return r


def column(code, lasti, filename, lineno):
    """1-based column of the instruction at `lasti` (Python 3.11+ keeps positions; else 1)."""
    positions = getattr(code, 'co_positions', None)
    if positions is None or lasti is None or lasti < 0:
        return 1
    cache = _state['positions']
    pos = cache.get(code)
    if pos is None:
        pos = cache[code] = list(positions())
    i = lasti // 2
    if i >= len(pos) or pos[i][2] is None:
        return 1
    col = pos[i][2]
    text = linecache.getline(filename, lineno)
    # co_positions counts UTF-8 bytes; editors count characters
    if text and not text.isascii():
        col = len(text.encode('utf-8')[:col].decode('utf-8', 'replace'))
    return col + 1


def locate(frame=None):
    """{'file', 'line', 'column'} of the innermost user frame, or None."""
    f = frame or sys._getframe(1)
    while f is not None:
        code = f.f_code
        fn = code.co_filename
        if is_user(fn):
            line = f.f_lineno
            return {'file': fn, 'line': line, 'column': column(code, f.f_lasti, fn, line)}
        f = f.f_back
    return None
