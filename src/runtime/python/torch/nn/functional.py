"""torch.nn.functional, forwarding to the engine."""
import warnings

from .. import _bridge as B
from .._bridge import E, F as _F, T, jsnull
from .._tensor import _cast, _index, _new, _t
from .._bridge import module_getattr

__getattr__ = module_getattr('torch.nn.functional')


def _reduction(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        raise B.unsupported('the legacy size_average/reduce arguments of losses', "use reduction='mean'|'sum'|'none'")
    return reduction


def _opt(t):
    return t._js if t is not None else jsnull


def relu(input, inplace=False):
    return _new(T.relu(_t(input)))


def tanh(input):
    return _new(T.tanh(_t(input)))


def sigmoid(input):
    return _new(T.sigmoid(_t(input)))


def _get_softmax_dim(name, ndim, stacklevel):
    warnings.warn(f'Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as an argument.',
                  stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _get_softmax_dim('softmax', input.dim(), _stacklevel)
    return _new(T.softmax(_cast(input, dtype), _index(dim)))


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _get_softmax_dim('log_softmax', input.dim(), _stacklevel)
    return _new(T.logSoftmax(_cast(input, dtype), _index(dim)))


def dropout(input, p=0.5, training=True, inplace=False):
    if p < 0.0 or p > 1.0:
        raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')
    js = _F.dropout(_t(input), float(p), bool(training))
    return input if B._bptt.key(js) == B._bptt.key(input._js) else _new(js)


def linear(input, weight, bias=None):
    return _new(_F.linear(_t(input), _t(weight, 'weight'), _opt(bias)))


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
    if scale_grad_by_freq:
        raise B.unsupported('F.embedding(scale_grad_by_freq=True)')
    return _new(E.embedding(_t(input), _t(weight, "weight"), paddingIdx=padding_idx if padding_idx is not None else jsnull,
                             maxNorm=max_norm if max_norm is not None else jsnull, normType=float(norm_type)))


def one_hot(tensor, num_classes=-1):
    return _new(_F.oneHot(_t(tensor, 'tensor'), _index(num_classes)))


# Activations. inplace=True is accepted and computed out of place (as nn.ReLU(inplace=True) is).
def relu6(input, inplace=False):
    return _new(_F.relu6(_t(input)))


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _new(_F.leakyRelu(_t(input), float(negative_slope)))


def elu(input, alpha=1.0, inplace=False):
    return _new(_F.elu(_t(input), float(alpha)))


def gelu(input, approximate='none'):
    if approximate not in ('none', 'tanh'):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return _new(_F.gelu(_t(input), approximate))


def softplus(input, beta=1, threshold=20):
    return _new(_F.softplus(_t(input), float(beta), float(threshold)))


def silu(input, inplace=False):
    return _new(_F.silu(_t(input)))


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    return _new(_F.hardtanh(_t(input), float(min_val), float(max_val)))


def logsigmoid(input):
    return _new(_F.logsigmoid(_t(input)))


def softsign(input):
    return _new(_F.softsign(_t(input)))


def pad(input, pad, mode='constant', value=None):
    if mode != 'constant':
        raise B.unsupported(f"F.pad(mode='{mode}')", "only mode='constant'")
    from .._bridge import to_js
    return _new(_F.pad(_t(input), to_js([_index(v) for v in pad]), float(value) if value is not None else 0.0))


def mse_loss(input, target, size_average=None, reduce=None, reduction='mean'):
    return _new(_F.mseLoss(_t(input), _t(target, 'target'), reduction=_reduction(size_average, reduce, reduction)))


def l1_loss(input, target, size_average=None, reduce=None, reduction='mean'):
    return _new(_F.l1Loss(_t(input), _t(target, 'target'), reduction=_reduction(size_average, reduce, reduction)))


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0):
    return _new(_F.smoothL1Loss(_t(input), _t(target, 'target'), reduction=_reduction(size_average, reduce, reduction), beta=float(beta)))


def huber_loss(input, target, reduction='mean', delta=1.0):
    return _new(_F.huberLoss(_t(input), _t(target, 'target'), reduction=reduction, delta=float(delta)))


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean'):
    return _new(_F.binaryCrossEntropy(_t(input), _t(target, 'target'), weight=_opt(weight),
                                      reduction=_reduction(size_average, reduce, reduction)))


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None):
    return _new(_F.binaryCrossEntropyWithLogits(_t(input), _t(target, 'target'), weight=_opt(weight), posWeight=_opt(pos_weight),
                                                reduction=_reduction(size_average, reduce, reduction)))


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'):
    return _new(_F.nllLoss(_t(input), _t(target, 'target'), weight=_opt(weight), ignoreIndex=ignore_index,
                           reduction=_reduction(size_average, reduce, reduction)))


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0):
    return _new(_F.crossEntropy(_t(input), _t(target, 'target'), weight=_opt(weight), ignoreIndex=ignore_index,
                                reduction=_reduction(size_average, reduce, reduction), labelSmoothing=float(label_smoothing)))


def kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False):
    reduction = _reduction(size_average, reduce, reduction)
    return _new(_F.klDiv(_t(input), _t(target, 'target'), reduction=reduction, logTarget=bool(log_target)))


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    return _new(_F.cosineSimilarity(_t(x1, 'x1'), _t(x2, 'x2'), _index(dim), float(eps)))
