// Mersenne Twister exactly as ATen's at::mt19937 (aten/src/ATen/core/MT19937RNGEngine.h).

/** Number of 32-bit words in the MT19937 state. Example: `new Uint32Array(MT_STATE_N)` */
export const MT_STATE_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** The raw MT19937 engine: 624 words plus ATen's `left_`/`next_` cursor. Example: `new Mt19937(0).nextUint32()` */
export class Mt19937 {
  /** The 624-word state vector. */
  readonly state = new Uint32Array(MT_STATE_N);
  /** ATen's `left_`: draws left before the next twist (1 right after seeding). */
  left = 1;
  /** ATen's `next_`: index of the next word to temper. */
  next = 0;

  /** Seeds like `at::mt19937(seed)`; only the low 32 bits matter. Example: `new Mt19937(42)` */
  constructor(seed: number = 5489) {
    this.seed(seed);
  }

  /** Re-seeds with the low 32 bits of `seedLow32`. Example: `mt.seed(0)` */
  seed(seedLow32: number): void {
    const s = this.state;
    s[0] = seedLow32 >>> 0;
    for (let j = 1; j < MT_STATE_N; j++) {
      const prev = s[j - 1];
      s[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  /** Next tempered 32-bit word as an unsigned number. Example: `new Mt19937(0).nextUint32() // 2357136044` */
  nextUint32(): number {
    if (--this.left === 0) this.twist();
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const s = this.state;
    let k = 0;
    for (; k < MT_STATE_N - MT_M; k++) {
      const y = (s[k] & UPPER_MASK) | (s[k + 1] & LOWER_MASK);
      s[k] = s[k + MT_M] ^ (y >>> 1) ^ (s[k + 1] & 1 ? MATRIX_A : 0);
    }
    for (; k < MT_STATE_N - 1; k++) {
      const y = (s[k] & UPPER_MASK) | (s[k + 1] & LOWER_MASK);
      s[k] = s[k + MT_M - MT_STATE_N] ^ (y >>> 1) ^ (s[k + 1] & 1 ? MATRIX_A : 0);
    }
    const y = (s[MT_STATE_N - 1] & UPPER_MASK) | (s[0] & LOWER_MASK);
    s[MT_STATE_N - 1] = s[MT_M - 1] ^ (y >>> 1) ^ (s[0] & 1 ? MATRIX_A : 0);
    this.left = MT_STATE_N;
    this.next = 0;
  }
}
