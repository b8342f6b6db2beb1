from .module import Module
from .container import ModuleDict, ModuleList, Sequential
from .layers import (
    BCELoss, BCEWithLogitsLoss, CosineSimilarity, ELU, KLDivLoss, GELU, Hardtanh, LeakyReLU, LogSigmoid, ReLU6, SiLU, Softplus, Softsign, CrossEntropyLoss, Dropout, Embedding, Flatten, GRU, GRUCell, HuberLoss, Identity, L1Loss, LSTM,
    LSTMCell, Linear, LogSoftmax, MSELoss, NLLLoss, ReLU, RNN, RNNBase, RNNCell, RNNCellBase, Sigmoid, SmoothL1Loss, Softmax, Tanh,
)
