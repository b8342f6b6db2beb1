"""Per-time-step recording (src/trace/stepRecorder.ts): keeps the latest sequence of every recurrent
layer/direction and of every cell used in a loop, hooks each h_t (and c_t, and the recurrent
pre-activation W_hh·h_{t-1} + b_hh) for the gradients of the backward() being watched, and turns
the sequences seen by the last backward into the Trace's `recurrent` records."""
import torch

from . import jacobian
from .state import KEY, S, StepTag, own
from .stats import all_finite, finite_nonzero, finite_norm, json_number


class Step:
    __slots__ = ('t', 'h', 'c', 'h_prev', 'c_prev', 'gates', 'grad_h', 'grad_c', 'by_unit', 'whh', 'injected', 'consumers', 'source')

    def __init__(self, t, source):
        self.t = t
        self.source = source
        self.h = self.c = self.h_prev = self.c_prev = None
        self.gates = None
        self.grad_h = self.grad_c = self.by_unit = self.whh = None
        self.injected = False
        self.consumers = []


class Sequence:
    __slots__ = ('serial', 'owner', 'kind', 'layer', 'direction', 'cell', 'steps', 'w_hh', 'source')

    def __init__(self, owner, kind, layer, direction, cell, w_hh, source):
        self.serial = S.next_serial()
        self.owner = owner
        self.kind = kind
        self.layer = layer
        self.direction = direction
        self.cell = cell
        self.steps = {}
        # W_hh as it is in this forward pass: an optimizer step changes the tensor in place later
        self.w_hh = w_hh.detach().clone()
        self.source = source


class GradHook:
    """A tensor hook of step `t` of sequence `serial`: `what` is 'h', 'c' or 'hh'. Holds no reference
    to the step, so the graph never keeps our records alive."""

    __slots__ = ('serial', 't', 'what')

    def __init__(self, serial, t, what):
        self.serial = serial
        self.t = t
        self.what = what

    def __call__(self, grad):
        if not S.recording:
            return None
        seq = S.steps.seqs.get(self.serial)
        step = seq.steps.get(self.t) if seq is not None else None
        if step is None:
            return None
        with own():
            self._record(step, grad)
        return None

    def _record(self, step, grad):
        try:
            if self.what == 'h':
                step.grad_h = finite_norm(grad)
                hidden = grad.shape[-1]
                if hidden <= 512:
                    step.by_unit = grad.detach().to(torch.float64).abs().reshape(-1, hidden).mean(0)
            elif self.what == 'c':
                step.grad_c = finite_norm(grad)
            else:
                step.whh = _whh_term(grad, step.h_prev)
        except Exception as e:  # noqa: BLE001
            S.note_internal(e)


def _whh_term(delta, h_prev):
    """‖δ_tᵀ·h_{t-1}‖, step t's term of ∂L/∂W_hh, in float64. With B ≤ H through the B×B Gram
    matrices (‖δᵀh‖² = Σ (δδᵀ)∘(hhᵀ)), which costs B²·(G+1)·H instead of B·G·H²; with a NaN/Inf in
    play, the product itself and the norm of its finite entries (what the engine's edge norm is)."""
    d = delta.detach().to(torch.float64).reshape(-1, delta.shape[-1])
    h = h_prev.detach().to(torch.float64).reshape(-1, h_prev.shape[-1]).to(d.device)
    finite = bool((torch.isfinite(d).all() & torch.isfinite(h).all()).item())
    if finite and d.shape[0] <= h.shape[1]:
        sq = ((d @ d.t()) * (h @ h.t())).sum()
        return sq.clamp(min=0).sqrt()
    return finite_norm(d.t() @ h)


class StepRecorder:
    def __init__(self):
        self.current = {}
        self.snapshot = []
        self.seqs = {}

    # -- forward -----------------------------------------------------------------------------

    def begin(self, owner, kind, layer, direction, t, w_hh, source, cell):
        """The step about to be computed: its sequence (a new one when t was seen already) and tag."""
        key = (id(owner), layer, direction)
        seq = self.current.get(key)
        if seq is None or t in seq.steps:
            seq = Sequence(owner, kind, layer, direction, cell, w_hh, source)
            self.current[key] = seq
            self.seqs[seq.serial] = seq
            self._prune()
        return seq, StepTag(seq.serial, t, owner, layer, direction, cell)

    def end(self, seq, t, source, x, h_prev, h, hh, w_hh, c_prev=None, c=None, gates=None):
        """Step t is computed: keep its values and hook its h, c and W_hh·h_{t-1} + b_hh."""
        with own():
            return self._end(seq, t, source, x, h_prev, h, hh, w_hh, c_prev, c, gates)

    def _end(self, seq, t, source, x, h_prev, h, hh, w_hh, c_prev, c, gates):
        step = Step(t, source)
        step.h = h.detach()
        step.h_prev = h_prev.detach()
        if c is not None:
            step.c = c.detach()
            step.c_prev = c_prev.detach()
        if gates:
            step.gates = {k: v.detach() for k, v in gates.items()}
        seq.steps[t] = step
        if h.requires_grad:
            h.register_hook(GradHook(seq.serial, t, 'h'))
            mark_output(h, seq.serial, t)
        if c is not None and c.requires_grad:
            c.register_hook(GradHook(seq.serial, t, 'c'))
            mark_output(c, seq.serial, t)
        # a frozen W_hh has no gradient to split into per-step terms
        if hh is not None and hh.requires_grad and w_hh.requires_grad:
            hh.register_hook(GradHook(seq.serial, t, 'hh'))
        pending = S.pending_layer_origin
        if pending is not None and S.nonfinite is not None and not seq.cell:
            owner, layer, direction = pending
            if owner is seq.owner and layer == seq.layer and (direction is None or direction == seq.direction):
                xt = x() if callable(x) else x
                if any(v is not None and not all_finite(v) for v in (xt, h, c)):
                    S.nonfinite['t'] = t
                    S.pending_layer_origin = None
        return step

    def note_consumer(self, outs, slot, node, index, consumer_step):
        """`node` takes a step output (h_t or c_t) as its input `index`: unless it belongs to step t
        itself or the next processed step of the same chain, gradient through it is injected."""
        for serial, t, out_slot in outs:
            if out_slot != slot:
                continue
            seq = self.seqs.get(serial)
            step = seq.steps.get(t) if seq is not None else None
            if step is None:
                continue
            if consumer_step is not None and consumer_step.serial == serial:
                nxt = t + 1 if seq.direction == 0 else t - 1
                if consumer_step.t in (t, nxt):
                    continue
            step.consumers.append((node, index))

    def _prune(self):
        live = {s.serial for s in self.current.values()} | {s.serial for s in self.snapshot}
        for serial in [s for s in self.seqs if s not in live]:
            del self.seqs[serial]

    # -- backward ----------------------------------------------------------------------------

    def on_backward_start(self):
        """Gradients of an earlier backward through the same steps are forgotten; returns the edges
        to watch for lossInjected: [(node, index, step)]."""
        edges = []
        for seq in self.current.values():
            for step in seq.steps.values():
                step.grad_h = step.grad_c = step.by_unit = step.whh = None
                step.injected = False
                for node, index in step.consumers:
                    edges.append((node, index, step))
        return edges

    def on_backward_end(self, retained):
        self.snapshot = list(self.current.values())
        if not retained:
            # the graph is freed: nothing can flow through these consumers again
            for seq in self.snapshot:
                for step in seq.steps.values():
                    step.consumers = []

    # -- the Trace ---------------------------------------------------------------------------

    def finish(self, path_of):
        seqs = self.snapshot if self.snapshot else list(self.current.values())
        return [self._layer(seq, path_of(seq.owner)) for seq in seqs if seq.steps]

    def _layer(self, seq, module):
        ts = sorted(seq.steps)
        steps = [seq.steps[t] for t in ts]
        hidden = steps[0].h.shape[-1]
        numbers = jacobian.step_numbers(seq, steps)
        grads = _device_numbers([(s.grad_h, s.grad_c, s.whh) for s in steps])
        records = []
        for s, (h_norm, jac, sat, forget), (g_h, g_c, whh) in zip(steps, numbers, grads):
            rec = {
                't': s.t,
                'hNorm': h_norm,
                'gradNorm': g_h,
                'jacobianNorm': json_number(jac),
                'whhGradNorm': whh,
                'saturation': sat,
                'lossInjected': s.injected,
            }
            if forget is not None:
                rec['forgetGate'] = json_number(forget)
            if s.c is not None:
                rec['cellGradNorm'] = g_c
            if s.by_unit is not None:
                rec['gradByUnit'] = [json_number(v) for v in s.by_unit.cpu().tolist()]
            if s.source:
                rec['source'] = s.source
            records.append(rec)
        out = {
            'module': module,
            'layer': seq.layer,
            'direction': seq.direction,
            'kind': seq.kind,
            'hiddenSize': hidden,
            'sigmaMax': json_number(jacobian.sigma_max(seq.w_hh)),
            'steps': records,
        }
        if seq.source:
            out['source'] = seq.source
        return out


def _device_numbers(rows):
    """Scalars kept on the device by the hooks, fetched in one transfer (None → 0)."""
    flat = [v for row in rows for v in row if v is not None]
    try:
        values = torch.stack(flat).tolist() if flat else []
    except RuntimeError:  # scalars on several devices
        values = [v.item() for v in flat]
    values = iter(values)
    return [tuple(0.0 if v is None else next(values) for v in row) for row in rows]


def mark_output(t, serial, step_t):
    """Notes that `t` (h_t or c_t, or what a cell returns for them) is an output of step `step_t`."""
    fn = t.grad_fn
    if fn is None:
        return
    info = fn.metadata.get(KEY)
    if info is None:
        return
    entry = (serial, step_t, t.output_nr)
    if info.outs is None:
        info.outs = [entry]
    elif entry not in info.outs:
        info.outs.append(entry)
