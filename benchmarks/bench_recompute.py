"""Training a fixed-shape graph: ``autograd.recompute`` on the recorded graph against rebuilding it every step.
Run: ``python benchmarks/bench_recompute.py``; prints a Markdown table (best of 5 runs of N SGD steps each)."""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd
import nn
from autograd import Value
from nn.demo import seed_network


def seeds_network():
    model, E = seed_network()
    inputs = [v for v in autograd.topological_order(E) if v.label in ("i1", "i2")]
    return model, E, lambda: nn.half_sse(model(inputs), [0.01, 0.99])


def mlp_on_one_point():
    model = nn.MLP(2, [16, 16, 1], seed=0)
    x = [Value(0.5, "x1", requires_grad=False), Value(-1.0, "x2", requires_grad=False)]
    loss = lambda: nn.mse([model(x)], [1.0])
    return model, loss(), loss


def train(make, steps: int, rebuild: bool) -> tuple[float, float]:
    """Seconds per SGD step (zero_grad, backward, step, then the next forward), and the final loss."""
    model, root, forward = make()
    opt = nn.SGD(model.parameters(), lr=0.05)
    start = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        root.backward()
        opt.step()
        if rebuild:
            root = forward()
        else:
            autograd.recompute(root)
    return (time.perf_counter() - start) / steps, root.data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {args.steps} SGD steps, best of {args.repeat}\n")
    print("| graph | nodes | rebuild each step | recompute in place | ratio | same final loss |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, make in (("seeds' 2-2-2 network", seeds_network), ("MLP(2, [16, 16, 1]), one point", mlp_on_one_point)):
        nodes = len(autograd.topological_order(make()[1]))
        rebuilt = min(train(make, args.steps, True) for _ in range(args.repeat))
        recomputed = min(train(make, args.steps, False) for _ in range(args.repeat))
        same = "yes" if rebuilt[1] == recomputed[1] else f"no ({rebuilt[1]!r} vs {recomputed[1]!r})"
        print(
            f"| {name} | {nodes} | {rebuilt[0] * 1e6:.1f} µs | {recomputed[0] * 1e6:.1f} µs "
            f"| {rebuilt[0] / recomputed[0]:.2f}× | {same} |"
        )


if __name__ == "__main__":
    main()
