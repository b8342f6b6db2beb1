// The V8 heap of a script worker. A traced or untraced run allocates a tensor per op, and an
// unrolled sequence keeps thousands of them alive until backward: with V8's default young
// generation (16 MB semi-spaces) every scavenge copies them again. 192 MB (64 MB semi-spaces) cut
// a T=1000 training step by about a quarter untraced and a third traced (docs/trace-format.md, "Cost of recording").
import type { ResourceLimits } from 'node:worker_threads';

/** Young generation of a script worker, in MB. */
export const YOUNG_GENERATION_MB = 192;

/** The worker's resource limits for a heap (old generation) of `heapMb`. */
export function workerResourceLimits(heapMb: number): ResourceLimits {
  return { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
}
