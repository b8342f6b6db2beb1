# Many-to-many, asynchronous (多對多, 非同步/延時): read the whole input first, then write the output,
# as in machine translation or speech-to-text. An encoder nn.RNN reads the input sequence; its last
# hidden state (the "context") is the decoder's initial state; a decoder nn.RNN then writes the output
# sequence. The task: write the input back in REVERSE order.
# The loss touches only the decoder's outputs: the encoder learns through the context alone.
# The Python twin of manyToManyAsync.ts: it prints the same numbers.
# Run: bptt-lens run examples/manyToManyAsync.py   (or: bptt-lens trace examples/manyToManyAsync.py)
import torch
import torch.nn as nn

T_IN = 6  # input length
T_OUT = 6  # output length (the reversed input)
B = 32
HIDDEN = 32


class EncoderDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.RNN(1, HIDDEN, batch_first=True)
        self.decoder = nn.RNN(1, HIDDEN, batch_first=True)
        self.out = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        """x: [B, T_IN, 1] → [B, T_OUT, 1]."""
        _, context = self.encoder(x)  # [1, B, HIDDEN]: everything the decoder will know
        # The decoder's input at each step is its own previous target ("teacher forcing" would feed
        # y_{t-1}); here simply zeros: the output must come from the context.
        start = torch.zeros(x.size(0), T_OUT, 1)
        decoded, _ = self.decoder(start, context)
        return self.out(decoded)


torch.manual_seed(0)
model = EncoderDecoder()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

for it in range(1, 41):
    x = torch.rand(B, T_IN, 1) * 2 - 1
    target = torch.stack(list(reversed(x.unbind(1))), 1)  # x reversed along time: [B, T_OUT, 1]
    loss = loss_fn(model(x), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 10 == 0:
        print(f'iter {it:3d}  loss {loss.item():.4f}')
