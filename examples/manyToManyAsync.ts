// Many-to-many, asynchronous (多對多, 非同步/延時): read the whole input first, then write the
// output, as in machine translation or speech-to-text. An encoder nn.RNN reads the input sequence;
// its last hidden state (the "context") is the decoder's initial state; a decoder nn.RNN then
// writes the output sequence. The task: write the input back in REVERSE order.
// The loss touches only the decoder's outputs: the encoder learns through the context alone.
// Run: npx tsx examples/manyToManyAsync.ts   (or: bptt-lens trace examples/manyToManyAsync.ts)
import { nn, optim, torch, type Tensor } from 'bptt-lens';

const T_IN = 6; // input length
const T_OUT = 6; // output length (the reversed input)
const B = 32;
const HIDDEN = 32;

class EncoderDecoder extends nn.Module {
  encoder = new nn.RNN(1, HIDDEN, { batchFirst: true });
  decoder = new nn.RNN(1, HIDDEN, { batchFirst: true });
  out = new nn.Linear(HIDDEN, 1);

  /** x: [B, T_IN, 1] → [B, T_OUT, 1]. */
  override forward(x: Tensor): Tensor {
    const [, context] = this.encoder.call(x); // [1, B, HIDDEN]: everything the decoder will know
    // The decoder's input at each step is its own previous target ("teacher forcing" would feed
    // y_{t-1}); here simply zeros: the output must come from the context.
    const start = torch.zeros(x.size(0), T_OUT, 1);
    const [decoded] = this.decoder.call(start, context);
    return this.out.call(decoded);
  }
}

torch.manualSeed(0);
const model = new EncoderDecoder();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const lossFn = new nn.MSELoss();

for (let it = 1; it <= 40; it++) {
  const x = torch.rand(B, T_IN, 1).mul(2).sub(1);
  const target = torch.stack(x.unbind(1).reverse(), 1); // x reversed along time: [B, T_OUT, 1]
  const loss = lossFn.call(model.call(x), target);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  if (it % 10 === 0) console.log(`iter ${String(it).padStart(3)}  loss ${loss.item().toFixed(4)}`);
}
