// torch.optim: optimizers with PyTorch 1.13.1's update order and float32 rounding, an lr
// scheduler, and gradient clipping (torch.nn.utils' part, exported as `nnUtils` for now).
import { Adagrad } from './adagrad';
import { Adam, AdamW } from './adam';
import { ExponentialLR, LRScheduler, MultiStepLR, StepLR } from './lrScheduler';
import { Optimizer } from './optimizer';
import { RMSprop } from './rmsprop';
import { SGD } from './sgd';

export { Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad, LRScheduler, StepLR, ExponentialLR, MultiStepLR };
export type { OptimizerStateDict, ParamGroup, ParamGroupInput, ParamState, StateValue } from './optimizer';
export type { SGDOptions } from './sgd';
export type { AdamOptions, AdamWOptions } from './adam';
export type { RMSpropOptions } from './rmsprop';
export type { AdagradOptions } from './adagrad';
export { clipGradNorm_, clipGradValue_, nnUtils, vectorNorm } from './clip';
export { pyPow } from './pyScalar';

/** `torch.optim`. e.g. `const opt = new optim.Adam(params, { lr: 1e-3 })` */
export const optim = { Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad, lrScheduler: { LRScheduler, StepLR, ExponentialLR, MultiStepLR } };
