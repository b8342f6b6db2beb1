"""torch.autograd: grad, backward, Variable (legacy) and the grad-mode context managers."""
from .. import _bridge as B
from .._bridge import E, jsnull, module_getattr, to_js
from .._tensor import Tensor, _new
from .._functions import enable_grad, no_grad, set_grad_enabled, inference_mode

__getattr__ = module_getattr('torch.autograd')


def _seq(v):
    return [v] if isinstance(v, Tensor) else list(v)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=False,
         is_grads_batched=False):
    if create_graph:
        raise B.unsupported('torch.autograd.grad(create_graph=True)', 'higher-order gradients')
    outs = _seq(outputs)
    ins = _seq(inputs)
    gos = [None] * len(outs) if grad_outputs is None else _seq(grad_outputs)
    r = E.autogradGrad(to_js([o._js for o in outs]), to_js([i._js for i in ins]),
                       to_js([g._js if g is not None else jsnull for g in gos]), bool(retain_graph), bool(allow_unused))
    return tuple(_new(g) if g is not None and g is not jsnull else None for g in r)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    ts = _seq(tensors)
    gs = [None] * len(ts) if grad_tensors is None else _seq(grad_tensors)
    if len(ts) != 1:
        raise B.unsupported('torch.autograd.backward on several tensors')
    ts[0].backward(gs[0], retain_graph=retain_graph, create_graph=create_graph, inputs=inputs)


def Variable(data, requires_grad=False, volatile=False):
    """The legacy wrapper: returns the tensor itself (with requires_grad set), as PyTorch >= 0.4 does."""
    if requires_grad:
        data.requires_grad_(True)
    return data


class Function:
    def __init_subclass__(cls, **kwargs):
        raise B.unsupported('torch.autograd.Function (custom backward formulas)')

    @staticmethod
    def apply(*args):
        raise B.unsupported('torch.autograd.Function')
