# The tutorial's model (nn.RNN(1, 32) + nn.Linear(32, 1)) on ONE long sequence: T = 1000 points of a
# sine wave, one forward pass, the loss at every step, one backward pass through all 1000 steps.
# Nothing is trained: this is the large-graph case (about 10,000 grad_fn nodes) for the trace views.
# Expect ‖∂L/∂h_t‖ to be fed by the loss at every step, while the gradient from any one loss term
# fades after a few dozen steps.
# The Python twin of longSequence.ts: it prints the same numbers (the timing aside).
# Run: bptt-lens run examples/longSequence.py   (or: bptt-lens trace examples/longSequence.py)
import time

import torch
import torch.nn as nn

T = 1000


class RnnModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(input_size=1, hidden_size=32, num_layers=1)
        self.out = nn.Linear(32, 1)

    def forward(self, x, h):
        out, h_n = self.rnn(x, h)
        return self.out(out), h_n


torch.manual_seed(1)
model = RnnModel()

# x = sin(t), y = sin(t + 0.1): predict the next point at every step
steps = torch.arange(0, T, 1, dtype=torch.float64) * 0.1
x = steps.sin().float().view(T, 1, 1)
y = (steps + 0.1).sin().float().view(T, 1, 1)

started = time.perf_counter()
prediction, _ = model(x, None)
loss = nn.MSELoss()(prediction, y)
loss.backward()
ms = (time.perf_counter() - started) * 1000

print(f'T={T}: loss {loss.item():.4f}, forward + backward in {ms:.0f} ms')
for name, p in model.named_parameters():
    print(f'‖∂L/∂{name}‖ = {p.grad.pow(2).sum().sqrt().item():.2e}')
