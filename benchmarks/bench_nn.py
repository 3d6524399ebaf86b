"""chainrule's nn against micrograd 0.1.0 on micrograd's demo: moons (100 points), MLP(2, [16, 16, 1]),
mean hinge + 1e-4·Σp². Run: ``python benchmarks/bench_nn.py``; prints a Markdown table."""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import micrograd.engine
    import micrograd.nn
except ImportError:
    print("bench_nn: micrograd is not installed; install micrograd==0.1.0 (the 'test' extra) to compare")
    sys.exit(1)

import autograd
import nn


def micrograd_loss(model, X, y):
    """micrograd's demo.ipynb loss, as written there."""
    Value = micrograd.engine.Value
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    return data_loss + reg_loss


def chainrule_loss(model, X, y):
    """The same loss with chainrule's fused nodes: dot per neuron, one hinge node, one L2 node."""
    return nn.hinge([model(x) for x in X], y) + nn.l2(model.parameters(), 1e-4)


def chainrule_loss_map(model, X, y):
    """The same, the scores from ``model.map(X)``: the same graph, each layer's weights read once for all of X."""
    return nn.hinge(model.map(X), y) + nn.l2(model.parameters(), 1e-4)


def time_step(loss_fn, model, X, y, repeats: int) -> list[float]:
    """Seconds for forward + backward of the loss, each of ``repeats`` runs (gradients zeroed first)."""
    times = []
    for _ in range(repeats):
        model.zero_grad()
        t = time.perf_counter()
        loss_fn(model, X, y).backward()
        times.append(time.perf_counter() - t)
    return times


def micrograd_nodes(root) -> list:
    seen, stack = {root}, [root]
    while stack:
        for p in stack.pop()._prev:
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return list(seen)


def memory_per_node(build, count, params) -> tuple[int, float]:
    """(nodes made by one forward, traced bytes per node); parameters exist before and are not counted."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    root = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    ids = {id(p) for p in params}
    made = sum(1 for v in count(root) if id(v) not in ids)
    return made, (after - before) / made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of micrograd (chainrule runs 4× more)")
    args = parser.parse_args()

    X, y = nn.data.moons(100, noise=0.1, seed=1337, labels=(-1, 1))
    random.seed(1337)
    theirs = micrograd.nn.MLP(2, [16, 16, 1])
    weights = [[[w.data for w in n.w] for n in layer.neurons] for layer in theirs.layers]
    biases = [[n.b.data for n in layer.neurons] for layer in theirs.layers]
    ours = nn.MLP.from_weights(weights, biases)

    t_mg = time_step(micrograd_loss, theirs, X, y, args.repeats)
    t_cr = time_step(chainrule_loss, ours, X, y, 4 * args.repeats)
    gc.collect()
    gc.disable()  # micrograd's closures make reference cycles: much of its time above is the cyclic GC
    t_cr_nogc = time_step(chainrule_loss, ours, X, y, 4 * args.repeats)
    t_mg_nogc = time_step(micrograd_loss, theirs, X, y, args.repeats)
    gc.enable()
    gc.collect()
    grads_agree = max(abs(p.grad - q.grad) for p, q in zip(ours.parameters(), theirs.parameters())) < 1e-9

    n_mg, b_mg = memory_per_node(lambda: micrograd_loss(theirs, X, y), micrograd_nodes, theirs.parameters())
    n_cr, b_cr = memory_per_node(lambda: chainrule_loss(ours, X, y), autograd.topological_order, ours.parameters())

    model = nn.MLP(2, [16, 16, 1], seed=1337)
    opt = nn.SGD(model.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
    t = time.perf_counter()
    history = nn.fit(model, X, y, loss="hinge", l2=1e-4, optimizer=opt, epochs=100, verbose=False)
    t_fit = time.perf_counter() - t

    ms = lambda ts: f"{min(ts) * 1e3:.1f} ms (median {statistics.median(ts) * 1e3:.1f})"
    print(
        f"Python {platform.python_version()} on {platform.machine()}; micrograd 0.1.0; gradients agree: {grads_agree}"
    )
    print()
    print("| micrograd demo: moons 100, MLP(2, [16, 16, 1]), hinge + L2 | micrograd 0.1.0 | chainrule | ratio |")
    print("| --- | --- | --- | --- |")
    print(
        f"| forward + backward, best of {args.repeats} / {4 * args.repeats} | {ms(t_mg)} | {ms(t_cr)} | "
        f"{min(t_mg) / min(t_cr):.0f}× faster |"
    )
    print(
        f"| the same with Python's cyclic GC off | {ms(t_mg_nogc)} | {ms(t_cr_nogc)} | "
        f"{min(t_mg_nogc) / min(t_cr_nogc):.0f}× faster |"
    )
    print(f"| graph nodes per forward | {n_mg:,} | {n_cr:,} | {n_mg / n_cr:.1f}× fewer |")
    print(f"| memory per node (tracemalloc) | {b_mg:.0f} B | {b_cr:.0f} B | |")
    print(
        f"| memory per forward | {n_mg * b_mg / 1e6:.1f} MB | {n_cr * b_cr / 1e6:.2f} MB | "
        f"{n_mg * b_mg / (n_cr * b_cr):.0f}× less |"
    )
    print(f"| 100-step demo (SGD, lr = 1 − 0.9·k/100) | | {t_fit:.2f} s, accuracy {history.accuracy[-1]:.0%} | |")


if __name__ == "__main__":
    main()
