// `torch.nn`: modules, Parameter, losses and the functional pieces they are built from. The engine
// exports this module as the namespace `nn`, so `nn.Module` is both a class and a type.
import '../tensorMethods';
import { embedding, embeddingRenorm_, linear } from './functional';
import { gruCell, lstmCell, rnnForward, simpleCell } from './rnnImpl';

export { Dropout, ReLU, Sigmoid, Tanh } from './activation';
export { ModuleList, Sequential } from './container';
export { embedding, embeddingRenorm_, linear } from './functional';
export type { EmbeddingOptions } from './functional';
export { Identity, Linear } from './linear';
export type { LinearOptions } from './linear';
export { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, Loss, MSELoss, NLLLoss, SmoothL1Loss, WeightedLoss } from './loss';
export type { LossOptions } from './loss';
export { callModule, Module } from './module';
export type { ForwardHook, ForwardPreHook, IncompatibleKeys, RemovableHandle, StateDict } from './module';
export { isParameter, Parameter } from './parameter';
export { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNBase, RNNCell, RNNCellBase } from './rnn';
export type { RNNCellOptions, RNNOptions, RNNSizes, SimpleRNNOptions } from './rnn';
export { gruCell, lstmCell, rnnForward, simpleCell } from './rnnImpl';
export type { CellParams, Hidden, RnnArgs, RnnMode } from './rnnImpl';
export { Embedding } from './sparse';
export type { EmbeddingModuleOptions } from './sparse';
export { setWarningHandler, warn } from './warnings';
export type { WarningHandler } from './warnings';

/** The functional building blocks of the modules (`torch.nn.functional`'s share; also in `F`). */
export const functional = { linear, embedding, embeddingRenorm_, simpleCell, lstmCell, gruCell, rnnForward };
