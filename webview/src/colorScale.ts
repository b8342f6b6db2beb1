// The log colour scale of gradient norms: log10 of the value mapped onto viridis, which reads on
// dark, light and high-contrast themes alike and stays ordered in grey scale. Zero and non-finite
// values get their own colours, outside the ramp. Pure.

/** A log10 domain: `lo` and `hi` are exponents. */
export interface LogDomain {
  lo: number;
  hi: number;
}

/** Viridis, 9 stops. */
const STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [253, 231, 37],
];

/** Colour of a zero gradient (no gradient reached it). */
export const ZERO_COLOR = 'rgb(128,128,128)';
/** Colour of a NaN/Inf gradient. */
export const NONFINITE_COLOR = 'rgb(229,20,0)';

/** The domain spanning the positive finite values, whole decades, at least one decade wide. */
export function logDomain(values: Iterable<number>): LogDomain {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    const l = Math.log10(v);
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  if (!Number.isFinite(lo)) return { lo: -6, hi: 0 };
  lo = Math.floor(lo) + 0; // + 0: no -0
  hi = Math.ceil(hi) + 0;
  if (hi - lo < 1) hi = lo + 1;
  return { lo, hi };
}

/** Position of `v` on the domain in [0, 1]; null for zero, negative or non-finite values. */
export function position(v: number, d: LogDomain): number | null {
  if (!(v > 0) || !Number.isFinite(v)) return null;
  const p = (Math.log10(v) - d.lo) / (d.hi - d.lo);
  return Math.min(1, Math.max(0, p));
}

/** The ramp colour at p in [0, 1], as [r, g, b]. */
export function rampRgb(p: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, p)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i];
  const b = STOPS[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** The colour of a gradient norm, e.g. `colorOf(1e-3, { lo: -6, hi: 0 })` → `'rgb(…)'`. */
export function colorOf(v: number | null | undefined, d: LogDomain): string {
  if (v === null || v === undefined) return ZERO_COLOR;
  if (!Number.isFinite(v)) return NONFINITE_COLOR;
  const p = position(v, d);
  if (p === null) return ZERO_COLOR;
  const [r, g, b] = rampRgb(p);
  return `rgb(${r},${g},${b})`;
}

/** Black or white text, whichever reads on `rgb(r,g,b)`. */
export function textOn(rgb: string): string {
  const m = /rgb\((\d+),(\d+),(\d+)\)/.exec(rgb);
  if (!m) return '#000';
  const lum = 0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3]);
  return lum > 140 ? '#000' : '#fff';
}

/** Legend ticks: decades of the domain, at most `max` of them, always including both ends. */
export function legendTicks(d: LogDomain, max = 6): number[] {
  const span = d.hi - d.lo;
  const step = Math.max(1, Math.ceil(span / (max - 1)));
  const out: number[] = [];
  for (let e = d.lo; e < d.hi; e += step) out.push(e);
  out.push(d.hi);
  return out;
}
