"""torch.optim.lr_scheduler: StepLR, ExponentialLR and MultiStepLR forward to the engine."""
from .._bridge import E, module_getattr, to_js

__getattr__ = module_getattr('torch.optim.lr_scheduler')


class _LRScheduler:
    _js_class = None

    def __init__(self, optimizer, *args):
        self.optimizer = optimizer
        self._js = E.makeScheduler(self._js_class, optimizer._js, *args)
        if type(getattr(self, 'gamma', None)) is float:
            # lr * gamma is a Python float from the first decay on
            for i in range(len(optimizer.param_groups)):
                optimizer._group_floats(i).add('lr')

    @property
    def last_epoch(self):
        return E.prop(self._js, 'lastEpoch')

    @property
    def base_lrs(self):
        return [float(v) for v in E.prop(self._js, 'baseLrs')]

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


class ExponentialLR(_LRScheduler):
    _js_class = 'ExponentialLR'

    def __init__(self, optimizer, gamma, last_epoch=-1, verbose=False):
        self.gamma = gamma
        super().__init__(optimizer, float(gamma), last_epoch)


class MultiStepLR(_LRScheduler):
    _js_class = 'MultiStepLR'

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1, verbose=False):
        from collections import Counter
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, to_js([int(m) for m in milestones]), float(gamma), last_epoch)
