// Float32 Box-Muller as PyTorch 1.13's AVX2 kernel computes it (normal_fill_16_AVX2 with log256_ps and
// sincos256_ps from aten/src/ATen/native/cpu/avx_mathfun.h, the cephes single-precision routines).
// The AVX2 build of that file is compiled with -mfma and GCC's default -ffp-contract=fast, so every
// `mul` whose only use is an `add`/`sub` becomes one FMA; the fmaf32 calls below mark exactly those.
import { fmaf32 } from './fma';

const f = Math.fround;
const bits = new Float32Array(1);
const bitsInt = new Int32Array(bits.buffer);

const SQRTHF = f(Math.SQRT1_2);
const LOG_P0 = f(7.0376836292e-2);
const LOG_P1 = f(-1.151461031e-1);
const LOG_P2 = f(1.167699874e-1);
const LOG_P3 = f(-1.2420140846e-1);
const LOG_P4 = f(1.4249322787e-1);
const LOG_P5 = f(-1.6668057665e-1);
const LOG_P6 = f(2.0000714765e-1);
const LOG_P7 = f(-2.4999993993e-1);
const LOG_P8 = f(3.3333331174e-1);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);
const MIN_NORM_POS = 1.1754943508222875e-38;

/** cephes `log256_ps` for one lane, FMA-contracted like GCC does. Example: `logAvx2(0.5) // -0.6931471824645996` */
export function logAvx2(xIn: number): number {
  if (!(xIn > 0)) return NaN;
  bits[0] = Math.max(xIn, MIN_NORM_POS);
  const exponent = (bitsInt[0] >>> 23) - 0x7f;
  bitsInt[0] = (bitsInt[0] & ~0x7f800000) | 0x3f000000; // mantissa in [0.5, 1)
  let x = bits[0];
  let e = f(exponent + 1);
  const small = x < SQRTHF;
  const tmp = small ? x : 0;
  x = f(x - 1);
  e = f(e - (small ? 1 : 0));
  x = f(x + tmp);
  const z = f(x * x);
  let y = fmaf32(LOG_P0, x, LOG_P1);
  y = fmaf32(y, x, LOG_P2);
  y = fmaf32(y, x, LOG_P3);
  y = fmaf32(y, x, LOG_P4);
  y = fmaf32(y, x, LOG_P5);
  y = fmaf32(y, x, LOG_P6);
  y = fmaf32(y, x, LOG_P7);
  y = fmaf32(y, x, LOG_P8);
  y = f(y * x);
  y = fmaf32(y, z, f(e * LOG_Q1));
  y = fmaf32(-z, 0.5, y);
  x = f(x + y);
  return fmaf32(e, LOG_Q2, x);
}

const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853515625e-4);
const DP3 = f(-3.774894977445941e-8);
const SIN_P0 = f(-1.9515295891e-4);
const SIN_P1 = f(8.3321608736e-3);
const SIN_P2 = f(-1.6666654611e-1);
const COS_P0 = f(2.443315711809948e-5);
const COS_P1 = f(-1.388731625493765e-3);
const COS_P2 = f(4.166664568298827e-2);
const FOPI = f(1.27323954473516);

/** Output slots of sincosAvx2: [sin, cos]. */
export const sincosOut = new Float32Array(2);

/** cephes `sincos256_ps` for one lane, writing [sin, cos] to `sincosOut`. Example: `sincosAvx2(1); sincosOut[0]` */
export function sincosAvx2(xIn: number): void {
  let x = Math.abs(xIn);
  let signSin = xIn < 0 ? -1 : 1;
  // Valid while |x| * 4/pi fits in an int32; Box-Muller only passes [0, 2*pi).
  const j = ((Math.trunc(f(x * FOPI)) | 0) + 1) & ~1;
  const y = f(j);
  if (j & 4) signSin = -signSin;
  const signCos = ~(j - 2) & 4 ? -1 : 1;
  const cosPolyFirst = (j & 2) === 0;
  x = fmaf32(y, DP1, x);
  x = fmaf32(y, DP2, x);
  x = fmaf32(y, DP3, x);
  const z = f(x * x);
  let yc = fmaf32(COS_P0, z, COS_P1);
  yc = fmaf32(yc, z, COS_P2);
  yc = f(yc * z);
  yc = fmaf32(yc, z, -f(z * 0.5));
  yc = f(yc + 1);
  let ys = fmaf32(SIN_P0, z, SIN_P1);
  ys = fmaf32(ys, z, SIN_P2);
  ys = f(ys * z);
  ys = fmaf32(ys, x, x);
  sincosOut[0] = (cosPolyFirst ? ys : yc) * signSin;
  sincosOut[1] = (cosPolyFirst ? yc : ys) * signCos;
}

const TWO_PI_F = f(2 * Math.PI);

/** In-place Box-Muller on 16 uniforms at `data[o..o+16)` (normal_fill_16_AVX2). Example: `normalFill16Avx2(buf, 0, 0, 1)` */
export function normalFill16Avx2(data: Float32Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = f(1 - data[o + j]);
    const u2 = data[o + j + 8];
    const radius = f(Math.sqrt(f(-2 * logAvx2(u1))));
    sincosAvx2(f(TWO_PI_F * u2));
    data[o + j] = fmaf32(f(radius * sincosOut[1]), std, mean);
    data[o + j + 8] = fmaf32(f(radius * sincosOut[0]), std, mean);
  }
}
