// Seeded float64 inputs for the gradcheck suites, kept away from kinks and ties, from their own
// generator (prng.ts), never torch's.
import { torch } from '../../../src/engine/torch';
import type { Tensor } from '../../../src/engine/tensor';
import { prng } from './prng';

export type Kind =
  /** uniform in ±[0.2, 1.5]: away from 0, the kink of abs/relu/sign */
  | 'n'
  /** uniform in [0.5, 2]: for log, sqrt, fractional powers, denominators */
  | 'pos'
  /** distinct values at least 0.1 apart: no ties for max/min */
  | 'distinct';

/**
 * A suite's inputs from `seed`; `reset()` (before each test) restarts the stream, so a test's
 * inputs do not depend on the tests run before it. e.g. `const { x, c } = new GradInputs(1)`
 */
export class GradInputs {
  private rand: () => number;

  constructor(private readonly seed: number) {
    this.rand = prng(seed);
  }

  readonly reset = (): void => {
    this.rand = prng(this.seed);
  };

  readonly values = (n: number, kind: Kind): number[] => {
    const rand = this.rand;
    if (kind === 'pos') return Array.from({ length: n }, () => 0.5 + 1.5 * rand());
    if (kind === 'distinct') {
      const v = Array.from({ length: n }, (_, i) => -1 + 0.2 * i + 0.05 * rand());
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [v[i], v[j]] = [v[j], v[i]];
      }
      return v;
    }
    return Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1) * (0.2 + 1.3 * rand()));
  };

  /** A float64 leaf that requires grad. */
  readonly x = (shape: number[], kind: Kind = 'n'): Tensor => torch.fromArray(Float64Array.from(this.values(numel(shape), kind)), shape, { requiresGrad: true });

  /** A float64 constant (no grad). */
  readonly c = (shape: number[], kind: Kind = 'n'): Tensor => torch.fromArray(Float64Array.from(this.values(numel(shape), kind)), shape);
}

function numel(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** An int64 tensor of `data`. */
export function long(data: number[], shape = [data.length]): Tensor {
  return torch.fromArray(Float64Array.from(data), shape, { dtype: 'int64' });
}
