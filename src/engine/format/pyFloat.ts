// Python's float formatting ('{:.4f}', '{:.4e}', '{:.0f}'), emulated exactly.
//
// Python rounds the exact binary value half-to-even; JS toFixed/toExponential round exact ties
// away from zero (1/32 -> '0.0313' in JS, '0.0312' in Python), lose the sign of -0, and switch
// toFixed to exponent form from 1e21. So the digits come from the exact decimal expansion of the
// double, computed with BigInt.

/** A finite nonzero |x| as n * 10^-k, exactly (n, k >= 0). */
interface ExactDecimal {
  n: bigint;
  k: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Float64Array shares the platform's byte order; find which 32-bit word holds the high half.
const HI = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;
const LO = 1 - HI;

function exactDecimal(x: number): ExactDecimal {
  f64[0] = Math.abs(x);
  const hi = u32[HI];
  const lo = u32[LO];
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  if (exp >= 0) return { n: mant << BigInt(exp), k: 0 };
  // m * 2^-e = m * 5^e / 10^e
  return { n: mant * 5n ** BigInt(-exp), k: -exp };
}

/** n / 10^drop rounded half-to-even (drop >= 0). */
function roundHalfEven(n: bigint, drop: number): bigint {
  if (drop <= 0) return n;
  const div = 10n ** BigInt(drop);
  const q = n / div;
  const r2 = (n % div) * 2n;
  if (r2 > div || (r2 === div && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return undefined;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/** Python's '{:.{p}f}'.format(x): pyFormatFixed(1 / 32, 4) === '0.0312', pyFormatFixed(-0, 0) === '-0'. */
export function pyFormatFixed(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  let digits: string;
  if (x === 0) {
    digits = '0'.repeat(precision + 1);
  } else {
    const { n, k } = exactDecimal(x);
    const scaled = k <= precision ? n * 10n ** BigInt(precision - k) : roundHalfEven(n, k - precision);
    digits = scaled.toString().padStart(precision + 1, '0');
  }
  const intPart = digits.slice(0, digits.length - precision);
  const fracPart = digits.slice(digits.length - precision);
  return signOf(x) + intPart + (precision > 0 ? '.' + fracPart : '');
}

/** Python's '{:.{p}e}'.format(x): pyFormatExp(1e-5, 4) === '1.0000e-05', pyFormatExp(1.5e100, 4) === '1.5000e+100'. */
export function pyFormatExp(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  let mantissa: string;
  let e10: number;
  if (x === 0) {
    mantissa = '0'.repeat(precision + 1);
    e10 = 0;
  } else {
    const { n, k } = exactDecimal(x);
    const all = n.toString();
    e10 = all.length - 1 - k;
    const sig = precision + 1;
    if (all.length <= sig) {
      mantissa = all.padEnd(sig, '0');
    } else {
      mantissa = roundHalfEven(n, all.length - sig).toString();
      if (mantissa.length > sig) {
        // rounded up to the next power of ten: 9.99996e-05 -> 1.0000e-04
        mantissa = mantissa.slice(0, sig);
        e10 += 1;
      }
    }
  }
  const frac = mantissa.slice(1);
  const exp = (e10 < 0 ? '-' : '+') + String(Math.abs(e10)).padStart(2, '0');
  return signOf(x) + mantissa[0] + (precision > 0 ? '.' + frac : '') + 'e' + exp;
}

/** Python's str(int(x)) for an integer-valued number: pyFormatInt(-42) === '-42', pyFormatInt(2 ** 62) === '4611686018427387904'. */
export function pyFormatInt(x: number): string {
  const t = Math.trunc(x);
  if (!Number.isFinite(t)) return nonFinite(t) ?? String(t);
  // String() prints only the shortest round-trip digits: String(2 ** 62) === '4611686018427388000'.
  return Number.isSafeInteger(t) ? String(t) : BigInt(t).toString();
}
