"""``Vocabulary``: the one set of words every view of a graph uses: node names, SVG ids, and the R names of
the numbered edges with their formulas and values. Tree, explain, steps, draw, the step page and the CLI
all take their words from it, so R13 in a table is R13 on the picture.

Variables. The edges numbered are those on paths from the output to the variables: by default every leaf
whose ``requires_grad`` is true (nn marks inputs and constants fixed; the seeds' network also fixes its
biases, as Mazur updates only w1…w8), or the leaves given as ``params``.

Numbering. Edges are numbered level by level from the output; a node's level is its longest distance from
the output, so all the edges into a node share one level. Within a level come the edges into leaves, then
the edges into interior nodes, each group ordered by that node (breadth-first from the output, operands in
order), then by child. After a level, each of its nodes where paths converge (two or more numbered edges
in, more on the way to the variables) gets the next number for its total: R13 = ∂E/∂out_h1. On the seeds'
network this is seed 004's table R1…R20 exactly.

Names. A node is called by its label; a label shared by several nodes becomes ``x#1``, ``x#2`` (in
creation order); an unlabelled interior node is its op's word and a counter in creation order (``mul1``,
``sigmoid2``); an unlabelled leaf is a constant, written as its value (``2``). Boxes show these names.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable
from itertools import groupby

from ..engine.graph import Edge, leads_to, topological_order
from ..engine.op import number
from ..engine.value import Value, expect_value
from . import latex

EdgeKey = tuple[Value, int]  # (child, operand index): one edge of the graph

_WORDS = {"+": "add", "-": "sub", "*": "mul", "/": "div", "**": "pow", "neg": "neg"}


def default_variables(topo: list[Value]) -> list[Value]:
    """The leaves of ``topo`` whose ``requires_grad`` is true: what views number paths to by default."""
    return [v for v in topo if not v._edges and v.requires_grad]


class Vocabulary:
    """Names, ids and R names for the graph of ``root`` with ``params`` as its variables (default: every
    leaf that requires grad). ``names[v]``, ``ids[v]``, ``edge_id(child, i)``, ``r_names[(child, i)]``,
    ``totals[node]``, ``items[r]``; ``partial``, ``formula``, ``value``, ``terms`` write with them."""

    def __init__(self, root: Value, params: Iterable[Value] | None = None) -> None:
        expect_value(root, "a vocabulary", "a Value as its root")
        topo = self.topo = topological_order(root)
        self.variables = default_variables(topo) if params is None else [expect_value(p, "params") for p in params]
        self.root = root
        self.names = node_names(topo)
        self.ids = {v: f"n{k}" for k, v in enumerate(topo)}
        leads = leads_to(topo, self.variables)
        self.into: dict[Value, list[EdgeKey]] = {}  # numbered edges into each node, in R order
        self.grads: dict[Value, float] = {root: 1.0}  # same additions, in the same order, as Value.backward
        self.depth: dict[Value, int] = {root: 0}
        for child in reversed(topo):
            if child not in self.depth:
                continue
            e, d, g = child._edges, self.depth[child] + 1, self.grads[child]
            for i in range(0, len(e), 2):
                p = e[i]
                if leads[p]:
                    self.into.setdefault(p, []).append((child, i // 2))
                    self.grads[p] = self.grads.get(p, 0.0) + (e[i + 1] * g if e[i + 1] else 0.0)
                    if self.depth.get(p, 0) < d:
                        self.depth[p] = d
        self._number(leads)

    def _number(self, leads: dict[Value, bool]) -> None:
        root = self.root
        self.rank = {root: 0}  # breadth-first discovery from the root
        queue = deque([root])
        while queue:
            for p in queue.popleft()._edges[::2]:
                if leads[p] and p not in self.rank:
                    self.rank[p] = len(self.rank)
                    queue.append(p)
        self.order = sorted(self.depth, key=lambda v: (self.depth[v], bool(v._edges), self.rank[v]))
        self.items: dict[str, EdgeKey | Value] = {}  # R name → the edge or the converging node, in R order
        self.r_names: dict[EdgeKey, str] = {}
        self.totals: dict[Value, str] = {}
        has_out = {c for keys in self.into.values() for c, _ in keys}
        for _, level in groupby(self.order[1:], key=self.depth.__getitem__):
            level = list(level)
            for p in level:
                for c, i in sorted(self.into[p], key=lambda k: (self.rank[k[0]], k[1])):
                    self.r_names[(c, i)] = self._next((c, i))
            for p in sorted((p for p in level if len(self.into[p]) > 1 and p in has_out), key=self.rank.get):
                self.totals[p] = self._next(p)
        for keys in self.into.values():
            keys.sort(key=lambda k: int(self.r_names[k][1:]))

    def _next(self, item: EdgeKey | Value) -> str:
        name = f"R{len(self.items) + 1}"
        self.items[name] = item
        return name

    # ----- reading it ---------------------------------------------------------------------------------
    def numbers(self, wrt: Value) -> bool:
        """True when the paths from the root to ``wrt`` are numbered (``wrt`` is a variable or leads to one)."""
        return wrt is self.root or wrt in self.into

    def edge_id(self, child: Value, index: int) -> str:
        """The SVG id of an edge: ``e<child's id>_<operand index>``."""
        return f"e{self.ids[child]}_{index}"

    def edge(self, key: EdgeKey) -> Edge:
        """The ``Edge`` (parent, child, index, local) of an edge key (child, index)."""
        child, i = key
        return Edge(child._edges[2 * i], child, i, child._edges[2 * i + 1])

    def value(self, r: str) -> float:
        """The number an R name stands for: a local derivative, or a total gradient."""
        item = self.items[r]
        return self.grads[item] if isinstance(item, Value) else item[0]._edges[2 * item[1] + 1]

    def partial(self, node: Value, of: Value | None = None) -> str:
        """``∂E/∂node`` in the graph's names (``of`` defaults to the root)."""
        return f"∂{self.names[self.root if of is None else of]}/∂{self.names[node]}"

    def formula(self, key: EdgeKey, tex: bool = False) -> str:
        """The edge's local derivative as its op writes it, in the operands' names (or as LaTeX)."""
        child, i = key
        names = [self.names[p] for p in child.parents]
        if tex:
            written = child._op.latex([latex.name(n) for n in names], latex.name(self.names[child]))
            if written is not None:
                return written[i]
        text = child._op.formulas(names, self.names[child])[i]
        return latex.formula(text, [*names, self.names[child]]) if tex else text

    def terms(self, node: Value) -> tuple[tuple[str, ...], ...]:
        """∂root/∂node factored: one product of R names per edge into ``node``, starting at the nearest
        converging total (or the root)."""
        terms = []
        for key in self.into.get(node, ()):
            chain = [self.r_names[key]]
            c = key[0]
            while c is not self.root and c not in self.totals:
                (key,) = self.into[c]
                chain.append(self.r_names[key])
                c = key[0]
            if c in self.totals:
                chain.append(self.totals[c])
            terms.append(tuple(reversed(chain)))
        return tuple(terms) if node is not self.root else ((),)


def factor(x: float) -> str:
    """A number as a factor of a written product: negative ones in parentheses."""
    return f"({x:.4g})" if x < 0 else f"{x:.4g}"


def vocabulary(root: Value, params: Iterable[Value] | None = None) -> Vocabulary:
    """The names, ids and R names every view of ``root``'s graph uses (variables: ``params``, default every
    leaf that requires grad)."""
    return Vocabulary(root, params)


def node_names(topo: list[Value]) -> dict[Value, str]:
    """Every node of ``topo`` by its name in every view (see the module doc)."""
    labels = Counter(v.label for v in topo if v.label)
    shared: Counter = Counter()
    counters: Counter = Counter()
    names = {}
    for v in topo:
        if v.label:
            shared[v.label] += 1
            names[v] = v.label if labels[v.label] == 1 else f"{v.label}#{shared[v.label]}"
        elif not v._edges:
            names[v] = number(v.data)
        else:
            word = op_word(v._op)
            while True:
                counters[word] += 1
                name = f"{word}_{counters[word]}" if word[-1].isdigit() else f"{word}{counters[word]}"
                if name not in labels:
                    break
            names[v] = name
    return names


def op_word(op: object) -> str:
    """The word an unlabelled node of ``op`` is named by: ``mul`` for ``*`` and ``*0.999``, ``exp``, …"""
    base = getattr(op, "op", op)  # a Folded op is named as the op it folds a number into
    name = getattr(base, "name", "")
    return _WORDS.get(name) or re.sub(r"\W", "", name) or "node"
