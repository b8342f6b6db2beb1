"""A Python exception as the Trace's ScriptError (docs/trace-format.md), shared by both Python
backends: the Pyodide runner (src/runtime/python/bptt_runner.py) and the PyTorch tracer
(src/runtime/pytorch/bptt_tracer/script.py).

This folder (src/runtime/pyshared) is no package of its own: scripts/build.mjs copies its modules
into both built trees (dist/python, which the Pyodide worker writes into Pyodide's file system, and
dist/pytorch), and each side puts src/runtime/pyshared on its path when it runs from the sources.
Both import it as the top-level module `bptt_script_error`. It runs on whatever Python 3 the user's
tracer runs on: no newer syntax than the tracer's own.
"""
import traceback


def script_error(e, is_user, syntax_file, with_kind=False):
    """The ScriptError of `e`: its type and message, the innermost of the user's frames as
    `location` (1-based line and column), and a Python-style traceback of the user's frames only.

    `is_user(filename)` says which frames are the user's. `syntax_file(filename)` gives the file a
    SyntaxError's location names, or None to treat the SyntaxError as any other exception (located
    at the user's innermost frame, its message str(e)). With `with_kind`, an exception's
    `bptt_kind` (set by the Pyodide torch package) becomes the ScriptError's `kind`.
    """
    if isinstance(e, SystemExit):
        return {'type': 'SystemExit', 'message': str(e.code), 'stack': f'SystemExit: {e.code}'}
    frames = [fr for fr in traceback.extract_tb(e.__traceback__) if is_user(fr.filename)]
    out = {'type': type(e).__name__, 'message': _message(e)}
    kind = getattr(e, 'bptt_kind', None) if with_kind else None
    if kind:
        out['kind'] = kind
    loc = None
    syntax = syntax_file(e.filename) if isinstance(e, SyntaxError) and e.filename and e.lineno else None
    if syntax:
        loc = {'file': syntax, 'line': e.lineno, 'column': e.offset or 1}
        out['message'] = e.msg
    elif frames:
        fr = frames[-1]
        col = getattr(fr, 'colno', None)
        loc = {'file': fr.filename, 'line': fr.lineno, 'column': col + 1 if col is not None else 1}
    if loc:
        out['location'] = loc
    text = ''
    if frames:
        text = 'Traceback (most recent call last):\n' + ''.join(traceback.format_list(frames))
    text += ''.join(traceback.format_exception_only(type(e), e))
    out['stack'] = text.rstrip('\n')
    return out


def _message(e):
    # KeyError('k') reads k, not str()'s quoted 'k'
    if isinstance(e, KeyError) and len(e.args) == 1:
        return str(e.args[0])
    return str(e)
