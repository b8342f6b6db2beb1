// Public entry of the engine bundle: `import { torch, F, Tensor } from 'bptt-lens'`.
export { torch, F, sizesAndOptions } from './torch';
export { Tensor } from './tensor';
export type { GradHook } from './tensor';
export type { DType } from './dtype';
export { TorchError } from './errors';
export type { TorchErrorKind } from './errors';
export { Node, FunctionNode, AccumulateGrad } from './autograd/node';
export type { Edge } from './autograd/node';
export { withTags, currentTags } from './autograd/tags';
export type { NodeTags } from './autograd/tags';
export { observeNodes, setOpObserver } from './autograd/observers';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd/gradMode';
export { gradcheck } from './gradcheck';
export type { GradcheckOptions } from './gradcheck';
export { formatSize, formatDType, formatTensor, formatGradFnTree } from './format';
export { Generator, manualSeed, initialSeed, defaultGenerator } from './random';
export { walkGraph, graphSummary, isAccumulateGrad } from './autograd/graph';
export type { GraphNodeRecord } from './autograd/graph';
