"""bptt-lens' tracer for the user's own CPython and PyTorch (the `pytorch` backend).

    python bptt_trace.py --script FILE.py --out TRACE.json [--trace | --run-only] [--fused]
                         [--seed N] [--max-values N] [--max-nodes N] [--producer-version V]

Runs FILE.py as __main__ (its folder first on sys.path, its output passed straight through) and
writes to TRACE.json the Trace of docs/trace-format.md without `diagnostics` and with `nonFinite`
(src/runtime/pytorchRunner.ts adds the diagnostics), or with --run-only `{"runOnly": true, "error"?}`.
Exit status: 0 the script finished, 1 it raised (the file is still written), 3 the tracer itself
failed (nothing written; the reason on stderr), 4 torch is missing or too old (the file holds
`setupError`). docs/pytorch-backend.md says how each number is computed.
"""
import argparse
import datetime
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The modules shared with the Pyodide runner (bptt_script_error): beside this file once built
# (scripts/build.mjs copies them in), in src/runtime/pyshared when this runs from the sources.
SHARED = os.path.join(os.path.dirname(HERE), 'pyshared')


def parse(argv):
    p = argparse.ArgumentParser(prog='bptt_trace.py')
    p.add_argument('--script', required=True)
    p.add_argument('--out', required=True)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument('--trace', action='store_true')
    mode.add_argument('--run-only', action='store_true')
    p.add_argument('--fused', action='store_true')
    p.add_argument('--seed', type=int)
    p.add_argument('--max-values', type=int, default=4096)
    p.add_argument('--max-nodes', type=int, default=20000)
    p.add_argument('--producer-version', default='')
    p.add_argument('--cwd')
    p.add_argument('args', nargs='*')
    return p.parse_args(argv)


def _now_iso():
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime('%Y-%m-%dT%H:%M:%S.') + f'{now.microsecond // 1000:03d}Z'


def _sanitize(v):
    """No NaN or Inf may reach the JSON (the Trace's sentinels stand for them)."""
    if isinstance(v, float):
        if v != v:
            return -1.0
        if math.isinf(v):
            return 1e308 if v > 0 else -1e308
        return v
    if isinstance(v, dict):
        return {k: _sanitize(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_sanitize(x) for x in v]
    return v


def write(path, doc):
    try:
        text = json.dumps(doc, allow_nan=False, ensure_ascii=False)
    except ValueError:
        text = json.dumps(_sanitize(doc), allow_nan=False, ensure_ascii=False)
    tmp = path + '.part'
    with open(tmp, 'w', encoding='utf-8') as fh:
        fh.write(text)
    os.replace(tmp, path)


def _version_tuple(v):
    out = []
    for part in v.split('+')[0].split('.')[:2]:
        digits = ''.join(ch for ch in part if ch.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


def main(argv):
    args = parse(argv)
    script = os.path.abspath(args.script)
    # the script runs in its own folder
    args.out = os.path.abspath(args.out)
    started = _now_iso()
    t0 = time.perf_counter()
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - any import failure means no usable torch
        write(args.out, {'setupError': {'type': type(e).__name__, 'kind': 'torchMissing', 'message': str(e)}})
        return 4
    if _version_tuple(torch.__version__) < (1, 13):
        write(args.out, {'setupError': {'type': 'ImportError', 'kind': 'torchTooOld', 'message': f'torch {torch.__version__} is older than 1.13'}})
        return 4
    import_ms = (time.perf_counter() - t0) * 1000

    # our package is imported before the script's folder goes first on sys.path
    ours = [HERE, SHARED] if os.path.isdir(SHARED) else [HERE]
    sys.path[0:0] = ours
    from bptt_tracer import script as runner
    from bptt_tracer import sources
    from bptt_tracer.state import Options, S

    for p in ours:
        sys.path.remove(p)
    if sys.path and os.path.abspath(sys.path[0] or '.') == HERE:
        sys.path.pop(0)
    S.options = Options(args)
    sources.set_script(script)
    os.chdir(args.cwd or os.path.dirname(script))

    console = None
    if S.options.trace:
        from bptt_tracer import backward, model, ops, unroll
        from bptt_tracer.console import Console, Tee
        from bptt_tracer.steps import StepRecorder

        S.steps = StepRecorder()
        model.install()
        backward.install()
        if not S.options.fused:
            unroll.install()
            ops.install_module_calls(unroll.on_cell_call, unroll.after_cell_call)
        else:
            ops.install_module_calls(None, None)
        console = Console()
        sys.stdout = Tee(sys.stdout, 'stdout', console)
        sys.stderr = Tee(sys.stderr, 'stderr', console)

    if args.seed is not None:
        import random

        random.seed(args.seed)
        try:
            import numpy

            numpy.random.seed(args.seed)
        except Exception:  # noqa: BLE001 - numpy is optional
            pass
        torch.manual_seed(args.seed)

    t1 = time.perf_counter()
    if S.options.trace:
        from bptt_tracer.ops import Observer

        with Observer():
            exc = runner.run(script, args.args)
    else:
        exc = runner.run(script, args.args)
    run_ms = (time.perf_counter() - t1) * 1000
    error = runner.script_error(exc) if exc is not None else None
    if console is not None:
        sys.stdout, sys.stderr = sys.stdout._inner, sys.stderr._inner

    timing = [{'phase': 'import', 'ms': import_ms}, {'phase': 'run', 'ms': run_ms}]
    if not S.options.trace:
        doc = {'runOnly': True, 'timing': timing}
        if error:
            doc['error'] = error
        write(args.out, doc)
        return 0 if error is None else 1

    from bptt_tracer.assemble import finish

    S.busy += 1
    meta = {
        'path': script,
        'language': 'py',
        'backend': 'pytorch',
        'startedAt': started,
        'producer': _producer(torch, args.producer_version),
        'ok': error is None,
    }
    trace = finish(meta, console, error, timing)
    write(args.out, trace)
    for text in S.internal_errors:
        sys.stderr.write(f'bptt-lens: internal error in the tracer (the trace may miss data):\n{text}')
    return 0 if error is None else 1


def _producer(torch, version):
    from bptt_tracer.state import S

    device = 'cpu'
    for m in S.modules:
        for p in m.parameters():
            device = p.device.type
            break
        if device != 'cpu':
            break
    tail = f', bptt-lens {version}' if version else ''
    return f'torch {torch.__version__} ({device}){tail}'


if __name__ == '__main__':
    try:
        code = main(sys.argv[1:])
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001
        import traceback

        sys.stderr.write('bptt-lens: the tracer failed: ' + ''.join(traceback.format_exception(type(e), e, e.__traceback__)))
        code = 3
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        # threads the script left running must not keep the process alive
        os._exit(code)
