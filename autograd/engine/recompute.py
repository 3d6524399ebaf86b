"""``recompute``: the same graph, new numbers. After leaves change (``w5.data = 0.5``), every interior node's
value and local derivatives are computed again from its op, in topological order, without new nodes, so every
drawing, explanation and vocabulary of the graph stays valid; then ``root.backward()`` as usual."""

from __future__ import annotations

import math

from . import value as _value
from .graph import interior_order
from .op import Op
from .value import Value, _as_float, expect_value


def recompute(root: Value) -> Value:
    """Recompute every interior node of the graph of ``root`` from its op (value and local derivatives) and
    return ``root``. Atomic: if an op fails (log of a negative, an overflow), its error names the node and no
    node has changed. ``grad`` is left alone: zero it and call ``backward()`` for the new gradients."""
    expect_value(root, "recompute")
    if not root._edges:
        return root  # a leaf: nothing to compute
    topo = interior_order(root)
    checked = set()
    for node in topo:
        if node._op not in checked:  # each op once: a graph shares a few ops among many nodes
            _check_recomputable(node)
            checked.add(node._op)
    new: dict[Value, float] = {}
    get = new.get
    edges_of = []
    for node in topo:
        e = node._edges
        parents = e[::2]
        xs = [get(p, p.data) for p in parents]
        try:
            out, *locals_ = node._op.local(*xs)
            out = out if type(out) is float else _as_float(out)
        except (ArithmeticError, ValueError) as err:
            raise type(err)(f"{err} (recomputing {_described(node, parents, xs)}); no node was changed") from None
        if len(locals_) != len(parents):
            raise ValueError(
                f"recompute: op {node._op.name!r} gave {len(locals_)} derivatives for {len(parents)} operands "
                f"({_described(node, parents, xs)}); no node was changed"
            )
        if _value._anomaly and not math.isfinite(out):
            raise FloatingPointError(
                f"anomaly: recomputing {_described(node, parents, xs)} gave {out!r}; no node was changed"
            )
        new[node] = out
        edges = list(e)
        edges[1::2] = map(float, locals_)
        edges_of.append(tuple(edges))
    for node, edges in zip(topo, edges_of):
        node.data = new[node]
        node._edges = edges
    return root


def _check_recomputable(node: Value) -> None:
    op = node._op
    cls = type(op)
    why = ""
    if not getattr(op, "recomputable", True):
        why = f"{cls.__name__}.recomputable is False"
    elif isinstance(op, Op) and cls.local is Op.local and cls.forward is Op.forward:
        why = f"{cls.__name__} defines neither local() nor forward()"
    elif not callable(getattr(op, "local", None)):
        why = f"{cls.__name__} has no local()"
    if why:
        raise TypeError(
            f"recompute: node {node.label or '(unlabelled)'!r} was made by op {op.name!r}, which cannot be recomputed "
            f"({why}); rebuild the graph instead"
        )


def _described(node: Value, parents: tuple, xs: list[float]) -> str:
    name = repr(node.label) if node.label else "(unlabelled)"
    inputs = ", ".join(f"{p.label or '?'}={x!r}" for p, x in zip(parents[:4], xs))
    more = ", …" if len(parents) > 4 else ""
    return f"node {name} made by op {node._op.name!r} from {inputs}{more}"
