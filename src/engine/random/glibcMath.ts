// glibc 2.36's double log, sin, cos and sincos as x86-64 runs them on AVX2 machines: the `-fma`
// ifunc variants (sysdeps/x86_64/fpu/multiarch/*-fma.c), compiled with -mfma, where GCC contracts
// each `a * b + c` into one fused operation. PyTorch's double Box-Muller calls these, and V8's
// Math.log/sin/cos (fdlibm) differ from them in the last bit often enough to matter.
import { fma64 } from './fma';
import { LOG_TABLE, SINCOS_TABLE } from './glibcTables';

const buf = new Float64Array(1);
const words = new Uint32Array(buf.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LE ? 0 : 1;
const HI = LE ? 1 : 0;

// ---- log (sysdeps/ieee754/dbl-64/e_log.c, __FP_FAST_FMA path)
const LN2HI = 0.69314718055989033;
const LN2LO = 5.4979230187083712e-14;
const A0 = -0.50000000000000011;
const A1 = 0.33333333331825593;
const A2 = -0.24999999996229549;
const A3 = 0.20000304511814496;
const A4 = -0.16667054827627667;
const B0 = -0.5;
const B1 = 0.3333333333333352;
const B2 = -0.24999999999998432;
const B3 = 0.19999999999320328;
const B4 = -0.16666666669929706;
const B5 = 0.14285715076560868;
const B6 = -0.12499997863982555;
const B7 = 0.11110712032936046;
const B8 = -0.10000486757818193;
const B9 = 0.091819940061954666;
const B10 = -0.083283630622893415;
const NEAR1_LO = 1.0 - 2 ** -4;
const NEAR1_HI = 1.0 + 0x109 / 2 ** 12; // 1 + 0x1.09p-4
const TWO_27 = 2 ** 27;

function logNear1(x: number): number {
  const r = x - 1.0;
  const r2 = r * r;
  const r3 = r * r2;
  const p3 = fma64(r3, B10, fma64(r2, B9, fma64(r, B8, B7)));
  const p2 = fma64(r3, p3, fma64(r2, B6, fma64(r, B5, B4)));
  const p1 = fma64(r3, p2, fma64(r2, B3, fma64(r, B2, B1)));
  // Splitting r into rhi + rlo only multiplies exactly, so contraction cannot change these lines.
  const w0 = r * TWO_27;
  const rhi = r + w0 - w0;
  const rlo = r - rhi;
  const w = rhi * rhi * B0;
  const hi = r + w;
  let lo = r - hi + w;
  lo = fma64(B0 * rlo, rhi + r, lo);
  return fma64(r3, p1, lo) + hi;
}

function logCore(z: number, k: number, i: number): number {
  const invc = LOG_TABLE[2 * i];
  const logc = LOG_TABLE[2 * i + 1];
  const r = fma64(z, invc, -1.0);
  const w = fma64(k, LN2HI, logc);
  const hi = w + r;
  const lo = fma64(k, LN2LO, w - hi + r);
  const r2 = r * r;
  const p = fma64(r2, fma64(r, A4, A3), fma64(r, A2, A1));
  return fma64(r * r2, p, fma64(r2, A0, lo)) + hi;
}

/** glibc's `log(x)` (FMA variant), bit for bit. Example: `glibcLog(0.5) // -0.6931471805599453` */
export function glibcLog(x: number): number {
  if (x >= NEAR1_LO && x < NEAR1_HI) return x === 1 ? 0 : logNear1(x);
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  let hi: number;
  if (x < 2.2250738585072014e-308) {
    buf[0] = x * 2 ** 52; // subnormal: normalise, then take 52 off the exponent
    hi = (words[HI] - (52 << 20)) >>> 0;
  } else {
    buf[0] = x;
    hi = words[HI];
  }
  // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); i picks the table subinterval.
  const tmpHi = (hi - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = tmpHi >> 20;
  words[HI] = (hi - (tmpHi & 0xfff00000)) >>> 0;
  return logCore(buf[0], k, i);
}

// ---- sin / cos / sincos (sysdeps/ieee754/dbl-64/s_sin.c, s_sincos.c, usncs.h)
const S1 = -0.16666666666666666;
const S2 = 0.0083333333333323288;
const S3 = -0.00019841269834414642;
const S4 = 2.755729806860771e-6;
const S5 = -2.5022014848318398e-8;
// s_sin.c's 33-digit constants, written as the shortest decimals of the same doubles.
const SN3 = -0.16666666666666488;
const SN5 = 0.008333332142857223;
const CS2 = 0.5;
const CS4 = -0.04166666666666644;
const CS6 = 0.001388888740079376;
const BIG = 52776558133248; // 0x1.8p45: adding it rounds |x| to a multiple of 1/128
const HP0 = 1.5707963267948966;
const HP1 = 6.123233995736766e-17;
const MP1 = 1.5707963407039642;
const MP2 = -1.3909067564377153e-8;
const PP3 = -4.9789962314799099e-17;
const PP4 = -1.9034889620193266e-25;
const HPINV = 0.63661977236758138;
const TOINT = 6755399441055744;

function lowWord(x: number): number {
  buf[0] = x;
  return words[LO];
}

function highWordAbs(x: number): number {
  buf[0] = x;
  return words[HI] & 0x7fffffff;
}

function copysign(v: number, s: number): number {
  return s < 0 || Object.is(s, -0) ? -Math.abs(v) : Math.abs(v);
}

function taylorSin(xx: number, x: number, dx: number): number {
  const p = fma64(fma64(fma64(fma64(S5, xx, S4), xx, S3), xx, S2), xx, S1);
  const t = fma64(fma64(p, x, -(0.5 * dx)), xx, dx);
  return x + t;
}

function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = lowWord(u) << 2;
  x = ax - (u - BIG) + dx;
  const xx = x * x;
  const s = fma64(x * xx, fma64(xx, SN5, SN3), x);
  const c = xx * fma64(xx, fma64(xx, CS6, CS4), CS2);
  const sn = SINCOS_TABLE[k];
  const ssn = SINCOS_TABLE[k + 1];
  const cs = SINCOS_TABLE[k + 2];
  const ccs = SINCOS_TABLE[k + 3];
  const cor = fma64(-sn, s, fma64(-cs, c, fma64(-s, ssn, ccs)));
  return cs + cor;
}

function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) return taylorSin(x * x, x, dx);
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = lowWord(u) << 2;
  x = ax - (u - BIG);
  const xx = x * x;
  const s = x + fma64(x * xx, fma64(xx, SN5, SN3), dx);
  const c = fma64(x, dx, xx * fma64(xx, fma64(xx, CS6, CS4), CS2));
  const sn = SINCOS_TABLE[k];
  const ssn = SINCOS_TABLE[k + 1];
  const cs = SINCOS_TABLE[k + 2];
  const ccs = SINCOS_TABLE[k + 3];
  const cor = fma64(cs, s, fma64(-sn, c, fma64(s, ccs, ssn)));
  return copysign(sn + cor, xold);
}

// reduce_sincos writes its high and low parts here.
let redA = 0;
let redDa = 0;

function reduceSincos(x: number): number {
  const t = fma64(x, HPINV, TOINT);
  const xn = t - TOINT;
  const n = lowWord(t) & 3;
  let y = fma64(-xn, MP1, x);
  y = fma64(-xn, MP2, y);
  const t2 = fma64(-xn, PP3, y);
  let db = fma64(-xn, PP3, y - t2);
  const b = fma64(-xn, PP4, t2);
  db += fma64(-xn, PP4, t2 - b);
  redA = b;
  redDa = db;
  return n;
}

function doSincos(a: number, da: number, n: number): number {
  const v = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -v : v;
}

// Beyond this glibc switches to __branred; Box-Muller angles never get there.
const REDUCE_LIMIT = 0x419921fb;

/** glibc's `sin(x)` (FMA variant) for |x| < 105414350, else Math.sin. Example: `glibcSin(1) // 0.8414709848078965` */
export function glibcSin(x: number): number {
  const k = highWordAbs(x);
  if (k < 0x3e500000) return x;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) return copysign(doCos(HP0 - Math.abs(x), HP1), x);
  if (k < REDUCE_LIMIT) {
    const n = reduceSincos(x);
    return doSincos(redA, redDa, n);
  }
  return Math.sin(x);
}

/** glibc's `cos(x)` (FMA variant) for |x| < 105414350, else Math.cos. Example: `glibcCos(1) // 0.5403023058681398` */
export function glibcCos(x: number): number {
  const k = highWordAbs(x);
  if (k < 0x3e400000) return 1.0;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    return doSin(a, y - a + HP1);
  }
  if (k < REDUCE_LIMIT) {
    const n = reduceSincos(x);
    return doSincos(redA, redDa, n + 1);
  }
  return Math.cos(x);
}

/** Output slots of glibcSincos: [sin, cos]. */
export const sincosResult = new Float64Array(2);

/** glibc's `sincos(x)` into `sincosResult`; its sine can differ from `sin(x)` near pi/2. Example: `glibcSincos(1)` */
export function glibcSincos(x: number): void {
  const k = highWordAbs(x);
  if (k < 0x400368fd) {
    if (k < 0x3e400000) {
      sincosResult[0] = x;
      sincosResult[1] = 1.0;
    } else if (k < 0x3feb6000) {
      sincosResult[0] = doSin(x, 0);
      sincosResult[1] = doCos(x, 0);
    } else {
      const y = HP0 - Math.abs(x);
      const a = y + HP1;
      const da = y - a + HP1;
      sincosResult[0] = copysign(doCos(a, da), x);
      sincosResult[1] = doSin(a, da);
    }
    return;
  }
  if (k >= REDUCE_LIMIT) {
    sincosResult[0] = Math.sin(x);
    sincosResult[1] = Math.cos(x);
    return;
  }
  const n = reduceSincos(x) & 3;
  let a = redA;
  let da = redDa;
  if (n === 1 || n === 2) {
    a = -a;
    da = -da;
  }
  const s = doSin(a, da);
  const c = n & 2 ? -doCos(a, da) : doCos(a, da);
  sincosResult[n & 1 ? 1 : 0] = s;
  sincosResult[n & 1 ? 0 : 1] = c;
}
