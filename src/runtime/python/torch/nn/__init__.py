"""torch.nn: modules, Parameter, and the functional and init submodules."""
from .._bridge import module_getattr
from .._tensor import Parameter
from .modules import (
    BCELoss, BCEWithLogitsLoss, CosineSimilarity, ELU, KLDivLoss, GELU, Hardtanh, LeakyReLU, LogSigmoid, ReLU6, SiLU, Softplus, Softsign, CrossEntropyLoss, Dropout, Embedding, Flatten, GRU, GRUCell, HuberLoss, Identity, L1Loss, LSTM,
    LSTMCell, Linear, LogSoftmax, MSELoss, Module, ModuleDict, ModuleList, NLLLoss, ReLU, RNN, RNNBase, RNNCell, RNNCellBase,
    Sequential, Sigmoid, SmoothL1Loss, Softmax, Tanh,
)
from . import functional, init, utils
from . import modules

__getattr__ = module_getattr('torch.nn')
