"""``explain(output, wrt, mode="forward")``: ∂output/∂wrt as forward mode computes it, one pass up from ``wrt``.
Each node on a path gets ∂node/∂wrt, the sum over its edges of (the parent's ∂parent/∂wrt)·R, so a path's
product is read from ``wrt`` up (R17·R15·R9·R3·R1) where reverse mode reads it from the output down
(R1·R3·R9·R15·R17). The R names and node names are the graph's ``Vocabulary``'s, as in every view.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..engine.forward import Cost, push
from ..engine.graph import leads_to
from ..engine.value import Value
from . import latex
from .explain_args import explained
from .language import word
from .vocabulary import EdgeKey, Vocabulary, factor

if TYPE_CHECKING:
    from .drawing import Drawing


class Step(NamedTuple):
    """One node of the pass: ``name`` (∂node/∂wrt) = Σ ∂parent/∂wrt · R over ``terms`` (parent, R name)."""

    node: Value
    name: str
    terms: tuple[tuple[Value, str], ...]
    value: float


class ForwardExplanation:
    """∂output/∂wrt in forward mode: ``value``, ``steps`` (in the order the pass computes them), ``paths``
    (R names read from ``wrt`` up), ``cost``; text and LaTeX forms, ``draw()``."""

    mode = "forward"

    def __init__(
        self,
        output: Value,
        wrt: Value,
        params: Iterable[Value] | None = None,
        max_paths: int = 1000,
        vocabulary: Vocabulary | None = None,
        lang: str | None = None,
    ) -> None:
        n = explained(output, wrt, params, max_paths, vocabulary, lang)
        self.vocabulary, self.output, self.wrt, self.max_paths, self.lang = n, output, wrt, max_paths, lang
        leads = leads_to(n.topo, [wrt])
        above = [v for v in n.topo if leads[v]]  # wrt and every node that depends on it, parents first
        tangent, count = push(above, {wrt: 1.0}, create_graph=False)
        self.cost = Cost("forward", 1, count)
        self.tangents: dict[Value, float] = tangent  # ∂node/∂wrt for wrt and every node above it
        self.value: float = tangent.get(output, 0.0) if wrt in tangent else 0.0
        self.on_paths: set[EdgeKey] = set()
        self.steps: list[Step] = []
        paths: dict[Value, list[tuple[str, ...]] | None] = {wrt: [()]}
        counts = {wrt: 1}
        for c in above[1:] if above and above[0] is wrt else above:
            keys = [(c, i) for i, p in enumerate(c._edges[::2]) if leads[p]]
            self.on_paths.update(keys)
            parents = [c._edges[2 * i] for _, i in keys]
            terms = tuple((p, n.r_names[k]) for p, k in zip(parents, keys))
            self.steps.append(Step(c, n.partial(wrt, c), terms, tangent[c]))
            counts[c] = sum(counts[p] for p in parents)
            listed = counts[c] <= max_paths and all(paths[p] is not None for p in parents)
            paths[c] = [pp + (n.r_names[k],) for p, k in zip(parents, keys) for pp in paths[p]] if listed else None
        self.path_count: int = counts.get(output, 0)
        self.paths: list[tuple[str, ...]] | None = paths.get(output, []) if output in counts else []

    def rs(self) -> list[str]:
        """The R names of the pass, in the order it multiplies them first."""
        return list(dict.fromkeys(r for s in self.steps for _, r in s.terms))

    def _line(self, s: Step) -> str:
        n, wrt, t = self.vocabulary, self.wrt, self.tangents
        products = " + ".join(r if p is wrt else f"{n.partial(wrt, p)}·{r}" for p, r in s.terms)
        numbers = " + ".join(
            factor(n.value(r)) if p is wrt else f"{factor(t[p])} × {factor(n.value(r))}" for p, r in s.terms
        )
        return " = ".join(dict.fromkeys([f"{s.name} = {products}", numbers, f"{s.value:.4g}"]))

    def __str__(self) -> str:
        n, count = self.vocabulary, self.path_count
        wrt = n.names[self.wrt]
        paths = word("path" if count == 1 else "paths", self.lang).format(n=count)
        how = word("one pass up from", self.lang).format(wrt=wrt)
        lines = [f"{n.partial(self.wrt)} = {self.value:.10g}  ({word('forward mode', self.lang)}: {how}, {paths})"]
        lines += [f"  {self._line(s)}" for s in self.steps]
        if self.paths is None:
            lines.append(f"  {paths}: > max_paths={self.max_paths}")
        elif self.steps:
            more = f" + … ({len(self.paths) - 8})" if len(self.paths) > 8 else ""
            head = word("paths, read from", self.lang).format(wrt=wrt)
            lines.append(f"  {head}: {' + '.join('·'.join(p) for p in self.paths[:8])}{more}")
        lines.append("")
        for r in self.rs():
            child, i = key = n.items[r]
            edge = n.partial(child._edges[2 * i], child)
            lines.append(f"{r} = {edge} = {n.formula(key)} = {n.value(r):.6g}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_latex_(self) -> str:
        names, wrt = self.vocabulary.names, self.wrt
        lines = []
        for s in self.steps:
            parts = [
                latex.name(r) if p is wrt else rf"{latex.partial(names[p], names[wrt])} \cdot {latex.name(r)}"
                for p, r in s.terms
            ]
            head = latex.partial(names[s.node], names[wrt])
            lines.append(f"{head} &= {' + '.join(parts)} = {latex.number(s.value)}")
        return "$$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$$"

    def draw(self, **options: Any) -> Drawing:
        """The graph with the numbered edges labelled and the paths from ``wrt`` highlighted (see ``autograd.draw``)."""
        from .draw import draw

        return draw(self, **options)
