"""``draw``: a graph as a picture. A box per Value (label, op, data, grad), an edge per operand labelled with
its local derivative ∂child/∂parent, the number the chain rule multiplies. Data flows along the arrows.

The picture is a ``graphviz.Digraph`` (``Drawing.graph``). Labels are plain escaped text, never HTML or
record labels, so any label renders as written under both engines (see ``autograd.render``). In the SVG a
box has the id ``n<k>`` (k: its place in topological order; ``boxn<k>`` for a collapsed group) and an edge
``e<child id>_<operand index>``, so a page can restyle them (``autograd.step_page``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..engine.graph import leads_to
from ..engine.value import Value
from .drawing import Drawing, StaleGradWarning, warn_if_stale
from .labels import dot_label, fitted
from .vocabulary import EdgeKey, Vocabulary

if TYPE_CHECKING:
    import graphviz

    from .explain import Explanation

__all__ = ["draw", "Drawing", "StaleGradWarning"]

RANKDIRS = ("LR", "TB", "RL", "BT")
FONT = "Helvetica"
HIGHLIGHT = "#d62728"
DIM = "#b0b0b0"
FILLS = {"output": "#ffe08a", "param": "#cfe3ff", "input": "#dff2d0", "const": "#f2f2f2", "op": "#ffffff"}
NONFINITE_FILL = "#ff9d9d"
EDGE_LABELS_UP_TO = 150  # more labelled edges than this make dot's layout tall and unreadable
LINE_LIMIT = 500  # characters of one line of a box (system dot refuses labels over 16,384)
BOX_LINES = 4  # a collapsed box lists up to this many of its nodes, then counts them


def draw(
    root: Value | Explanation | Vocabulary,
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
    """Draw the graph of ``root`` in its vocabulary: boxes show node names, numbered edges read
    ``R5 = 0.5933`` (an ``explain`` result also highlights its paths).

    ``wrt``: highlight every path from ``root`` to these nodes; ``focus`` draws only those paths.
    ``params``: the variables (default every leaf that requires grad), drawn blue and numbered; other labelled
    leaves (inputs, fixed parameters) are green. ``model`` (an nn module) gives ``groups``: each group
    ("layer 1 · neuron h1") is a cluster, or with ``collapse`` one box showing its net and out.
    ``edge_labels``: write each edge's local derivative on it (None: when there are at most
    ``EDGE_LABELS_UP_TO`` edges; highlighted edges always; the number is always in the edge's tooltip).
    ``max_nodes`` stops an unreadable picture early; ``engine`` is ``dot``, ``wasm`` or None (automatic).
    A ``StaleGradWarning`` says when the grads shown are not those of one ``backward()`` from ``root``.
    """
    words, on_paths = None, None
    if hasattr(root, "on_paths") and isinstance(getattr(root, "vocabulary", None), Vocabulary):  # an Explanation
        words = root.vocabulary
        if wrt is None:
            wrt, on_paths = root.wrt, root.on_paths
    elif isinstance(root, Vocabulary):
        words = root
    if words is None:
        if not isinstance(root, Value):
            raise TypeError(f"draw needs a Value, an explanation or a vocabulary, got {type(root).__name__}")
        words = Vocabulary(root, params)
    _check(rankdir, digits, collapse and groups is None and model is None, focus and wrt is None)
    styled = set(params if params is not None else words.variables)  # blue: the variables, whatever model= says
    plan = _Plan(words, wrt, on_paths, focus, styled, groups if groups or not model else model.groups())
    if check_grads:
        warn_if_stale(words.root, words.topo)
    plan.group(collapse, max_nodes)
    import graphviz

    g = graphviz.Digraph("chainrule", engine="dot")
    g.attr(rankdir=rankdir, bgcolor="white", nodesep="0.25", ranksep="0.45", fontname=FONT)
    g.attr("node", shape="box", style="rounded,filled", fontname=FONT, fontsize="11", penwidth="1.2")
    g.attr("edge", fontname=FONT, fontsize="10", arrowsize="0.7")
    fmt = f".{digits}g"
    _emit_clusters(g, plan.boxes(fmt))
    edge_count = plan.links(g, fmt, edge_labels)
    return Drawing(g, plan.count, edge_count, engine)


def _check(rankdir: str, digits: int, collapse_without_groups: bool, focus_without_wrt: bool) -> None:
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}; got {rankdir!r}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(f"digits must be an int from 1 to 17, got {digits!r}")
    if collapse_without_groups:
        raise ValueError("collapse=True needs groups: pass model= (an nn module) or groups={node: name}")
    if focus_without_wrt:
        raise ValueError("focus=True needs wrt=: the node(s) whose paths to draw")


@dataclass
class _Plan:
    """What one drawing shows: which nodes, in which boxes and clusters, which edges highlighted."""

    words: Vocabulary
    wrt: Value | Iterable[Value] | None
    on_paths: set[EdgeKey] | None
    focus: bool
    params: set[Value]
    groups: Mapping[Value, str] | None
    box_of: dict[Value, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        topo, root = self.words.topo, self.words.root
        self.targets = [] if self.wrt is None else [self.wrt] if isinstance(self.wrt, Value) else list(self.wrt)
        leads = leads_to(topo, self.targets)
        outside = [t for t in self.targets if t not in leads]
        if outside:
            listed = ", ".join(repr(t) for t in outside[:3])
            raise ValueError(f"draw: wrt {listed} is not in the graph of {root!r}: nothing leads from it to the root")
        if self.on_paths is None and self.targets:
            self.on_paths = {(c, i) for c in topo for i, p in enumerate(c._edges[::2]) if leads[p]}
        self.highlighted: set[EdgeKey] = self.on_paths or set()
        self.on_path_nodes = {c for c, _ in self.highlighted} | {c._edges[2 * i] for c, i in self.highlighted}
        self.shown = [v for v in topo if leads[v]] if self.focus else topo
        self.group_of = _grouped(topo, self.groups or {})
        self.at = dict(self.words.ids)  # where a node is drawn: its own box, or its group's box when collapsed

    def group(self, collapse: bool, max_nodes: int | None) -> None:
        """With ``collapse``, put each group's nodes in one box; refuse more boxes than ``max_nodes``."""
        g = self.group_of
        boxed = {g[v] for v in self.shown if v in g and v._edges} if collapse else set()
        self.box_of = {v: g[v] for v in self.shown if g.get(v) in boxed}
        self.count = len({self.box_of.get(v, v) for v in self.shown})
        if max_nodes is not None and self.count > max_nodes:
            hint = "" if collapse else "collapse=True with model= (one box per neuron), "
            raise ValueError(
                f"draw: {self.count} nodes is more than max_nodes={max_nodes}; try {hint}focus=True with wrt= "
                f"(only the paths to one node), or a larger max_nodes (None: no limit)"
            )

    def boxes(self, fmt: str) -> dict[tuple[str, ...], list[tuple[str, dict[str, str]]]]:
        """Every box's DOT id and attributes, by the nested clusters it is drawn in."""
        words, root, highlighting = self.words, self.words.root, bool(self.highlighted)
        clusters: dict[tuple[str, ...], list[tuple[str, dict[str, str]]]] = {}
        grouped: dict[str, list[Value]] = {}
        for v in self.shown:
            if v in self.box_of:
                grouped.setdefault(self.box_of[v], []).append(v)
                continue
            kind = _kind(v, root, self.params, self.targets)
            name = words.names[v]
            attrs = _node_style(kind, v in self.on_path_nodes, highlighting, _finite(v))
            attrs.update(fitted(_node_lines(v, name, kind, fmt), attrs.get("fontsize", "11")))
            attrs["tooltip"] = _text([_tooltip(v, name)])
            attrs["id"] = words.ids[v]  # the SVG id of the box, as edges get e<child id>_<operand index>
            clusters.setdefault(_path(self.group_of.get(v)), []).append((words.ids[v], attrs))
        for group, members in grouped.items():
            box = f"box{words.ids[members[0]]}"
            for v in members:
                self.at[v] = box
            attrs = _node_style(
                "output" if root in members else "op",
                bool(set(members) & self.on_path_nodes),
                highlighting,
                all(_finite(v) for v in members),
            )
            attrs.update(fitted(_box_lines(group, members, words.names, fmt), attrs.get("fontsize", "11")))
            attrs.update(tooltip=_text([group]), id=box)
            clusters.setdefault(_path(group)[:-1], []).append((box, attrs))
        return clusters

    def links(self, g: graphviz.Digraph, fmt: str, edge_labels: bool | None) -> int:
        """Draw every edge between two shown boxes (R name and local derivative); return how many."""
        words, at, shown = self.words, self.at, set(self.shown)
        links = [
            (child, i // 2, child._edges[i], child._edges[i + 1])
            for child in self.shown
            for i in range(0, len(child._edges), 2)
            if child._edges[i] in shown and at[child._edges[i]] != at[child]
        ]
        labelled = len(links) <= EDGE_LABELS_UP_TO if edge_labels is None else edge_labels
        for child, index, parent, local in links:
            key = (child, index)
            value = f"{local:{fmt}}"
            label = f"{words.r_names[key]} = {value}" if key in words.r_names else value
            tip = f"{words.partial(parent, child)} = {local!r}"
            g.edge(
                at[parent],
                at[child],
                label=_text([label]) if labelled or key in self.highlighted else None,
                tooltip=_text([tip]),
                id=words.edge_id(child, index),
                **_edge_style(key in self.highlighted, bool(self.highlighted)),
            )
        return len(links)


def _box_lines(group: str, members: list[Value], names: Mapping[Value, str], fmt: str) -> list[str]:
    """A collapsed group's box: its name, its nodes' names, data and grads (or how many), its parameters."""
    interior = [v for v in members if v._edges]
    lines = [_path(group)[-1].split(" · ")[-1]]
    if len(interior) <= BOX_LINES:
        lines += [f"{names[v]} = {v.data:{fmt}}, grad {v.grad:{fmt}}" for v in interior]
    else:
        lines.append(f"{len(interior)} nodes (several forward passes)")
    leaves = len(members) - len(interior)
    return lines + ([f"{leaves} parameter{'s' if leaves > 1 else ''}"] if leaves else [])


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
    head = f"{name} ({v.op})" if v._edges else name
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
