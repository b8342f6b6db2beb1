# Many-to-many, synchronous (多對多, 同步): one output per input step, as when labelling every frame
# of a video. Here: at each step, is the signal going up (x_t > x_{t-1})? The answer at t needs the
# previous input, so the RNN must carry one step of memory. The loss is injected at EVERY step; each
# h_t gets gradient from its own output and from h_{t+1}.
# The Python twin of manyToManySync.ts: it prints the same numbers.
# Run: bptt-lens run examples/manyToManySync.py   (or: bptt-lens trace examples/manyToManySync.py)
import torch
import torch.nn as nn

T = 20
B = 16
HIDDEN = 16


class StepLabeller(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, HIDDEN)  # input [T, B, 1] (sequence first, as in the tutorial)
        self.head = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        outputs, _ = self.rnn(x)  # [T, B, HIDDEN]: h_t for every step
        return self.head(outputs)  # one logit per step: [T, B, 1]


def batch():
    """x [T, B, 1] random values; y [T, B, 1] 1 where x_t > x_{t-1} (x_{-1} = 0), else 0."""
    x = torch.randn(T, B, 1)
    previous = torch.cat([torch.zeros(1, B, 1), x[0:T - 1]], 0)
    return x, (x > previous).float()


torch.manual_seed(0)
model = StepLabeller()
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
loss_fn = nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy, averaged over all steps

for it in range(1, 41):
    x, y = batch()
    logits = model(x)
    loss = loss_fn(logits, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 10 == 0:
        accuracy = ((logits > 0).float() == y).float().mean().item()
        print(f'iter {it:2d}  loss {loss.item():.4f}  per-step accuracy {accuracy * 100:.0f}%')
