// torch/_tensor_str.py `_Formatter`: picks int / fixed / scientific mode and one column width
// from the values that will be printed.
import { pyFormatExp, pyFormatFixed, pyFormatInt } from './pyFloat';
import type { FormatDType } from './sizeFormat';

/** Formats one element, padded on the left to the shared column width. */
export interface ElementFormatter {
  readonly width: number;
  format(value: number): string;
}

/** PyTorch's print options (torch.set_printoptions); `sciMode` undefined means automatic. */
export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sciMode?: boolean;
}

/** The defaults of torch 1.13.1: DEFAULT_PRINT_OPTIONS.precision === 4. */
export const DEFAULT_PRINT_OPTIONS: Readonly<PrintOptions> = Object.freeze({
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
});

function padLeft(s: string, width: number): string {
  // Python: (max_width - len(ret)) * ' ' + ret, where a negative count gives ''.
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** Python's '{}'.format of an int64 / bool element: pyElementStr(1, 'bool') === 'True'. */
export function pyElementStr(value: number, dtype: FormatDType): string {
  if (dtype === 'bool') return value !== 0 ? 'True' : 'False';
  return pyFormatInt(value);
}

/** The _Formatter for these (already summarised) values: createFormatter([1, 2.5], 'float32').format(1) === '1.0000'. */
export function createFormatter(
  values: readonly number[],
  dtype: FormatDType,
  opts: Readonly<PrintOptions> = DEFAULT_PRINT_OPTIONS,
): ElementFormatter {
  const p = opts.precision;
  if (dtype === 'int64' || dtype === 'bool') {
    let width = 1;
    for (const v of values) width = Math.max(width, pyElementStr(v, dtype).length);
    return { width, format: (v) => padLeft(pyElementStr(v, dtype), width) };
  }

  let intMode = true;
  let sciMode = false;
  let width = 1;
  const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
  if (finite.length > 0) {
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (intMode && v !== Math.ceil(v)) intMode = false;
    }
    if (intMode) {
      if (max / min > 1000 || max > 1e8) {
        sciMode = true;
        for (const v of finite) width = Math.max(width, pyFormatExp(v, p).length);
      } else {
        for (const v of finite) width = Math.max(width, pyFormatFixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      sciMode = true;
      for (const v of finite) width = Math.max(width, pyFormatExp(v, p).length);
    } else {
      for (const v of finite) width = Math.max(width, pyFormatFixed(v, p).length);
    }
    // Python returns early when there is no nonzero finite value, so sci_mode is not applied then.
    if (opts.sciMode !== undefined) sciMode = opts.sciMode;
  }

  const w = width;
  const format = (v: number): string => {
    if (sciMode) return padLeft(pyFormatExp(v, p), w);
    if (intMode) return padLeft(Number.isFinite(v) ? pyFormatFixed(v, 0) + '.' : pyFormatFixed(v, 0), w);
    return padLeft(pyFormatFixed(v, p), w);
  };
  return { width: w, format };
}
