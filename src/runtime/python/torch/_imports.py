"""Import hooks: numpy & co. fail with a clear message; unknown torch submodules name themselves as unsupported."""
import sys
from importlib.abc import MetaPathFinder

from ._bridge import BACKEND_HINT, unsupported

BLOCKED = {
    'numpy': 'torch.tensor, torch.linspace, torch.arange, torch.sin, ...',
    'pandas': 'plain Python lists and torch.tensor',
    'scipy': 'torch functions',
    'matplotlib': "bptt-lens's own charts (the trace view)",
    'sklearn': 'torch functions',
}


class BlockedModules(MetaPathFinder):
    """Raises a clear ModuleNotFoundError (an ImportError) for packages the offline engine cannot load."""

    def find_spec(self, fullname, path=None, target=None):
        root = fullname.partition('.')[0]
        if root not in BLOCKED:
            return None
        raise ModuleNotFoundError(
            f"No module named '{fullname}': {root} is not available offline in bptt-lens's embedded Python engine (Pyodide). "
            f'Use {BLOCKED[root]} instead, or set bptt-lens.backend to \'pytorch\' to run with your own Python and PyTorch.',
            name=fullname,
        )


class UnknownTorchModules(MetaPathFinder):
    """Last on sys.meta_path: `import torch.fft` raises NotImplementedError naming torch.fft."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith('torch.'):
            raise unsupported(fullname)
        return None


def install():
    for f in list(sys.meta_path):
        if type(f).__name__ in ('BlockedModules', 'UnknownTorchModules'):
            sys.meta_path.remove(f)
    sys.meta_path.insert(0, BlockedModules())
    sys.meta_path.append(UnknownTorchModules())


__all__ = ['BACKEND_HINT', 'install']
