// Number formatting for labels and tables. Pure.

/** Compact: `0`, `0.0123`, `3.2e-4`, `1.5e+6`, `NaN`, `Inf`. */
export function fmt(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return Number(v.toPrecision(digits + 1)).toString();
  return v.toExponential(digits - 1);
}

/** A shape as PyTorch prints it, e.g. `[8, 16]`. */
export function fmtShape(shape: readonly number[] | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '';
}

/** Escapes text for XML/HTML. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The last path segment of a file. */
export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}
