// PyTorch-style printing of tensors, sizes and dtypes.
export { formatTensor, formatTensorData } from './tensorFormat';
export type { FormattableTensor, TensorSuffixes } from './tensorFormat';
export { formatDType, formatShapeTuple, formatSize } from './sizeFormat';
export type { FormatDType } from './sizeFormat';
export { createFormatter, DEFAULT_PRINT_OPTIONS, pyElementStr } from './formatter';
export type { ElementFormatter, PrintOptions } from './formatter';
export { pyFormatExp, pyFormatFixed, pyFormatInt } from './pyFloat';
export { formatGradFnTree } from './graphFormat';
