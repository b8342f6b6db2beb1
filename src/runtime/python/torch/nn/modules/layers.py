"""Built-in layers. Those the engine has run their forward in the engine (BuiltinModule); the rest are
Python modules over torch functions."""
import numbers

from ... import _bridge as B
from ..._bridge import E, jsnull
from ..._dtype import check_device, js_name
from ..._tensor import Tensor
from .module import BuiltinModule, Module


def _reduction(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        raise B.unsupported('the legacy size_average/reduce arguments of losses', "use reduction='mean'|'sum'|'none'")
    return reduction


def _opt_tensor(t):
    return t._js if t is not None else jsnull


class Identity(BuiltinModule):
    def __init__(self, *args, **kwargs):
        super().__init__(E.make('Identity'))


class Linear(BuiltinModule):
    __constants__ = ['in_features', 'out_features']
    _forward_args = ('input',)

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        check_device(device)
        self.__dict__['in_features'] = in_features
        self.__dict__['out_features'] = out_features
        super().__init__(E.make('Linear', in_features, out_features, bias=bool(bias), dtype=js_name(dtype)))

    def reset_parameters(self):
        E.m(self._js, 'resetParameters')


class RNNBase(BuiltinModule):
    _forward_args = ('input', 'hx')
    _js_class = None

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.,
                 bidirectional=False, proj_size=0, device=None, dtype=None, nonlinearity=None):
        check_device(device)
        d = self.__dict__
        d['mode'] = mode
        d['input_size'] = input_size
        d['hidden_size'] = hidden_size
        d['num_layers'] = num_layers
        d['bias'] = bias
        d['batch_first'] = batch_first
        d['dropout'] = float(dropout) if isinstance(dropout, numbers.Number) and not isinstance(dropout, bool) else dropout
        d['bidirectional'] = bidirectional
        d['proj_size'] = proj_size
        opts = dict(numLayers=num_layers, bias=bool(bias), batchFirst=bool(batch_first), dropout=dropout,
                    bidirectional=bool(bidirectional), dtype=js_name(dtype))
        if proj_size:
            opts['projSize'] = proj_size
        if nonlinearity is not None:
            opts['nonlinearity'] = nonlinearity
        super().__init__(E.make(self._js_class, input_size, hidden_size, **opts))
        d['_flat_weights_names'] = list(E.flatWeightsNames(self._js).to_py())

    @property
    def _flat_weights(self):
        return [getattr(self, n) for n in self._flat_weights_names]

    @property
    def all_weights(self):
        per = 4 if self.bias else 2
        names = self._flat_weights_names
        return [[getattr(self, n) for n in names[i:i + per]] for i in range(0, len(names), per)]

    def flatten_parameters(self):
        pass

    def reset_parameters(self):
        E.m(self._js, 'resetParameters')


def _rnn_args(args, kwargs, names):
    bound = dict(zip(names, args))
    for k, v in kwargs.items():
        if k in bound:
            raise TypeError(f"__init__() got multiple values for argument '{k}'")
        bound[k] = v
    return bound


_RNN_NAMES = ('input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout', 'bidirectional', 'proj_size', 'device', 'dtype')


class RNN(RNNBase):
    _js_class = 'RNN'

    def __init__(self, *args, **kwargs):
        if 'proj_size' in kwargs:
            raise ValueError('proj_size argument is only supported for LSTM, not RNN or GRU')
        nonlinearity = kwargs.pop('nonlinearity', 'tanh')
        if len(args) > 3:
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        if nonlinearity == 'tanh':
            mode = 'RNN_TANH'
        elif nonlinearity == 'relu':
            mode = 'RNN_RELU'
        else:
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'")
        self.__dict__['nonlinearity'] = nonlinearity
        super().__init__(mode, **_rnn_args(args, kwargs, _RNN_NAMES), nonlinearity=nonlinearity)


def _lstm_state_args(args):
    """PyTorch reads an LSTM state as hx[0], hx[1]: a Tensor given as the state fails as it does there."""
    if len(args) > 1 and isinstance(args[1], Tensor):
        hx = args[1]
        return (args[0], (hx[0], hx[1])) + tuple(args[2:])
    return args


class LSTM(RNNBase):
    _js_class = 'LSTM'
    _fix_args = staticmethod(_lstm_state_args)

    def __init__(self, *args, **kwargs):
        super().__init__('LSTM', **_rnn_args(args, kwargs, _RNN_NAMES))


class GRU(RNNBase):
    _js_class = 'GRU'

    def __init__(self, *args, **kwargs):
        if 'proj_size' in kwargs:
            raise ValueError('proj_size argument is only supported for LSTM, not RNN or GRU')
        super().__init__('GRU', **_rnn_args(args, kwargs, _RNN_NAMES))


class RNNCellBase(BuiltinModule):
    _forward_args = ('input', 'hx')

    def _init(self, js_class, input_size, hidden_size, bias, device, dtype, **extra):
        check_device(device)
        d = self.__dict__
        d['input_size'] = input_size
        d['hidden_size'] = hidden_size
        d['bias'] = bias
        super().__init__(E.make(js_class, input_size, hidden_size, bias=bool(bias), dtype=js_name(dtype), **extra))

    def reset_parameters(self):
        E.m(self._js, 'resetParameters')


class RNNCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None):
        self.__dict__['nonlinearity'] = nonlinearity
        self._init('RNNCell', input_size, hidden_size, bias, device, dtype, nonlinearity=nonlinearity)


class LSTMCell(RNNCellBase):
    _fix_args = staticmethod(_lstm_state_args)

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        self._init('LSTMCell', input_size, hidden_size, bias, device, dtype)


class GRUCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        self._init('GRUCell', input_size, hidden_size, bias, device, dtype)


class Embedding(BuiltinModule):
    _forward_args = ('input',)

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2., scale_grad_by_freq=False,
                 sparse=False, _weight=None, device=None, dtype=None):
        check_device(device)
        if scale_grad_by_freq:
            raise B.unsupported('nn.Embedding(scale_grad_by_freq=True)')
        d = self.__dict__
        d['num_embeddings'] = num_embeddings
        d['embedding_dim'] = embedding_dim
        d['max_norm'] = max_norm
        d['norm_type'] = norm_type
        d['scale_grad_by_freq'] = scale_grad_by_freq
        d['sparse'] = sparse
        super().__init__(E.make('Embedding', num_embeddings, embedding_dim, paddingIdx=padding_idx if padding_idx is not None else jsnull,
                                maxNorm=max_norm if max_norm is not None else jsnull, normType=float(norm_type),
                                scaleGradByFreq=bool(scale_grad_by_freq), sparse=bool(sparse), dtype=js_name(dtype)))
        d['padding_idx'] = E.prop(self._js, 'paddingIdx')
        if _weight is not None:
            with _no_grad():
                self.weight.copy_(_weight)

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2., scale_grad_by_freq=False, sparse=False):
        rows, cols = embeddings.shape
        emb = cls(rows, cols, padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type, scale_grad_by_freq=scale_grad_by_freq,
                  sparse=sparse, _weight=embeddings)
        emb.weight.requires_grad = not freeze
        return emb


class _no_grad:
    def __enter__(self):
        self.prev = E.setGradEnabled(False)

    def __exit__(self, *a):
        E.setGradEnabled(self.prev)


class Dropout(BuiltinModule):
    _forward_args = ('input',)

    def __init__(self, p=0.5, inplace=False):
        if p < 0 or p > 1:
            raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')
        self.__dict__['p'] = p
        self.__dict__['inplace'] = inplace
        super().__init__(E.make('Dropout', p, bool(inplace)))


class ReLU(BuiltinModule):
    _forward_args = ('input',)

    def __init__(self, inplace=False):
        self.__dict__['inplace'] = inplace
        super().__init__(E.make('ReLU', bool(inplace)))


class Tanh(BuiltinModule):
    _forward_args = ('input',)

    def __init__(self):
        super().__init__(E.make('Tanh'))


class Sigmoid(BuiltinModule):
    _forward_args = ('input',)

    def __init__(self):
        super().__init__(E.make('Sigmoid'))


class Softmax(Module):
    __constants__ = ['dim']

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        from .. import functional as F
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return f'dim={self.dim}'


class LogSoftmax(Module):
    __constants__ = ['dim']

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        from .. import functional as F
        return F.log_softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return f'dim={self.dim}'


class _Activation(Module):
    """A Python activation module over torch.nn.functional (its graph nodes carry the module's path)."""

    def _f(self):
        from .. import functional as F
        return F


def _inplace_str(inplace):
    return ', inplace=True' if inplace else ''


class LeakyReLU(_Activation):
    __constants__ = ['inplace', 'negative_slope']

    def __init__(self, negative_slope=1e-2, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return self._f().leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f'negative_slope={self.negative_slope}{_inplace_str(self.inplace)}'


class ELU(_Activation):
    __constants__ = ['alpha', 'inplace']

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return self._f().elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f'alpha={self.alpha}{_inplace_str(self.inplace)}'


class GELU(_Activation):
    __constants__ = ['approximate']

    def __init__(self, approximate='none'):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return self._f().gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f'approximate={self.approximate!r}'


class Softplus(_Activation):
    __constants__ = ['beta', 'threshold']

    def __init__(self, beta=1, threshold=20):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return self._f().softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f'beta={self.beta}, threshold={self.threshold}'


class SiLU(_Activation):
    __constants__ = ['inplace']

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return self._f().silu(input, inplace=self.inplace)

    def extra_repr(self):
        return 'inplace=True' if self.inplace else ''


class Hardtanh(_Activation):
    __constants__ = ['min_val', 'max_val', 'inplace']

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None):
        super().__init__()
        if min_value is not None:
            min_val = min_value
        if max_value is not None:
            max_val = max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        assert self.max_val > self.min_val

    def forward(self, input):
        return self._f().hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return f'min_val={self.min_val}, max_val={self.max_val}{_inplace_str(self.inplace)}'


class ReLU6(Hardtanh):
    def __init__(self, inplace=False):
        super().__init__(0., 6., inplace)

    def extra_repr(self):
        return 'inplace=True' if self.inplace else ''


class LogSigmoid(_Activation):
    def forward(self, input):
        return self._f().logsigmoid(input)


class Softsign(_Activation):
    def forward(self, input):
        return self._f().softsign(input)


class KLDivLoss(Module):
    __constants__ = ['reduction']

    def __init__(self, size_average=None, reduce=None, reduction='mean', log_target=False):
        super().__init__()
        self.reduction = _reduction(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input, target):
        from .. import functional as F
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class CosineSimilarity(Module):
    __constants__ = ['dim', 'eps']

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim = dim
        self.eps = eps

    def forward(self, x1, x2):
        from .. import functional as F
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class Flatten(Module):
    __constants__ = ['start_dim', 'end_dim']

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f'start_dim={self.start_dim}, end_dim={self.end_dim}'


class _Loss(BuiltinModule):
    _forward_args = ('input', 'target')


class L1Loss(_Loss):
    def __init__(self, size_average=None, reduce=None, reduction='mean'):
        self.__dict__['reduction'] = _reduction(size_average, reduce, reduction)
        super().__init__(E.make('L1Loss', reduction=reduction))


class MSELoss(_Loss):
    def __init__(self, size_average=None, reduce=None, reduction='mean'):
        self.__dict__['reduction'] = _reduction(size_average, reduce, reduction)
        super().__init__(E.make('MSELoss', reduction=reduction))


class SmoothL1Loss(_Loss):
    def __init__(self, size_average=None, reduce=None, reduction='mean', beta=1.0):
        self.__dict__['reduction'] = _reduction(size_average, reduce, reduction)
        self.__dict__['beta'] = beta
        super().__init__(E.make('SmoothL1Loss', reduction=reduction, beta=float(beta)))


class HuberLoss(_Loss):
    def __init__(self, reduction='mean', delta=1.0):
        self.__dict__['reduction'] = reduction
        self.__dict__['delta'] = delta
        super().__init__(E.make('HuberLoss', reduction=reduction, delta=float(delta)))


class BCELoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction='mean'):
        self.__dict__['reduction'] = _reduction(size_average, reduce, reduction)
        super().__init__(E.make('BCELoss', weight=_opt_tensor(weight), reduction=reduction))


class BCEWithLogitsLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None):
        self.__dict__['reduction'] = _reduction(size_average, reduce, reduction)
        super().__init__(E.make('BCEWithLogitsLoss', weight=_opt_tensor(weight), posWeight=_opt_tensor(pos_weight), reduction=reduction))


class NLLLoss(_Loss):
    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'):
        self.__dict__['reduction'] = _reduction(size_average, reduce, reduction)
        self.__dict__['ignore_index'] = ignore_index
        super().__init__(E.make('NLLLoss', weight=_opt_tensor(weight), ignoreIndex=ignore_index, reduction=reduction))


class CrossEntropyLoss(_Loss):
    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0):
        self.__dict__['reduction'] = _reduction(size_average, reduce, reduction)
        self.__dict__['ignore_index'] = ignore_index
        self.__dict__['label_smoothing'] = label_smoothing
        super().__init__(E.make('CrossEntropyLoss', weight=_opt_tensor(weight), ignoreIndex=ignore_index, reduction=reduction,
                                labelSmoothing=float(label_smoothing)))
