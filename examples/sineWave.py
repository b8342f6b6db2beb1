# The tutorial's model (shared/seed/seed_rnn_model.py: nn.RNN(1, 32) + nn.Linear(32, 1)) learning to
# predict the next value of a sine wave, trained with plain SGD written inline. The hidden state is
# carried from window to window and detached (truncated BPTT), as in the tutorial.
# The Python twin of sineWave.ts: it prints the same numbers.
# Run: bptt-lens run examples/sineWave.py   (or: bptt-lens trace examples/sineWave.py)
import math

import torch
import torch.nn as nn


class RnnModel(nn.Module):
    def __init__(self):
        super(RnnModel, self).__init__()
        self.rnn = nn.RNN(input_size=1, hidden_size=32, num_layers=1)
        self.out = nn.Linear(32, 1)

    def forward(self, x, h):
        out, h = self.rnn(x, h)
        prediction = self.out(out)
        return prediction, h


torch.manual_seed(1)
model = RnnModel()
print(model)

TIME_STEPS = 10  # points per window
WINDOWS = 300
LR = 0.05
loss_fn = nn.MSELoss()
h = None
running = 0.0

for step in range(WINDOWS):
    # one window of the wave: x = sin(t), target y = sin(t + π/10), the next point
    start = step * math.pi
    steps = torch.linspace(start, start + math.pi, TIME_STEPS, dtype=torch.float64)
    x = steps.sin().float().view(TIME_STEPS, 1, 1)
    y = (steps + math.pi / 10).sin().float().view(TIME_STEPS, 1, 1)

    prediction, hn = model(x, h)
    h = hn.detach()  # carry the state, cut the graph
    loss = loss_fn(prediction, y)

    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= p.grad * LR

    running += loss.item()
    if (step + 1) % 25 == 0:
        print(f'window {step + 1:3d}  mean loss {running / 25:.5f}')
        running = 0.0
