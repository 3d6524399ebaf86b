"""``draw``: a graph as a picture. A box per Value (label, op, data, grad), an edge per operand labelled with
its local derivative ∂child/∂parent, the number the chain rule multiplies. Data flows along the arrows.

The picture is a ``graphviz.Digraph`` (``Drawing.graph``). Labels are plain escaped text, never HTML or
record labels, so any label renders as written under both engines (see ``autograd.render``). In the SVG a
box has the id ``n<k>`` (k: its place in topological order; ``boxn<k>`` for a collapsed group) and an edge
``e<child id>_<operand index>``, so a page can restyle them (``autograd.step_page``).
"""

from __future__ import annotations

import math
import tempfile
import warnings
import webbrowser
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine.grad import grad
from ..engine.graph import leads_to, topological_order
from ..engine.value import Value
from ..files import write_atomically
from . import render as _render
from .explain import Explanation, node_names
from .labels import dot_label, fitted

if TYPE_CHECKING:
    import graphviz

RANKDIRS = ("LR", "TB", "RL", "BT")
FONT = "Helvetica"
HIGHLIGHT = "#d62728"
DIM = "#b0b0b0"
FILLS = {"output": "#ffe08a", "param": "#cfe3ff", "input": "#dff2d0", "const": "#f2f2f2", "op": "#ffffff"}
NONFINITE_FILL = "#ff9d9d"
EDGE_LABELS_UP_TO = 150  # more labelled edges than this make dot's layout tall and unreadable
LINE_LIMIT = 500  # characters of one line of a box (system dot refuses labels over 16,384)
BOX_LINES = 4  # a collapsed box lists up to this many of its nodes, then counts them


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


def draw(
    root: Value | Explanation,
    *,
    wrt: Value | Iterable[Value] | None = None,
    focus: bool = False,
    model: Any = None,
    params: Iterable[Value] | None = None,
    groups: Mapping[Value, str] | None = None,
    collapse: bool = False,
    digits: int = 4,
    rankdir: str = "LR",
    max_nodes: int | None = 500,
    engine: str | None = None,
    edge_labels: bool | None = None,
    check_grads: bool = True,
) -> Drawing:
    """Draw the graph of ``root`` (or an ``explain`` result: edges named R1, R2, …, its paths highlighted).

    ``wrt``: highlight every path from ``root`` to these nodes; ``focus`` draws only those paths.
    ``model`` (an nn module) gives ``params`` and ``groups``: parameters are styled apart from inputs, and
    each group ("layer 1 · neuron h1") is a cluster, or with ``collapse`` one box showing its net and out.
    ``edge_labels``: write each edge's local derivative on it (None: when there are at most
    ``EDGE_LABELS_UP_TO`` edges; highlighted edges always; the number is always in the edge's tooltip).
    ``max_nodes`` stops an unreadable picture early; ``engine`` is ``dot``, ``wasm`` or None (automatic).
    A ``StaleGradWarning`` says when the grads shown are not those of one ``backward()`` from ``root``.
    """
    import graphviz

    r_names: Mapping[tuple[Value, int], str] = {}
    on_path_edges: set[tuple[Value, int]] | None = None
    if isinstance(root, Explanation):
        expl = root
        root, r_names = expl.output, expl.r_names
        if wrt is None:
            wrt, on_path_edges = expl.wrt, expl.on_paths
    if not isinstance(root, Value):
        raise TypeError(f"draw needs a Value or an explanation, got {type(root).__name__}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}; got {rankdir!r}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(f"digits must be an int from 1 to 17, got {digits!r}")
    if collapse and groups is None and model is None:
        raise ValueError("collapse=True needs groups: pass model= (an nn module) or groups={node: name}")
    if focus and wrt is None:
        raise ValueError("focus=True needs wrt=: the node(s) whose paths to draw")
    if model is not None:
        params = model.parameters() if params is None else params
        groups = model.groups() if groups is None else groups
    topo = topological_order(root)
    targets = [] if wrt is None else [wrt] if isinstance(wrt, Value) else list(wrt)
    leads = leads_to(topo, targets)
    outside = [t for t in targets if t not in leads]
    if outside:
        listed = ", ".join(repr(t) for t in outside[:3])
        raise ValueError(f"draw: wrt {listed} is not in the graph of {root!r}: nothing leads from it to the root")
    if on_path_edges is None and targets:
        on_path_edges = {(c, i) for c in topo for i, p in enumerate(c._edges[::2]) if leads[p]}
    highlighted = on_path_edges or set()
    shown = [v for v in topo if leads[v]] if focus else topo
    if check_grads:
        _warn_if_stale(root, topo)

    names = node_names(topo)
    group_of = _grouped(topo, groups or {})
    boxed = {group_of[v] for v in shown if v in group_of and v._edges} if collapse else set()
    box_of = {v: group_of[v] for v in shown if group_of.get(v) in boxed}
    count = len({box_of.get(v, v) for v in shown})
    if max_nodes is not None and count > max_nodes:
        hint = "" if collapse else "collapse=True with model= (one box per neuron), "
        raise ValueError(
            f"draw: {count} nodes is more than max_nodes={max_nodes}; try {hint}focus=True with wrt= "
            f"(only the paths to one node), or a larger max_nodes (None: no limit)"
        )

    fmt = f".{digits}g"
    param_set = set(params or ())
    on_path_nodes = {c for c, _ in highlighted} | {c._edges[2 * i] for c, i in highlighted}
    ids = {v: f"n{k}" for k, v in enumerate(topo)}  # SVG ids: n<k> per box, e<child's n<k>>_<operand> per edge
    at = dict(ids)  # where a node is drawn: its own box, or its group's box when collapsed
    g = graphviz.Digraph("chainrule", engine="dot")
    g.attr(rankdir=rankdir, bgcolor="white", nodesep="0.25", ranksep="0.45", fontname=FONT)
    g.attr("node", shape="box", style="rounded,filled", fontname=FONT, fontsize="11", penwidth="1.2")
    g.attr("edge", fontname=FONT, fontsize="10", arrowsize="0.7")

    clusters: dict[tuple[str, ...], list[tuple[str, dict[str, str]]]] = {}
    boxes: dict[str, list[Value]] = {}
    for v in shown:
        if v in box_of:
            boxes.setdefault(box_of[v], []).append(v)
            continue
        kind = _kind(v, root, param_set, targets)
        attrs = _node_style(kind, v in on_path_nodes, bool(highlighted), _finite(v))
        lines = _node_lines(v, names[v], kind, fmt)
        attrs.update(fitted(lines, attrs.get("fontsize", "11")), tooltip=_text([_tooltip(v, names[v])]))
        attrs["id"] = ids[v]  # the SVG id of the box, as edges get e<child id>_<operand index>
        clusters.setdefault(_path(group_of.get(v)), []).append((ids[v], attrs))
    for name, members in boxes.items():
        box = f"box{ids[members[0]]}"
        for v in members:
            at[v] = box
        interior = [v for v in members if v._edges]
        lines = [_path(name)[-1].split(" · ")[-1]]
        if len(interior) <= BOX_LINES:
            lines += [f"{names[v]} = {v.data:{fmt}}, grad {v.grad:{fmt}}" for v in interior]
        else:
            lines.append(f"{len(interior)} nodes (several forward passes)")
        leaves = len(members) - len(interior)
        lines += [f"{leaves} parameter{'s' if leaves > 1 else ''}"] if leaves else []
        attrs = _node_style(
            "output" if root in members else "op",
            bool(set(members) & on_path_nodes),
            bool(highlighted),
            all(_finite(v) for v in members),
        )
        attrs.update(fitted(lines, attrs.get("fontsize", "11")), tooltip=_text([name]), id=box)
        clusters.setdefault(_path(name)[:-1], []).append((box, attrs))
    _emit_clusters(g, clusters)

    shown_set = set(shown)
    links = [
        (child, i // 2, child._edges[i], child._edges[i + 1])
        for child in shown
        for i in range(0, len(child._edges), 2)
        if child._edges[i] in shown_set and at[child._edges[i]] != at[child]
    ]
    labelled = len(links) <= EDGE_LABELS_UP_TO if edge_labels is None else edge_labels
    for child, index, parent, local in links:
        key = (child, index)
        value = f"{local:{fmt}}"
        label = f"{r_names[key]} = {value}" if key in r_names else value
        tip = f"∂{names[child]}/∂{names[parent]} = {local!r}"
        g.edge(
            at[parent],
            at[child],
            label=_text([label]) if labelled or key in highlighted else None,
            tooltip=_text([tip]),
            id=f"e{ids[child]}_{index}",
            **_edge_style(key in highlighted, bool(highlighted)),
        )
    edge_count = len(links)
    return Drawing(g, count, edge_count, engine)


# ----- what a node is and how it looks --------------------------------------------------------------
def _kind(v: Value, root: Value, params: set[Value], targets: list[Value]) -> str:
    if v is root:
        return "output"
    if v._edges:
        return "op"
    if v in params:
        return "param"
    return "input" if v.label or any(v is t for t in targets) else "const"


def _grouped(topo: list[Value], groups: Mapping[Value, str]) -> dict[Value, str]:
    """``groups``, plus every interior node whose label a grouped interior node has: nn's groups name the
    net/out nodes of the last forward pass, and each pass labels its own net/out the same way."""
    group_of = dict(groups)
    by_label = {v.label: name for v, name in groups.items() if v._edges and v.label}
    for v in topo:
        if v._edges and v not in group_of and v.label in by_label:
            group_of[v] = by_label[v.label]
    return group_of


def _finite(v: Value) -> bool:
    return math.isfinite(v.data) and math.isfinite(v.grad)


def _node_lines(v: Value, name: str, kind: str, fmt: str) -> list[str]:
    if kind == "const":
        return [f"{v.data:{fmt}}"]
    head = f"{v.label} ({v.op})" if v.label and v._edges else v.label or v.op or "leaf"
    lines = [
        head[:LINE_LIMIT] + ("…" if len(head) > LINE_LIMIT else ""),
        f"data {v.data:{fmt}}",
        f"grad {v.grad:{fmt}}",
    ]
    if not _finite(v):
        lines.append("⚠ not finite")
    return lines


def _tooltip(v: Value, name: str) -> str:
    return f"{name}: data={v.data!r} grad={v.grad!r}" + (f" op={v.op}" if v._edges else "")


def _node_style(kind: str, on_path: bool, highlighting: bool, finite: bool) -> dict[str, str]:
    attrs = {"fillcolor": FILLS[kind] if finite else NONFINITE_FILL, "color": "#444444"}
    if kind == "output":
        attrs["penwidth"] = "2.2"
    if kind == "const":
        attrs.update(shape="ellipse", style="filled", fontsize="9", color="#999999")
    if not finite:
        attrs.update(color="#b00000", penwidth="2.2")
    elif on_path:
        attrs.update(color=HIGHLIGHT, penwidth="2.4")
    elif highlighting:
        attrs.update(color=DIM, fontcolor="#777777")
    return attrs


def _edge_style(on_path: bool, highlighting: bool) -> dict[str, str]:
    if on_path:
        return {"color": HIGHLIGHT, "fontcolor": HIGHLIGHT, "penwidth": "2.2"}
    if highlighting:
        return {"color": DIM, "fontcolor": "#888888"}
    return {"color": "#555555"}


def _path(group: str | None) -> tuple[str, ...]:
    """A group name as nested clusters: "layer 1 · neuron h1" → ("layer 1", "layer 1 · neuron h1")."""
    if not group:
        return ()
    parts = group.split(" · ")
    return tuple(" · ".join(parts[: k + 1]) for k in range(len(parts)))


def _emit_clusters(g: graphviz.Digraph, clusters: dict[tuple[str, ...], list[tuple[str, dict[str, str]]]]) -> None:
    """Node statements, each inside the nested clusters its group names (ancestors first)."""
    paths = dict.fromkeys(path[:k] for path in clusters for k in range(1, len(path) + 1))  # first seen first
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path in paths:
        children.setdefault(path[:-1], []).append(path)
    counter = iter(range(len(paths)))

    def fill(sub: graphviz.Digraph, path: tuple[str, ...]) -> None:
        for node_id, attrs in clusters.get(path, ()):
            sub.node(node_id, **attrs)
        for child in children.get(path, ()):
            with sub.subgraph(name=f"cluster_{next(counter)}") as c:
                c.attr(
                    label=_text([child[-1].split(" · ")[-1]]),
                    style="rounded,dashed",
                    color="#999999",
                    fontcolor="#555555",
                    fontsize="10",
                )
                fill(c, child)

    fill(g, ())


def _text(lines: list[str]) -> str:
    """Lines as one DOT label that shows exactly this text (see ``labels.dot_label``)."""
    return dot_label(lines)


def _warn_if_stale(root: Value, topo: list[Value]) -> None:
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
