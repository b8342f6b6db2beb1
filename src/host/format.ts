// Number and shape formatting shared by the hover, the inline values, the sidebar and the status
// bar: short, and the same everywhere (`‖∇‖ 3.2e-4`).
import type { TensorStats } from '../protocol/trace';

/** A short number: 3 significant digits in [0.01, 1e4), else one-decimal scientific. e.g. `fmtNum(3.2e-4)` → `'3.2e-4'` */
export function fmtNum(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-2 && a < 1e4) return String(Number(v.toPrecision(3)));
  return v.toExponential(1).replace('e+', 'e');
}

/** A shape as PyTorch lists it. e.g. `fmtShape([4, 32])` → `'[4, 32]'` */
export function fmtShape(shape: readonly number[] | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}

/** Whether the stats count any NaN or Inf. */
export function hasNonFinite(s: TensorStats | null | undefined): boolean {
  return !!s && (s.nanCount > 0 || s.infCount > 0);
}

/** `' · 2 NaN · 1 Inf'`, or '' when all finite. */
export function nonFiniteSuffix(s: TensorStats | null | undefined): string {
  if (!s) return '';
  let out = '';
  if (s.nanCount > 0) out += ` · ${s.nanCount} NaN`;
  if (s.infCount > 0) out += ` · ${s.infCount} Inf`;
  return out;
}

/** Escapes text for Markdown (hover, tooltips), so names from a trace cannot inject links or HTML. */
export function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

/** Text inside a Markdown code span; backquotes in it become quotes, so it cannot close early. */
export function mdCode(text: string): string {
  return `\`${text.replace(/[\r\n]+/g, ' ').replace(/`/g, "'")}\``;
}

/** The `t = a…b` span of a set of time steps, or `t = a` for one. */
export function stepSpan(ts: readonly number[]): string {
  if (ts.length === 0) return '';
  let lo = ts[0];
  let hi = ts[0];
  for (const t of ts) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return lo === hi ? `t = ${lo}` : `t = ${lo}…${hi}`;
}
