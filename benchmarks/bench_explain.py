"""How long ``explain`` and ``backward_steps`` take on MLP-sized graphs built by hand (dot + relu per neuron).

Run: PYTHONPATH=. python benchmarks/bench_explain.py   (the target is < 1 s for MLP(2, [16, 16, 1]))
"""

from __future__ import annotations

import random
import statistics
import time

import autograd
from autograd import Value, backward_steps, explain


def mlp(n_in: int, sizes: list[int], seed: int = 0) -> tuple[Value, list[Value], list[Value]]:
    """A hand-built MLP with labelled weights, relu on every layer but the last, loss (out − 1)²:
    returns (loss, inputs, first-layer weights)."""
    rng = random.Random(seed)
    xs = [Value(rng.uniform(-1, 1), f"x{i + 1}") for i in range(n_in)]
    layer, first = xs, []
    for depth, size in enumerate(sizes, 1):
        out = []
        for j in range(size):
            w = [Value(rng.uniform(-1, 1), f"w{depth}_{j + 1}_{k + 1}") for k in range(len(layer))]
            first += w if depth == 1 else []
            net = autograd.dot(w, layer, Value(rng.uniform(-0.1, 0.1), f"b{depth}_{j + 1}"))
            out.append(net.relu() if depth < len(sizes) else net)
        layer = out
    return (layer[0] - 1.0) ** 2, xs, first


def timed(f, repeat: int = 7) -> tuple[float, float]:
    """(best, median) seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def report(what: str, f) -> None:
    best, median = timed(f)
    print(f"{what:<58} best {best * 1e3:7.2f} ms  median {median * 1e3:7.2f} ms")


def main() -> None:
    loss, xs, first = mlp(2, [16, 16, 1])
    n_nodes, n_edges = len(autograd.nodes(loss)), sum(1 for _ in autograd.edges(loss))
    ex = explain(loss, first[0])
    print(f"MLP(2, [16, 16, 1]): {n_nodes} nodes, {n_edges} edges; ∂loss/∂{first[0].label}: {ex.path_count} paths")
    report("explain(loss, first-layer weight)", lambda: explain(loss, first[0]))
    both = lambda e: (str(e), e._repr_latex_())
    report("explain(loss, first-layer weight) + str + LaTeX", lambda: both(explain(loss, first[0])))
    report(f"explain(loss, input x1): {explain(loss, xs[0]).path_count} paths", lambda: explain(loss, xs[0]))
    report("list(backward_steps(loss))", lambda: list(backward_steps(loss)))
    deep, deep_xs, _ = mlp(2, [16, 16, 16, 1])
    ex = explain(deep, deep_xs[0])
    print(f"MLP(2, [16, 16, 16, 1]): ∂loss/∂x1 has {ex.path_count} paths (listed: {ex.paths is not None})")
    report("explain(loss, input x1), paths over max_paths", lambda: explain(deep, deep_xs[0]))


if __name__ == "__main__":
    main()
