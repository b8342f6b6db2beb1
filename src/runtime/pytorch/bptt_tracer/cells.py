"""The recurrent cells of ATen's aten/src/ATen/native/RNN.cpp (the CPU path of PyTorch 1.13), as
ordinary ops in the same order with the same arguments, so that the numbers and the grad_fn nodes
(AddmmBackward0, AddBackward0, TanhBackward0, UnsafeSplitBackward0, SigmoidBackward0, …) are
PyTorch's own. In-place steps of ATen (add_, sigmoid_, mul_) are done out of place: the same values
and node names, and the tensors the tracer keeps (W_hh·h + b_hh, the GRU's W_hn·h + b_hn) stay
unmodified. Each cell returns (new hidden, gates, hh) where hh = W_hh·h_{t-1} + b_hh."""
import torch
import torch.nn.functional as F


def simple_cell(act, x, hx, p, precomputed):
    """`act(linear_hh(h).add_(x_proj))`; `precomputed`: x is already the input projection."""
    w_ih, w_hh, b_ih, b_hh = p
    hh = F.linear(hx, w_hh, b_hh)
    pre = torch.add(hh, x if precomputed else F.linear(x, w_ih, b_ih))
    h = torch.tanh(pre) if act == 'tanh' else torch.relu(pre)
    return h, None, hh


def lstm_cell(x, hidden, p, precomputed):
    """Gates i, f, g, o; returns ((h', c'), gates, hh)."""
    w_ih, w_hh, b_ih, b_hh = p
    hx, cx = hidden
    hh = F.linear(hx, w_hh, b_hh)
    gates = torch.add(hh, x if precomputed else F.linear(x, w_ih, b_ih))
    c0, c1, c2, c3 = gates.unsafe_chunk(4, 1)
    ingate = torch.sigmoid(c0)
    forgetgate = torch.sigmoid(c1)
    cellgate = torch.tanh(c2)
    outgate = torch.sigmoid(c3)
    cy = torch.add(torch.mul(forgetgate, cx), torch.mul(ingate, cellgate))
    hy = torch.mul(outgate, torch.tanh(cy))
    return (hy, cy), {'i': ingate, 'f': forgetgate, 'g': cellgate, 'o': outgate}, hh


def gru_cell(x, hx, p, precomputed):
    """Gates r, z, n: `(h - n)·z + n`; the gates also carry hn = W_hn·h + b_hn."""
    w_ih, w_hh, b_ih, b_hh = p
    ig = (x if precomputed else F.linear(x, w_ih, b_ih)).unsafe_chunk(3, 1)
    hh = F.linear(hx, w_hh, b_hh)
    hg = hh.unsafe_chunk(3, 1)
    reset_gate = torch.sigmoid(torch.add(hg[0], ig[0]))
    input_gate = torch.sigmoid(torch.add(hg[1], ig[1]))
    new_gate = torch.tanh(torch.add(ig[2], torch.mul(hg[2], reset_gate)))
    hy = torch.add(torch.mul(torch.sub(hx, new_gate), input_gate), new_gate)
    return hy, {'r': reset_gate, 'z': input_gate, 'n': new_gate, 'hn': hg[2]}, hh


def step(mode, x, hidden, p, precomputed):
    if mode in ('RNN_TANH', 'RNNCell_tanh'):
        return simple_cell('tanh', x, hidden, p, precomputed)
    if mode in ('RNN_RELU', 'RNNCell_relu'):
        return simple_cell('relu', x, hidden, p, precomputed)
    if mode in ('LSTM', 'LSTMCell'):
        return lstm_cell(x, hidden, p, precomputed)
    return gru_cell(x, hidden, p, precomputed)
