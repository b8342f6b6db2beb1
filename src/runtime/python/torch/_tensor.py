"""torch.Tensor and nn.Parameter: Python wrappers of engine tensors.

A wrapper holds one engine tensor (`_js`); all state (values, grad, grad_fn, requires_grad) lives in the
engine, so two wrappers of one engine tensor behave alike. Operators and methods keep PyTorch's names,
signatures and Python-scalar typing (an int tensor times 2.0 is float32).
"""
import builtins as _b
import math as _math
import weakref as _weakref

from . import _bridge as B
from ._bridge import E, T, jsnull, key as _key, to_js
from ._dtype import BY_NAME as _DTYPES, CPU as _CPU, Size, check_device, dtype as _dtype_cls, js_name

_shape_str = B._bptt.shapeStr
_dtype_of = B._bptt.dtypeOf
_str = B._bptt.str
_str_with = B._bptt.strWith

# torch.set_printoptions (torch/_tensor_str.py PRINT_OPTS); reset between runs by reset_print_options().
_DEFAULT_PRINT_OPTS = {'precision': 4, 'threshold': 1000, 'edgeitems': 3, 'linewidth': 80, 'sci_mode': None}
PRINT_OPTS = dict(_DEFAULT_PRINT_OPTS)


def reset_print_options():
    PRINT_OPTS.update(_DEFAULT_PRINT_OPTS)


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """PyTorch 1.13's torch.set_printoptions: a profile first, then each option given; sci_mode always."""
    if profile is not None:
        if profile == 'default':
            PRINT_OPTS.update(precision=4, threshold=1000, edgeitems=3, linewidth=80)
        elif profile == 'short':
            PRINT_OPTS.update(precision=2, threshold=1000, edgeitems=2, linewidth=80)
        elif profile == 'full':
            PRINT_OPTS.update(precision=4, threshold=float('inf'), edgeitems=3, linewidth=80)
    if precision is not None:
        PRINT_OPTS['precision'] = precision
    if threshold is not None:
        PRINT_OPTS['threshold'] = threshold
    if edgeitems is not None:
        PRINT_OPTS['edgeitems'] = edgeitems
    if linewidth is not None:
        PRINT_OPTS['linewidth'] = linewidth
    PRINT_OPTS['sci_mode'] = sci_mode


def _tensor_str(js):
    o = PRINT_OPTS
    if o == _DEFAULT_PRINT_OPTS:
        return _str(js)
    sci = -1 if o['sci_mode'] is None else (1 if o['sci_mode'] else 0)
    return _str_with(js, o['precision'], o['threshold'], o['edgeitems'], o['linewidth'], sci)

# Wrappers of tensors a script may meet again through the engine (leaves, parameters, grads), so
# `z.grad_fn.next_functions[0][0].variable is w` and `p.grad is p.grad` hold as in PyTorch.
_known = _weakref.WeakValueDictionary()


def _new(js):
    """A fresh wrapper of an op's result."""
    t = object.__new__(Tensor)
    t._js = js
    return t


def _wrap(js):
    """The wrapper of an engine tensor met again (None for null/undefined)."""
    if js is None or js is jsnull:
        return None
    k = _key(js)
    w = _known.get(k)
    if w is None:
        w = object.__new__(Parameter if k < 0 else Tensor)
        w._js = js
        _known[k] = w
    return w


def _remember(t):
    _known[_key(t._js)] = t
    return t


def _tuple(arr):
    return tuple(_new(t) for t in arr)


def _dims(dim):
    if isinstance(dim, (tuple, list)):
        return to_js([_index(d) for d in dim])
    return _index(dim) if dim is not None else None


def _index(v, what='dim'):
    if isinstance(v, _b.bool):
        return _b.int(v)
    if isinstance(v, _b.int):
        return v
    if isinstance(v, Tensor) and not v.is_floating_point() and v.numel() == 1:
        return _b.int(v.item())
    if hasattr(v, '__index__'):
        return v.__index__()
    raise TypeError(f"'{type(v).__name__}' object cannot be interpreted as an integer")


def _shape_args(args, fn='view'):
    """`*shape` given as ints or one tuple/list/Size."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    return [_index(a, 'size') for a in args]


def _num(v, what='value'):
    if isinstance(v, (_b.int, _b.float)):
        return v
    if isinstance(v, Tensor) and v.numel() == 1:
        return v.item()
    raise TypeError(f'{what} must be a number, not {type(v).__name__}')


class return_types:
    """`torch.return_types.max(values=..., indices=...)`."""

    class _Pair(tuple):
        _name = ''

        def __new__(cls, values, indices):
            return tuple.__new__(cls, (values, indices))

        @property
        def values(self):
            return self[0]

        @property
        def indices(self):
            return self[1]

        def __repr__(self):
            return f'torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})'

    class max(_Pair):
        _name = 'max'

    class min(_Pair):
        _name = 'min'

    class sort(_Pair):
        _name = 'sort'

    class topk(_Pair):
        _name = 'topk'


class Node:
    """A grad_fn node. Prints as `<AddBackward0 object at 0x...>`."""

    __slots__ = ('_js',)

    def name(self):
        return type(self).__name__

    @property
    def next_functions(self):
        flat = E.nodeNext(self._js).to_py()
        return tuple((_node(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2))

    @property
    def variable(self):
        v = E.nodeVariable(self._js)
        if v is None:
            raise AttributeError(f"'{self.name()}' object has no attribute 'variable'")
        return _wrap(v)

    @property
    def metadata(self):
        return {}

    def register_hook(self, fn):
        raise B.unsupported('grad_fn.register_hook')

    def __call__(self, *args):
        raise B.unsupported('calling a grad_fn node')

    def __eq__(self, other):
        return isinstance(other, Node) and E.nodeId(self._js) == E.nodeId(other._js)

    def __hash__(self):
        return hash(E.nodeId(self._js))

    def __repr__(self):
        return f'<{type(self).__name__} object at {id(self):#x}>'


_node_classes = {}


def _node(js):
    if js is None or js is jsnull:
        return None
    name = js.name
    cls = _node_classes.get(name)
    if cls is None:
        cls = _node_classes[name] = type(name, (Node,), {'__slots__': (), '__module__': 'torch.autograd.graph'})
    n = object.__new__(cls)
    n._js = js
    return n


class _Handle:
    """What register_hook returns: `handle.remove()`."""

    def __init__(self, js):
        self._h = js

    def remove(self):
        if self._h is not None:
            self._h.remove()
            self._h = None


class Tensor:
    """torch.Tensor: a wrapper of an engine tensor."""

    __slots__ = ('_js', '__weakref__', '__dict__')
    __module__ = 'torch'
    is_cuda = False
    is_sparse = False
    is_quantized = False
    is_meta = False
    layout = 'torch.strided'

    def __new__(cls, *args, **kwargs):
        # legacy constructor: torch.Tensor(2, 3) (zeros here) or torch.Tensor([1, 2])
        from ._functions import tensor, zeros
        if len(args) == 1 and not isinstance(args[0], _b.int):
            return tensor(args[0], dtype=_DTYPES['float32'])
        return zeros(*args, dtype=_DTYPES['float32'])

    # ------------------------------------------------------------------ attributes
    @property
    def shape(self):
        s = _shape_str(self._js)
        return Size(tuple(map(_b.int, s.split(','))) if s else ())

    @property
    def dtype(self):
        return _DTYPES[_dtype_of(self._js)]

    @property
    def device(self):
        return _CPU

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def grad(self):
        return _wrap(E.grad(self._js))

    @grad.setter
    def grad(self, g):
        if g is not None and not isinstance(g, Tensor):
            raise TypeError(f'assigned grad expected to be a Tensor or None but got grad of type {type(g).__name__}')
        E.setGrad(self._js, g._js if g is not None else jsnull)
        if g is not None:
            _remember(g)

    @grad.deleter
    def grad(self):
        E.setGrad(self._js, jsnull)

    @property
    def grad_fn(self):
        return _node(E.gradFn(self._js))

    @property
    def requires_grad(self):
        return E.requiresGrad(self._js)

    @requires_grad.setter
    def requires_grad(self, flag):
        E.m(self._js, 'requiresGrad_', _b.bool(flag))

    @property
    def is_leaf(self):
        return E.isLeaf(self._js)

    @property
    def retains_grad(self):
        return E.retainsGrad(self._js)

    @property
    def data(self):
        return _new(E.data(self._js))

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError('Variable data has to be a tensor, but got ' + type(value).__name__)
        E.setData(self._js, value._js)

    @property
    def T(self):
        n = self.ndim
        return self if n < 2 else self.permute(*range(n - 1, -1, -1))

    @property
    def mT(self):
        return self.transpose(-2, -1)

    @property
    def _version(self):
        return E.version(self._js)

    @property
    def output_nr(self):
        return E.outputNr(self._js)

    @property
    def name(self):
        return None

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(f"'Tensor' object has no attribute '{name}'")
        raise B.unsupported(f'Tensor.{name}')

    # ------------------------------------------------------------------ printing
    def __repr__(self, *, tensor_contents=None):
        return _tensor_str(self._js)

    __str__ = __repr__

    def __format__(self, spec):
        if type(self) is Tensor and self.dim() == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    # ------------------------------------------------------------------ conversion
    def item(self):
        try:
            v = E.item(self._js)
        except ValueError:
            raise ValueError('only one element tensors can be converted to Python scalars') from None
        d = _dtype_of(self._js)
        if d == 'int64':
            return _b.int(v)
        if d == 'bool':
            return _b.bool(v)
        return _b.float(v)

    def tolist(self):
        d = _dtype_of(self._js)
        vals = E.values(self._js).to_py().tolist()
        if d == 'int64':
            vals = [_b.int(v) for v in vals]
        elif d == 'bool':
            vals = [v != 0 for v in vals]
        shape = self.shape
        if not shape:
            return vals[0]

        def nest(dim, off):
            n = shape[dim]
            if dim == len(shape) - 1:
                return vals[off:off + n]
            stride = 1
            for s in shape[dim + 1:]:
                stride *= s
            return [nest(dim + 1, off + i * stride) for i in range(n)]

        return nest(0, 0)

    def numpy(self, *, force=False):
        raise B.unsupported('Tensor.numpy()', 'numpy is not available offline; use .tolist() or .item()')

    def __float__(self):
        return _b.float(self._scalar('float'))

    def __int__(self):
        return _b.int(self._scalar('int'))

    def __index__(self):
        if self.is_floating_point() or self.numel() != 1:
            raise TypeError('only integer tensors of a single element can be converted to an index')
        return _b.int(self.item())

    def __bool__(self):
        if self.numel() != 1:
            if self.numel() == 0:
                raise RuntimeError('Boolean value of Tensor with no values is ambiguous')
            raise RuntimeError('Boolean value of Tensor with more than one value is ambiguous')
        return _b.bool(self.item())

    def _scalar(self, what):
        if self.numel() != 1:
            raise ValueError('only one element tensors can be converted to Python scalars')
        return self.item()

    def __len__(self):
        s = self.shape
        if not s:
            raise TypeError('len() of a 0-d tensor')
        return s[0]

    def __iter__(self):
        if self.dim() == 0:
            raise TypeError('iteration over a 0-d tensor')
        return iter(self.unbind(0))

    def __hash__(self):
        return id(self)

    def __contains__(self, element):
        if isinstance(element, (Tensor, _b.int, _b.float, _b.bool)):
            return (element == self).any().item()
        raise RuntimeError(f'Tensor.__contains__ only supports Tensor or scalar, but you passed in a {type(element)}.')

    def __deepcopy__(self, memo):
        with _no_grad():
            t = _new(E.m(self._js, 'clone'))
        t.requires_grad_(self.requires_grad)
        g = self.grad
        if g is not None:
            t.grad = g.__deepcopy__(memo)
        return t

    def __reduce_ex__(self, proto):
        raise B.unsupported('pickling tensors (torch.save)')

    # ------------------------------------------------------------------ size
    def size(self, dim=None):
        s = self.shape
        if dim is None:
            return s
        if not s:
            raise IndexError(f'Dimension specified as {dim} but tensor has no dimensions')
        n = len(s)
        if not -n <= dim < n:
            raise IndexError(f'Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})')
        return s[dim]

    def dim(self):
        return len(self.shape)

    ndimension = dim

    def numel(self):
        return self.shape.numel()

    nelement = numel

    def element_size(self):
        return self.dtype.itemsize

    def is_floating_point(self):
        return _dtype_of(self._js) in ('float32', 'float64')

    def is_contiguous(self, memory_format=None):
        return E.isContiguous(self._js)

    def stride(self, dim=None):
        strides = tuple(int(v) for v in self._js.strides)
        if dim is None:
            return strides
        n = len(strides)
        if not -n <= dim < n:
            raise IndexError(f'Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})')
        return strides[dim]

    def storage_offset(self):
        return int(self._js.offset)

    def get_device(self):
        return -1

    def type(self, dtype=None, non_blocking=False, **kwargs):
        names = {'float32': 'torch.FloatTensor', 'float64': 'torch.DoubleTensor', 'int64': 'torch.LongTensor', 'bool': 'torch.BoolTensor'}
        if dtype is None:
            return names[_dtype_of(self._js)]
        if getattr(dtype, '_bptt_dtype', None) is not None:  # torch.LongTensor and friends
            return self.to(_DTYPES[dtype._bptt_dtype])
        if isinstance(dtype, str):
            inv = {v: k for k, v in names.items()}
            if dtype not in inv:
                raise B.unsupported(f"Tensor.type('{dtype}')")
            return self.to(_DTYPES[inv[dtype]])
        return self.to(dtype)

    def type_as(self, other):
        return self.to(other.dtype)

    # ------------------------------------------------------------------ dtype and device
    def to(self, *args, **kwargs):
        target = None
        for a in list(args) + [kwargs.pop('dtype', None), kwargs.pop('device', None)]:
            if a is None:
                continue
            if isinstance(a, _dtype_cls):
                target = a
            elif isinstance(a, Tensor):
                target = a.dtype
            else:
                check_device(a)
        kwargs.pop('non_blocking', None)
        copy = kwargs.pop('copy', False)
        if kwargs:
            raise TypeError(f"to() received an invalid combination of arguments - got unexpected keyword {next(iter(kwargs))!r}")
        out = self if target is None else _same_or_new(self, E.m(self._js, 'to', target._name))
        return out.clone() if copy and out is self else out

    def float(self, memory_format=None):
        return _same_or_new(self, E.m(self._js, 'float'))

    def double(self, memory_format=None):
        return _same_or_new(self, E.m(self._js, 'double'))

    def long(self, memory_format=None):
        return _same_or_new(self, E.m(self._js, 'long'))

    def bool(self, memory_format=None):
        return _same_or_new(self, E.m(self._js, 'bool'))

    def int(self, memory_format=None):
        raise B.unsupported('torch.int32 (Tensor.int())', 'use .long() for int64')

    def half(self, memory_format=None):
        raise B.unsupported('torch.float16 (Tensor.half())')

    def cpu(self, memory_format=None):
        return self

    def cuda(self, device=None, non_blocking=False, memory_format=None):
        raise AssertionError('Torch not compiled with CUDA enabled')

    def pin_memory(self):
        return self

    # ------------------------------------------------------------------ autograd
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        if create_graph:
            raise B.unsupported('backward(create_graph=True)', 'higher-order gradients')
        if inputs is not None:
            raise B.unsupported('backward(inputs=...)')
        if gradient is not None and not isinstance(gradient, Tensor):
            gradient = _scalar_tensor(gradient, self)
        E.backward(self._js, gradient._js if gradient is not None else jsnull, _b.bool(retain_graph))

    def detach(self):
        return _new(E.m(self._js, 'detach'))

    def detach_(self):
        E.detachInPlace(self._js)
        return self

    def requires_grad_(self, requires_grad=True):
        E.m(self._js, 'requiresGrad_', _b.bool(requires_grad))
        return _remember(self) if requires_grad else self

    def retain_grad(self):
        E.m(self._js, 'retainGrad')

    def register_hook(self, hook):
        def call(g):
            r = hook(_new(g))
            if r is None:
                return None
            if not isinstance(r, Tensor):
                raise TypeError(f'hook returned {type(r).__name__}, expected a Tensor or None')
            return r._js

        proxy = B.create_proxy(call)
        _PROXIES.append(proxy)
        return _Handle(E.m(self._js, 'registerHook', proxy))

    def clone(self, *, memory_format=None):
        return _new(E.m(self._js, 'clone'))

    def contiguous(self, memory_format=None):
        return _same_or_new(self, E.m(self._js, 'contiguous'))

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other):
        return _binary(T.add, self, other)

    __radd__ = __add__

    def __sub__(self, other):
        return _binary(T.sub, self, other)

    def __rsub__(self, other):
        return _rscalar(E.rsub, self, other)

    def __mul__(self, other):
        return _binary(T.mul, self, other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        return _binary(T.div, self, other)

    def __rtruediv__(self, other):
        return _rscalar(E.rdiv, self, other)

    def __floordiv__(self, other):
        return _binary(T.floorDivide, self, other)

    def __rfloordiv__(self, other):
        return _rscalar(_reflected(T.floorDivide), self, other)

    def __mod__(self, other):
        return _binary(T.remainder, self, other)

    def __rmod__(self, other):
        return _rscalar(_reflected(T.remainder), self, other)

    def floor_divide(self, other):
        return _binary(T.floorDivide, self, other)

    def remainder(self, other):
        return _binary(T.remainder, self, other)

    def fmod(self, other):
        return _binary(T.fmod, self, other)

    def __pow__(self, other):
        return _binary(T.pow, self, other)

    def __rpow__(self, other):
        return _rscalar(T.rpow, self, other)

    def __matmul__(self, other):
        if not isinstance(other, Tensor):
            return NotImplemented
        return _new(T.matmul(self._js, other._js))

    def __rmatmul__(self, other):
        return NotImplemented

    def __neg__(self):
        return _new(T.neg(self._js))

    def __pos__(self):
        return self

    def __abs__(self):
        return _new(T.abs(self._js))

    def __invert__(self):
        if _dtype_of(self._js) != 'bool':
            raise B.unsupported('~ (bitwise_not) on integer tensors')
        return _new(T.logicalNot(self._js))

    def __and__(self, other):
        return _logical(self, other, 'and')

    def __or__(self, other):
        return _logical(self, other, 'or')

    __rand__ = __and__
    __ror__ = __or__

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def __eq__(self, other):
        return _compare(T.eq, self, other)

    def __ne__(self, other):
        return _compare(T.ne, self, other)

    def __lt__(self, other):
        return _compare(T.lt, self, other)

    def __le__(self, other):
        return _compare(T.le, self, other)

    def __gt__(self, other):
        return _compare(T.gt, self, other)

    def __ge__(self, other):
        return _compare(T.ge, self, other)

    # ------------------------------------------------------------------ indexing
    def __getitem__(self, idx):
        if type(idx) is Tensor and idx.dim() > 1 and _dtype_of(idx._js) == 'bool':
            # a boolean mask of several dims selects as masked_select does: flattened, in order
            return _new(E.index(E.m(self._js, 'reshape', -1), E.m(idx._js, 'reshape', -1)))
        return _new(E.index(self._js, *_index_items(idx)))

    def __setitem__(self, idx, value):
        if isinstance(value, Tensor):
            v = value._js
        elif isinstance(value, (_b.int, _b.float, _b.bool)):
            v = value
        else:
            from ._functions import tensor
            v = tensor(value)._js
        E.setItem(self._js, v, *_index_items(idx))

    # ------------------------------------------------------------------ methods forwarding to ops
    def add(self, other, *, alpha=1):
        return _binary(T.add, self, other, alpha)

    def sub(self, other, *, alpha=1):
        return _binary(T.sub, self, other, alpha)

    subtract = sub

    def mul(self, other):
        return _binary(T.mul, self, other)

    multiply = mul

    def div(self, other, *, rounding_mode=None):
        if rounding_mode is not None:
            return _binary(lambda a, b: T.divMode(a, b, rounding_mode), self, other)
        return _binary(T.div, self, other)

    divide = true_divide = div

    def pow(self, exponent):
        return _binary(T.pow, self, exponent)

    def square(self):
        return _new(T.pow(self._js, 2))

    def neg(self):
        return _new(T.neg(self._js))

    negative = neg

    def reciprocal(self):
        return _new(T.reciprocal(self._js))

    def exp(self):
        return _new(T.exp(self._js))

    def log(self):
        return _new(T.log(self._js))

    def sqrt(self):
        return _new(T.sqrt(self._js))

    def abs(self):
        return _new(T.abs(self._js))

    absolute = abs

    def sign(self):
        return _new(T.sign(self._js))

    def tanh(self):
        return _new(T.tanh(self._js))

    def sigmoid(self):
        return _new(T.sigmoid(self._js))

    def relu(self):
        return _new(T.relu(self._js))

    def sin(self):
        return _new(T.sin(self._js))

    def cos(self):
        return _new(T.cos(self._js))

    def clamp(self, min=None, max=None):
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        if isinstance(min, Tensor) or isinstance(max, Tensor):
            return _new(T.clampTensor(self._js, _opt_t(min), _opt_t(max)))
        return _new(T.clamp(_float_if(self, min, max), _opt(min), _opt(max)))

    def clamp_min(self, min):
        if isinstance(min, Tensor):
            return _new(T.clampTensor(self._js, min._js, jsnull))
        return _new(T.clampMin(_float_if(self, min), _num(min)))

    def clamp_max(self, max):
        if isinstance(max, Tensor):
            return _new(T.clampTensor(self._js, jsnull, max._js))
        return _new(T.clampMax(_float_if(self, max), _num(max)))

    def floor(self):
        return _new(T.floor(self._js))

    def ceil(self):
        return _new(T.ceil(self._js))

    def round(self, *, decimals=0):
        if decimals != 0:
            raise B.unsupported('Tensor.round(decimals=...)')
        return _new(T.round(self._js))

    def trunc(self):
        return _new(T.trunc(self._js))

    fix = trunc

    def frac(self):
        return _new(T.frac(self._js))

    def isinf(self):
        return _new(T.isinf(self._js))

    def cumprod(self, dim, *, dtype=None):
        return _new(T.cumprod(_cast(self, dtype), _index(dim)))

    def sort(self, dim=-1, descending=False, *, stable=False):
        v, i = T.sort(self._js, _index(dim), _b.bool(descending))
        return return_types.sort(_new(v), _new(i))

    def argsort(self, dim=-1, descending=False):
        return self.sort(dim, descending)[1]

    def topk(self, k, dim=-1, largest=True, sorted=True):
        v, i = T.topk(self._js, _index(k), _index(dim), _b.bool(largest))
        return return_types.topk(_new(v), _new(i))

    def rsqrt(self):
        return _new(T.rsqrt(self._js))

    def exp2(self):
        return _new(T.exp2(self._js))

    def log1p(self):
        return _new(T.log1p(self._js))

    def expm1(self):
        return _new(T.expm1(self._js))

    def log2(self):
        return _new(T.log2(self._js))

    def log10(self):
        return _new(T.log10(self._js))

    def lerp(self, end, weight):
        return _new(T.lerp(self._js, _t(end, 'end'), weight._js if isinstance(weight, Tensor) else _num(weight, 'weight')))

    def addcmul(self, tensor1, tensor2, *, value=1):
        return _new(T.addcmul(self._js, _t(tensor1, 'tensor1'), _t(tensor2, 'tensor2'), _num(value)))

    def addcdiv(self, tensor1, tensor2, *, value=1):
        return _new(T.addcdiv(self._js, _t(tensor1, 'tensor1'), _t(tensor2, 'tensor2'), _num(value)))

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _new(T.baddbmm(self._js, _t(batch1, 'batch1'), _t(batch2, 'batch2'), _num(beta), _num(alpha)))

    def addmv(self, mat, vec, *, beta=1, alpha=1):
        return _new(T.addmv(self._js, _t(mat, 'mat'), _t(vec, 'vec'), _num(beta), _num(alpha)))

    def outer(self, vec2):
        return _new(T.outer(self._js, _t(vec2, 'vec2')))

    ger = outer

    def repeat(self, *sizes):
        return _new(T.repeat(self._js, to_js(_shape_args(sizes))))

    def tile(self, *dims):
        return _new(T.tile(self._js, to_js(_shape_args(dims))))

    def flip(self, *dims):
        return _new(T.flip(self._js, to_js(_shape_args(dims))))

    def roll(self, shifts, dims=None):
        sh = to_js([_index(v) for v in shifts]) if isinstance(shifts, (list, tuple)) else _index(shifts)
        return _new(T.roll(self._js, sh, _dims(dims) if dims is not None else jsnull))

    def tril(self, diagonal=0):
        return _new(T.tril(self._js, _index(diagonal)))

    def triu(self, diagonal=0):
        return _new(T.triu(self._js, _index(diagonal)))

    def gather(self, dim, index, *, sparse_grad=False):
        return _new(T.gather(self._js, _index(dim), _t(index, 'index')))

    def index_select(self, dim, index):
        return _new(T.indexSelect(self._js, _index(dim), _t(index, 'index')))

    def masked_select(self, mask):
        return _new(T.maskedSelect(self._js, _t(mask, 'mask')))

    clip = clamp

    def softmax(self, dim, dtype=None):
        return _new(T.softmax(_cast(self, dtype), _index(dim)))

    def log_softmax(self, dim, dtype=None):
        return _new(T.logSoftmax(_cast(self, dtype), _index(dim)))

    def matmul(self, other):
        return _new(T.matmul(self._js, _t(other, 'other')))

    def mm(self, mat2):
        return _new(T.mm(self._js, _t(mat2, 'mat2')))

    def mv(self, vec):
        return _new(T.mv(self._js, _t(vec, 'vec')))

    def dot(self, other):
        return _new(T.dot(self._js, _t(other, 'tensor')))

    def bmm(self, mat2):
        return _new(T.bmm(self._js, _t(mat2, 'mat2')))

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        return _new(T.addmm(self._js, _t(mat1, 'mat1'), _t(mat2, 'mat2'), beta, alpha))

    def t(self):
        return _new(T.t(self._js))

    def transpose(self, dim0, dim1):
        return _new(T.transpose(self._js, _index(dim0), _index(dim1)))

    swapaxes = swapdims = transpose

    def permute(self, *dims):
        return _new(E.m(self._js, 'permute', *_shape_args(dims)))

    def reshape(self, *shape):
        return _new(E.m(self._js, 'reshape', *_shape_args(shape)))

    def view(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], _dtype_cls):
            raise B.unsupported('Tensor.view(dtype)')
        return _new(E.m(self._js, 'view', *_shape_args(shape)))

    def view_as(self, other):
        return _new(E.m(self._js, 'viewAs', _t(other, 'other')))

    def reshape_as(self, other):
        return self.reshape(*other.shape)

    def expand(self, *sizes):
        return _new(E.m(self._js, 'expand', *_shape_args(sizes)))

    def expand_as(self, other):
        return _new(E.m(self._js, 'expandAs', _t(other, 'other')))

    def unsqueeze(self, dim):
        return _new(T.unsqueeze(self._js, _index(dim)))

    def squeeze(self, dim=None):
        return _new(T.squeeze(self._js, _dims(dim)))

    def flatten(self, start_dim=0, end_dim=-1):
        return _new(T.flatten(self._js, _index(start_dim), _index(end_dim)))

    def select(self, dim, index):
        return _new(T.select(self._js, _index(dim), _index(index)))

    def narrow(self, dim, start, length):
        return _new(T.narrow(self._js, _index(dim), _index(start), _index(length)))

    def unbind(self, dim=0):
        return _tuple(T.unbind(self._js, _index(dim)))

    def split(self, split_size, dim=0):
        s = to_js([_index(v) for v in split_size]) if isinstance(split_size, (list, tuple)) else _index(split_size)
        return _tuple(T.split(self._js, s, _index(dim)))

    def chunk(self, chunks, dim=0):
        return _tuple(T.chunk(self._js, _index(chunks), _index(dim)))

    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return _new(T.sum(_cast(self, dtype), _dims(dim), _b.bool(keepdim)))

    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return _new(T.mean(_cast(self, dtype), _dims(dim), _b.bool(keepdim)))

    def max(self, dim=None, keepdim=False):
        return _max_min(T.max, T.maximum, return_types.max, self, dim, keepdim)

    def min(self, dim=None, keepdim=False):
        return _max_min(T.min, T.minimum, return_types.min, self, dim, keepdim)

    def argmax(self, dim=None, keepdim=False):
        return _new(T.argmax(self._js, _dims(dim), _b.bool(keepdim)))

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        from ._functions import allclose
        return allclose(self, other, rtol, atol, equal_nan)

    def argmin(self, dim=None, keepdim=False):
        return _new(T.argmin(self._js, _dims(dim), _b.bool(keepdim)))

    def amax(self, dim=(), keepdim=False):
        return _new(T.amax(self._js, _dims(dim), _b.bool(keepdim)))

    def amin(self, dim=(), keepdim=False):
        return _new(T.amin(self._js, _dims(dim), _b.bool(keepdim)))

    def prod(self, dim=None, keepdim=False, *, dtype=None):
        if dim is None:
            return _new(T.prod(_cast(self, dtype)))
        return _new(T.prod(_cast(self, dtype), _index(dim), _b.bool(keepdim)))

    def cumsum(self, dim, *, dtype=None):
        return _new(T.cumsum(_cast(self, dtype), _index(dim)))

    def logsumexp(self, dim, keepdim=False):
        return _new(T.logsumexp(self._js, _dims(dim), _b.bool(keepdim)))

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _var_std(T.var, self, dim, unbiased, keepdim, correction)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _var_std(T.std, self, dim, unbiased, keepdim, correction)

    def maximum(self, other):
        return _new(T.maximum(self._js, _t(other, 'other')))

    def minimum(self, other):
        return _new(T.minimum(self._js, _t(other, 'other')))

    def all(self, dim=None, keepdim=False):
        if dim is not None:
            raise B.unsupported('Tensor.all(dim)')
        return _new(T.eq(T.sum(T.logicalNot(E.m(self._js, 'bool'))), 0))

    def any(self, dim=None, keepdim=False):
        if dim is not None:
            raise B.unsupported('Tensor.any(dim)')
        return _new(T.gt(T.sum(E.m(self._js, 'bool')), 0))

    def norm(self, p='fro', dim=None, keepdim=False, dtype=None):
        if p == 'fro' or p is None:
            p = 2
        if isinstance(p, str):
            raise B.unsupported(f"Tensor.norm(p='{p}')")
        x = _cast(self, dtype)
        if dim is None and not keepdim:
            return _new(E.norm(x, _b.float(p)))
        return _new(T.norm(x, _b.float(p), _dims(dim), _b.bool(keepdim)))

    def gt(self, other):
        return _compare(T.gt, self, other)

    greater = gt

    def lt(self, other):
        return _compare(T.lt, self, other)

    less = lt

    def ge(self, other):
        return _compare(T.ge, self, other)

    def le(self, other):
        return _compare(T.le, self, other)

    def eq(self, other):
        return _compare(T.eq, self, other)

    def ne(self, other):
        return _compare(T.ne, self, other)

    def equal(self, other):
        return self.shape == other.shape and _b.bool((self == other).all())

    def logical_not(self):
        return _new(T.logicalNot(self._js))

    def isnan(self):
        return _new(T.isnan(self._js))

    def isfinite(self):
        return _new(T.isfinite(self._js))

    def masked_fill(self, mask, value):
        return _new(T.maskedFill(self._js, _t(mask, 'mask'), _num(value)))

    def where(self, condition, other):
        from ._functions import where
        return where(condition, self, other)

    def new_zeros(self, *size, dtype=None, requires_grad=False, **kw):
        from ._functions import zeros
        return zeros(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, requires_grad=False, **kw):
        from ._functions import ones
        return ones(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_full(self, size, fill_value, *, dtype=None, requires_grad=False, **kw):
        from ._functions import full
        return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_tensor(self, data, *, dtype=None, requires_grad=False, **kw):
        from ._functions import tensor
        return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)

    # ------------------------------------------------------------------ in place
    def add_(self, other, *, alpha=1):
        E.m(self._js, 'add_', _operand(other), alpha)
        return self

    def sub_(self, other, *, alpha=1):
        E.m(self._js, 'sub_', _operand(other), alpha)
        return self

    def mul_(self, other):
        E.m(self._js, 'mul_', _operand(other))
        return self

    def div_(self, other):
        E.m(self._js, 'div_', _operand(other))
        return self

    def clamp_(self, min=None, max=None):
        E.m(self._js, 'clamp_', _opt(min), _opt(max))
        return self

    clip_ = clamp_

    def fill_(self, value):
        E.m(self._js, 'fill_', _num(value))
        return self

    def zero_(self):
        E.m(self._js, 'zero_')
        return self

    def copy_(self, src, non_blocking=False):
        E.m(self._js, 'copy_', _t(src, 'src'))
        return self

    def uniform_(self, a=0, b=1, *, generator=None):
        _no_generator(generator)
        E.m(self._js, 'uniform_', _b.float(a), _b.float(b))
        return self

    def normal_(self, mean=0, std=1, *, generator=None):
        _no_generator(generator)
        E.m(self._js, 'normal_', _b.float(mean), _b.float(std))
        return self


class Parameter(Tensor):
    """nn.Parameter: shares the data's storage, is a leaf and requires grad."""

    __slots__ = ()
    __module__ = 'torch.nn.parameter'

    def __new__(cls, data=None, requires_grad=True):
        if data is not None and not isinstance(data, Tensor):
            raise TypeError(f'Parameter(): argument data must be a Tensor, not {type(data).__name__}')
        js = E.newParameter(data._js if data is not None else jsnull, _b.bool(requires_grad))
        return _wrap(js)

    def __deepcopy__(self, memo):
        t = Parameter(Tensor.__deepcopy__(self, memo).detach(), self.requires_grad)
        g = self.grad
        if g is not None:
            t.grad = g.clone()
        return t


_PROXIES = []


def release_proxies():
    """Destroys the JS-held Python callables of the finished run (hooks, module reprs)."""
    for p in _PROXIES:
        try:
            p.destroy()
        except Exception:
            pass
    _PROXIES.clear()
    _known.clear()


def _no_generator(g):
    if g is not None:
        raise B.unsupported('generator= arguments', 'use torch.manual_seed')


class _no_grad:
    def __enter__(self):
        self.prev = E.setGradEnabled(False)

    def __exit__(self, *a):
        E.setGradEnabled(self.prev)


def _t(v, what='input'):
    if isinstance(v, Tensor):
        return v._js
    raise TypeError(f"argument '{what}' must be Tensor, not {type(v).__name__}")


def _opt(v):
    if v is None:
        return jsnull
    return _num(v)


def _opt_t(v):
    """A clamp bound as a tensor (a Python number becomes a 0-d tensor), or null."""
    if v is None:
        return jsnull
    if isinstance(v, Tensor):
        return v._js
    from ._functions import tensor
    return tensor(_num(v))._js


def _var_std(fn, t, dim, unbiased, keepdim, correction):
    if isinstance(dim, _b.bool):  # var(unbiased)
        dim, unbiased = None, dim
    if correction is None:
        correction = 0 if unbiased is False else 1
    return _new(fn(t._js, _dims(dim) if dim is not None else jsnull, correction, _b.bool(keepdim)))


def _operand(o):
    if isinstance(o, Tensor):
        return o._js
    if isinstance(o, (_b.int, _b.float)):
        return o
    raise TypeError(f'unsupported operand type: {type(o).__name__}')


def _cast(t, dtype):
    if dtype is None:
        return t._js
    return E.m(t._js, 'to', js_name(dtype))


def _same_or_new(t, js):
    return t if _key(js) == _key(t._js) else _new(js)


def _promote_for_float(t, o):
    """An integral Python float against an int/bool tensor makes the op floating, as in PyTorch."""
    if type(o) is _b.float and o.is_integer() and _dtype_of(t._js) in ('int64', 'bool'):
        return E.m(t._js, 'float')
    return t._js


def _reflected(fn):
    """`s op t` for a Python scalar s: the engine op with the scalar first."""
    return lambda js, s: fn(s, js)


def _flat(t):
    v = t.reshape(-1).tolist()
    return v if isinstance(v, _b.list) else [v]


def _float_if(t, *scalars):
    for s in scalars:
        if type(s) is _b.float and s.is_integer() and _dtype_of(t._js) in ('int64', 'bool'):
            return E.m(t._js, 'float')
    return t._js


def _binary(fn, a, o, alpha=None):
    if isinstance(o, Tensor):
        return _new(fn(a._js, o._js) if alpha is None else fn(a._js, o._js, alpha))
    if isinstance(o, (_b.int, _b.float)):
        js = _promote_for_float(a, o)
        return _new(fn(js, o) if alpha is None else fn(js, o, alpha))
    return NotImplemented


def _rscalar(fn, a, s):
    if isinstance(s, (_b.int, _b.float)):
        return _new(fn(_promote_for_float(a, s), s))
    return NotImplemented


def _compare(fn, a, o):
    if isinstance(o, Tensor):
        return _new(fn(a._js, o._js))
    if isinstance(o, (_b.int, _b.float)):
        return _new(fn(_promote_for_float(a, o), o))
    if fn is T.eq:
        return False
    if fn is T.ne:
        return True
    return NotImplemented


def _logical(a, o, op):
    if not isinstance(o, Tensor) or _dtype_of(a._js) != 'bool' or _dtype_of(o._js) != 'bool':
        raise B.unsupported(f'Tensor.__{op}__ on non-bool tensors')
    if op == 'and':
        return _new(T.mul(a._js, o._js)).bool()
    return _new(T.gt(T.add(E.m(a._js, 'long'), E.m(o._js, 'long')), 0))


def _max_min(reduce, binary, result, t, dim, keepdim):
    if isinstance(dim, Tensor):
        return _new(binary(t._js, dim._js))
    if dim is None:
        return _new(reduce(t._js))
    v, i = reduce(t._js, _index(dim), _b.bool(keepdim))
    return result(_new(v), _new(i))


def _scalar_tensor(v, like):
    from ._functions import tensor
    return tensor(v, dtype=like.dtype)


def _slice_part(v):
    if v is None:
        return ''
    return str(_index(v, 'slice index'))


def _index_items(idx):
    if not isinstance(idx, tuple):
        idx = (idx,)
    out = []
    for it in idx:
        if isinstance(it, Tensor):
            out.append(it._js)
        elif it is None:
            out.append(jsnull)
        elif it is Ellipsis:
            out.append('...')
        elif isinstance(it, slice):
            if it.step is not None and int(_slice_part(it.step)) <= 0:
                raise ValueError('step must be greater than zero')
            out.append(f's{_slice_part(it.start)}:{_slice_part(it.stop)}:{_slice_part(it.step)}')
        elif isinstance(it, _b.bool):
            raise B.unsupported('indexing with a Python bool')
        elif isinstance(it, _b.int):
            out.append(it)
        elif isinstance(it, (list, range)):
            from ._functions import tensor
            out.append(tensor(list(it))._js)
        elif hasattr(it, '__index__'):
            out.append(it.__index__())
        else:
            raise IndexError(
                'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices '
                f'(got {type(it).__name__})'
            )
    return out
