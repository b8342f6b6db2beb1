"""torch.dtype, torch.Size and torch.device as PyTorch prints them."""
import builtins as _b


class dtype:
    """A tensor element type. Prints as `torch.float32`."""

    __slots__ = ('_name', 'is_floating_point', 'is_complex', 'is_signed', 'itemsize')

    def __init__(self, name, floating, signed, itemsize):
        self._name = name
        self.is_floating_point = floating
        self.is_complex = False
        self.is_signed = signed
        self.itemsize = itemsize

    def __repr__(self):
        return 'torch.' + self._name

    __str__ = __repr__

    def __reduce__(self):
        return self._name


float32 = dtype('float32', True, True, 4)
float64 = dtype('float64', True, True, 8)
int64 = dtype('int64', False, True, 8)
bool_ = dtype('bool', False, False, 1)

BY_NAME = {'float32': float32, 'float64': float64, 'int64': int64, 'bool': bool_}


def js_name(d, what='dtype'):
    """The engine's name of a dtype argument (None stays None)."""
    if d is None:
        return None
    if isinstance(d, dtype):
        return d._name
    if d is _b.float:
        return 'float64'
    if d is _b.int:
        return 'int64'
    if d is _b.bool:
        return 'bool'
    raise TypeError(f"{what} must be torch.dtype, not {type(d).__name__}")


class Size(tuple):
    """`torch.Size`: a tuple of ints that prints as `torch.Size([5, 3])`."""

    def __repr__(self):
        return 'torch.Size([' + ', '.join(_b.str(d) for d in self) + '])'

    __str__ = __repr__

    def numel(self):
        n = 1
        for d in self:
            n *= d
        return n

    def __getitem__(self, i):
        r = tuple.__getitem__(self, i)
        return Size(r) if isinstance(i, slice) else r

    def __add__(self, other):
        return Size(tuple.__add__(self, other))


class device:
    """`torch.device('cpu')`. Only the CPU exists in the embedded engine."""

    __slots__ = ('type', 'index')

    def __init__(self, type='cpu', index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        if ':' in type:
            type, _, idx = type.partition(':')
            index = _b.int(idx)
        if type not in ('cpu', 'cuda', 'mps', 'meta'):
            raise RuntimeError(
                'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, '
                f'vulkan, mps, meta, hpu, privateuseone device type at start of device string: {type}'
            )
        self.type = type
        self.index = index

    def __repr__(self):
        return f"device(type='{self.type}'" + (f', index={self.index})' if self.index is not None else ')')

    def __str__(self):
        return self.type if self.index is None else f'{self.type}:{self.index}'

    def __eq__(self, other):
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


CPU = device('cpu')


def check_device(d, what='device'):
    """Accepts the CPU; any other device raises as a CPU-only PyTorch does."""
    if d is None:
        return
    dev = d if isinstance(d, device) else device(d) if isinstance(d, str) else None
    if dev is None:
        if isinstance(d, _b.int):
            dev = device('cuda', d)
        else:
            raise TypeError(f'{what} must be a torch.device or a string, not {type(d).__name__}')
    if dev.type != 'cpu':
        raise AssertionError('Torch not compiled with CUDA enabled')
