"""``grad``: derivatives of one output toward chosen inputs, without touching ``.grad``."""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import value
from .graph import topological_order
from .value import Value, expect_value

Inputs = Value | Sequence[Value]


def grad(output: Value, inputs: Inputs, create_graph: bool = False) -> tuple:
    """∂output/∂x for each x in ``inputs`` (floats), or Values with graphs of their own when
    ``create_graph`` is true, so they can be differentiated again (second derivatives, HVPs).
    As in backward, an edge whose local derivative is 0 contributes exactly 0."""
    expect_value(output, "grad", "a Value as its output")
    xs = (inputs,) if isinstance(inputs, Value) else tuple(inputs)
    for k, x in enumerate(xs):
        expect_value(x, "grad", f"Values as inputs, and input {k}")
    topo = topological_order(output)
    if create_graph:
        g = _grads_as_values(output, topo)
        return tuple(_as_value(g.get(x, 0.0)) for x in xs)
    g = {output: 1.0}
    check = value._anomaly  # inside detect_anomaly(), a non-finite term names its node, as backward does
    for node in reversed(topo):
        gn = g[node]
        e = node._edges
        for i in range(0, len(e), 2):
            p, d = e[i], e[i + 1]
            term = d * gn if d else 0.0
            if check and not math.isfinite(term):
                value._report_backward(node, i // 2, gn, term)
            g[p] = g.get(p, 0.0) + term
    return tuple(g.get(x, 0.0) for x in xs)


def _grads_as_values(output: Value, topo: list[Value]) -> dict:
    g: dict = {output: 1.0}
    for node in reversed(topo):
        gn = g.get(node)
        if gn is None or not node._edges:
            continue  # a leaf, or a node that only zero derivatives lead to
        derivatives = node._op.derivative_values(node.parents, node)
        for p, d in zip(node.parents, derivatives):
            if isinstance(d, Value):
                term = d * gn
            elif d == 0.0:
                continue  # a constant zero derivative adds nothing, whatever arrives (relu at x < 0, x**0)
            else:
                term = gn if d == 1.0 else d * gn
            g[p] = g[p] + term if p in g else term
    return g


def _as_value(x) -> Value:
    return x if isinstance(x, Value) else Value(x)
