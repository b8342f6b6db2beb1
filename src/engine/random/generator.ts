// The CPU generator of PyTorch 1.13 (aten/src/ATen/CPUGeneratorImpl.cpp): an mt19937 plus the cached
// second Box-Muller samples that at::normal_distribution leaves behind.
import { MT_STATE_N, Mt19937 } from './mt19937';

/** Seed of a freshly constructed `torch.Generator()` (ATen's default_rng_seed_val). Example: `new Generator(DEFAULT_RNG_SEED)` */
export const DEFAULT_RNG_SEED = 67280421310721n;

/** Byte length of `torch.get_rng_state()` for a CPU generator in PyTorch 1.13. Example: `gen.getState().length === RNG_STATE_BYTES` */
export const RNG_STATE_BYTES = 5056;
// The legacy THGeneratorState layout (without the float normal cache) that set_state also accepts.
const RNG_STATE_BYTES_LEGACY = 5048;
const OFF_LEFT = 8;
const OFF_SEEDED = 12;
const OFF_NEXT = 16;
const OFF_STATE = 24;
const OFF_NORMAL_Y = OFF_STATE + 8 * MT_STATE_N + 8;
const OFF_NORMAL_VALID = OFF_NORMAL_Y + 16;
const OFF_FLOAT_NORMAL = RNG_STATE_BYTES_LEGACY;
const OFF_FLOAT_NORMAL_VALID = OFF_FLOAT_NORMAL + 4;

const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;

function toUint64(seed: number | bigint): bigint {
  if (typeof seed === 'number' && !Number.isInteger(seed)) {
    throw new RangeError(`manualSeed expects an integer, got ${seed}`);
  }
  // Negative seeds wrap to their two's complement, as torch.manual_seed(-1) does.
  return BigInt.asUintN(64, BigInt(seed));
}

function nondeterministicSeed(): bigint {
  const words = new Uint32Array(2);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(words);
  else for (let i = 0; i < 2; i++) words[i] = Math.floor(Math.random() * TWO_POW_32);
  return (BigInt(words[0]) << 32n) | BigInt(words[1]);
}

/** A PyTorch-compatible CPU random generator. Example: `const g = new Generator().manualSeed(0); g.nextUint32()` */
export class Generator {
  private readonly engine = new Mt19937();
  private seedValue = 0n;
  /** Cached second sample of the scalar float Box-Muller path, or null. */
  nextFloatNormal: number | null = null;
  /** Cached second sample of the scalar double Box-Muller path, or null. */
  nextDoubleNormal: number | null = null;

  /** Creates a generator seeded like `torch.Generator()` unless a seed is given. Example: `new Generator(42)` */
  constructor(seed: number | bigint = DEFAULT_RNG_SEED) {
    this.manualSeed(seed);
  }

  /** Seeds like `torch.manual_seed(seed)` and clears the normal caches. Example: `gen.manualSeed(0)` */
  manualSeed(seed: number | bigint): this {
    this.seedValue = toUint64(seed);
    this.engine.seed(Number(this.seedValue & 0xffffffffn));
    this.nextFloatNormal = null;
    this.nextDoubleNormal = null;
    return this;
  }

  /** The seed last set, as an unsigned 64-bit value (`torch.initial_seed()`). Example: `new Generator(-1).initialSeed() // 2n**64n - 1n` */
  initialSeed(): bigint {
    return this.seedValue;
  }

  /** Re-seeds from a non-deterministic source and returns the seed (`torch.seed()`). Example: `const s = gen.seed()` */
  seed(): bigint {
    const s = nondeterministicSeed();
    this.manualSeed(s);
    return s;
  }

  /** Snapshot in the byte layout of PyTorch 1.13's `torch.get_rng_state()` (5056 bytes). Example: `const s = gen.getState()` */
  getState(): Uint8Array {
    const bytes = new Uint8Array(RNG_STATE_BYTES);
    const v = new DataView(bytes.buffer);
    v.setBigUint64(0, this.seedValue, true);
    v.setInt32(OFF_LEFT, this.engine.left, true);
    v.setInt32(OFF_SEEDED, 1, true);
    v.setBigUint64(OFF_NEXT, BigInt(this.engine.next), true);
    const st = this.engine.state;
    for (let i = 0; i < MT_STATE_N; i++) v.setUint32(OFF_STATE + 8 * i, st[i], true);
    if (this.nextDoubleNormal !== null) {
      v.setFloat64(OFF_NORMAL_Y, this.nextDoubleNormal, true);
      v.setInt32(OFF_NORMAL_VALID, 1, true);
    }
    if (this.nextFloatNormal !== null) {
      v.setFloat32(OFF_FLOAT_NORMAL, this.nextFloatNormal, true);
      v.setUint8(OFF_FLOAT_NORMAL_VALID, 1);
    }
    return bytes;
  }

  /** Restores a snapshot from `getState()` or `torch.get_rng_state()` bytes. Example: `gen.setState(saved)` */
  setState(bytes: Uint8Array): this {
    if (bytes.length !== RNG_STATE_BYTES && bytes.length !== RNG_STATE_BYTES_LEGACY) {
      throw new RangeError(`RNG state must be ${RNG_STATE_BYTES} or ${RNG_STATE_BYTES_LEGACY} bytes, got ${bytes.length}`);
    }
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const left = v.getInt32(OFF_LEFT, true);
    const next = Number(v.getBigUint64(OFF_NEXT, true));
    if (left < 1 || left > MT_STATE_N || next > MT_STATE_N) {
      throw new RangeError('RNG state is corrupt: cursor out of range');
    }
    this.seedValue = v.getBigUint64(0, true);
    this.engine.left = left;
    this.engine.next = next;
    const st = this.engine.state;
    for (let i = 0; i < MT_STATE_N; i++) st[i] = v.getUint32(OFF_STATE + 8 * i, true);
    this.nextDoubleNormal = v.getInt32(OFF_NORMAL_VALID, true) ? v.getFloat64(OFF_NORMAL_Y, true) : null;
    this.nextFloatNormal =
      bytes.length === RNG_STATE_BYTES && v.getUint8(OFF_FLOAT_NORMAL_VALID) ? v.getFloat32(OFF_FLOAT_NORMAL, true) : null;
    return this;
  }

  /** An independent copy with the same state. Example: `const g2 = gen.clone()` */
  clone(): Generator {
    return new Generator().setState(this.getState());
  }

  /** ATen's `random()`: one 32-bit draw. Example: `new Generator(0).nextUint32() // 2357136044` */
  nextUint32(): number {
    return this.engine.nextUint32();
  }

  /** ATen's `random64()`: two draws, the first one the high word. Example: `new Generator(0).nextUint64() // 10123822223749065263n` */
  nextUint64(): bigint {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** `uniform_real_distribution<float>(0, 1)`: low 24 bits of `random()` times 2^-24. Example: `new Generator(0).nextFloat24() // 0.49625658988952637` */
  nextFloat24(): number {
    return (this.engine.nextUint32() & 0xffffff) * TWO_POW_M24;
  }

  /** `uniform_real_distribution<double>(0, 1)`: low 53 bits of `random64()` times 2^-53. Example: `gen.nextDouble53()` */
  nextDouble53(): number {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53;
  }
}

/** The global generator that `torch.manual_seed` drives. Example: `defaultGenerator.manualSeed(0)` */
export const defaultGenerator = new Generator();

/** Seeds the default generator like `torch.manual_seed(seed)`. Example: `manualSeed(0)` */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** The default generator's seed, like `torch.initial_seed()`. Example: `initialSeed() // 0n after manualSeed(0)` */
export function initialSeed(): bigint {
  return defaultGenerator.initialSeed();
}
