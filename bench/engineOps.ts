// Engine op throughput: the per-op overhead on tiny tensors is what makes RNN traces fast.
import { torch } from '../src/engine';
import { measure, type BenchRow } from './harness';

/** Runs the op benchmarks and returns their rows. */
export function benchEngineOps(): BenchRow[] {
  torch.manualSeed(0);
  const x1 = torch.randn(1, 32);
  const w32 = torch.randn(32, 32);
  const a32 = torch.randn(32);
  const b32 = torch.randn(32);
  const x16 = torch.randn(16, 128);
  const w128 = torch.randn(128, 128);
  const xg = torch.randn(1, 32, { requiresGrad: true });
  const wg = torch.randn(32, 32, { requiresGrad: true });
  const bg = torch.randn(32, { requiresGrad: true });
  return [
    measure('matmul 1x32 · 32x32', () => x1.matmul(w32)),
    measure('add 32 + 32', () => a32.add(b32)),
    measure('mul 32 * 32', () => a32.mul(b32)),
    measure('tanh 32', () => a32.tanh()),
    measure('add 32 + 32 (recorded)', () => bg.add(bg)),
    measure('addmm 1x32 · 32x32ᵀ + b (recorded)', () => torch.addmm(bg, xg, wg.t())),
    measure('matmul 16x128 · 128x128', () => x16.matmul(w128)),
  ];
}
