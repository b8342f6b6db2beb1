"""bptt-lens' tracer for real PyTorch: runs a user's script on the user's own CPython and torch and
records the same Trace the embedded engine records (docs/pytorch-backend.md). The package has a
name of its own so that a user's `model.py` or `graph.py` never collides with ours."""
