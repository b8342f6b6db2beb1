"""torch.nn.utils: gradient clipping, forwarding to the engine (which reports clipping to the trace)."""
from ..._bridge import E, module_getattr, to_js
from ..._tensor import Tensor, _new

__getattr__ = module_getattr('torch.nn.utils')


def _params(parameters):
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return to_js([p._js for p in parameters])


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    return _new(E.clipGradNorm(_params(parameters), float(max_norm), float(norm_type), bool(error_if_nonfinite)))


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    import warnings
    warnings.warn('torch.nn.utils.clip_grad_norm is now deprecated in favor of torch.nn.utils.clip_grad_norm_.', stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value, foreach=None):
    E.clipGradValue(_params(parameters), float(clip_value))


def parameters_to_vector(parameters):
    from ..._functions import cat
    return cat([p.view(-1) for p in parameters])
