"""torch.cuda: the embedded engine has no GPU."""
from ._bridge import module_getattr

__getattr__ = module_getattr('torch.cuda')


def is_available():
    return False


def device_count():
    return 0


def manual_seed(seed):
    pass


def manual_seed_all(seed):
    pass


def is_initialized():
    return False
