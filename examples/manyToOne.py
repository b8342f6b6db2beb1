# Many-to-one (多對一): read a whole sequence, answer once at the end, as in text classification
# or sentiment analysis. Here each step is a noisy "word score" and the label says whether the
# sequence is positive or negative overall, so every step matters. The nn.RNN reads all T steps, only
# the LAST hidden state goes to the classifier, and the loss is injected at the last step only; BPTT
# carries it back to the earlier steps. The Python twin of manyToOne.ts: it prints the same numbers.
# Run: bptt-lens run examples/manyToOne.py   (or: bptt-lens trace examples/manyToOne.py)
import torch
import torch.nn as nn

T = 16  # sequence length
B = 16  # sequences per batch
CLASSES = 2  # 0: negative, 1: positive


class SequenceClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, 16, batch_first=True)  # input [B, T, 1]
        self.head = nn.Linear(16, CLASSES)

    def forward(self, x):
        _, h_n = self.rnn(x)  # h_n: [1, B, 16], the state after the last step
        return self.head(h_n[0])  # logits [B, 2]


def batch():
    """x [B, T, 1] with per-step scores mean ± 0.3 plus noise, labels [B] (1 if the mean is +0.3)."""
    labels = torch.randint(0, CLASSES, (B,))
    mean = (labels.float() * 0.6 - 0.3).view(B, 1, 1)  # 0 → -0.3, 1 → +0.3
    x = torch.randn(B, T, 1) * 0.5 + mean
    return x, labels


torch.manual_seed(0)
model = SequenceClassifier()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

for it in range(1, 31):
    x, labels = batch()
    logits = model(x)
    loss = loss_fn(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 5 == 0:
        accuracy = (logits.argmax(1) == labels).float().mean().item()
        print(f'iter {it:2d}  loss {loss.item():.4f}  accuracy {accuracy * 100:.0f}%')
