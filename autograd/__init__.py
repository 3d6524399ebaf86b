"""chainrule's scalar autograd engine: ``Value`` nodes whose edges carry local derivatives.

The engine is imported at once; the views (``draw``, ``explain``, ``step_page``, …) load on first use, so
``import autograd`` stays light and never loads Graphviz or wasmtime.
"""

import importlib.abc
import importlib.util
import sys
import types
import warnings
from importlib import import_module
from typing import Any

from .engine import (
    Cost,
    Edge,
    GradcheckResult,
    Jacobian,
    Op,
    Tangents,
    Value,
    check_edges,
    cost,
    detect_anomaly,
    dot,
    edges,
    first_nonfinite,
    grad,
    gradcheck,
    hessian,
    jacobian,
    jvp,
    nodes,
    recompute,
    sum,
    topological_order,
    zero_grad,
)

_VIEWS = {  # public name → the module of autograd.views that defines it, imported when first asked for
    "tree": "text",
    "explain": "explain",
    "Explanation": "explain",
    "ForwardExplanation": "forward_explain",
    "backward_steps": "steps",
    "Step": "steps",
    "step_page": "step_page",
    "StepPage": "step_page",
    "live": "live_page",
    "LivePage": "live_page",
    "Frame": "step_page",
    "vocabulary": "vocabulary",
    "Vocabulary": "vocabulary",
    "draw": "draw",
    "Drawing": "drawing",
    "StaleGradWarning": "drawing",
    "RenderError": "render",
    "set_language": "language",
    "exercise": "exercise",
    "Exercise": "exercise",
    "CheckResult": "exercise",
}

__all__ = [
    "Value",
    "Op",
    "sum",
    "dot",
    "grad",
    "jvp",
    "jacobian",
    "hessian",
    "cost",
    "Cost",
    "Jacobian",
    "Tangents",
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
    "recompute",
    *_VIEWS,
]
__version__ = "0.1.0"


# Modules that moved when the engine, views and shell got packages of their own: the old paths still import,
# with a DeprecationWarning, for one release.
_MOVED = {
    **{f"autograd.{m}": f"autograd.engine.{m}" for m in ("value", "ops", "graph", "fused", "grad", "gradcheck")},
    "autograd.anomaly": "autograd.engine.anomaly",
    **{f"autograd.{m}": f"autograd.views.{m}" for m in ("explain", "text", "draw", "render", "steps", "step_page")},
    **{f"autograd.{m}": f"autograd.shell.{m}" for m in ("expr", "cli")},
}


class _Moved(types.ModuleType):
    """An old module path: its names are the new module's. Importing it makes ``autograd.draw`` this
    module, so calling it calls the function of that name, as ``autograd.draw(...)`` always did."""

    def __getattr__(self, name: str) -> Any:
        return getattr(import_module(_MOVED[self.__name__]), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(_MOVED[self.__name__]), self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


class _MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the old module paths of ``_MOVED``."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        return importlib.util.spec_from_loader(name, self) if name in _MOVED else None

    def create_module(self, spec: Any) -> types.ModuleType:
        warnings.warn(f"{spec.name} moved to {_MOVED[spec.name]}", DeprecationWarning, stacklevel=2)
        return _Moved(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        pass


sys.meta_path.append(_MovedFinder())


def __getattr__(name: str) -> Any:
    if name in _VIEWS:
        value = getattr(import_module(f".views.{_VIEWS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_VIEWS))
