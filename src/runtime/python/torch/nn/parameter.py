from .._tensor import Parameter  # noqa: F401
from .._bridge import module_getattr

__getattr__ = module_getattr('torch.nn.parameter')
