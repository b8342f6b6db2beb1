from . import clip_grad_norm, clip_grad_norm_, clip_grad_value_  # noqa: F401
