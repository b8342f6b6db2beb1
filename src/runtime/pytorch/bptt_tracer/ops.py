"""Watches every torch op the script runs (a TorchFunctionMode) and every module call (nn.Module.__call__):
each new grad_fn node gets an id, the user's source line, its first output's shape, its step and
layer tags, and the innermost module whose call made it; nodes made inside a composite op (which the
mode does not see) get the same by walking back from the op's output to nodes already known. The
consumers of step outputs (h_t, c_t) are noted as they are made, for lossInjected; the first output
holding a NaN/Inf is the forward origin of a non-finite value."""
import torch
from torch.overrides import TorchFunctionMode

from . import origin
from .sources import locate
from .state import KEY, NodeInfo, S
from .stats import all_finite


class Observer(TorchFunctionMode):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        if S.busy:
            return out
        S.busy += 1
        try:
            observe(out)
        except Exception as e:  # noqa: BLE001 - the tracer must not break the script
            S.note_internal(e)
        finally:
            S.busy -= 1
        return out


def _tensors(out):
    if isinstance(out, torch.Tensor):
        return (out,)
    if isinstance(out, (tuple, list)):
        return [t for t in out if isinstance(t, torch.Tensor)]
    return ()


def observe(out):
    fresh = None
    for t in _tensors(out):
        fn = t.grad_fn
        if fn is None:
            continue
        md = fn.metadata
        info = md.get(KEY)
        if info is None:
            info = tag_new(fn, md)
            if fresh is None:
                fresh = {}
            fresh[id(fn)] = fn
        if info.shape is None and t.output_nr == 0:
            info.shape = list(t.shape)
    if fresh and S.nonfinite is None:
        for t in _tensors(out):
            fn = t.grad_fn
            if fn is not None and id(fn) in fresh and not all_finite(t):
                S.nonfinite = origin.of('forward', fn)
                break


def tag_new(fn, md):
    """Tags `fn` and the untagged nodes behind it (made by the same op) and notes consumers of step outputs."""
    source = S.here()
    step = S.step
    layer = S.layer
    module = S.module_stack[-1] if S.module_stack else None
    info = NodeInfo(S.next_id(), source, step, layer, module)
    md[KEY] = info
    stack = [fn]
    while stack:
        n = stack.pop()
        for i, (p, slot) in enumerate(n.next_functions):
            if p is None:
                continue
            pmd = p.metadata
            pinfo = pmd.get(KEY)
            if pinfo is None:
                if type(p).__name__ == 'AccumulateGrad':
                    pmd[KEY] = NodeInfo(S.next_id())
                else:
                    pmd[KEY] = NodeInfo(S.next_id(), source, step, layer, module)
                    stack.append(p)
            elif pinfo.outs is not None:
                S.steps.note_consumer(pinfo.outs, slot, n, i, step)
    return info


def info_of(fn):
    """The NodeInfo of a node, giving an untagged one (made outside our view) an id."""
    md = fn.metadata
    info = md.get(KEY)
    if info is None:
        info = md[KEY] = NodeInfo(S.next_id())
    return info


def install_module_calls(on_cell_call, after_cell_call):
    """Wraps nn.Module.__call__: the outermost call's statement is where its ops come from; cells
    restart their step count when an enclosing module's outermost call begins."""
    orig_call = torch.nn.Module.__call__
    cell_base = torch.nn.RNNCellBase

    def __call__(self, *args, **kwargs):
        if S.busy:
            return orig_call(self, *args, **kwargs)
        if S.call_depth == 0:
            S.call_site = locate()
            for m in self.modules():
                if m is not self and isinstance(m, cell_base):
                    S.cell_counters[id(m)] = 0
        cell = isinstance(self, cell_base) and on_cell_call is not None
        prev_step = S.step
        ctx = None
        if cell:
            try:
                ctx = on_cell_call(self, args, kwargs)
            except Exception as e:  # noqa: BLE001
                S.note_internal(e)
            if ctx is not None:
                S.step = ctx.tag
        S.call_depth += 1
        S.module_stack.append(self)
        try:
            out = orig_call(self, *args, **kwargs)
        finally:
            S.call_depth -= 1
            S.module_stack.pop()
            S.step = prev_step
        if ctx is not None:
            try:
                after_cell_call(ctx, out)
            except Exception as e:  # noqa: BLE001
                S.note_internal(e)
        return out

    __call__.__wrapped__ = orig_call
    torch.nn.Module.__call__ = __call__
