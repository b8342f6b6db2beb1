# An LSTM (nn.LSTM: 2 layers, batch_first) forecasting a signal one step ahead: the input is a mix of
# two sine waves, the target at every step is the next value. The cell state c_t, gated by the forget
# gate f_t, gives gradient a path back through time that is not squashed by tanh at every step;
# `bptt-lens trace examples/lstm.py` shows the mean forget gate and ‖∂L/∂c_t‖ per step.
# The Python twin of lstm.ts: it prints the same numbers.
# Run: bptt-lens run examples/lstm.py   (or: bptt-lens trace examples/lstm.py)
import math

import torch
import torch.nn as nn

T = 16
B = 8
HIDDEN = 16


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, HIDDEN, num_layers=2, batch_first=True)  # input [B, T, 1]
        self.head = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        outputs, _ = self.lstm(x)  # [B, T, HIDDEN] from the top layer; (h_n, c_n) ignored
        return self.head(outputs)  # [B, T, 1]


def batch():
    """Signal s(t) = sin(t·0.3 + φ) + 0.5·sin(t·0.9 + ψ) with random phases: x = s(0..T-1), y = s(1..T)."""
    steps = torch.arange(0, T + 1, 1, dtype=torch.float32).view(1, T + 1)
    phi = torch.rand(B, 1) * (2 * math.pi)
    psi = torch.rand(B, 1) * (2 * math.pi)
    s = (steps * 0.3 + phi).sin() + (steps * 0.9 + psi).sin() * 0.5  # [B, T+1]
    x = s[:, 0:T].unsqueeze(2)
    y = s[:, 1:T + 1].unsqueeze(2)
    return x, y


torch.manual_seed(0)
model = Forecaster()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

for it in range(1, 31):
    x, y = batch()
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 5 == 0:
        print(f'iter {it:2d}  loss {loss.item():.5f}')
