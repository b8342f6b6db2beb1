# Vanishing gradients, on purpose: a tanh nn.RNN whose recurrent weight W_hh is scaled down
# (σ_max(W_hh) ≈ 0.5), run over 100 steps with the loss on the LAST output only (many-to-one).
# Backpropagation through time multiplies ∂h_t/∂h_{t-1} = diag(1 - h_t²)·W_hh once per step, so the
# gradient reaching step t shrinks at least as fast as 0.5^(99 - t): the first inputs get no learning
# signal. `bptt-lens trace examples/vanishingDemo.py` reports the effective horizon.
# The Python twin of vanishingDemo.ts: it prints the same numbers.
# Run: bptt-lens run examples/vanishingDemo.py
import torch
import torch.nn as nn

T = 100  # sequence length
HIDDEN = 32


class LastStepModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, HIDDEN)  # tanh, input [T, B, 1]
        self.out = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        outputs, _ = self.rnn(x)
        return self.out(outputs[-1])  # only the last step's output: [B, 1]


torch.manual_seed(0)
model = LastStepModel()

# Shrink W_hh in place, outside autograd. The default init gives σ_max ≈ 1.1; 0.45× brings it to about 0.5.
with torch.no_grad():
    model.rnn.weight_hh_l0.mul_(0.45)

# The task needs memory: the target is the FIRST input value, to be reported at the last step.
B = 4
x = torch.randn(T, B, 1) * 0.5
x.requires_grad_(True)  # so we can look at ∂L/∂x_t below
target = x.detach()[0]  # [B, 1]

prediction = model(x)
loss = nn.MSELoss()(prediction, target)
loss.backward()
print(f'loss {loss.item():.4f}')

# ‖∂L/∂x_t‖: how much the loss can "see" the input at step t. It collapses going back in time.
for t in [T - 1, T - 2, T - 5, T - 10, T - 20, T - 40, 0]:
    g = x.grad[t].pow(2).sum().sqrt().item()
    print(f'‖∂L/∂x_{t:<2}‖ = {g:.2e}')
