"""The autograd graph of the last backward() (src/trace/graphExport.ts): before each backward the
graph under its roots is walked breadth first and a hook is put on its nodes, recording the
gradient flowing into each exported node, the first node to send a NaN/Inf from finite gradients,
and whether gradient leaves the recurrence at a step output (lossInjected). At the end the graph
under the last roots is exported, at most --max-nodes nodes."""
import torch

from . import origin
from .ops import info_of
from .state import S, own
from .stats import all_finite, combine, finite_nonzero, stats_from, summaries, summary

# node gradients kept by reference until the end (their statistics are needed for the last
# backward only); past this many bytes the statistics are taken at once instead
GRAD_BUDGET = 256 << 20
# while no NaN/Inf has been seen every node is watched; a graph larger than this is not
FULL_WALK_CAP = 2_000_000


def walk(roots, limit):
    """Nodes under `roots`, breadth first, at most `limit` (None: all); also whether some were left out."""
    queue = list(roots)
    seen = {id(n) for n in queue}
    truncated = False
    i = 0
    while i < len(queue):
        n = queue[i]
        i += 1
        for nxt, _ in n.next_functions:
            if nxt is None or id(nxt) in seen:
                continue
            if limit is not None and len(seen) >= limit:
                truncated = True
                continue
            seen.add(id(nxt))
            queue.append(nxt)
    return queue, truncated


class NodeHook:
    """Post-hook of one node during one backward."""

    __slots__ = ('session', 'node', 'nid', 'export', 'check', 'edges', 'accumulate')

    def __init__(self, session, node, export, check):
        self.session = session
        self.node = node
        self.nid = info_of(node).id
        self.export = export
        self.check = check
        self.edges = []
        self.accumulate = type(node).__name__ == 'AccumulateGrad'

    def __call__(self, grad_inputs, grad_outputs):
        if not S.recording:
            return None
        with own():
            self._record(grad_inputs, grad_outputs)
        return None

    def _record(self, grad_inputs, grad_outputs):
        try:
            if self.export:
                self.session.keep(self.nid, [g for g in grad_outputs if g is not None], self.accumulate)
                # a node made inside a composite op was never seen with its output: the gradient
                # into its first output has that output's shape
                if grad_outputs and grad_outputs[0] is not None:
                    self.session.shapes[self.nid] = list(grad_outputs[0].shape)
            if self.check and S.nonfinite is None and any(g is not None and not all_finite(g) for g in grad_inputs):
                if all(g is None or all_finite(g) for g in grad_outputs):
                    S.nonfinite = origin.of('backward', self.node)
            for index, step in self.edges:
                g = grad_inputs[index] if index < len(grad_inputs) else None
                if g is not None and not step.injected and finite_nonzero(g):
                    step.injected = True
        except Exception as e:  # noqa: BLE001
            S.note_internal(e)


class BackwardSession:
    """One watched backward(): its roots, hooks and recorded gradients."""

    def __init__(self, root_nodes):
        self.root_nodes = root_nodes
        self.grads = {}
        self.shapes = {}
        self.held = 0
        self.handles = []
        # The hooks stay referenced from here while registered: a node's Python wrapper reports the
        # hook dicts of its node to the cycle collector, so wrapper → post-hook dict → NodeHook →
        # wrapper would look like garbage, and collecting it would clear those dicts, the tensor
        # hooks of h_t and hh among them (PyTorch keeps them from C++, which the collector cannot see).
        self.hooks = []

    def keep(self, nid, grads, accumulate):
        if not grads:
            return
        size = sum(g.numel() * g.element_size() for g in grads)
        # AccumulateGrad may store its incoming gradient as p.grad, which zero_grad and clipping
        # later change in place: take its summary now
        if accumulate or self.held + size > GRAD_BUDGET:
            self.grads[nid] = Summary(combine([summary(g) for g in grads]))
        else:
            self.held += size
            self.grads[nid] = [g.detach() for g in grads]

    def start(self):
        edges = S.steps.on_backward_start()
        check = S.nonfinite is None
        max_nodes = S.options.max_nodes
        order, _ = walk(self.root_nodes, FULL_WALK_CAP if check else max_nodes)
        hooks = {}
        for i, node in enumerate(order):
            hooks[id(node)] = (node, NodeHook(self, node, i < max_nodes, check))
        for node, index, step in edges:
            entry = hooks.get(id(node))
            if entry is None:
                entry = hooks[id(node)] = (node, NodeHook(self, node, False, False))
            entry[1].edges.append((index, step))
        for node, hook in hooks.values():
            self.hooks.append(hook)
            self.handles.append(node.register_hook(hook))

    def stop(self):
        for h in self.handles:
            h.remove()
        self.handles = []
        self.hooks = []


class Summary:
    """A node gradient's summary taken at once (stats.py), as opposed to gradients held by reference."""

    __slots__ = ('value',)

    def __init__(self, value):
        self.value = value


def grad_stats(grads):
    """{node id: TensorStats} of the recorded gradients: those held by reference summarised together."""
    held = [(nid, e) for nid, e in grads.items() if not isinstance(e, Summary)]
    out = {nid: stats_from(e.value) for nid, e in grads.items() if isinstance(e, Summary)}
    for (nid, _), s in zip(held, summaries([e for _, e in held])):
        out[nid] = stats_from(s)
    return out


def export_graph(roots, param_names, path_of, max_nodes):
    """The Trace's graph section and {id(parameter): its AccumulateGrad's id}."""
    queue = []
    seen = set()
    for r in roots:
        if id(r) not in seen:
            seen.add(id(r))
            queue.append(r)
    nodes = []
    edges = []
    accumulator_of = {}
    truncated = False
    node_grads = grad_stats(S.last_grads)
    i = 0
    while i < len(queue):
        node = queue[i]
        i += 1
        info = info_of(node)
        nid = f'n{info.id}'
        g = {'id': nid, 'name': type(node).__name__}
        tag = info.step
        if tag is not None:
            step = {'module': path_of(tag.owner), 't': tag.t}
            if not tag.cell:
                step['layer'] = tag.layer
                step['direction'] = tag.direction
            g['step'] = step
        if info.source:
            g['source'] = info.source
        if g['name'] == 'AccumulateGrad':
            var = node.variable
            g['shape'] = list(var.shape)
            g['leaf'] = param_names.get(id(var)) or 'input:[' + ', '.join(str(d) for d in var.shape) + ']'
            accumulator_of[id(var)] = nid
        elif info.shape is not None:
            g['shape'] = info.shape
        elif info.id in S.last_shapes:
            g['shape'] = S.last_shapes[info.id]
        grad = node_grads.get(info.id)
        if grad is not None:
            g['grad'] = grad
        nodes.append(g)
        for slot, (nxt, _) in enumerate(node.next_functions):
            if nxt is None:
                continue
            if id(nxt) not in seen:
                if len(seen) >= max_nodes:
                    truncated = True
                    continue
                seen.add(id(nxt))
                queue.append(nxt)
            edges.append({'from': nid, 'to': f'n{info_of(nxt).id}', 'slot': slot})
    out = {'nodes': nodes, 'edges': edges, 'roots': [f'n{info_of(r).id}' for r in roots]}
    if truncated:
        out['truncated'] = True
    return out, accumulator_of


def root_nodes(tensors):
    out = []
    seen = set()
    for t in tensors:
        fn = t.grad_fn if isinstance(t, torch.Tensor) else None
        if fn is not None and id(fn) not in seen:
            seen.add(id(fn))
            out.append(fn)
    return out
