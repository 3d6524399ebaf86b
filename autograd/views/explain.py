"""``explain``: ∂output/∂wrt written out term by term, every numbered edge's local derivative called by its
R name (R1, R2, …) and every node by its name, both from the graph's ``Vocabulary`` (see
``autograd.views.vocabulary``), so the text, the table, the LaTeX and the picture say the same.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from ..engine.graph import Edge
from ..engine.value import Value
from . import latex
from .explain_args import explained
from .language import display_width, pad, phrase, word
from .vocabulary import EdgeKey, Vocabulary, factor, node_names  # noqa: F401 (node_names: its old home)

if TYPE_CHECKING:
    from .draw import Drawing
    from .forward_explain import ForwardExplanation


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
    """Rows (R#, edge, formula, value); ``str()`` lines them up as text by display width (a CJK character
    takes two columns; a formula over 40 columns, like a long total, pushes its own value right instead of
    widening the column). Headers in ``lang`` (default: the global language)."""

    lang: str | None = None

    def __str__(self) -> str:
        head = tuple(word(k, self.lang) for k in ("R#", "edge", "formula", "value"))
        cells = [head] + [(r.r, r.edge, r.formula, f"{r.value:.6g}") for r in self]
        widths = [max(display_width(row[k]) for row in cells if k < 2 or display_width(row[k]) <= 40) for k in range(3)]
        return "\n".join("  ".join(pad(c, w) for c, w in zip(row, widths)) + "  " + row[3] for row in cells)


class Explanation:
    """∂output/∂wrt term by term: ``value``, ``paths``, ``factored``, ``table()``; text and LaTeX forms."""

    def __init__(
        self,
        output: Value,
        wrt: Value,
        params: Iterable[Value] | None = None,
        max_paths: int = 1000,
        vocabulary: Vocabulary | None = None,
        lang: str | None = None,
    ) -> None:
        self.vocabulary = n = explained(output, wrt, params, max_paths, vocabulary, lang)
        self.lang = lang
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

    @property
    def numbering(self) -> Vocabulary:
        """The old name of ``vocabulary`` (kept for one release)."""
        warnings.warn("Explanation.numbering is now Explanation.vocabulary", DeprecationWarning, stacklevel=2)
        return self.vocabulary

    def _total(self, v: Value) -> Total:
        n = self.vocabulary
        return Total(v, n.partial(v), n.totals.get(v, ""), n.terms(v), n.grads.get(v, 0.0))

    def _paths(self) -> list[list[Edge]]:
        n, out = self.vocabulary, {}
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
        n = self.vocabulary
        mine = {self.r_names[k] for k in self.on_paths} | {t.r for t in self.factored if t.r}
        rows = Table()
        rows.lang = self.lang
        for r, item in n.items.items():
            if full or r in mine:
                if isinstance(item, Value):
                    total = n.partial(item) + word("(total)", self.lang)
                    rows.append(Row(r, total, _sum(n.terms(item)), n.value(r)))
                else:
                    rows.append(Row(r, n.partial(item[0]._edges[2 * item[1]], item[0]), n.formula(item), n.value(r)))
        return rows

    def _line(self, t: Total, tex: bool = False) -> str:
        n = self.vocabulary
        if tex:
            name = latex.partial(self.names[self.output], self.names[t.node])
            head = f"{latex.name(t.r)} = {name}" if t.r else name
            numbers = " + ".join(r" \times ".join(latex.factor(n.value(r)) for r in term) for term in t.terms)
            parts = [" + ".join(r" \cdot ".join(map(latex.name, term)) or "1" for term in t.terms) or "0"]
            parts += [numbers] if t.terms and any(t.terms) else []
            return head + " &= " + " = ".join(dict.fromkeys(parts + [latex.number(t.value)]))
        numbers = " + ".join(" × ".join(factor(n.value(r)) for r in term) for term in t.terms)
        parts = [_sum(t.terms)] + ([numbers] if t.terms and any(t.terms) else []) + [f"{t.value:.4g}"]
        return (f"{t.r} = " if t.r else "") + f"{t.name} = " + " = ".join(dict.fromkeys(parts))

    def __str__(self) -> str:
        head = self.vocabulary.partial(self.wrt)
        count = self._count()
        lines = [f"{head} = {self.value:.10g}  ({count})"] + [f"  {self._line(t)}" for t in self.factored]
        if self.paths is None:
            lines.append("  " + phrase("too many paths", self.lang, count=count, max=self.max_paths))
        elif len(self.factored) > 1:
            more = phrase("more paths", self.lang, n=len(self.paths) - 8) if len(self.paths) > 8 else ""
            products = ["·".join(self.r_names[(e.child, e.index)] for e in p) for p in self.paths[:8]]
            lines.append(f"  {word('paths:', self.lang)} {' + '.join(products)}{more}")
        return "\n".join(lines) + "\n\n" + str(self.table())

    __repr__ = __str__

    def _count(self) -> str:
        return phrase("path" if self.path_count == 1 else "paths", self.lang, n=self.path_count)

    def draw(self, **options: Any) -> Drawing:
        """The graph with every numbered edge labelled ``R5 = 0.5933`` and the paths to ``wrt`` highlighted
        (options as ``autograd.draw``: focus, model, rankdir, …)."""
        from .draw import draw

        return draw(self, **options)

    def _repr_latex_(self) -> str:
        n = self.vocabulary
        lines = []
        for row in self.table():
            item = n.items[row.r]
            if isinstance(item, Value):
                continue
            name = latex.partial(self.names[item[0]], self.names[item[0]._edges[2 * item[1]]])
            lines.append(f"{latex.name(row.r)} &= {name} = {n.formula(item, tex=True)} = {latex.number(row.value)}")
        lines += [self._line(t, tex=True) for t in self.factored]
        comment = "% " + phrase("latex head", self.lang, count=self._count())  # glossary words only: no label
        return "$$\\begin{aligned}\n" + comment + "\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$$"


def explain(
    output: Value,
    wrt: Value,
    params: Iterable[Value] | None = None,
    max_paths: int = 1000,
    lang: str | None = None,
    mode: str = "reverse",
) -> Explanation | ForwardExplanation:
    """Every chain-rule term of ∂output/∂wrt, in the graph's vocabulary: R numbers cover the paths to the
    variables (``params``, default every leaf that requires grad; ``wrt`` is added if it is not among them),
    as in every other view; paths beyond ``max_paths`` are only counted. ``lang``: "en", "zh" (default: the
    global ``set_language`` / ``CHAINRULE_LANG``). ``mode="forward"``: the same R terms in the order forward
    mode multiplies them, one pass up from ``wrt`` (``ForwardExplanation``)."""
    if mode == "forward":
        from .forward_explain import ForwardExplanation

        return ForwardExplanation(output, wrt, params, max_paths, lang=lang)
    if mode != "reverse":
        raise ValueError(f"explain: mode must be 'reverse' or 'forward', got {mode!r}")
    return Explanation(output, wrt, params, max_paths, lang=lang)


def _sum(terms: tuple[tuple[str, ...], ...]) -> str:
    return " + ".join("·".join(term) or "1" for term in terms) or "0"
