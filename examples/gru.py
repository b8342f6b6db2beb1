# A GRU (nn.GRU: 2 layers, batch_first) learning a delayed echo: at every step, output the input from
# DELAY steps ago. The answer at t depends on x_{t-DELAY}, so gradient must flow DELAY steps back
# through the hidden state; the update gate z_t lets the GRU keep h_t almost unchanged (h_t ≈ h_{t-1}
# when z_t ≈ 1), which keeps that path open.
# The Python twin of gru.ts: it prints the same numbers.
# Run: bptt-lens run examples/gru.py   (or: bptt-lens trace examples/gru.py)
import torch
import torch.nn as nn

T = 16
B = 16
HIDDEN = 16
DELAY = 2


class Echo(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, HIDDEN, num_layers=2, batch_first=True)  # input [B, T, 1]
        self.head = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        outputs, _ = self.gru(x)  # [B, T, HIDDEN]
        return self.head(outputs)  # [B, T, 1]


def batch():
    """x [B, T, 1] random values; y[t] = x[t - DELAY] (0 for the first DELAY steps)."""
    x = torch.randn(B, T, 1)
    y = torch.cat([torch.zeros(B, DELAY, 1), x[:, 0:T - DELAY]], 1)
    return x, y


torch.manual_seed(0)
model = Echo()
optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
loss_fn = nn.MSELoss()

for it in range(1, 31):
    x, y = batch()
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 5 == 0:
        print(f'iter {it:2d}  loss {loss.item():.4f}')
