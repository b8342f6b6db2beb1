"""The state of one traced run, shared by the observers: options, the modules seen, where the code
running now is (module call depth, the step being computed), and counters."""
import itertools

from .sources import locate

try:  # torch ≥ 1.13: the stack of TorchFunctionModes (ours, and any of the script's)
    from torch._C import _len_torch_function_stack
    from torch.overrides import _pop_mode, _push_mode
except ImportError:  # pragma: no cover - then our own ops go through the modes, as before
    _len_torch_function_stack = None

# Key of our NodeInfo in each grad_fn's `metadata` dict. The dict lives on the C++ node, so it
# survives the Python wrapper (grad_fn objects cannot be weakly referenced, and keeping them alive
# ourselves would keep whole graphs and their saved tensors alive).
KEY = 'bptt_lens'


class NodeInfo:
    """What we know about one grad_fn node: its id, where it was made, its first output's shape, its
    step and layer tags, the innermost module whose call made it, and (for step outputs h_t, c_t)
    which steps it produced."""

    __slots__ = ('id', 'source', 'shape', 'step', 'layer', 'module', 'outs')

    def __init__(self, nid, source=None, step=None, layer=None, module=None):
        self.id = nid
        self.source = source
        self.shape = None
        self.step = step
        self.layer = layer
        self.module = module
        self.outs = None


class StepTag:
    """The time step a node was made in: its sequence (serial), t, and who computed it."""

    __slots__ = ('serial', 't', 'owner', 'layer', 'direction', 'cell')

    def __init__(self, serial, t, owner, layer, direction, cell):
        self.serial = serial
        self.t = t
        self.owner = owner
        self.layer = layer
        self.direction = direction
        self.cell = cell


class Options:
    def __init__(self, args):
        self.script = args.script
        self.trace = not args.run_only
        self.fused = args.fused
        self.max_values = args.max_values
        self.max_nodes = args.max_nodes
        self.producer_version = args.producer_version


class State:
    def __init__(self):
        self.options = None
        # > 0 while the tracer's own code runs: the op observer passes everything through
        self.busy = 0
        # True while a backward() we watch runs: gradient hooks record only then (not in autograd.grad)
        self.recording = False
        self._ids = itertools.count(1)
        self._serials = itertools.count(1)
        self.modules = []
        self.module_ids = set()
        self.module_sources = {}
        self.call_depth = 0
        self.call_site = None
        self.module_stack = []
        self.step = None
        self.layer = None
        self.pending_cell = None
        self.cell_counters = {}
        self.nonfinite = None
        self.pending_layer_origin = None
        self.history = []
        self.last_roots = []
        self.last_grads = {}
        self.last_shapes = {}
        self.steps = None
        self.notes = set()
        self.internal_errors = []

    def next_id(self):
        return next(self._ids)

    def next_serial(self):
        return next(self._serials)

    def here(self):
        """The source location of the code running now: inside a module call, the statement that
        called the outermost module; else the innermost frame in the user's files."""
        return self.call_site if self.call_depth > 0 else locate()

    def note_internal(self, exc):
        """A bug of the tracer must not break the user's script: remember it for stderr at the end."""
        import traceback

        if len(self.internal_errors) < 5:
            self.internal_errors.append(''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)))


S = State()


class own:
    """`with own():` around the tracer's own code (hooks): S.busy, and no TorchFunctionMode on the
    stack meanwhile, so that the tracer's ops neither reach a script's modes nor pay our observer's
    Python dispatch (some 6 µs an op, a few per node of every backward)."""

    __slots__ = ('modes',)

    def __enter__(self):
        S.busy += 1
        self.modes = []
        if _len_torch_function_stack is not None:
            try:
                while _len_torch_function_stack() > 0:
                    self.modes.append(_pop_mode())
            except Exception:  # noqa: BLE001 - keep the modes as they are
                self._restore()
        return self

    def _restore(self):
        while self.modes:
            _push_mode(self.modes.pop())

    def __exit__(self, *exc):
        self._restore()
        S.busy -= 1
        return False
