// str(tensor) / repr(tensor) exactly as torch 1.13.1 prints it (torch/_tensor_str.py), for the
// dense CPU tensors the engine has. Works on plain shape + values, not on the Tensor class.
import { createFormatter, DEFAULT_PRINT_OPTIONS } from './formatter';
import type { ElementFormatter, PrintOptions } from './formatter';
import { formatDType, formatShapeTuple } from './sizeFormat';
import type { FormatDType } from './sizeFormat';

/** What the printer needs of a tensor. */
export interface FormattableTensor {
  shape: readonly number[];
  dtype: FormatDType;
  /** Row-major values; float32 values are rounded with Math.fround before printing. */
  values: ArrayLike<number>;
}

/** The autograd part of the repr. */
export interface TensorSuffixes {
  requiresGrad?: boolean;
  /** The grad_fn class name, e.g. 'AddBackward0'; takes precedence over requiresGrad. */
  gradFn?: string | null;
  /** nn.Parameter: prints 'Parameter containing:\n' first. */
  isParameter?: boolean;
}

const PREFIX = 'tensor(';

/** What print(t) shows: formatTensor({ shape: [2], dtype: 'float32', values: [1, 2] }) === 'tensor([1., 2.])'. */
export function formatTensor(
  t: FormattableTensor,
  suffix: TensorSuffixes = {},
  options: Partial<PrintOptions> = {},
): string {
  const opts: PrintOptions = { ...DEFAULT_PRINT_OPTIONS, ...options };
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if (t.values.length !== numel) {
    throw new RangeError(`formatTensor: shape [${t.shape.join(', ')}] needs ${numel} values, got ${t.values.length}`);
  }
  const indent = PREFIX.length;
  const suffixes: string[] = [];
  let body: string;
  if (numel === 0) {
    // An empty tensor shows its shape unless it is (0,), and its dtype unless it is the default.
    if (t.shape.length !== 1) suffixes.push('size=' + formatShapeTuple(t.shape));
    if (t.dtype !== 'float32') suffixes.push('dtype=' + formatDType(t.dtype));
    body = '[]';
  } else {
    if (t.dtype === 'float64') suffixes.push('dtype=' + formatDType(t.dtype));
    body = formatTensorData(t, indent, opts);
  }
  if (suffix.gradFn) suffixes.push(`grad_fn=<${suffix.gradFn}>`);
  else if (suffix.requiresGrad) suffixes.push('requires_grad=True');
  const text = addSuffixes(PREFIX + body, suffixes, indent, opts.linewidth);
  return suffix.isParameter ? 'Parameter containing:\n' + text : text;
}

/** The bracketed data part of a nonempty tensor: formatTensorData({ shape: [], dtype: 'int64', values: [7] }, 7) === '7'. */
export function formatTensorData(
  t: FormattableTensor,
  indent: number,
  options: Partial<PrintOptions> = {},
): string {
  const opts: PrintOptions = { ...DEFAULT_PRINT_OPTIONS, ...options };
  const shape = t.shape;
  const src = t.values;
  const at = t.dtype === 'float32' ? (i: number) => Math.fround(src[i]) : (i: number) => src[i];
  const strides: number[] = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  const summarize = s > opts.threshold;
  const edge = opts.edgeitems;
  // Indices along one dim that are printed; -1 marks the '...' row or column.
  const shownAlong = (size: number): number[] => {
    if (!summarize || size <= 2 * edge) return Array.from({ length: size }, (_, i) => i);
    const head = Array.from({ length: edge }, (_, i) => i);
    const tail = Array.from({ length: edge }, (_, i) => size - edge + i);
    return [...head, -1, ...tail];
  };

  // The formatter sees exactly the printed values (get_summarized_data).
  const shown: number[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === shape.length) {
      shown.push(at(offset));
      return;
    }
    for (const i of shownAlong(shape[dim])) if (i >= 0) collect(dim + 1, offset + i * strides[dim]);
  };
  collect(0, 0);
  const fmt = createFormatter(shown, t.dtype, opts);

  const render = (dim: number, offset: number, ind: number): string => {
    const rest = shape.length - dim;
    if (rest === 0) return fmt.format(at(offset));
    if (rest === 1) return vectorStr(shownAlong(shape[dim]), (i) => at(offset + i), fmt, ind, opts.linewidth);
    const slices = shownAlong(shape[dim]).map((i) =>
      i < 0 ? '...' : render(dim + 1, offset + i * strides[dim], ind + 1),
    );
    return '[' + slices.join(',' + '\n'.repeat(rest - 1) + ' '.repeat(ind + 1)) + ']';
  };
  return render(0, 0, indent);
}

function vectorStr(
  indices: readonly number[],
  get: (i: number) => number,
  fmt: ElementFormatter,
  indent: number,
  linewidth: number,
): string {
  const elementLength = fmt.width + 2; // ', ' between elements
  const perLine = Math.max(1, Math.floor((linewidth - indent) / elementLength));
  const data = indices.map((i) => (i < 0 ? ' ...' : fmt.format(get(i))));
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function addSuffixes(text: string, suffixes: readonly string[], indent: number, linewidth: number): string {
  const parts = [text];
  // Python's off-by-one kept: len - rfind('\n') + 1, with rfind = -1 when there is no newline.
  let lastLineLen = text.length - text.lastIndexOf('\n') + 1;
  for (const sfx of suffixes) {
    if (lastLineLen + sfx.length + 2 > linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + sfx);
      lastLineLen = indent + sfx.length;
    } else {
      parts.push(', ' + sfx);
      lastLineLen += sfx.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}
