"""The functions of the `torch` namespace, with PyTorch 1.13's signatures, forwarding to the engine."""
import builtins as _b

from . import _bridge as B
from ._bridge import E, T, to_js
from ._dtype import BY_NAME as _DTYPES, check_device, js_name
from ._tensor import (
    Tensor, _binary, _cast, _compare, _index, _max_min, _new, _no_generator, _num, _remember, _rscalar, _shape_args, _t,
    return_types, set_printoptions,
)

DEFAULT_SEED = 67280421310721


def _factory_opts(dtype, requires_grad, device=None, layout=None, out=None):
    if out is not None:
        raise B.unsupported('out= arguments')
    check_device(device)
    return {'dtype': js_name(dtype), 'requiresGrad': _b.bool(requires_grad)}


def _leaf(js, requires_grad):
    t = _new(js)
    return _remember(t) if requires_grad else t


def _size(size, kw_size=None):
    if kw_size is not None:
        size = (kw_size,)
    return _shape_args(size)


# ---------------------------------------------------------------------------------------- creation
def _scan(data, seen):
    """Nested lists of Python numbers from `data`, noting floats (PyTorch infers float32 from any float)."""
    if isinstance(data, Tensor):
        if data.is_floating_point():
            seen['float'] = True
        return data.tolist()
    if isinstance(data, _b.bool):
        return data
    if isinstance(data, _b.float):
        seen['float'] = True
        return data
    if isinstance(data, _b.int):
        return data
    if isinstance(data, (list, tuple)):
        return [_scan(x, seen) for x in data]
    if isinstance(data, range):
        return list(data)
    if hasattr(data, '__index__'):
        return data.__index__()
    if hasattr(data, '__float__'):
        seen['float'] = True
        return _b.float(data)
    raise TypeError(f"Could not infer dtype of {type(data).__name__}")


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    check_device(device)
    seen = {'float': False}
    clean = _scan(data, seen)
    name = js_name(dtype) or ('float32' if seen['float'] else None)
    js = E.tensor(to_js(clean) if isinstance(clean, list) else clean, name, _b.bool(requires_grad))
    return _leaf(js, requires_grad)


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor) and (dtype is None or data.dtype is dtype):
        return data
    return tensor(data, dtype=dtype, device=device)


def _make(fn, size, dtype, requires_grad, device=None, out=None):
    opts = _factory_opts(dtype, requires_grad, device, out=out)
    return _leaf(fn(*size, dtype=opts['dtype'], requiresGrad=opts['requiresGrad']), requires_grad)


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, **kw):
    return _make(T.zeros, _size(size, kw.get('size')), dtype, requires_grad, device, out)


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, **kw):
    return _make(T.ones, _size(size, kw.get('size')), dtype, requires_grad, device, out)


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, memory_format=None, **kw):
    return _make(T.zeros, _size(size, kw.get('size')), dtype, requires_grad, device, out)


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    v = _num(fill_value) if not isinstance(fill_value, _b.bool) else fill_value
    if dtype is None:
        dtype = _DTYPES['bool' if isinstance(v, _b.bool) else 'int64' if isinstance(v, _b.int) else 'float32']
    opts = _factory_opts(dtype, requires_grad, device, out=out)
    return _leaf(T.full(to_js(_shape_args((size,))), v, dtype=opts['dtype'], requiresGrad=opts['requiresGrad']), requires_grad)


def _like(fn, input, dtype, requires_grad, *extra):
    opts = _factory_opts(dtype or input.dtype, requires_grad)
    return _leaf(fn(*input.shape, *extra, dtype=opts['dtype'], requiresGrad=opts['requiresGrad']), requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    return _like(T.zeros, input, dtype, requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    return _like(T.ones, input, dtype, requires_grad)


empty_like = zeros_like


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    return full(tuple(input.shape), fill_value, dtype=dtype or input.dtype, requires_grad=requires_grad)


def rand_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    return _like(T.rand, input, dtype, requires_grad)


def randn_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    return _like(T.randn, input, dtype, requires_grad)


def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    args = [_num(start)] if end is None else [_num(start), _num(end)]
    if dtype is None and _b.any(isinstance(a, _b.float) for a in (start, end, step)):
        dtype = _DTYPES['float32']
    opts = _factory_opts(dtype, requires_grad, device, out=out)
    return _leaf(T.arange(*(args if len(args) == 2 else [args[0], None]), _num(step), dtype=opts['dtype'], requiresGrad=opts['requiresGrad']), requires_grad)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    opts = _factory_opts(dtype, requires_grad, device, out=out)
    return _leaf(T.linspace(_num(start), _num(end), _index(steps), dtype=opts['dtype'], requiresGrad=opts['requiresGrad']), requires_grad)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    opts = _factory_opts(dtype, requires_grad, device, out=out)
    return _leaf(T.eye(_index(n), _index(m) if m is not None else None, dtype=opts['dtype'], requiresGrad=opts['requiresGrad']), requires_grad)


# ---------------------------------------------------------------------------------------- random
def manual_seed(seed):
    E.manualSeed(_b.int(seed))
    return default_generator


def seed():
    raise B.unsupported('torch.seed()', 'use torch.manual_seed(s)')


def initial_seed():
    return _b.int(E.initialSeed())


class Generator:
    """The default generator (`torch.manual_seed` returns it). Other generators are not supported."""

    def manual_seed(self, s):
        manual_seed(s)
        return self

    def initial_seed(self):
        return initial_seed()

    def __repr__(self):
        return f'<torch._C.Generator object at {id(self):#x}>'


default_generator = Generator()


def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, **kw):
    _no_generator(generator)
    return _make(T.rand, _size(size, kw.get('size')), dtype, requires_grad, device, out)


def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, **kw):
    _no_generator(generator)
    return _make(T.randn, _size(size, kw.get('size')), dtype, requires_grad, device, out)


def randint(*args, size=None, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    _no_generator(generator)
    if size is not None:
        args = args + (size,)
    if len(args) == 2:
        low, (high, shape) = 0, args
    elif len(args) == 3:
        low, high, shape = args
    else:
        raise TypeError('randint() received an invalid combination of arguments')
    if dtype is not None and js_name(dtype) != 'int64':
        raise B.unsupported(f'torch.randint(dtype={dtype})')
    return _new(T.randint(_index(low), _index(high), to_js(_shape_args((shape,)))))


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    _no_generator(generator)
    return _new(T.randperm(_index(n)))


def normal(mean, std=1.0, size=None, *, generator=None, out=None):
    _no_generator(generator)
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean if isinstance(mean, Tensor) else full_like(std, mean)
        s = std if isinstance(std, Tensor) else full_like(m, std)
        return _new(T.normalTensor(m._js, s._js))
    if size is None:
        raise TypeError('normal() received an invalid combination of arguments - got (float, float), but expected size')
    return _new(T.normal(_b.float(mean), _b.float(std), to_js(_shape_args((size,)))))


def bernoulli(input, p=None, *, generator=None, out=None):
    _no_generator(generator)
    if p is not None:
        input = full_like(input, p)
    return _new(T.bernoulli(_t(input)))


# ---------------------------------------------------------------------------------------- math
def _input(v):
    if not isinstance(v, Tensor):
        raise TypeError(f"expected Tensor as element 0 in argument 0, but got {type(v).__name__}")
    return v


def add(input, other, *, alpha=1, out=None):
    if not isinstance(input, Tensor):
        return _binary(T.add, other, input, alpha)
    return _binary(T.add, input, other, alpha)


def sub(input, other, *, alpha=1, out=None):
    if not isinstance(input, Tensor):
        return _rscalar(E.rsub, other * alpha if alpha != 1 else other, input)
    return _binary(T.sub, input, other, alpha)


subtract = sub


def mul(input, other, *, out=None):
    if not isinstance(input, Tensor):
        return _binary(T.mul, other, input)
    return _binary(T.mul, input, other)


multiply = mul


def div(input, other, *, rounding_mode=None, out=None):
    if rounding_mode is not None:
        return input.div(other, rounding_mode=rounding_mode)
    if not isinstance(input, Tensor):
        return _rscalar(E.rdiv, other, input)
    return _binary(T.div, input, other)


divide = true_divide = div


def pow(input, exponent, *, out=None):
    if not isinstance(input, Tensor):
        return _rscalar(T.rpow, exponent, input)
    return _binary(T.pow, input, exponent)


def square(input, *, out=None):
    return _new(T.square(_t(input)))


def _unary(name, fn):
    def f(input, *, out=None):
        if out is not None:
            raise B.unsupported('out= arguments')
        return _new(fn(_t(input)))

    f.__name__ = name
    return f


neg = negative = _unary('neg', T.neg)
reciprocal = _unary('reciprocal', T.reciprocal)
exp = _unary('exp', T.exp)
log = _unary('log', T.log)
sqrt = _unary('sqrt', T.sqrt)
abs = absolute = _unary('abs', T.abs)
sign = _unary('sign', T.sign)
tanh = _unary('tanh', T.tanh)
sigmoid = _unary('sigmoid', T.sigmoid)
relu = _unary('relu', T.relu)
sin = _unary('sin', T.sin)
cos = _unary('cos', T.cos)
logical_not = _unary('logical_not', T.logicalNot)
isnan = _unary('isnan', T.isnan)
isfinite = _unary('isfinite', T.isfinite)
t = _unary('t', T.t)
rsqrt = _unary('rsqrt', T.rsqrt)
exp2 = special_exp2 = _unary('exp2', T.exp2)
log1p = _unary('log1p', T.log1p)
expm1 = special_expm1 = _unary('expm1', T.expm1)
log2 = _unary('log2', T.log2)
log10 = _unary('log10', T.log10)


def clamp_min(input, min, *, out=None):
    return input.clamp_min(min)


def clamp_max(input, max, *, out=None):
    return input.clamp_max(max)


def lerp(input, end, weight, *, out=None):
    return input.lerp(end, weight)


def addcmul(input, tensor1, tensor2, *, value=1, out=None):
    return input.addcmul(tensor1, tensor2, value=value)


def addcdiv(input, tensor1, tensor2, *, value=1, out=None):
    return input.addcdiv(tensor1, tensor2, value=value)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    return input.baddbmm(batch1, batch2, beta=beta, alpha=alpha)


def addmv(input, mat, vec, *, beta=1, alpha=1, out=None):
    return input.addmv(mat, vec, beta=beta, alpha=alpha)


def outer(input, vec2, *, out=None):
    return input.outer(vec2)


ger = outer


def tile(input, dims):
    return input.tile(*dims) if isinstance(dims, (list, tuple)) else input.tile(dims)


def flip(input, dims):
    return input.flip(*dims) if isinstance(dims, (list, tuple)) else input.flip(dims)


def roll(input, shifts, dims=None):
    return input.roll(shifts, dims)


def tril(input, diagonal=0, *, out=None):
    return input.tril(diagonal)


def triu(input, diagonal=0, *, out=None):
    return input.triu(diagonal)


def gather(input, dim, index, *, sparse_grad=False, out=None):
    return input.gather(dim, index)


def index_select(input, dim, index, *, out=None):
    return input.index_select(dim, index)


def masked_select(input, mask, *, out=None):
    return input.masked_select(mask)


def amax(input, dim=(), keepdim=False, *, out=None):
    return input.amax(dim, keepdim)


def amin(input, dim=(), keepdim=False, *, out=None):
    return input.amin(dim, keepdim)


def prod(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return input.prod(dim, keepdim, dtype=dtype)


def cumsum(input, dim, *, dtype=None, out=None):
    return input.cumsum(dim, dtype=dtype)


def logsumexp(input, dim, keepdim=False, *, out=None):
    return input.logsumexp(dim, keepdim)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    return input.var(dim, unbiased, keepdim, correction=correction)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    return input.std(dim, unbiased, keepdim, correction=correction)


def clamp(input, min=None, max=None, *, out=None):
    return input.clamp(min, max)


clip = clamp


def softmax(input, dim, dtype=None):
    return _new(T.softmax(_cast(input, dtype), _index(dim)))


def log_softmax(input, dim, dtype=None):
    return _new(T.logSoftmax(_cast(input, dtype), _index(dim)))


def matmul(input, other, *, out=None):
    return _new(T.matmul(_t(input, 'input'), _t(other, 'other')))


def mm(input, mat2, *, out=None):
    return _new(T.mm(_t(input, 'input'), _t(mat2, 'mat2')))


def mv(input, vec, *, out=None):
    return _new(T.mv(_t(input, 'input'), _t(vec, 'vec')))


def dot(input, other, *, out=None):
    return _new(T.dot(_t(input, 'input'), _t(other, 'tensor')))


def bmm(input, mat2, *, out=None):
    return _new(T.bmm(_t(input, 'input'), _t(mat2, 'mat2')))


def addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None):
    return _new(T.addmm(_t(input), _t(mat1, 'mat1'), _t(mat2, 'mat2'), beta, alpha))


def transpose(input, dim0, dim1):
    return input.transpose(dim0, dim1)


swapaxes = swapdims = transpose


def permute(input, dims):
    return input.permute(*dims)


def reshape(input, shape):
    return input.reshape(*shape)


def unsqueeze(input, dim):
    return input.unsqueeze(dim)


def squeeze(input, dim=None):
    return input.squeeze(dim)


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


def select(input, dim, index):
    return input.select(dim, index)


def narrow(input, dim, start, length):
    return input.narrow(dim, start, length)


def unbind(input, dim=0):
    return input.unbind(dim)


def _tensor_list(tensors, fn):
    if isinstance(tensors, Tensor):
        raise TypeError(f'{fn}(): argument \'tensors\' (position 1) must be tuple of Tensors, not Tensor')
    out = []
    for i, x in enumerate(tensors):
        if not isinstance(x, Tensor):
            raise TypeError(f'expected Tensor as element {i} in argument 0, but got {type(x).__name__}')
        out.append(x._js)
    return to_js(out)


def cat(tensors, dim=0, *, out=None):
    return _new(T.cat(_tensor_list(tensors, 'cat'), _index(dim)))


concat = concatenate = cat


def hstack(tensors, *, out=None):
    ts = [t if t.dim() > 0 else t.reshape(1) for t in _b.list(tensors)]
    return cat(ts, 1 if ts and ts[0].dim() > 1 else 0)


def vstack(tensors, *, out=None):
    ts = [t if t.dim() > 1 else t.reshape(1, -1) for t in _b.list(tensors)]
    return cat(ts, 0)


row_stack = vstack


def floor_divide(input, other, *, out=None):
    if not isinstance(input, Tensor):
        return other.__rfloordiv__(input)
    return input.floor_divide(other)


def remainder(input, other, *, out=None):
    if not isinstance(input, Tensor):
        return other.__rmod__(input)
    return input.remainder(other)


def fmod(input, other, *, out=None):
    return input.fmod(other)


floor = _unary('floor', T.floor)
ceil = _unary('ceil', T.ceil)
trunc = fix = _unary('trunc', T.trunc)
frac = _unary('frac', T.frac)
isinf = _unary('isinf', T.isinf)


def round(input, *, decimals=0, out=None):
    return input.round(decimals=decimals)


def cumprod(input, dim, *, dtype=None, out=None):
    return input.cumprod(dim, dtype=dtype)


def sort(input, dim=-1, descending=False, stable=False, *, out=None):
    return input.sort(dim, descending)


def argsort(input, dim=-1, descending=False, stable=False):
    return input.argsort(dim, descending)


def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    return input.topk(k, dim, largest, sorted)


def xlogy(input, other, *, out=None):
    return _new(T.xlogy(_t(input), _t(other, 'other')))


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    from .nn.functional import cosine_similarity as f
    return f(x1, x2, dim, eps)


def stack(tensors, dim=0, *, out=None):
    return _new(T.stack(_tensor_list(tensors, 'stack'), _index(dim)))


def split(tensor, split_size_or_sections, dim=0):
    return tensor.split(split_size_or_sections, dim)


def chunk(input, chunks, dim=0):
    return input.chunk(chunks, dim)


def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return input.sum(dim, keepdim, dtype=dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return input.mean(dim, keepdim, dtype=dtype)


def max(input, dim=None, keepdim=False, *, out=None):
    return _max_min(T.max, T.maximum, return_types.max, input, dim, keepdim)


def min(input, dim=None, keepdim=False, *, out=None):
    return _max_min(T.min, T.minimum, return_types.min, input, dim, keepdim)


def argmax(input, dim=None, keepdim=False):
    return input.argmax(dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return input.argmin(dim, keepdim)


def maximum(input, other, *, out=None):
    return _new(T.maximum(_t(input), _t(other, 'other')))


def minimum(input, other, *, out=None):
    return _new(T.minimum(_t(input), _t(other, 'other')))


def norm(input, p='fro', dim=None, keepdim=False, out=None, dtype=None):
    return input.norm(p, dim, keepdim, dtype)


def all(input, dim=None, keepdim=False):
    return input.all(dim, keepdim)


def any(input, dim=None, keepdim=False):
    return input.any(dim, keepdim)


def gt(input, other, *, out=None):
    return _compare(T.gt, input, other)


def lt(input, other, *, out=None):
    return _compare(T.lt, input, other)


def ge(input, other, *, out=None):
    return _compare(T.ge, input, other)


def le(input, other, *, out=None):
    return _compare(T.le, input, other)


def eq(input, other, *, out=None):
    return _compare(T.eq, input, other)


def ne(input, other, *, out=None):
    return _compare(T.ne, input, other)


greater, less, greater_equal, less_equal, not_equal = gt, lt, ge, le, ne


def equal(input, other):
    return input.equal(other)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return _b.bool(((input - other).abs() <= atol + rtol * other.abs()).all())


def where(condition, input=None, other=None):
    if input is None and other is None:
        raise B.unsupported('torch.where(condition) with one argument')

    def op(v):
        return v._js if isinstance(v, Tensor) else _num(v)

    return _new(T.where(_t(condition, 'condition'), op(input), op(other)))


def masked_fill(input, mask, value):
    return input.masked_fill(mask, value)


def detach(input):
    return input.detach()


def clone(input, *, memory_format=None):
    return input.clone()


def numel(input):
    return input.numel()


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(input):
    return input.is_floating_point()


def is_nonzero(input):
    return _b.bool(input)


def get_default_dtype():
    return _DTYPES['float32']


def set_default_dtype(d):
    if d is not _DTYPES['float32']:
        raise B.unsupported(f'torch.set_default_dtype({d})')


# ---------------------------------------------------------------------------------------- grad mode
class _GradMode:
    _mode = False

    def __enter__(self):
        self._prev = E.setGradEnabled(self._mode)

    def __exit__(self, *exc):
        E.setGradEnabled(self._prev)
        return False

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)

        return wrapped

    def clone(self):
        return self.__class__()


class no_grad(_GradMode):
    """`with torch.no_grad():` (also a decorator)."""

    _mode = False

    def __init__(self):
        pass


class enable_grad(_GradMode):
    """`with torch.enable_grad():` (also a decorator)."""

    _mode = True

    def __init__(self):
        pass


class inference_mode(_GradMode):
    """Treated as no_grad."""

    def __init__(self, mode=True):
        self._mode = not mode


class set_grad_enabled(_GradMode):
    """`torch.set_grad_enabled(mode)`: sets the mode now, and restores it when used as a context manager."""

    def __init__(self, mode):
        self._prev = E.setGradEnabled(_b.bool(mode))
        self._mode = _b.bool(mode)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        E.setGradEnabled(self._prev)
        return False


def is_grad_enabled():
    return _b.bool(E.isGradEnabled())


def is_inference_mode_enabled():
    return False


_threads = {'intra': 1, 'interop': 1}


def _reset_threads():
    """Back to one thread between runs (bptt_runner.cleanup)."""
    _threads.update(intra=1, interop=1)


def get_num_threads():
    """What set_num_threads asked for (1 at the start): the engine itself computes on the script's one
    worker thread, but a script that tunes threads prints what PyTorch would."""
    return _threads['intra']


def _set_threads(kind, n):
    n = _b.int(n)
    if n < 1:
        raise RuntimeError('Number of threads must be positive')
    _threads[kind] = n


def set_num_threads(n):
    _set_threads('intra', n)


def get_num_interop_threads():
    return _threads['interop']


def set_num_interop_threads(n):
    _set_threads('interop', n)


def _legacy(dtype_name):
    def make(*args):
        if len(args) == 1 and not isinstance(args[0], _b.int):
            return tensor(args[0], dtype=_DTYPES[dtype_name])
        return zeros(*args, dtype=_DTYPES[dtype_name])

    make._bptt_dtype = dtype_name
    make.__name__ = {'float32': 'FloatTensor', 'float64': 'DoubleTensor', 'int64': 'LongTensor', 'bool': 'BoolTensor'}[dtype_name]
    return make


FloatTensor = _legacy('float32')
DoubleTensor = _legacy('float64')
LongTensor = _legacy('int64')
BoolTensor = _legacy('bool')


__all__ = [n for n in list(globals()) if not n.startswith('_') and n not in (
    'B', 'E', 'T', 'to_js', 'check_device', 'js_name', 'return_types', 'Tensor', 'DEFAULT_SEED',
)]
