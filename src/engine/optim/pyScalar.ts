// Python float arithmetic the optimizers do outside tensors, reproduced exactly: `beta ** step`
// (glibc's pow, correctly rounded in practice; V8's Math.pow is off by one ulp for ~10% of
// `0.999 ** k`) and `repr(float)` for printing param groups.

const SPLIT = 134217729; // 2^27 + 1

/** Exact product a * b as [hi, lo] (Dekker). */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
}

/** (ah + al) * (bh + bl) in double-double. */
function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  const lo = e + (ah * bl + al * bh);
  const hi = p + lo;
  return [hi, lo - (hi - p)];
}

/**
 * Python's `base ** exponent` for float operands. Integer exponents (an optimizer's step count)
 * are computed in double-double, ~100 bits, then rounded once: correctly rounded, as glibc's pow is in all but rare hard cases.
 * e.g. `pyPow(0.999, 3) === 0.997002999`
 */
export function pyPow(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || Math.abs(exponent) > 2 ** 31 || !Number.isFinite(base) || base === 0) {
    return Math.pow(base, exponent);
  }
  let n = Math.abs(exponent);
  let rh = 1;
  let rl = 0;
  let bh = base;
  let bl = 0;
  while (n > 0) {
    if (n & 1) [rh, rl] = ddMul(rh, rl, bh, bl);
    n = Math.floor(n / 2);
    if (n > 0) [bh, bl] = ddMul(bh, bl, bh, bl);
  }
  // Out of the normal range the double-double tail is meaningless; fall back.
  if (!Number.isFinite(rh) || Math.abs(rh) < 2 ** -969) return Math.pow(base, exponent);
  if (exponent < 0) {
    // 1 / (rh + rl), one Newton step in double-double is plenty for correct rounding.
    const q = 1 / rh;
    const [ph, pl] = ddMul(q, 0, rh, rl);
    return q + q * (1 - ph - pl);
  }
  return rh + rl;
}

// Python's `repr()` of a float option. Integer values print as Python ints (PyTorch's defaults such
// as `weight_decay=0` are ints; JS cannot tell `1` from `1.0`). e.g. pyNumberRepr(1e-8) is '1e-08'.
export function pyNumberRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Number.isInteger(x)) return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
  // toExponential() without digits gives the shortest round-trip digits, as Python's repr does.
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits.padEnd(intLen, '0')}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

// Python's `str()` of an option value: True/False/None, floats, tuples (JS arrays print as tuples).
export function pyValueStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return pyNumberRepr(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const items = v.map((x) => (typeof x === 'string' ? `'${x}'` : pyValueStr(x)));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  return String(v);
}

// Python's `repr(float(x))`: like `pyNumberRepr` but integers keep `.0`. e.g. `pyFloatRepr(2) === '2.0'`
export function pyFloatRepr(x: number): string {
  if (!Number.isInteger(x)) return pyNumberRepr(x);
  if (Math.abs(x) < 1e16) return `${Object.is(x, -0) ? '-' : ''}${pyNumberRepr(x)}.0`;
  const [mant, exp] = x.toExponential().split('e');
  return `${mant}e${exp[0]}${exp.slice(1).padStart(2, '0')}`;
}
