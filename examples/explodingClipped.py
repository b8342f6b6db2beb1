# The model of explodingDemo.py (σ_max(W_hh) ≈ 3.5, loss at the last step), now trained with
# torch.optim.SGD and gradient-norm clipping: torch.nn.utils.clip_grad_norm_ rescales all gradients
# together so their joint L2 norm is at most MAX_NORM before each update. The first iterations'
# gradients still explode (norms of 10^4 before clipping; the trace reports it as info, since clipping
# bounded every update), training moves the model out of that regime, and the loss falls.
# The Python twin of explodingClipped.ts: it prints the same numbers. (Real PyTorch agrees on the first
# iteration's norm; this tanh RNN is chaotic at this gain, so float32 rounding differences between the
# engine and ATen's kernels grow over training and its later lines differ.)
# Run: bptt-lens run examples/explodingClipped.py   (or: bptt-lens trace examples/explodingClipped.py)
import torch
import torch.nn as nn

T = 50
HIDDEN = 32
SCALE = 3.2
MAX_NORM = 1.0
ITERATIONS = 30


class LastStepModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, HIDDEN)
        self.out = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        outputs, _ = self.rnn(x)
        return self.out(outputs[-1])


torch.manual_seed(0)
model = LastStepModel()
with torch.no_grad():
    model.rnn.weight_hh_l0.mul_(SCALE)
    model.rnn.bias_ih_l0.zero_()
    model.rnn.bias_hh_l0.zero_()

# Momentum averages the noisy, clipped directions over iterations.
optimizer = torch.optim.SGD(model.parameters(), lr=0.03, momentum=0.9)
loss_fn = nn.MSELoss()
B = 8
loss_sum = 0.0
largest = 0.0

for it in range(ITERATIONS):
    x = torch.randn(T, B, 1) * 0.01
    target = torch.ones(B, 1)
    loss = loss_fn(model(x), target)

    optimizer.zero_grad()
    loss.backward()
    # returns the total norm BEFORE clipping: watch how large it is
    total = nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM).item()
    optimizer.step()

    loss_sum += loss.item()
    largest = max(largest, total)
    if (it + 1) % 5 == 0:
        # the mean over 5 iterations, and the largest gradient norm clipped down to MAX_NORM in them
        print(f'iter {it + 1:2d}  mean loss {loss_sum / 5:.4f}  largest ‖grad‖ {largest:.2e} → {MAX_NORM:g}')
        loss_sum = 0.0
        largest = 0.0
