"""Per-step recording needs every h_t, but PyTorch may compute a recurrent layer in one fused kernel
(MkldnnRnnLayerBackward0 on CPU since 2.x, CudnnRnnBackward0 on CUDA) that hides the steps. So while
tracing, the _VF functions nn.RNN/LSTM/GRU and the cells call are replaced by an unrolled loop over
the same weights (ATen's CPU algorithm, cells.py): the modules' own forward still checks the
arguments, makes h0, handles unbatched input and batch_first, exactly as the user's torch does."""
import sys

import torch
from torch import _VF

from . import cells
from .state import S
from .steps import mark_output

_ORIG = {}
_LAYER_MODES = {'rnn_tanh': 'RNN_TANH', 'rnn_relu': 'RNN_RELU', 'lstm': 'LSTM', 'gru': 'GRU'}
_CELL_MODES = {'rnn_tanh_cell': 'RNNCell_tanh', 'rnn_relu_cell': 'RNNCell_relu', 'lstm_cell': 'LSTMCell', 'gru_cell': 'GRUCell'}


def install():
    for name, mode in _LAYER_MODES.items():
        _ORIG[name] = getattr(_VF, name)
        setattr(_VF, name, _layer_fn(name, mode))
    for name, mode in _CELL_MODES.items():
        _ORIG[name] = getattr(_VF, name)
        setattr(_VF, name, _cell_fn(name, mode))


def _note(key, text):
    """A one-time note on stderr (what is not recorded, and why)."""
    if key not in S.notes:
        S.notes.add(key)
        sys.stderr.write(f'bptt-lens: {text}\n')


class _Ctx:
    """Sets the step or layer tag that new nodes get, and restores the previous one."""

    __slots__ = ('attr', 'value', 'prev')

    def __init__(self, attr, value):
        self.attr = attr
        self.value = value

    def __enter__(self):
        self.prev = getattr(S, self.attr)
        setattr(S, self.attr, self.value)

    def __exit__(self, *exc):
        setattr(S, self.attr, self.prev)


# -- layers ----------------------------------------------------------------------------------


def _layer_fn(name, mode):
    orig = _ORIG[name]

    def vf(*args, **kwargs):
        # unpacked: (input, hx, params, has_biases: bool, num_layers, dropout, train, bidirectional, batch_first);
        # a PackedSequence's: (data, batch_sizes, hx, params, has_biases: bool, num_layers, dropout, train, bidirectional)
        packed = len(args) == 9 and not isinstance(args[3], bool) and isinstance(args[4], bool)
        if kwargs or len(args) != 9 or not (packed or isinstance(args[3], bool)):
            _note('call', f'an unexpected call of the {mode} kernel ran fused: no per-step data for it')
            return orig(*args, **kwargs)
        if packed:
            data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidirectional = args
        else:
            inp, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first = args
        dirs = 2 if bidirectional else 1
        per = len(params) // (num_layers * dirs)
        if per != (4 if has_biases else 2):
            _note('proj', f'an LSTM with proj_size > 0 ran through the fused {mode} kernel: no per-step data for it')
            return orig(*args, **kwargs)
        owner = _owner_of(params)
        if packed:
            return _run_packed(mode, data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, dirs, owner)
        return _run_layers(mode, inp, hx, params, has_biases, num_layers, dropout, train, dirs, batch_first, owner)

    vf.__wrapped__ = orig
    return vf


def _owner_of(params):
    """The module whose forward called _VF: its _flat_weights are `params`."""
    first = params[0] if len(params) else None
    for m in reversed(S.module_stack):
        fw = getattr(m, '_flat_weights', None)
        if fw and fw[0] is first:
            return m
    for m in S.modules:
        fw = getattr(m, '_flat_weights', None)
        if fw and fw[0] is first:
            return m
    return S.module_stack[-1] if S.module_stack else first


def _params(params, k, has_biases):
    per = 4 if has_biases else 2
    w = params[k * per : (k + 1) * per]
    return (w[0], w[1], w[2], w[3]) if has_biases else (w[0], w[1], None, None)


def _run_layers(mode, inp, hx, params, has_biases, num_layers, dropout, train, dirs, batch_first, owner):
    lstm = mode == 'LSTM'
    x = inp.transpose(0, 1) if batch_first else inp
    if lstm:
        hs = hx[0].unbind(0)
        cs = hx[1].unbind(0)
        hiddens = list(zip(hs, cs))
    else:
        hiddens = hx.unbind(0)
    finals = []
    layer_input = x
    for layer in range(num_layers):
        if dirs == 2:
            fw_out, fw_final = _run_direction(mode, layer_input, hiddens[2 * layer], _params(params, 2 * layer, has_biases), layer, 0, owner)
            with _Ctx('layer', (owner, layer, 0)):
                fw = torch.stack(fw_out, 0)
            rev_out, rev_final = _run_direction(mode, layer_input, hiddens[2 * layer + 1], _params(params, 2 * layer + 1, has_biases), layer, 1, owner)
            with _Ctx('layer', (owner, layer, 1)):
                rev = torch.stack(rev_out, 0)
            with _Ctx('layer', (owner, layer, None)):
                out = torch.cat([fw, rev], fw.dim() - 1)
            finals += [fw_final, rev_final]
        else:
            fw_out, fw_final = _run_direction(mode, layer_input, hiddens[layer], _params(params, layer, has_biases), layer, 0, owner)
            with _Ctx('layer', (owner, layer, 0)):
                out = torch.stack(fw_out, 0)
            finals.append(fw_final)
        if dropout != 0 and train and layer < num_layers - 1:
            with _Ctx('layer', (owner, layer, None)):
                out = torch.dropout(out, dropout, True)
        layer_input = out
    output = layer_input
    if lstm:
        hy = torch.stack([f[0] for f in finals], 0)
        cy = torch.stack([f[1] for f in finals], 0)
        if batch_first:
            output = output.transpose(0, 1)
        return output, hy, cy
    hy = torch.stack(finals, 0)
    if batch_first:
        # ATen transposes the RNN/GRU output in place (LSTM's out of place): the same nodes
        output = output.transpose_(0, 1)
    return output, hy


def _run_direction(mode, layer_input, h0, p, layer, direction, owner):
    """One direction of one layer (ATen's FullLayer on CPU): the input projection of every step at
    once, unbind, then the cell per step (t = T-1 … 0 for the reverse direction)."""
    with _Ctx('layer', (owner, layer, direction)):
        steps_in = torch.nn.functional.linear(layer_input, p[0], p[2]).unbind(0)
    T = len(steps_in)
    if T == 0:
        raise RuntimeError('Expected sequence length to be larger than 0 in RNN')
    outputs = [None] * T
    h = h0
    source = S.call_site if S.call_depth > 0 else None
    w_hh = p[1]
    for k in range(T):
        t = k if direction == 0 else T - 1 - k
        seq, tag = S.steps.begin(owner, mode, layer, direction, t, w_hh, source, False)
        with _Ctx('step', tag):
            new_h, gates, hh = cells.step(mode, steps_in[t], h, p, True)
        if mode == 'LSTM':
            S.steps.end(seq, t, source, lambda t=t: layer_input.detach()[t], h[0], new_h[0], hh, w_hh, h[1], new_h[1], gates)
            outputs[t] = new_h[0]
        else:
            S.steps.end(seq, t, source, lambda t=t: layer_input.detach()[t], h, new_h, hh, w_hh, gates=gates)
            outputs[t] = new_h
        h = new_h
    return outputs, h


# -- PackedSequence --------------------------------------------------------------------------


def _hslice(hidden, start, end):
    """ATen's hidden_slice: rows [start, end) of h, or of both h and c."""
    if isinstance(hidden, tuple):
        return tuple(x.narrow(0, start, end - start) for x in hidden)
    return hidden.narrow(0, start, end - start)


def _hcat(hiddens):
    """ATen's hidden_concat."""
    if isinstance(hiddens[0], tuple):
        return tuple(torch.cat([h[k] for h in hiddens], 0) for k in range(len(hiddens[0])))
    return torch.cat(hiddens, 0)


def _run_packed(mode, data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, dirs, owner):
    """ATen's packed path (apply_layer_stack over PackedLayer / ReversedPackedLayer, CPU): the sequences
    sorted by length, step t computing the first batch_sizes[t] of them; returns (data, h_n[, c_n]) as
    _VF does (the module wraps data into a PackedSequence and unsorts h_n)."""
    lstm = mode == 'LSTM'
    sizes = [int(b) for b in batch_sizes.tolist()]
    hiddens = list(zip(hx[0].unbind(0), hx[1].unbind(0))) if lstm else list(hx.unbind(0))
    finals = []
    layer_input = data
    for layer in range(num_layers):
        if dirs == 2:
            fw, fw_final = _packed_direction(mode, layer_input, sizes, hiddens[2 * layer], _params(params, 2 * layer, has_biases), layer, 0, owner)
            rev, rev_final = _packed_direction(mode, layer_input, sizes, hiddens[2 * layer + 1], _params(params, 2 * layer + 1, has_biases), layer, 1, owner)
            with _Ctx('layer', (owner, layer, None)):
                out = torch.cat([fw, rev], -1)
            finals += [fw_final, rev_final]
        else:
            out, final = _packed_direction(mode, layer_input, sizes, hiddens[layer], _params(params, layer, has_biases), layer, 0, owner)
            finals.append(final)
        if dropout != 0 and train and layer < num_layers - 1:
            with _Ctx('layer', (owner, layer, None)):
                out = torch.dropout(out, dropout, True)
        layer_input = out
    if lstm:
        return layer_input, torch.stack([f[0] for f in finals], 0), torch.stack([f[1] for f in finals], 0)
    return layer_input, torch.stack(finals, 0)


def _packed_direction(mode, data, sizes, h0, p, layer, direction, owner):
    """One direction of one layer over packed data: the input projection of all rows at once, then per
    step t the rows of its batch_sizes[t] sequences. Forward: the state of a sequence that ends is set
    aside and the state shrinks; reverse (from the last step): the state grows by the h0 rows of the
    sequences that start. Returns (output data, final state in sorted order)."""
    lstm = mode == 'LSTM'
    with _Ctx('layer', (owner, layer, direction)):
        proj = torch.nn.functional.linear(data, p[0], p[2])
    T = len(sizes)
    source = S.call_site if S.call_depth > 0 else None
    w_hh = p[1]
    outputs = []
    ended = []
    if direction == 0:
        order = range(T)
        hidden = h0
        last = sizes[0]
        offset = 0
    else:
        order = range(T - 1, -1, -1)
        last = sizes[T - 1]
        offset = data.shape[0]
        with _Ctx('layer', (owner, layer, direction)):
            hidden = _hslice(h0, 0, last)
    for t in order:
        b = sizes[t]
        seq, tag = S.steps.begin(owner, mode, layer, direction, t, w_hh, source, False)
        with _Ctx('step', tag):
            if direction == 0:
                step_in = proj.narrow(0, offset, b)
                start = offset
                offset += b
                if last > b:
                    ended.append(_hslice(hidden, b, last))
                    hidden = _hslice(hidden, 0, b)
            else:
                if b > last:
                    hidden = _hcat([hidden, _hslice(h0, last, b)])
                step_in = proj.narrow(0, offset - b, b)
                offset -= b
                start = offset
            last = b
            new_h, gates, hh = cells.step(mode, step_in, hidden, p, True)
        x_at = lambda start=start, b=b: data.detach().narrow(0, start, b)  # noqa: E731
        if lstm:
            S.steps.end(seq, t, source, x_at, hidden[0], new_h[0], hh, w_hh, hidden[1], new_h[1], gates)
            outputs.append(new_h[0])
        else:
            S.steps.end(seq, t, source, x_at, hidden, new_h, hh, w_hh, gates=gates)
            outputs.append(new_h)
        hidden = new_h
    with _Ctx('layer', (owner, layer, direction)):
        if direction == 0:
            ended.append(hidden)
            final = _hcat(ended[::-1])
        else:
            outputs.reverse()
            final = hidden
        out = torch.cat(outputs, 0)
    return out, final


# -- cells -----------------------------------------------------------------------------------


class CellCall:
    """A cell module's call in progress: its sequence, step and tag."""

    __slots__ = ('cell', 'seq', 't', 'tag', 'source', 'recorded')

    def __init__(self, cell, seq, t, tag, source):
        self.cell = cell
        self.seq = seq
        self.t = t
        self.tag = tag
        self.source = source
        self.recorded = False


def _kind_of(cell):
    if isinstance(cell, torch.nn.LSTMCell):
        return 'LSTMCell'
    if isinstance(cell, torch.nn.GRUCell):
        return 'GRUCell'
    if isinstance(cell, torch.nn.RNNCell):
        return f'RNNCell_{cell.nonlinearity}'
    return None


def _no_history(h):
    """No graph history: a leaf, zeros, detached — or the unsqueeze of one (unbatched input)."""
    if not isinstance(h, torch.Tensor):
        return True
    fn = h.grad_fn
    return fn is None


def on_cell_call(cell, args, kwargs):
    """Before a cell's forward: its step t (restarting at 0 for a hidden state without history)."""
    kind = _kind_of(cell)
    if kind is None:
        return None
    hx = args[1] if len(args) > 1 else kwargs.get('hx')
    if kind == 'LSTMCell':
        fresh = hx is None or (_no_history(hx[0]) and _no_history(hx[1]))
    else:
        fresh = _no_history(hx)
    if fresh:
        S.cell_counters[id(cell)] = 0
    t = S.cell_counters.get(id(cell), 0)
    S.cell_counters[id(cell)] = t + 1
    source = S.call_site
    seq, tag = S.steps.begin(cell, kind, 0, 0, t, cell.weight_hh, source, True)
    ctx = CellCall(cell, seq, t, tag, source)
    S.pending_cell = ctx
    return ctx


def after_cell_call(ctx, out):
    """What the cell returned (squeezed for unbatched input) is also an output of its step."""
    if S.pending_cell is ctx:
        S.pending_cell = None
    if not ctx.recorded:
        return
    for t in out if isinstance(out, (tuple, list)) else (out,):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            mark_output(t, ctx.seq.serial, ctx.t)


def _cell_fn(name, mode):
    orig = _ORIG[name]

    def vf(inp, hx, w_ih, w_hh, b_ih=None, b_hh=None):
        ctx = S.pending_cell
        if ctx is None or ctx.cell.weight_hh is not w_hh:
            return orig(inp, hx, w_ih, w_hh, b_ih, b_hh)
        S.pending_cell = None
        p = (w_ih, w_hh, b_ih, b_hh)
        new_h, gates, hh = cells.step(mode, inp, hx, p, False)
        source = ctx.source
        if mode == 'LSTMCell':
            S.steps.end(ctx.seq, ctx.t, source, inp, hx[0], new_h[0], hh, w_hh, hx[1], new_h[1], gates)
        else:
            S.steps.end(ctx.seq, ctx.t, source, inp, hx, new_h, hh, w_hh, gates=gates)
        ctx.recorded = True
        return new_h

    vf.__wrapped__ = orig
    return vf
