// Backward adds mm/addmm weight gradients straight into the private sum they are headed for
// (BackwardCtx.sink), also through a TBackward0. An engine observer turns that off, so running the
// same graph observed and unobserved must give the same gradients bit for bit; hooks, retain_grad
// and autograd.grad must see what they saw before.
import assert from 'node:assert/strict';
import { nn, observeEngine, torch, type DType, type Tensor } from '../../../src/engine';

/** Gradients of `params` after `run()`'s backward, unobserved and under an engine observer. */
function bothWays(params: () => Tensor[], run: () => void): [number[][], number[][]] {
  const grads = (): number[][] => params().map((p) => Array.from(p.grad!.toArray()));
  const zero = (): void => params().forEach((p) => (p.grad = null));
  zero();
  run();
  const plain = grads();
  zero();
  const off = observeEngine(() => {});
  try {
    run();
  } finally {
    off();
  }
  return [plain, grads()];
}

function sameBits(a: number[][], b: number[][], what: string): void {
  assert.equal(a.length, b.length);
  a.forEach((g, i) => g.forEach((v, j) => assert.ok(Object.is(v, b[i][j]), `${what}: param ${i} element ${j}: ${v} vs ${b[i][j]}`)));
}

describe('backward: gradients added straight into their buffer', () => {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const Kind of [nn.RNN, nn.LSTM, nn.GRU]) {
      for (const batch of [1, 3]) {
        it(`${Kind.name} ${dtype}, batch ${batch}, 2 layers: the same bits as the unfused path`, () => {
          torch.manualSeed(5);
          const m = new Kind(3, 7, { numLayers: 2, dtype });
          const head = new nn.Linear(7, 2, { dtype });
          const x = torch.randn([9, batch, 3], { dtype });
          const params = (): Tensor[] => [...m.parameters(), ...head.parameters()];
          const [a, b] = bothWays(params, () => {
            const [out] = m.call(x);
            head.call(out).pow(2).mean().backward();
          });
          sameBits(a, b, `${Kind.name} ${dtype} batch ${batch}`);
        });
      }
    }
  }

  it('mm, addmm (alpha, beta) and a weight used many times, with and without .t()', () => {
    torch.manualSeed(6);
    const w = torch.randn([4, 5], { requiresGrad: true });
    const v = torch.randn([5, 4], { requiresGrad: true });
    const bias = torch.randn([4], { requiresGrad: true });
    const xs = Array.from({ length: 6 }, () => torch.randn([3, 5]));
    const [a, b] = bothWays(
      () => [w, v, bias],
      () => {
        let s = torch.zeros([3, 4]);
        xs.forEach((x, k) => {
          s = s.add(torch.mm(x, w.t())).add(torch.mm(x, v)).add(torch.addmm(bias, x, w.t(), 0.5, k % 2 ? 1 : 2));
        });
        s.tanh().sum().backward();
      },
    );
    sameBits(a, b, 'mm/addmm');
  });

  it('keeps hooks on W.t(), retain_grad and autograd.grad working', () => {
    torch.manualSeed(7);
    const w = torch.randn([3, 3], { requiresGrad: true });
    const xs = Array.from({ length: 5 }, () => torch.randn([2, 3]));
    const seen: number[] = [];
    let wt: Tensor | null = null;
    const loss = (): Tensor => {
      let s = torch.zeros([2, 3]);
      xs.forEach((x, k) => {
        const t = w.t();
        if (k === 3) {
          t.registerHook((g) => void seen.push(g.sum().item()));
          t.retainGrad();
          wt = t;
        }
        s = s.add(torch.mm(x, t));
      });
      return s.pow(2).sum();
    };
    const [want] = bothWays(() => [w], () => loss().backward());
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1]);
    assert.ok(wt !== null && (wt as Tensor).grad !== null);
    const [g] = torch.autograd.grad([loss()], [w]);
    assert.deepEqual(Array.from(g!.toArray()), want[0]);
  });

  it('adds into an existing .grad across two backward calls', () => {
    torch.manualSeed(8);
    const lin = new nn.Linear(4, 4);
    const xs = Array.from({ length: 4 }, () => torch.randn([1, 4]));
    const [a, b] = bothWays(
      () => [...lin.parameters()],
      () => {
        for (let r = 0; r < 2; r++) xs.reduce((h, x) => lin.call(h.add(x)).tanh(), torch.zeros([1, 4])).sum().backward();
      },
    );
    sameBits(a, b, 'two backward calls');
  });
});
