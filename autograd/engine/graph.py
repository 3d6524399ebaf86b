"""Graph traversal shared by backward, grad, rendering and explanations.

A node's edges are stored flat as ``(parent0, local0, parent1, local1, ...)``; every helper here
walks them without recursion, so graphs of any depth work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from .ops import LayerDot

if TYPE_CHECKING:
    from .value import Value


class Edge(NamedTuple):
    """One parent link: ``child`` was computed from ``parent``; ``local`` is ∂child/∂parent."""

    parent: Value
    child: Value
    index: int
    local: float


def topological_order(root: Value) -> list[Value]:
    """Every node that ``root`` depends on, parents before children, ``root`` last.

    Nodes are numbered as they are created and a parent always exists before its children, so
    collecting the ancestors (no recursion) and sorting them by that number is a topological order.
    """
    seen = {root}
    stack = [root]
    while stack:
        for parent in stack.pop()._edges[::2]:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return sorted(seen, key=_creation_order)


_creation_order = attrgetter("_order")


def interior_order(root: Value) -> list[Value]:
    """``topological_order`` without the leaves (they propagate nothing): what backward walks. A layer's nets
    (``LayerDot``) have leaf weights and biases and share their inputs: those are walked once per layer, not per net."""
    seen = {root}
    walked = set()  # the LayerDot ops whose inputs are on the stack already
    stack = [root]
    pop, push, add = stack.pop, stack.append, seen.add
    while stack:
        node = pop()
        e = node._edges
        if len(e) == 2:  # one parent (an activation, a unary op): most nodes of a network, so no loop for it
            p = e[0]
            if p._edges and p not in seen:
                add(p)
                push(p)
            continue
        op = node._op
        if type(op) is LayerDot:  # its weights and bias are leaves; its inputs are every net's of the layer
            if op in walked:
                continue
            walked.add(op)
            parents = op.inputs
        else:
            parents = e[::2]
        for p in parents:
            if p._edges and p not in seen:
                add(p)
                push(p)
    return sorted(seen, key=_creation_order)


def nodes(root: Value) -> list[Value]:
    """All nodes of the graph of ``root`` in topological order (alias kept for readability)."""
    return topological_order(root)


def edges(root: Value) -> Iterator[Edge]:
    """Every parent link of the graph, one per operand (``a + a`` yields two)."""
    for child in topological_order(root):
        e = child._edges
        for i in range(0, len(e), 2):
            yield Edge(e[i], child, i // 2, e[i + 1])


def leads_to(topo: list[Value], targets: Iterable[Value] | None = None) -> dict[Value, bool]:
    """{node: it is one of ``targets`` (default: the leaves) or depends on one}, for every node of ``topo``
    (a topological order): the nodes on some path from the root down to the targets."""
    wanted = None if targets is None else set(targets)
    leads: dict[Value, bool] = {}
    for v in topo:
        leads[v] = (not v._edges if wanted is None else v in wanted) or any(leads[p] for p in v._edges[::2])
    return leads


def zero_grad(root: Value) -> None:
    """Reset ``grad`` to 0.0 on every node of the graph of ``root``."""
    for node in topological_order(root):
        node.grad = 0.0
