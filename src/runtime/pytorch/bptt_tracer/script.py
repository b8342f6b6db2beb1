"""Running the user's script as __main__ in this process, and its error as a ScriptError whose
location and traceback keep the user's own frames only."""
import os
import sys
import traceback
import types

from .sources import is_user


def run(path, argv=()):
    """Runs the script at `path` as __main__; returns None, or the exception it raised."""
    directory = os.path.dirname(path)
    main = types.ModuleType('__main__')
    main.__dict__.update({'__file__': path, '__builtins__': __builtins__, '__cached__': None, '__spec__': None, '__loader__': None})
    sys.modules['__main__'] = main
    sys.argv = [path, *argv]
    sys.path[0:0] = [directory]
    try:
        with open(path, 'rb') as fh:
            source = fh.read()
        code = compile(source, path, 'exec', dont_inherit=True)
        exec(code, main.__dict__)
    except SystemExit as e:
        if e.code in (None, 0):
            return None
        return e
    except BaseException as e:  # noqa: BLE001 - the user's script may raise anything
        return e
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
    return None


def _message(e):
    if isinstance(e, KeyError) and len(e.args) == 1:
        return str(e.args[0])
    return str(e)


def script_error(e):
    """The Trace's ScriptError for an exception: type, message, the innermost user frame, and a
    Python-style traceback of the user's frames."""
    if isinstance(e, SystemExit):
        return {'type': 'SystemExit', 'message': str(e.code), 'stack': f'SystemExit: {e.code}'}
    frames = [fr for fr in traceback.extract_tb(e.__traceback__) if is_user(fr.filename)]
    out = {'type': type(e).__name__, 'message': _message(e)}
    loc = None
    if isinstance(e, SyntaxError) and e.filename and e.lineno:
        loc = {'file': os.path.abspath(e.filename), 'line': e.lineno, 'column': e.offset or 1}
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
