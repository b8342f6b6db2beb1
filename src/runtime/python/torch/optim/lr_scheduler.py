"""torch.optim.lr_scheduler: StepLR forwards to the engine."""
from .._bridge import E, module_getattr

__getattr__ = module_getattr('torch.optim.lr_scheduler')


class _LRScheduler:
    _js_class = None

    def __init__(self, optimizer, *args):
        self.optimizer = optimizer
        self._js = E.makeScheduler(self._js_class, optimizer._js, *args)

    @property
    def last_epoch(self):
        return E.prop(self._js, 'lastEpoch')

    @property
    def base_lrs(self):
        return list(E.prop(self._js, 'baseLrs'))

    def get_last_lr(self):
        return [float(v) for v in E.m(self._js, 'getLastLr')]

    def step(self, epoch=None):
        if epoch is None:
            E.m(self._js, 'step')
        else:
            E.m(self._js, 'step', epoch)

    def state_dict(self):
        from .. import _bridge as B
        raise B.unsupported('lr_scheduler.state_dict()')


LRScheduler = _LRScheduler


class StepLR(_LRScheduler):
    _js_class = 'StepLR'

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1, verbose=False):
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, step_size, float(gamma), last_epoch)
