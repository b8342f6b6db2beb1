"""bptt-lens's embedded `torch`: PyTorch 1.13's Python API, running on the bptt-lens TypeScript engine.

A thin layer: tensors wrap engine tensors, built-in layers and optimizers are the engine's, and every
op forwards to the engine, so the trace recorder sees what PyTorch would build. APIs the engine does
not have raise NotImplementedError naming them.
"""
from ._bridge import module_getattr as _module_getattr
from ._dtype import Size, device, dtype
from ._dtype import float32, float64, int64, bool_ as _bool_dtype
from ._tensor import Tensor, return_types
from ._functions import *  # noqa: F401,F403
from ._functions import DEFAULT_SEED as _DEFAULT_SEED, Generator, default_generator
from . import _imports

__version__ = '1.13.1+bptt-lens'
version = type('version', (), {'__version__': __version__, 'cuda': None, 'debug': False})

float = float32
double = float64
long = int64
bool = _bool_dtype
strided = 'torch.strided'

from . import autograd, cuda, nn, optim  # noqa: E402
from .nn import functional  # noqa: E402,F401

_imports.install()

__getattr__ = _module_getattr('torch')
