"""``Drawing``: a picture rendered on demand (SVG, PNG, PDF, DOT), saved atomically, shown inline in Jupyter;
and ``StaleGradWarning``, which says when the grads a picture would show are not one backward's."""

from __future__ import annotations

import math
import tempfile
import warnings
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine.grad import grad
from ..engine.value import Value
from ..files import write_atomically
from . import render as _render

if TYPE_CHECKING:
    import graphviz


class StaleGradWarning(UserWarning):
    """The grads about to be drawn are not those of one ``backward()`` from the drawn output."""


# Every REPL line is "<stdin>:1": Python's default once-per-location filter would hide all but the first.
warnings.filterwarnings("always", category=StaleGradWarning)


class Drawing:
    """A rendered-on-demand picture: ``.graph`` (graphviz.Digraph), ``.source`` (DOT), ``.svg()``,
    ``.save(path)``; shows itself inline in Jupyter."""

    def __init__(self, graph: graphviz.Digraph, node_count: int, edge_count: int, engine: str | None = None) -> None:
        self.graph = graph
        self.node_count = node_count
        self.edge_count = edge_count
        self.engine = engine
        self._svg: str | None = None

    @property
    def source(self) -> str:
        """The DOT text."""
        return self.graph.source

    def render(self, format: str = "svg") -> bytes:
        """The picture as bytes of ``format`` (svg, png, pdf or dot)."""
        return _render.render(self.source, format, self.engine)

    def svg(self) -> str:
        """The picture as SVG text (rendered once, then kept)."""
        if self._svg is None:
            self._svg = self.render("svg").decode("utf-8")
        return self._svg

    def save(self, path: str | Path, format: str | None = None) -> Path:
        """Write the picture to ``path``, in the format its suffix names (svg, png, pdf, dot) unless
        ``format`` is given. Nothing is written when rendering fails."""
        path = Path(path)
        format = (format or path.suffix.lstrip(".")).lower()
        if format not in _render.FORMATS:
            raise ValueError(
                f"save: cannot tell the format from {str(path)!r}; use a suffix or format= of "
                f"{', '.join(_render.FORMATS)}"
            )
        data = self.svg().encode("utf-8") if format == "svg" else self.render(format)
        return write_atomically(path, data)

    def show(self) -> Path:
        """Save as SVG in a temporary file and open it in the web browser (for a REPL); returns the path."""
        with tempfile.NamedTemporaryFile("wb", suffix=".svg", prefix="chainrule-", delete=False) as f:
            f.write(self.svg().encode("utf-8"))
        webbrowser.open(Path(f.name).as_uri())
        return Path(f.name)

    def _repr_svg_(self) -> str:
        return self.svg()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"image/svg+xml": self.svg(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<Drawing: {self.node_count} nodes, {self.edge_count} edges; .svg(), .save('graph.svg')>"


def warn_if_stale(root: Value, topo: list[Value]) -> None:
    """Warn when no backward has run (every grad 0), or when ``root`` is where backward started (grad 1)
    but some grad is not ∂root/∂node (leaves accumulated over two backward calls). A root inside a larger
    graph (grad ≠ 1) shows ∂loss/∂node, which its subgraph alone cannot check."""
    if root.grad == 0.0 and all(v.grad == 0.0 for v in topo):
        warnings.warn(
            "draw: every grad is 0: backward() has not run on this graph yet (call root.backward() first, "
            "or pass check_grads=False to draw values only)",
            StaleGradWarning,
            stacklevel=3,
        )
        return
    if root.grad != 1.0:
        return
    try:
        fresh = grad(root, topo)
    except FloatingPointError:  # inside detect_anomaly(): non-finite grads are marked on the boxes instead
        return
    for v, expected in zip(topo, fresh):
        if not math.isclose(v.grad, expected, rel_tol=1e-9, abs_tol=1e-12) and math.isfinite(expected):
            name = v.label or v.op or f"{v.data:.4g}"
            warnings.warn(
                f"draw: the grads shown are stale: {name}.grad is {v.grad:.6g} but one backward() from this "
                f"output gives {expected:.6g} (backward ran twice without zero_grad, or from another output); "
                f"call autograd.zero_grad(root) then root.backward()",
                StaleGradWarning,
                stacklevel=3,
            )
            return
