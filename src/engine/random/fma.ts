// Correctly rounded fused multiply-add for float32 and float64, emulated in double arithmetic.
// PyTorch's AVX2 kernels are compiled with -mfma and GCC contracts `a * b + c` into one rounding, so
// bit-exact reproduction needs a real FMA, which JavaScript lacks.

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
// Word order of a double inside Uint32Array: [low, high] on little-endian hosts.
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;
const SPLITTER = 134217729; // 2^27 + 1, Veltkamp split

/** Rounds `s` to odd: if `err` (the exact remainder) is non-zero and `s` is even, step one ulp towards it. */
function roundToOdd(s: number, err: number): number {
  if (err === 0 || !Number.isFinite(s)) return s;
  scratch[0] = s;
  if ((scratchWords[LO] & 1) === 0) {
    if (err > 0 === s > 0) {
      scratchWords[LO] = (scratchWords[LO] + 1) >>> 0;
      if (scratchWords[LO] === 0) scratchWords[HI] += 1;
    } else {
      if (scratchWords[LO] === 0) scratchWords[HI] -= 1;
      scratchWords[LO] = (scratchWords[LO] - 1) >>> 0;
    }
  }
  return scratch[0];
}

/** `fmaf(a, b, c)` for float32 inputs, one rounding to float32. Example: `fmaf32(Math.fround(0.1), 3, 1) // 1.2999999523162842` */
export function fmaf32(a: number, b: number, c: number): number {
  const p = a * b; // exact: two 24-bit significands fit in 53 bits
  const s = p + c;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  // Round to odd in double, then to float: no double-rounding error since 53 >= 24 + 2.
  return Math.fround(roundToOdd(s, err));
}

/** `fma(a, b, c)` for float64, one rounding (Boldo-Melquiond, via rounding to odd). Example: `fma64(0.1, 3, 1) // 1.3` */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || p === 0 || Math.abs(a) > 1e300 || Math.abs(b) > 1e300) return p + c;
  // Exact product p + e (Dekker).
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = al * bl - (p - ah * bh - al * bh - ah * bl);
  // (th, tl) = TwoSum(c, p)
  const th = c + p;
  const z = th - c;
  const tl = c - (th - z) + (p - z);
  // v = RO(tl + e)
  const u = tl + e;
  const w = u - tl;
  const v = roundToOdd(u, tl - (u - w) + (e - w));
  return th + v;
}
