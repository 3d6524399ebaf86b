"""``backward_steps``: backpropagation one node at a time, each step the gradient it completes.

Steps go level by level from the root in the order the vocabulary numbers edges, so every edge of a
step carries the next R names and every ``upstream`` was completed by an earlier step. They only
describe: ``.grad`` is never written, and each ``step.grad`` equals (to the bit) what
``root.backward()`` leaves in ``node.grad`` when the leaves start at 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..engine.value import Value
from .vocabulary import Vocabulary, factor


class Term(NamedTuple):
    """One edge into the step's node: ``local`` = ∂child/∂node (named ``r``) times ``upstream`` = ∂root/∂child."""

    child: Value
    index: int
    local: float
    upstream: float
    r: str


@dataclass(frozen=True)
class Step:
    """``node``'s gradient completed: ``grad`` = Σ local·upstream over ``terms``; ``formula`` spells it out."""

    node: Value
    name: str
    terms: tuple[Term, ...]
    grad: float
    formula: str

    def __str__(self) -> str:
        return self.formula


def backward_steps(root: Value, params: Iterable[Value] | None = None) -> Iterator[Step]:
    """One step per node on the paths from ``root`` to the variables (``params``, default every leaf that
    requires grad), root first, in the graph's vocabulary. Reads the graph, never writes ``.grad``."""
    return steps_of(Vocabulary(root, params))


def steps_of(n: Vocabulary) -> Iterator[Step]:
    """``backward_steps`` for a vocabulary a view already holds."""
    for node in n.order:
        terms = tuple(Term(c, i, c._edges[2 * i + 1], n.grads[c], n.r_names[(c, i)]) for c, i in n.into.get(node, ()))
        name, grad = n.partial(node), n.grads[node]
        if not terms:
            formula = f"{name} = 1"
        else:
            symbols = " + ".join(f"{t.r} · {n.partial(t.child)}" for t in terms)
            numbers = " + ".join(f"{factor(t.local)} × {factor(t.upstream)}" for t in terms)
            formula = f"{name} = {symbols} = {numbers} = {grad:.4g}"
        yield Step(node, name, terms, grad, formula)
