// Many-to-one (多對一): read a whole sequence, answer once at the end, as in text classification
// or sentiment analysis. Here each step is a noisy "word score" and the label says whether the
// sequence is positive or negative overall (the sign of its hidden mean), so every step matters.
// The nn.RNN reads all T steps, only the LAST hidden state goes to the classifier, and the loss is
// injected at the last step only; BPTT carries it back to the earlier steps.
// Run: npx tsx examples/manyToOne.ts   (or: bptt-lens trace examples/manyToOne.ts)
import { nn, optim, torch, type Tensor } from 'bptt-lens';

const T = 16; // sequence length
const B = 16; // sequences per batch
const CLASSES = 2; // 0: negative, 1: positive

class SequenceClassifier extends nn.Module {
  rnn = new nn.RNN(1, 16, { batchFirst: true }); // input [B, T, 1]
  head = new nn.Linear(16, CLASSES);

  override forward(x: Tensor): Tensor {
    const [, hn] = this.rnn.call(x); // h_n: [1, B, 16], the state after the last step
    return this.head.call(hn.index(0)); // logits [B, 2]
  }
}

/** A batch: x [B, T, 1] with per-step scores mean ± 0.3 plus noise, labels [B] (int64: 1 if the mean is +0.3). */
function batch(): [Tensor, Tensor] {
  const labels = torch.randint(0, CLASSES, [B]);
  const mean = labels.float().mul(0.6).sub(0.3).view(B, 1, 1); // 0 → -0.3, 1 → +0.3
  const x = torch.randn(B, T, 1).mul(0.5).add(mean);
  return [x, labels];
}

torch.manualSeed(0);
const model = new SequenceClassifier();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const lossFn = new nn.CrossEntropyLoss();

for (let it = 1; it <= 30; it++) {
  const [x, labels] = batch();
  const logits = model.call(x);
  const loss = lossFn.call(logits, labels);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  if (it % 5 === 0) {
    const accuracy = logits.argmax(1).eq(labels).float().mean().item();
    console.log(`iter ${String(it).padStart(2)}  loss ${loss.item().toFixed(4)}  accuracy ${(accuracy * 100).toFixed(0)}%`);
  }
}
