"""Running the user's script as __main__ in this process, and its error as a ScriptError whose
location and traceback keep the user's own frames only (bptt_script_error, shared with the Pyodide
runner)."""
import os
import sys
import types

from bptt_script_error import script_error as _script_error

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


def script_error(e):
    """The Trace's ScriptError for an exception (see bptt_script_error): a SyntaxError is located in
    whatever file it names, made absolute."""
    return _script_error(e, is_user, os.path.abspath)
