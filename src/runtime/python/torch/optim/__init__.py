"""torch.optim: optimizers forwarding to the engine's (PyTorch 1.13.1's update order and float32 rounding)."""
from collections.abc import MutableMapping

from .. import _bridge as B
from .._bridge import E, module_getattr, to_js
from .._tensor import Tensor, _wrap
from . import lr_scheduler

__getattr__ = module_getattr('torch.optim')

_fromEntries = B._bptt.fromEntries


def _js_value(v):
    if isinstance(v, Tensor):
        return v._js
    if isinstance(v, (list, tuple)):
        return to_js([_js_value(x) for x in v])
    return v


def _camel(k):
    head, *rest = k.split('_')
    return head + ''.join(w[:1].upper() + w[1:] for w in rest)


def _snake(k):
    return ''.join('_' + c.lower() if c.isupper() else c for c in k)


def _group_to_js(group):
    if not isinstance(group, dict):
        raise TypeError('param group must be a dict')
    entries = []
    for k, v in group.items():
        if k == 'params':
            ps = [v] if isinstance(v, Tensor) else list(v)
            v = to_js([p._js if isinstance(p, Tensor) else p for p in ps])
        else:
            v = _js_value(v)
        entries.append(to_js([k, v]))
    return _fromEntries(to_js(entries))


def _float_keys(options, inherited=()):
    """The options given as Python floats: JS numbers cannot tell `lr=1.0` from `lr=1`."""
    return {k for k in inherited if k not in options} | {k for k, v in options.items() if type(v) is float}


def _py_value(v, is_float):
    if v is None or v is B.jsnull:
        return None
    if isinstance(v, B.JsArray):
        return tuple(v)
    if is_float and type(v) is int:
        return float(v)
    return v


class ParamGroup(MutableMapping):
    """`optimizer.param_groups[i]`: a dict view of the engine's group; writes (e.g. 'lr') reach the engine."""

    def __init__(self, js, floats=None):
        self._g = js
        self._floats = set() if floats is None else floats

    def __getitem__(self, key):
        if key == 'params':
            return [_wrap(p) for p in E.groupGet(self._g, 'params')]
        if key not in self:
            raise KeyError(key)
        is_float = key in self._floats or (key == 'initial_lr' and 'lr' in self._floats)
        return _py_value(E.groupGet(self._g, _camel(key)), is_float)

    def __setitem__(self, key, value):
        if key == 'params':
            raise B.unsupported("assigning param_groups[i]['params']")
        E.groupSet(self._g, _camel(key), _js_value(value))
        if type(value) is float:
            self._floats.add(key)
        elif isinstance(value, int):
            self._floats.discard(key)

    def __delitem__(self, key):
        raise B.unsupported('deleting param group options')

    def __iter__(self):
        return iter(_snake(k) for k in E.groupKeys(self._g))

    def __len__(self):
        return len(list(E.groupKeys(self._g)))

    def __contains__(self, key):
        return _camel(key) in list(E.groupKeys(self._g))

    def __repr__(self):
        return repr({k: ('[...]' if k == 'params' else self[k]) for k in self})


class Optimizer:
    """torch.optim.Optimizer over an engine optimizer (`_js`)."""

    _js_class = None
    _argnames = ()

    def __init__(self, params, *args, **kwargs):
        if self._js_class is None:
            raise B.unsupported(f'subclassing torch.optim.Optimizer ({type(self).__name__})')
        if isinstance(params, Tensor):
            raise TypeError('params argument given to the optimizer should be an iterable of Tensors or dicts, but got ' + params.type())
        if len(args) > len(self._argnames):
            raise TypeError(f'__init__() takes from 2 to {len(self._argnames) + 2} positional arguments but {len(args) + 2} were given')
        opts = dict(zip(self._argnames, args))
        for k, v in kwargs.items():
            if k in opts:
                raise TypeError(f"__init__() got multiple values for argument '{k}'")
            opts[k] = v
        params = list(params)
        self._default_floats = _float_keys(opts)
        if params and isinstance(params[0], dict):
            js_params = to_js([_group_to_js(g) for g in params])
            self._floats = [_float_keys(g, self._default_floats) for g in params]
        else:
            js_params = to_js([p._js if isinstance(p, Tensor) else p for p in params])
            self._floats = [set(self._default_floats)]
        js_opts = _fromEntries(to_js([to_js([k, _js_value(v)]) for k, v in opts.items()]))
        self._js = E.makeOptim(self._js_class, js_params, js_opts)

    def _group_floats(self, i):
        while len(self._floats) <= i:
            self._floats.append(set(self._default_floats))
        return self._floats[i]

    @property
    def param_groups(self):
        return [ParamGroup(g, self._group_floats(i)) for i, g in enumerate(E.prop(self._js, 'paramGroups'))]

    @property
    def defaults(self):
        d = E.prop(self._js, 'defaults')
        return {_snake(k): _py_value(v, _snake(k) in self._default_floats) for k, v in d.object_entries()}

    @property
    def state(self):
        raise B.unsupported('optimizer.state')

    def add_param_group(self, param_group):
        E.m(self._js, 'addParamGroup', _group_to_js(param_group))
        n = len(E.prop(self._js, 'paramGroups'))
        self._group_floats(n - 1).clear()
        self._floats[n - 1].update(_float_keys(param_group, self._default_floats))

    def zero_grad(self, set_to_none=False):
        E.m(self._js, 'zeroGrad', bool(set_to_none))

    def step(self, closure=None):
        loss = None
        if closure is not None:
            from .._functions import enable_grad
            with enable_grad():
                loss = closure()
        E.m(self._js, 'step')
        return loss

    def state_dict(self):
        raise B.unsupported('optimizer.state_dict()')

    def load_state_dict(self, state_dict):
        raise B.unsupported('optimizer.load_state_dict()')

    def __repr__(self):
        # torch.optim.Optimizer.__repr__, over the groups as Python sees them
        s = type(self).__name__ + ' ('
        for i, group in enumerate(self.param_groups):
            s += '\n'
            s += 'Parameter Group {0}\n'.format(i)
            for key in sorted(group.keys()):
                if key != 'params':
                    s += '    {0}: {1}\n'.format(key, group[key])
        s += ')'
        return s


class SGD(Optimizer):
    _js_class = 'SGD'
    _argnames = ('lr', 'momentum', 'dampening', 'weight_decay', 'nesterov')


class Adam(Optimizer):
    _js_class = 'Adam'
    _argnames = ('lr', 'betas', 'eps', 'weight_decay', 'amsgrad')


class AdamW(Optimizer):
    _js_class = 'AdamW'
    _argnames = ('lr', 'betas', 'eps', 'weight_decay', 'amsgrad')


class RMSprop(Optimizer):
    _js_class = 'RMSprop'
    _argnames = ('lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered')


class Adagrad(Optimizer):
    _js_class = 'Adagrad'
    _argnames = ('lr', 'lr_decay', 'weight_decay', 'initial_accumulator_value', 'eps')
