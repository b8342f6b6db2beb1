// torch.Size, torch.dtype and Python tuple printing.

/** The dtypes the printer knows. */
export type FormatDType = 'float32' | 'float64' | 'int64' | 'bool';

/** str(torch.Size): formatSize([5, 3]) === 'torch.Size([5, 3])'. */
export function formatSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/** str(dtype): formatDType('float32') === 'torch.float32'. */
export function formatDType(dtype: FormatDType): string {
  return `torch.${dtype}`;
}

/** str(tuple(shape)) as Python writes it: formatShapeTuple([0, 3]) === '(0, 3)', formatShapeTuple([2]) === '(2,)'. */
export function formatShapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
