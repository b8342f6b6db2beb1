# One SGD training step of the tutorial model (RNN(1, H) + Linear(H, 1) on sine waves), timed inside
# Python. Run two ways: through the Python front (Pyodide, no arguments: T = 100, B = 1, H = 32;
# bench/python.ts) and on real PyTorch (bench/pytorchCompare.ts):
#   python3 bench/pythonTrainStep.py STEPS T B H THREADS    (THREADS 0: PyTorch's default)
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ARGS = [int(a) for a in sys.argv[1:]] + [0] * 5
STEPS = ARGS[0] or 200
T, B, H, THREADS = ARGS[1] or 100, ARGS[2] or 1, ARGS[3] or 32, ARGS[4]
LR = 0.01
if THREADS:
    torch.set_num_threads(THREADS)


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
# batch element b is the same wave shifted by 0.3·b
steps = (torch.arange(0, T, 1, dtype=torch.float64) * 0.1).view(T, 1, 1) + torch.arange(0, B, 1, dtype=torch.float64).view(1, B, 1) * 0.3
x = steps.sin().float()
y = (steps + 0.1).sin().float()


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
print(f'{elapsed * 1000 / STEPS:.4f} ms/step (torch {torch.__version__}, {torch.get_num_threads()} threads)')
