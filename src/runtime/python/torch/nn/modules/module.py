"""nn.Module: PyTorch 1.13's registration, traversal, modes, state dicts, hooks and repr, in Python.

Each Python module has an engine-side counterpart (`_js`): the engine's own module for built-in layers
(their forward runs in the engine, which tags nodes with the time step and emits step events), or a
PyModuleShell for Python-defined modules. Registration is mirrored onto the counterpart in the same
order, and `module(x)` runs inside the counterpart's call, so the trace recorder sees the whole tree and
every node carries its module path.
"""
import collections
from collections import namedtuple

from ... import _bridge as B
from ..._bridge import E, JsArray, JsProxy, jsnull, to_js
from ..._tensor import Parameter, Tensor, _new, _wrap, _PROXIES
from ..._dtype import check_device, dtype as _dtype, js_name

class OrderedDict(collections.OrderedDict):
    """collections.OrderedDict printed as Python 3.11 (PyTorch 1.13's Python) prints it."""

    __module__ = 'collections'

    def __repr__(self):
        if not self:
            return 'OrderedDict()'
        return f'OrderedDict({list(self.items())!r})'


_IncompatibleKeys = namedtuple('IncompatibleKeys', ['missing_keys', 'unexpected_keys'])


class IncompatibleKeys(_IncompatibleKeys):
    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return '<All keys matched successfully>'
        return super().__repr__()

    __str__ = __repr__


def _addindent(s_, numSpaces):
    s = s_.split('\n')
    if len(s) == 1:
        return s_
    first = s.pop(0)
    s = [(numSpaces * ' ') + line for line in s]
    return first + '\n' + '\n'.join(s)


class RemovableHandle:
    _next_id = 0

    def __init__(self, hooks_dict):
        self.hooks_dict = hooks_dict
        self.id = RemovableHandle._next_id
        RemovableHandle._next_id += 1

    def remove(self):
        self.hooks_dict.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.remove()


def typename(o):
    if isinstance(o, Tensor):
        return o.type()
    module = type(o).__module__
    module = '' if module in ('builtins', '__builtin__', None) else module + '.'
    return module + type(o).__qualname__


def to_js_arg(v):
    """A forward argument for an engine module: tensors unwrapped, tuples/lists as arrays."""
    if isinstance(v, Tensor):
        return v._js
    if v is None:
        return jsnull
    if isinstance(v, (tuple, list)):
        return to_js([to_js_arg(x) for x in v])
    return v


def from_js(v):
    """An engine module's result for Python: arrays as tuples, tensors wrapped."""
    if isinstance(v, JsArray):
        return tuple(from_js(x) for x in v)
    if isinstance(v, JsProxy):
        return _new(v)
    return v


class Module:
    """Base class for all neural network modules (torch.nn.Module)."""

    dump_patches = False
    _version = 1
    training: bool
    _builtin = False

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(f'{type(self).__name__}.__init__() takes 1 positional argument but {len(args) + 1} were given'
                            if args else f"{type(self).__name__}.__init__() got an unexpected keyword argument '{next(iter(kwargs))}'")
        d = self.__dict__
        d['training'] = True
        d['_parameters'] = OrderedDict()
        d['_buffers'] = OrderedDict()
        d['_non_persistent_buffers_set'] = set()
        d['_backward_hooks'] = OrderedDict()
        d['_forward_hooks'] = OrderedDict()
        d['_forward_pre_hooks'] = OrderedDict()
        d['_state_dict_hooks'] = OrderedDict()
        d['_load_state_dict_pre_hooks'] = OrderedDict()
        d['_load_state_dict_post_hooks'] = OrderedDict()
        d['_modules'] = OrderedDict()
        if not self._builtin:
            repr_proxy = B.create_proxy(self._shell_repr)
            _PROXIES.append(repr_proxy)
            d['_js'] = E.newShell(type(self).__name__, repr_proxy)

    def _shell_repr(self):
        return repr(self)

    def _attach(self, js):
        """Adopts the engine module `js` (built-in layers) and its own parameters and buffers."""
        self.__dict__['_js'] = js
        flat = E.ownEntries(js).to_py()
        for i in range(0, len(flat), 3):
            name, kind, value = flat[i], flat[i + 1], flat[i + 2]
            if kind == 'param':
                self._parameters[name] = _wrap(value)
            elif kind == 'buffer':
                self._buffers[name] = _wrap(value)

    def forward(self, *input):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    # ------------------------------------------------------------------ calling
    def _call_impl(self, *args, **kwargs):
        if self._forward_pre_hooks:
            for hook in list(self._forward_pre_hooks.values()):
                r = hook(self, args)
                if r is not None:
                    args = r if isinstance(r, tuple) else (r,)
        js = self.__dict__.get('_js')
        if js is None:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '_parameters' (call super().__init__() first)")
        if self._builtin and type(self).forward is _BUILTIN_FORWARD:
            if kwargs:
                args = self._bind_forward(args, dict(kwargs))
            if self._fix_args is not None:
                args = self._fix_args(args)
            result = from_js(E.callModule(js, *[to_js_arg(a) for a in args]))
        else:
            box = []

            def run():
                box.append(self.forward(*args, **kwargs))

            E.callPython(js, run)
            result = box[0]
        if self._forward_hooks:
            for hook in list(self._forward_hooks.values()):
                r = hook(self, args, result)
                if r is not None:
                    result = r
        return result

    __call__ = _call_impl

    def register_forward_hook(self, hook):
        handle = RemovableHandle(self._forward_hooks)
        self._forward_hooks[handle.id] = hook
        return handle

    def register_forward_pre_hook(self, hook):
        handle = RemovableHandle(self._forward_pre_hooks)
        self._forward_pre_hooks[handle.id] = hook
        return handle

    def register_backward_hook(self, hook):
        raise B.unsupported('Module.register_backward_hook')

    register_full_backward_hook = register_backward_hook

    # ------------------------------------------------------------------ registration
    def register_buffer(self, name, tensor, persistent=True):
        if '_buffers' not in self.__dict__:
            raise AttributeError('cannot assign buffer before Module.__init__() call')
        elif not isinstance(name, str):
            raise TypeError(f'buffer name should be a string. Got {typename(name)}')
        elif '.' in name:
            raise KeyError("buffer name can't contain \".\"")
        elif name == '':
            raise KeyError("buffer name can't be empty string \"\"")
        elif hasattr(self, name) and name not in self._buffers:
            raise KeyError(f"attribute '{name}' already exists")
        elif tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{typename(tensor)}' object to buffer '{name}' (torch Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)
        E.setChild(self._js, 'buffer', name, tensor._js if tensor is not None else jsnull, bool(persistent))

    def register_parameter(self, name, param):
        if '_parameters' not in self.__dict__:
            raise AttributeError('cannot assign parameter before Module.__init__() call')
        elif not isinstance(name, str):
            raise TypeError(f'parameter name should be a string. Got {typename(name)}')
        elif '.' in name:
            raise KeyError("parameter name can't contain \".\"")
        elif name == '':
            raise KeyError("parameter name can't be empty string \"\"")
        elif hasattr(self, name) and name not in self._parameters:
            raise KeyError(f"attribute '{name}' already exists")
        if param is None:
            self._parameters[name] = None
        elif not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{typename(param)}' object to parameter '{name}' (torch.nn.Parameter or None required)")
        elif param.grad_fn:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be created explicitly. "
                f"To express '{name}' as a function of another Tensor, compute the value in the forward() method.")
        else:
            self._parameters[name] = param
        E.setChild(self._js, 'param', name, param._js if param is not None else jsnull, True)

    def add_module(self, name, module):
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f'{typename(module)} is not a Module subclass')
        elif not isinstance(name, str):
            raise TypeError(f'module name should be a string. Got {typename(name)}')
        elif hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        elif '.' in name:
            raise KeyError(f"module name can't contain \".\", got: {name}")
        elif name == '':
            raise KeyError("module name can't be empty string \"\"")
        self._modules[name] = module
        E.setChild(self._js, 'module', name, module._js if module is not None else jsnull, True)

    def register_module(self, name, module):
        self.add_module(name, module)

    def get_submodule(self, target):
        if target == '':
            return self
        mod = self
        for item in target.split('.'):
            if not hasattr(mod, item):
                raise AttributeError(mod._get_name() + ' has no attribute `' + item + '`')
            mod = getattr(mod, item)
            if not isinstance(mod, Module):
                raise AttributeError('`' + item + '` is not an nn.Module')
        return mod

    def get_parameter(self, target):
        module_path, _, param_name = target.rpartition('.')
        mod = self.get_submodule(module_path)
        if not hasattr(mod, param_name):
            raise AttributeError(mod._get_name() + ' has no attribute `' + param_name + '`')
        param = getattr(mod, param_name)
        if not isinstance(param, Parameter):
            raise AttributeError('`' + param_name + '` is not an nn.Parameter')
        return param

    def __getattr__(self, name):
        d = self.__dict__
        if '_parameters' in d:
            p = d['_parameters']
            if name in p:
                return p[name]
        if '_buffers' in d:
            b = d['_buffers']
            if name in b:
                return b[name]
        if '_modules' in d:
            m = d['_modules']
            if name in m:
                return m[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        def remove_from(*dicts_or_sets):
            for d in dicts_or_sets:
                if name in d:
                    if isinstance(d, dict):
                        del d[name]
                    else:
                        d.discard(name)

        params = self.__dict__.get('_parameters')
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError('cannot assign parameters before Module.__init__() call')
            remove_from(self.__dict__, self._buffers, self._modules, self._non_persistent_buffers_set)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as parameter '{name}' (torch.nn.Parameter or None expected)")
            self.register_parameter(name, value)
        else:
            modules = self.__dict__.get('_modules')
            if isinstance(value, Module):
                if modules is None:
                    raise AttributeError('cannot assign module before Module.__init__() call')
                remove_from(self.__dict__, self._parameters, self._buffers, self._non_persistent_buffers_set)
                modules[name] = value
                E.setChild(self._js, 'module', name, value._js, True)
            elif modules is not None and name in modules:
                if value is not None:
                    raise TypeError(f"cannot assign '{typename(value)}' as child module '{name}' (torch.nn.Module or None expected)")
                modules[name] = value
                E.setChild(self._js, 'module', name, jsnull, True)
            else:
                buffers = self.__dict__.get('_buffers')
                if buffers is not None and name in buffers:
                    if value is not None and not isinstance(value, Tensor):
                        raise TypeError(f"cannot assign '{typename(value)}' as buffer '{name}' (torch.Tensor or None expected)")
                    buffers[name] = value
                    E.setChild(self._js, 'buffer', name, value._js if value is not None else jsnull,
                               name not in self._non_persistent_buffers_set)
                else:
                    object.__setattr__(self, name, value)
                    if name == 'training' and '_js' in self.__dict__:
                        E.setTraining(self._js, bool(value))

    def __delattr__(self, name):
        if name in self._parameters:
            del self._parameters[name]
        elif name in self._buffers:
            del self._buffers[name]
            self._non_persistent_buffers_set.discard(name)
        elif name in self._modules:
            del self._modules[name]
        else:
            object.__delattr__(self, name)
            return
        E.setChild(self._js, 'remove', name, jsnull, True)

    def __dir__(self):
        module_attrs = dir(self.__class__)
        attrs = list(self.__dict__.keys())
        keys = module_attrs + attrs + list(self._parameters) + list(self._modules) + list(self._buffers)
        keys = [key for key in keys if not key[0].isdigit()]
        return sorted(keys)

    def __getstate__(self):
        raise B.unsupported('pickling modules (torch.save / copy.deepcopy of a Module)')

    def __deepcopy__(self, memo):
        raise B.unsupported('copy.deepcopy of an nn.Module', 'save a state_dict() and load_state_dict() it into a new model')

    # ------------------------------------------------------------------ traversal
    def _named_members(self, get_members_fn, prefix='', recurse=True):
        memo = set()
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            members = get_members_fn(module)
            for k, v in members:
                if v is None or id(v) in memo:
                    continue
                memo.add(id(v))
                name = module_prefix + ('.' if module_prefix else '') + k
                yield name, v

    def parameters(self, recurse=True):
        for name, param in self.named_parameters(recurse=recurse):
            yield param

    def named_parameters(self, prefix='', recurse=True):
        gen = self._named_members(lambda module: module._parameters.items(), prefix=prefix, recurse=recurse)
        for elem in gen:
            yield elem

    def buffers(self, recurse=True):
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def named_buffers(self, prefix='', recurse=True):
        gen = self._named_members(lambda module: module._buffers.items(), prefix=prefix, recurse=recurse)
        for elem in gen:
            yield elem

    def children(self):
        for name, module in self.named_children():
            yield module

    def named_children(self):
        memo = set()
        for name, module in self._modules.items():
            if module is not None and module not in memo:
                memo.add(module)
                yield name, module

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_modules(self, memo=None, prefix='', remove_duplicate=True):
        if memo is None:
            memo = set()
        if self not in memo:
            if remove_duplicate:
                memo.add(self)
            yield prefix, self
            for name, module in self._modules.items():
                if module is None:
                    continue
                submodule_prefix = prefix + ('.' if prefix else '') + name
                for m in module.named_modules(memo, submodule_prefix, remove_duplicate):
                    yield m

    def apply(self, fn):
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------------------ modes and gradients
    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError('training mode is expected to be boolean')
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=False):
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    g = p.grad
                    if g.grad_fn is not None:
                        g.detach_()
                    else:
                        g.requires_grad_(False)
                    g.zero_()

    def share_memory(self):
        return self

    # ------------------------------------------------------------------ dtype and device
    def to(self, *args, **kwargs):
        target = None
        for a in list(args) + [kwargs.pop('dtype', None), kwargs.pop('device', None)]:
            if a is None:
                continue
            if isinstance(a, _dtype):
                target = a
            elif isinstance(a, Tensor):
                target = a.dtype
            else:
                check_device(a)
        kwargs.pop('non_blocking', None)
        if target is not None:
            if not target.is_floating_point:
                raise TypeError(f'nn.Module.to only accepts floating point or complex dtypes, but got desired dtype={target}')
            E.m(self._js, 'to', js_name(target))
        return self

    def float(self):
        E.m(self._js, 'float')
        return self

    def double(self):
        E.m(self._js, 'double')
        return self

    def half(self):
        raise B.unsupported('Module.half()')

    def cpu(self):
        return self

    def cuda(self, device=None):
        raise AssertionError('Torch not compiled with CUDA enabled')

    def type(self, dst_type):
        return self.to(dst_type)

    # ------------------------------------------------------------------ state dict
    def state_dict(self, *args, destination=None, prefix='', keep_vars=False):
        if args:
            destination = args[0]
            if len(args) > 1:
                prefix = args[1]
            if len(args) > 2:
                keep_vars = args[2]
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        local_metadata = dict(version=self._version)
        if hasattr(destination, '_metadata'):
            destination._metadata[prefix[:-1]] = local_metadata
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if keep_vars else buf.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + '.', keep_vars=keep_vars)
        return destination

    def load_state_dict(self, state_dict, strict=True):
        if not hasattr(state_dict, 'items'):
            raise TypeError(f'Expected state_dict to be dict-like, got {type(state_dict)}.')
        entries = []
        for k, v in state_dict.items():
            if not isinstance(v, Tensor):
                raise B.unsupported('load_state_dict with non-tensor values')
            entries.append(to_js([k, v._js]))
        r = E.loadStateDict(self._js, to_js(entries), bool(strict)).to_py()
        return IncompatibleKeys(list(r[0]), list(r[1]))

    # ------------------------------------------------------------------ repr
    def _get_name(self):
        return self.__class__.__name__

    def extra_repr(self):
        return ''

    def __repr__(self):
        extra_lines = []
        extra_repr = self.extra_repr()
        if extra_repr:
            extra_lines = extra_repr.split('\n')
        child_lines = []
        for key, module in self._modules.items():
            mod_str = repr(module)
            mod_str = _addindent(mod_str, 2)
            child_lines.append('(' + key + '): ' + mod_str)
        lines = extra_lines + child_lines
        main_str = self._get_name() + '('
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main_str += extra_lines[0]
            else:
                main_str += '\n  ' + '\n  '.join(lines) + '\n'
        main_str += ')'
        return main_str


class BuiltinModule(Module):
    """A layer whose forward runs in the engine (nn.Linear, nn.RNN, the losses, ...)."""

    _builtin = True

    def __init__(self, js):
        super().__init__()
        self._attach(js)

    _forward_args = ('input',)
    # args -> args before the engine sees them (LSTM: a Tensor hx is unpacked as hx[0], hx[1], as PyTorch does)
    _fix_args = None

    def _bind_forward(self, args, kwargs):
        out = list(args)
        for name in self._forward_args[len(args):]:
            out.append(kwargs.pop(name, None))
        if kwargs:
            raise TypeError(f"forward() got an unexpected keyword argument '{next(iter(kwargs))}'")
        while len(out) > len(args) and out[-1] is None:
            out.pop()
        return tuple(out)

    def forward(self, *args, **kwargs):
        if kwargs:
            args = self._bind_forward(args, kwargs)
        if self._fix_args is not None:
            args = self._fix_args(args)
        return from_js(E.forwardOf(self._js, *[to_js_arg(a) for a in args]))

    def extra_repr(self):
        return E.m(self._js, 'extraRepr')


_BUILTIN_FORWARD = BuiltinModule.forward
