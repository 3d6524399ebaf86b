"""chainrule's scalar autograd engine: ``Value`` nodes whose edges carry local derivatives.

The engine is imported at once; the views (``draw``, ``explain``, ``step_page``, …) load on first use, so
``import autograd`` stays light and never loads Graphviz or wasmtime.
"""

from importlib import import_module
from typing import Any

from .engine import (
    Edge,
    GradcheckResult,
    Op,
    Value,
    check_edges,
    detect_anomaly,
    dot,
    edges,
    first_nonfinite,
    grad,
    gradcheck,
    nodes,
    sum,
    topological_order,
    zero_grad,
)

_VIEWS = {  # public name → the module of autograd.views that defines it, imported when first asked for
    "tree": "text",
    "explain": "explain",
    "Explanation": "explain",
    "backward_steps": "steps",
    "Step": "steps",
    "step_page": "step_page",
    "StepPage": "step_page",
    "Frame": "step_page",
    "vocabulary": "vocabulary",
    "Vocabulary": "vocabulary",
    "draw": "draw",
    "Drawing": "drawing",
    "StaleGradWarning": "drawing",
    "RenderError": "render",
}

__all__ = [
    "Value",
    "Op",
    "sum",
    "dot",
    "grad",
    "gradcheck",
    "check_edges",
    "GradcheckResult",
    "detect_anomaly",
    "first_nonfinite",
    "topological_order",
    "nodes",
    "edges",
    "Edge",
    "zero_grad",
    *_VIEWS,
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _VIEWS:
        value = getattr(import_module(f".views.{_VIEWS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_VIEWS))
