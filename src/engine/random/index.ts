// PyTorch 1.13 CPU generator, bit-exact: mt19937 engine, generator state, and distribution fills.
export { MT_STATE_N, Mt19937 } from './mt19937';
export { DEFAULT_RNG_SEED, Generator, RNG_STATE_BYTES, defaultGenerator, initialSeed, manualSeed } from './generator';
export type { FloatArray, WritableNumbers } from './distributions';
export {
  fillBernoulli,
  fillDropoutMask,
  fillNormal,
  fillNormalTensorParams,
  fillRandint,
  fillUniform,
  normalSample,
  randpermArray,
} from './distributions';
export { calculateGain, kaimingUniformBound, linearBiasBound, rnnInitBound, xavierUniformBound } from './init';
