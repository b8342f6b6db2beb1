# One SGD training step of the tutorial model (RNN(1, 32) + Linear(32, 1), T = 100, B = 1) through the
# Python front, timed inside Python; bench/python.ts runs the same step in JS for comparison.
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

T, H, LR = 100, 32, 0.01
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 200


class TutorialModel(nn.Module):
    def __init__(self, hidden=H):
        super().__init__()
        self.rnn = nn.RNN(1, hidden)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.out(out)


torch.manual_seed(0)
model = TutorialModel()
opt = torch.optim.SGD(model.parameters(), lr=LR)
steps = torch.arange(0, T, 1, dtype=torch.float64) * 0.1
x = steps.sin().float().view(T, 1, 1)
y = (steps + 0.1).sin().float().view(T, 1, 1)


def step():
    opt.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(20):
    step()
start = time.perf_counter()
for _ in range(STEPS):
    step()
elapsed = time.perf_counter() - start
print(f'{elapsed * 1000 / STEPS:.4f} ms/step')
