"""backward() and clip_grad_norm_ as the Trace sees them: torch.autograd.backward (which
Tensor.backward calls) is wrapped so every backward is watched (graph.py) and adds a history entry
(the loss, ‖p.grad‖ per parameter right after it, before any clipping); clip_grad_norm_ adds its
clip record to the last entry."""
import functools

import torch

from . import graph
from .model import ParameterNames
from .state import S, own
from .stats import finite_norm, json_number

_names = ParameterNames()


def install():
    orig = torch.autograd.backward

    @functools.wraps(orig)
    def backward(*args, **kwargs):
        if S.busy:
            return orig(*args, **kwargs)
        tensors = args[0] if args else kwargs.get('tensors')
        roots = [tensors] if isinstance(tensors, torch.Tensor) else list(tensors or ())
        session = None
        with own():
            try:
                session = graph.BackwardSession(graph.root_nodes(roots))
                session.start()
            except Exception as e:  # noqa: BLE001
                S.note_internal(e)
        S.recording = True
        try:
            result = orig(*args, **kwargs)
        finally:
            S.recording = False
            if session is not None:
                session.stop()
        if session is not None:
            with own():
                try:
                    _after(session, roots, _retained(args, kwargs))
                except Exception as e:  # noqa: BLE001
                    S.note_internal(e)
        return result

    torch.autograd.backward = backward
    _install_clip()


def _retained(args, kwargs):
    retain = kwargs.get('retain_graph', args[2] if len(args) > 2 else None)
    create = kwargs.get('create_graph', args[3] if len(args) > 3 else False)
    return bool(create if retain is None else retain)


def _after(session, roots, retained):
    S.last_roots = session.root_nodes
    S.last_grads = session.grads
    S.last_shapes = session.shapes
    S.steps.on_backward_end(retained)
    loss = None
    first = roots[0] if roots else None
    if isinstance(first, torch.Tensor) and first.numel() == 1:
        v = float(first.detach().reshape(-1)[0].item()) if not first.is_complex() else None
        loss = v if v is not None and v == v and abs(v) != float('inf') else None
    params = _names.get()
    with_grad = [(name, p.grad) for name, p in params.items() if p.grad is not None]
    norms = {}
    if with_grad:
        try:
            values = torch.stack([finite_norm(g) for _, g in with_grad]).tolist()
        except RuntimeError:  # gradients on several devices
            values = [float(finite_norm(g).item()) for _, g in with_grad]
        norms = {name: v for (name, _), v in zip(with_grad, values)}
    S.history.append({'iteration': len(S.history), 'loss': loss, 'gradNorms': norms})


def _install_clip():
    import torch.nn.utils as utils
    import torch.nn.utils.clip_grad as clip_grad

    orig = clip_grad.clip_grad_norm_

    @functools.wraps(orig)
    def clip_grad_norm_(*args, **kwargs):
        total = orig(*args, **kwargs)
        if S.history and not S.busy:
            try:
                max_norm = float(args[1] if len(args) > 1 else kwargs['max_norm'])
                total_norm = float(total.item() if isinstance(total, torch.Tensor) else total)
                coef = max_norm / (total_norm + 1e-6)
                S.history[-1]['clip'] = {
                    'maxNorm': json_number(max_norm),
                    'totalNorm': json_number(total_norm),
                    'clippedNorm': json_number(total_norm * min(1.0, coef)),
                }
            except Exception as e:  # noqa: BLE001
                S.note_internal(e)
        return total

    clip_grad.clip_grad_norm_ = clip_grad_norm_
    if getattr(utils, 'clip_grad_norm_', None) is orig:
        utils.clip_grad_norm_ = clip_grad_norm_
