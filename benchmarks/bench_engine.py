"""chainrule vs micrograd 0.1.0, side by side in one run: time per elementary op (forward + backward on a
long chain), memory per node (tracemalloc) and the deepest chain each can backpropagate.

Run: python benchmarks/bench_engine.py   (needs micrograd==0.1.0, e.g. from the `test` extra)
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's autograd, not an installed one

from autograd import Value

try:
    from micrograd.engine import Value as MgValue
except ImportError:
    sys.exit("micrograd 0.1.0 is needed for the comparison: pip install micrograd==0.1.0")

CHAIN = 20_000  # ops per timed chain; micrograd's recursive backward needs a shorter one (see below)
MG_CHAIN = 400  # micrograd recurses once per node in backward: its deepest chain is ~1000 with default limits


def chain(V, n: int, kind: str):
    """A chain of n elementary ops of one kind; returns (input, output, number of nodes created)."""
    x = V(0.5)
    w, b = V(0.999), V(0.001)
    y = x
    if kind == "mul+add (Values)":
        for _ in range(n // 2):
            y = y * w + b
        return x, y, n + 3
    if kind == "mul+add (numbers)":
        for _ in range(n // 2):
            y = y * 0.999 + 0.001
        return x, y, n + 1 if V is Value else 2 * n + 1  # chainrule folds each number into its op
    for _ in range(n):  # relu: the only unary function micrograd 0.1.0 has
        y = y.relu()
    return x, y, n + 1


def time_per_op(V, n: int, kind: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        _, y, _ = chain(V, n, kind)
        y.backward()
        best = min(best, time.perf_counter() - start)
    return best / n * 1e6


def bytes_per_node(V, n: int, kind: str) -> tuple[float, float]:
    tracemalloc.start()
    _, y, nodes = chain(V, n, kind)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size / nodes, size / n


def backpropagates(V, depth: int) -> bool:
    x = V(0.5)
    y = x
    for _ in range(depth):
        y = y * 1.0
    try:
        y.backward()
    except RecursionError:
        return False
    return x.grad == 1.0


def deepest(V, limit: int = 1_000_000) -> int:
    """The deepest chain (up to ``limit``) that backpropagates, by bisection."""
    if backpropagates(V, limit):
        return limit
    lo, hi = 1, limit
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if backpropagates(V, mid) else (lo, mid)
    return lo


def main() -> None:
    print(
        f"python {sys.version.split()[0]}; best of 5, GC on; micrograd's recursive backward limits it to {MG_CHAIN} ops"
    )
    print(f"{'forward+backward per op':<34}{'chainrule':>12}{'micrograd':>12}{'ratio':>8}")
    for n in (CHAIN, MG_CHAIN):
        print(f" chainrule's chain of {n:,} ops, micrograd's of {MG_CHAIN}")
        for kind in ("mul+add (Values)", "mul+add (numbers)", "relu"):
            ours, theirs = time_per_op(Value, n, kind), time_per_op(MgValue, MG_CHAIN, kind)
            print(f"  {kind:<32}{ours:>9.3f} µs{theirs:>9.3f} µs{theirs / ours:>7.1f}×")
    print(f"{'memory per node (per op)':<34}{'chainrule':>12}{'micrograd':>12}")
    for kind in ("mul+add (Values)", "mul+add (numbers)", "relu"):
        (ours, ours_op), (theirs, theirs_op) = bytes_per_node(Value, CHAIN, kind), bytes_per_node(MgValue, CHAIN, kind)
        print(f"  {kind:<32}{ours:>5.0f} B ({ours_op:>3.0f}){theirs:>6.0f} B ({theirs_op:>4.0f})")
    print(f"deepest chain that backpropagates: chainrule {deepest(Value):,}, micrograd {deepest(MgValue):,}")


if __name__ == "__main__":
    main()
