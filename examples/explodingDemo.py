# Exploding gradients, on purpose: the same shape of model as vanishingDemo.py, but with W_hh scaled
# UP (σ_max(W_hh) ≈ 3.5), zero biases and small inputs, so tanh'(·) stays close to 1 over much of the
# sequence. Each step of backpropagation through time now multiplies the gradient by up to 3.5
# (instead of 0.5), and ‖∂L/∂h_t‖ grows geometrically from the last step back to the first: about
# 10^4 times over 50 steps. See explodingClipped.py for the same model trained with gradient clipping.
# The Python twin of explodingDemo.ts: it prints the same numbers.
# Run: bptt-lens run examples/explodingDemo.py   (or: bptt-lens trace examples/explodingDemo.py)
import torch
import torch.nn as nn

T = 50
HIDDEN = 32
SCALE = 3.2  # the default init gives σ_max(W_hh) ≈ 1.1; this makes it ≈ 3.5


class LastStepModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, HIDDEN)
        self.out = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        outputs, _ = self.rnn(x)
        return self.out(outputs[-1])  # loss on the last step only


torch.manual_seed(0)
model = LastStepModel()
with torch.no_grad():
    model.rnn.weight_hh_l0.mul_(SCALE)
    # zero recurrent biases and small inputs keep h_t near 0, where tanh'(·) ≈ 1
    model.rnn.bias_ih_l0.zero_()
    model.rnn.bias_hh_l0.zero_()

B = 4
x = torch.randn(T, B, 1) * 0.01
target = torch.ones(B, 1)

prediction = model(x)
loss = nn.MSELoss()(prediction, target)
loss.backward()
print(f'loss {loss.item():.4f}')
for name, p in model.named_parameters():
    norm = p.grad.pow(2).sum().sqrt().item()
    print(f'‖∂L/∂{name}‖ = {norm:.2e}')
print('One SGD step with these gradients would throw the weights far away; see the explodingClipped example.')
