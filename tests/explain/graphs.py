"""Random small graphs for property tests: leaves, then ops whose operands are any earlier nodes."""

from __future__ import annotations

from hypothesis import strategies as st

import autograd
from autograd import Value

OPS = ("add", "mul", "sub", "tanh", "sigmoid", "dot", "sum", "square")


@st.composite
def graphs(draw) -> tuple[Value, list[Value]]:
    """(output, every node made): 1–4 leaves and 1–10 ops; nodes may be reused any number of times."""
    numbers = st.floats(-2.0, 2.0, allow_nan=False).filter(lambda x: abs(x) > 1e-3)
    nodes = [Value(draw(numbers), f"x{k}") for k in range(draw(st.integers(1, 4)))]
    for _ in range(draw(st.integers(1, 10))):
        pick = st.sampled_from(nodes)
        op = draw(st.sampled_from(OPS))
        if op in ("add", "mul", "sub"):
            a, b = draw(pick), draw(pick)
            v = a + b if op == "add" else a * b if op == "mul" else a - b
        elif op == "dot":
            v = autograd.dot([draw(pick), draw(pick)], [draw(pick), draw(pick)], draw(pick))
        elif op == "sum":
            v = autograd.sum([draw(pick) for _ in range(3)])
        elif op == "square":
            v = draw(pick) ** 2
        else:
            v = getattr(draw(pick), op)()
        nodes.append(v)
    return nodes[-1], nodes


def brute_paths(output: Value, wrt: Value) -> list[list[tuple[Value, int, float]]]:
    """Every path from output to wrt by plain recursion (exponential; small graphs only)."""
    if output is wrt:
        return [[]]
    paths = []
    for i, (p, local) in enumerate(zip(output.parents, output.local_grads)):
        paths += [[(output, i, local), *rest] for rest in brute_paths(p, wrt)]
    return paths
