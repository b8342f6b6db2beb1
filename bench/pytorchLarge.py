# A model the embedded engine should not run: a 2-layer LSTM with 1024 units over BPTT_LARGE_T steps
# (default 200), one training step. bench/pytorchCompare.ts runs it on the pytorch backend, plain
# and traced, and prints both times and the trace's size. On CUDA when there is one.
import os

import torch
import torch.nn as nn

T = int(os.environ.get('BPTT_LARGE_T', '200'))
H = 1024
device = 'cuda' if torch.cuda.is_available() else 'cpu'


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(32, H, num_layers=2)
        self.head = nn.Linear(H, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[-1])


torch.manual_seed(0)
model = Model().to(device)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.randn(T, 1, 32, device=device)
y = torch.ones(1, 1, device=device)
loss = nn.functional.mse_loss(model(x), y)
opt.zero_grad()
loss.backward()
torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
opt.step()
print(f'T={T} H={H} device={device} loss={loss.item():.6f}')
