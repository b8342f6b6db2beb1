// The seed tutorial's autograd example, in JS against the bptt-lens engine:
// z = x·w + b, a binary cross-entropy loss, its grad_fn chain, then backward.
// Run: npm run example
import { F, formatGradFnTree, torch } from 'bptt-lens';

torch.manualSeed(0);
const x = torch.ones(5); // input
const y = torch.zeros(3); // target
const w = torch.randn(5, 3, { requiresGrad: true });
const b = torch.randn(3, { requiresGrad: true });
const z = torch.matmul(x, w).add(b);
const loss = F.binaryCrossEntropyWithLogits(z, y);

console.log('z =', String(z));
console.log('loss =', String(loss));
console.log('\nThe grad_fn chain backward() will walk, from the loss to the leaves:');
console.log(formatGradFnTree(loss.gradFn!));

loss.backward();
console.log('\nw.grad =', String(w.grad));
console.log('b.grad =', String(b.grad));
