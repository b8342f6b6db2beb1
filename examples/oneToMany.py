# One-to-many (一對多): one input, a whole sequence out, as in music or poem generation. Here the
# input is a single number a (the "theme"); from it the model must generate T values of the melody
# a·cos(2πt/T). The loop is written by hand with nn.RNNCell, one call per step: the input is a at the
# first step and 0 afterwards, so everything after t=0 comes from the hidden state.
# The Python twin of oneToMany.ts: it prints the same numbers.
# Run: bptt-lens run examples/oneToMany.py   (or: bptt-lens trace examples/oneToMany.py)
import math

import torch
import torch.nn as nn

T = 16
B = 16
HIDDEN = 32


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = nn.RNNCell(1, HIDDEN)
        self.out = nn.Linear(HIDDEN, 1)

    def forward(self, a):
        """a: [B, 1] → the generated sequence [T, B, 1]."""
        silence = torch.zeros_like(a)
        outputs = []
        h = None
        for t in range(T):
            # the first call starts from h = 0; each later call continues the same sequence
            h = self.cell(a) if h is None else self.cell(silence, h)
            outputs.append(self.out(h))
        return torch.stack(outputs, 0)


torch.manual_seed(0)
model = Generator()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
melody = (torch.arange(0, T, 1, dtype=torch.float32) * (2 * math.pi / T)).cos().view(T, 1, 1)  # [T, 1, 1]

for it in range(1, 51):
    a = torch.rand(B, 1) * 2 - 1  # one number per sequence, in [-1, 1)
    target = melody * a.view(1, B, 1)  # [T, B, 1]
    loss = loss_fn(model(a), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 10 == 0:
        print(f'iter {it:2d}  loss {loss.item():.5f}')

# Generate from a = 0.8 and compare with the melody it should produce.
with torch.no_grad():
    generated = model(torch.full((1, 1), 0.8))


def show(seq):
    return ' '.join(f'{v:.2f}' for v in seq.flatten().tolist())


print('generated:', show(generated))
print('expected: ', show(melody * 0.8))
