"""``explain``: ∂output/∂wrt written out term by term, every edge's local derivative named R1, R2, …

Numbering. The edges on paths from the output to some variables (every leaf unless ``params`` says
which) are numbered level by level from the output; a node's level is its longest distance from the
output, so all the edges into a node share one level. Within a level come the edges into leaves, then
the edges into interior nodes, each group ordered by that node (breadth-first from the output, operands
in order), then by child. After a level, each of its nodes where paths converge (two or more numbered
edges in, more on the way to the variables) gets the next number for its total: R13 = ∂E/∂out_h1.
With ``params=[w1, …, w8]`` this is seed 004's table R1…R20 exactly.

Names. A node is called by its label; a label shared by several nodes becomes ``x#1``, ``x#2`` (in
creation order); an unlabelled interior node is its op and a counter in creation order (``mul1``,
``sigmoid2``); an unlabelled leaf is a constant, written as its value (``2``).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from ..engine.graph import Edge, leads_to, topological_order
from ..engine.value import Value

if TYPE_CHECKING:
    from .draw import Drawing

EdgeKey = tuple[Value, int]  # (child, operand index): one edge of the graph


class Numbering:
    """R names for the edges (and converging totals) on paths from ``output`` to ``targets`` (default: leaves)."""

    def __init__(self, output: Value, targets: Iterable[Value] | None = None) -> None:
        topo = topological_order(output)
        leads = leads_to(topo, targets)
        self.output = output
        self.names = node_names(topo)
        self.into: dict[Value, list[EdgeKey]] = {}  # numbered edges into each node, in R order
        self.grads: dict[Value, float] = {output: 1.0}  # same order of additions as Value.backward
        self.depth: dict[Value, int] = {output: 0}
        for child in reversed(topo):
            if child not in self.depth:
                continue
            e, d, g = child._edges, self.depth[child] + 1, self.grads[child]
            for i in range(0, len(e), 2):
                p = e[i]
                if leads[p]:
                    self.into.setdefault(p, []).append((child, i // 2))
                    self.grads[p] = self.grads.get(p, 0.0) + e[i + 1] * g
                    if self.depth.get(p, 0) < d:
                        self.depth[p] = d
        self.rank = {output: 0}  # breadth-first discovery from the output
        queue = deque([output])
        while queue:
            for p in queue.popleft()._edges[::2]:
                if leads[p] and p not in self.rank:
                    self.rank[p] = len(self.rank)
                    queue.append(p)
        self.order = sorted(self.depth, key=self._node_key)  # every node on the paths, output first
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

    def _node_key(self, v: Value) -> tuple:
        return self.depth[v], bool(v._edges), self.rank[v]

    def _next(self, item: EdgeKey | Value) -> str:
        name = f"R{len(self.items) + 1}"
        self.items[name] = item
        return name

    def edge(self, key: EdgeKey) -> Edge:
        """The ``Edge`` (parent, child, index, local) of an edge key (child, index)."""
        child, i = key
        return Edge(child._edges[2 * i], child, i, child._edges[2 * i + 1])

    def value(self, r: str) -> float:
        """The number an R name stands for: a local derivative, or a total gradient."""
        item = self.items[r]
        return self.grads[item] if isinstance(item, Value) else item[0]._edges[2 * item[1] + 1]

    def partial(self, node: Value, of: Value | None = None) -> str:
        """``∂E/∂node`` in the graph's names (``of`` defaults to the output)."""
        return f"∂{self.names[self.output if of is None else of]}/∂{self.names[node]}"

    def formula(self, key: EdgeKey, tex: bool = False) -> str:
        """The edge's local derivative as its op writes it, in the operands' names (or as LaTeX)."""
        child, i = key
        names = [self.names[p] for p in child.parents] + [self.names[child]]
        text = child._op.formulas(names[:-1], names[-1])[i]
        if not tex:
            return text
        known = sorted(set(names), key=len, reverse=True)  # found in the text, then written as names
        bounded = (rf"(?<![A-Za-z0-9_]){re.escape(s)}(?![A-Za-z0-9_])" for s in known)
        marked = re.sub("|".join(bounded), lambda m: f"\x00{m[0]}\x01", text)
        return re.sub("\x00(.*?)\x01", lambda m: _tex_name(m[1]), _tex_text(marked), flags=re.S)

    def terms(self, node: Value) -> tuple[tuple[str, ...], ...]:
        """∂output/∂node factored: one product of R names per edge into ``node``, starting at the
        nearest converging total (or the output)."""
        terms = []
        for key in self.into.get(node, ()):
            chain = [self.r_names[key]]
            c = key[0]
            while c is not self.output and c not in self.totals:
                (key,) = self.into[c]
                chain.append(self.r_names[key])
                c = key[0]
            if c in self.totals:
                chain.append(self.totals[c])
            terms.append(tuple(reversed(chain)))
        return tuple(terms) if node is not self.output else ((),)


class Total(NamedTuple):
    """∂output/∂node as a sum of products of R names; ``r`` is its own R name if it has one."""

    node: Value
    name: str
    r: str
    terms: tuple[tuple[str, ...], ...]
    value: float


class Row(NamedTuple):
    """One line of a table: an R name, what it differentiates, its formula and its value."""

    r: str
    edge: str
    formula: str
    value: float


class Table(list):
    """Rows (R#, edge, formula, value); ``str()`` lines them up as text (a formula over 40 characters,
    like a long total, pushes its own value right instead of widening the column)."""

    def __str__(self) -> str:
        cells = [("R#", "edge", "formula", "value")] + [(r.r, r.edge, r.formula, f"{r.value:.6g}") for r in self]
        widths = [max(len(row[k]) for row in cells if k < 2 or len(row[k]) <= 40) for k in range(3)]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[3] for row in cells)


class Explanation:
    """∂output/∂wrt term by term: ``value``, ``paths``, ``factored``, ``table()``; text and LaTeX forms."""

    def __init__(self, output: Value, wrt: Value, params: Iterable[Value] | None = None, max_paths: int = 1000) -> None:
        n = self.numbering = Numbering(output, None if params is None else [*params, wrt])
        n.names.setdefault(wrt, wrt.label or f"{wrt.data:.4g}")
        self.output, self.wrt, self.max_paths = output, wrt, max_paths
        self.names, self.r_names, self.total_names = n.names, n.r_names, n.totals
        self.value: float = n.grads.get(wrt, 0.0)
        self.on_paths: set[EdgeKey] = set()  # the edges on some path from output to wrt
        between, stack = {wrt}, [wrt]
        while stack:
            for key in n.into.get(stack.pop(), ()):
                self.on_paths.add(key)
                if key[0] not in between:
                    between.add(key[0])
                    stack.append(key[0])
        count: dict[Value, int] = {}
        for v in sorted(between, key=attrgetter("_order"), reverse=True):
            count[v] = 1 if v is output else sum(count[c] for c, _ in n.into.get(v, ()))
        self.path_count: int = count[wrt]
        self.paths: list[list[Edge]] | None = self._paths() if self.path_count <= max_paths else None
        used: set[Value] = set()
        todo = [wrt]
        while todo:
            for term in n.terms(todo.pop()):
                for r in term:
                    node = n.items[r]
                    if isinstance(node, Value) and node not in used:
                        used.add(node)
                        todo.append(node)
        self.factored: list[Total] = [self._total(v) for v in sorted(used, key=lambda v: int(n.totals[v][1:]))]
        if wrt not in used:
            self.factored.append(self._total(wrt))

    def _total(self, v: Value) -> Total:
        n = self.numbering
        return Total(v, n.partial(v), n.totals.get(v, ""), n.terms(v), n.grads.get(v, 0.0))

    def _paths(self) -> list[list[Edge]]:
        n, out = self.numbering, {}
        for key in sorted(self.on_paths, key=lambda k: int(self.r_names[k][1:])):
            out.setdefault(key[0], []).append(key)
        if self.output is self.wrt:
            return [[]]
        paths, path, stack = [], [], [iter(out.get(self.output, ()))]  # depth first, one edge iterator per level
        while stack:
            key = next(stack[-1], None)
            if key is None:
                stack.pop()
                if path:
                    path.pop()
                continue
            path.append(key)
            parent = key[0]._edges[2 * key[1]]
            if parent is self.wrt:
                paths.append([n.edge(k) for k in path])
                path.pop()
            else:
                stack.append(iter(out.get(parent, ())))
        return paths

    def table(self, full: bool = False) -> Table:
        """Rows (R#, edge, formula, value) for the R names this explanation uses (``full``: all of them)."""
        n = self.numbering
        mine = {self.r_names[k] for k in self.on_paths} | {t.r for t in self.factored if t.r}
        rows = Table()
        for r, item in n.items.items():
            if full or r in mine:
                if isinstance(item, Value):
                    rows.append(Row(r, n.partial(item) + " (total)", _sum(n.terms(item)), n.value(r)))
                else:
                    rows.append(Row(r, n.partial(item[0]._edges[2 * item[1]], item[0]), n.formula(item), n.value(r)))
        return rows

    def _line(self, t: Total, tex: bool = False) -> str:
        n = self.numbering
        if tex:
            name = _tex_partial(self.names[self.output], self.names[t.node])
            head = f"{_tex_name(t.r)} = {name}" if t.r else name
            numbers = " + ".join(r" \times ".join(_tex_factor(n.value(r)) for r in term) for term in t.terms)
            parts = [" + ".join(r" \cdot ".join(map(_tex_name, term)) or "1" for term in t.terms) or "0"]
            parts += [numbers] if t.terms and any(t.terms) else []
            return head + " &= " + " = ".join(dict.fromkeys(parts + [_tex_number(t.value)]))
        numbers = " + ".join(" × ".join(_factor(n.value(r)) for r in term) for term in t.terms)
        parts = [_sum(t.terms)] + ([numbers] if t.terms and any(t.terms) else []) + [f"{t.value:.4g}"]
        return (f"{t.r} = " if t.r else "") + f"{t.name} = " + " = ".join(dict.fromkeys(parts))

    def __str__(self) -> str:
        head = self.numbering.partial(self.wrt)
        count = f"{self.path_count} path" + ("" if self.path_count == 1 else "s")
        lines = [f"{head} = {self.value:.10g}  ({count})"] + [f"  {self._line(t)}" for t in self.factored]
        if self.paths is None:
            lines.append(f"  {count}: more than max_paths={self.max_paths}, not listed; the factored form is complete")
        elif len(self.factored) > 1:
            more = f" + … ({len(self.paths) - 8} more in .paths)" if len(self.paths) > 8 else ""
            products = ["·".join(self.r_names[(e.child, e.index)] for e in p) for p in self.paths[:8]]
            lines.append(f"  paths: {' + '.join(products)}{more}")
        return "\n".join(lines) + "\n\n" + str(self.table())

    __repr__ = __str__

    def draw(self, **options: Any) -> Drawing:
        """The graph with every numbered edge labelled ``R5 = 0.5933`` and the paths to ``wrt`` highlighted
        (options as ``autograd.draw``: focus, model, rankdir, …)."""
        from .draw import draw

        return draw(self, **options)

    def _repr_latex_(self) -> str:
        n = self.numbering
        lines = []
        for row in self.table():
            item = n.items[row.r]
            if isinstance(item, Value):
                continue
            name = _tex_partial(self.names[item[0]], self.names[item[0]._edges[2 * item[1]]])
            lines.append(f"{_tex_name(row.r)} &= {name} = {n.formula(item, tex=True)} = {_tex_number(row.value)}")
        lines += [self._line(t, tex=True) for t in self.factored]
        return "$$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$$"


def explain(output: Value, wrt: Value, params: Iterable[Value] | None = None, max_paths: int = 1000) -> Explanation:
    """Every chain-rule term of ∂output/∂wrt. R numbers cover the paths to ``params`` (default: every
    leaf), so explanations given the same ``params`` share them; paths beyond ``max_paths`` are only counted."""
    return Explanation(output, wrt, params, max_paths)


def _sum(terms: tuple[tuple[str, ...], ...]) -> str:
    return " + ".join("·".join(term) or "1" for term in terms) or "0"


def _factor(x: float) -> str:
    return f"({x:.4g})" if x < 0 else f"{x:.4g}"


_WORDS = {"+": "add", "-": "sub", "*": "mul", "/": "div", "**": "pow"}


def node_names(topo: list[Value]) -> dict[Value, str]:
    """Every node of ``topo`` by the name explanations, drawings and step pages use (see the module doc)."""
    labels = Counter(v.label for v in topo if v.label)
    shared: Counter = Counter()
    counters: Counter = Counter()
    names = {}
    for v in topo:
        if v.label:
            shared[v.label] += 1
            names[v] = v.label if labels[v.label] == 1 else f"{v.label}#{shared[v.label]}"
        elif not v._edges:
            names[v] = f"{v.data:.4g}"
        else:
            op = v.op
            word = _WORDS.get(op) or ("pow" if op.startswith("**") else re.sub(r"\W", "", op) or "node")
            while True:
                counters[word] += 1
                name = f"{word}_{counters[word]}" if word[-1].isdigit() else f"{word}{counters[word]}"
                if name not in labels:
                    break
            names[v] = name
    return names


# ----- LaTeX -----------------------------------------------------------------------------------
_TEX_ESCAPES = {
    "\\": r"\backslash ",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\sim ",
    "^": r"\wedge ",
}
_TEX_SYMBOLS = {"·": r" \cdot ", "×": r" \times ", "−": "-", "²": "^{2}", "³": "^{3}", "∂": r"\partial ", "\x02": "^{"}
_TEX_FUNCTIONS = {"ln", "log", "exp", "sin", "cos", "tan", "tanh", "max", "min"}


def _tex_escape(s: str, space: str = r"\ ") -> str:
    return "".join(_TEX_ESCAPES.get(c, space if c == " " else c) for c in s)


def _tex_name(name: str) -> str:
    """A name in math mode: ``w5`` → ``w_5``, ``out_h1`` → ``\\mathrm{out}_{h1}``, specials escaped."""
    if re.fullmatch(r"-?[\d.]+(e[-+]?\d+)?|nan|-?inf", name):
        return _tex_number(float(name))
    base, sep, sub = name.partition("_")
    m = None if sep else re.fullmatch(r"([A-Za-z]+)(\d+)", name)
    if m:
        base, sub = m.groups()
    tex = (base if len(base) == 1 and base.isalpha() else rf"\mathrm{{{_tex_escape(base)}}}") if base else "{}"
    if sub:
        sub = _tex_escape(sub)
        tex += f"_{sub}" if len(sub) == 1 else f"_{{{sub}}}"
    return tex


def _tex_number(x: float) -> str:
    s = f"{x:.4g}"
    if "e" in s:
        mantissa, exponent = s.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return {"inf": r"\infty", "-inf": r"-\infty", "nan": r"\mathrm{NaN}"}.get(s, s)


def _tex_factor(x: float) -> str:
    return rf"\left({_tex_number(x)}\right)" if x < 0 else _tex_number(x)


def _tex_partial(of: str, by: str) -> str:
    return rf"\frac{{\partial {_tex_name(of)}}}{{\partial {_tex_name(by)}}}"


def _tex_text(s: str) -> str:
    """A formula from ``Op.formulas`` (names marked \\x00name\\x01, left for the caller) as math-mode LaTeX."""
    s = re.sub(r"\^\(([^()]*)\)", "\x02(\\1)\x03", s)
    s = re.sub("\\^(\x00[^\x01]*\x01|-?[\\w.]+)", "\x02\\1\x03", s)
    out = []
    for m in re.finditer("\x00[^\x01]*\x01|[A-Za-z][A-Za-z0-9_]*|\x03|.", s, re.S):
        t = m[0]
        if t[0] == "\x00":
            out.append(t)
        elif t == "\x03":
            out.append("}")
        elif t[0].isalpha():
            out.append(rf"\{t} " if t in _TEX_FUNCTIONS else _tex_name(t))
        else:
            out.append(_TEX_SYMBOLS.get(t) or _tex_escape(t, " "))
    return "".join(out)
