"""Training speed against micrograd 0.1.0, both in one run, runs interleaved (the machine is shared: best of each).

1. micrograd's demo loss (moons 100, MLP(2, [16, 16, 1]), mean hinge + 1e-4·Σp²), forward + backward.
2. MLP(64, [32, 10]) on one 8×8 digit per step: forward + loss + zero_grad + backward + SGD step. micrograd 0.1.0
   has no exp or log, so both use the mean squared error to the one-hot target; chainrule's cross_entropy is shown too.
3. Where chainrule's time per edge goes, beside the interpreter's floor: a bare Python loop doing one multiply-add
   per edge of the same graph; and for the demo and the MSE step, the least work of chainrule's design (the nodes,
   a multiply-add per edge each way, per parameter a zero and an SGD update) as bare loops, against micrograd.

Run: ``python benchmarks/bench_training.py`` (``--repeats N``, default 7); prints Markdown tables. Ratios are the
median (and range) of the rounds' ratios: the machine may be shared, and a round's two timings see the same load.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
from operator import attrgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's autograd and nn

try:
    import micrograd.engine
    import micrograd.nn
except ImportError:
    print("bench_training: micrograd is not installed; install micrograd==0.1.0 (the 'test' extra) to compare")
    sys.exit(1)

from bench_nn import chainrule_loss, chainrule_loss_map, micrograd_loss  # noqa: E402

import nn  # noqa: E402
from autograd.engine.graph import interior_order, topological_order  # noqa: E402
from autograd.engine.value import Value, _backward  # noqa: E402  (backward's propagation, to time it alone)

LR = 0.01


def same_mlp(nin: int, nouts: list[int], seed: int) -> tuple:
    """(micrograd's MLP, chainrule's MLP with the same weights and biases)."""
    random.seed(seed)
    theirs = micrograd.nn.MLP(nin, nouts)
    weights = [[[w.data for w in n.w] for n in layer.neurons] for layer in theirs.layers]
    biases = [[n.b.data for n in layer.neurons] for layer in theirs.layers]
    return theirs, nn.MLP.from_weights(weights, biases)


def digit_like(n: int, seed: int = 0) -> tuple[list[list[float]], list[int], str]:
    """n inputs of 64 pixels scaled to [0, 1] and their classes: the digits data set when this checkout has it,
    else pixels 0–16 drawn at random, half of them 0 (as in the digits), so that backward meets as many zeros."""
    if hasattr(nn.data, "digits"):
        X, y = nn.data.digits()[:2]
        X = [[float(p) / 16 for p in row] for row in X[:n]]
        return X, [int(c) for c in y[:n]], "the first digits of nn.data.digits(), pixels / 16"
    r = random.Random(seed)
    X = [[0.0 if r.random() < 0.5 else r.randint(1, 16) / 16 for _ in range(64)] for _ in range(n)]
    return X, [r.randrange(10) for _ in range(n)], "random 8×8 pixels 0–16 (half of them 0) / 16"


def one_hot(c: int) -> list[float]:
    return [1.0 if j == c else 0.0 for j in range(10)]


def micrograd_step(model, x, c) -> None:
    out = model(list(map(micrograd.engine.Value, x)))
    loss = sum((o - t) ** 2 for o, t in zip(out, one_hot(c))) * 0.1
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= LR * p.grad


def chainrule_step(model, opt, loss_fn):
    def step(x, c) -> None:
        loss = loss_fn(model(x), c)
        opt.zero_grad()
        loss.backward()
        opt.step()

    return step


def per_sample(step, X, y) -> float:
    """Seconds per sample of ``step`` over the samples."""
    t = time.perf_counter()
    for x, c in zip(X, y):
        step(x, c)
    return (time.perf_counter() - t) / len(X)


def best(f, repeats: int) -> float:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        out.append(time.perf_counter() - t)
    return min(out)


def ratios(theirs: list[float], ours: list[float]) -> str:
    """The median and range of the rounds' ratios (each round's micrograd time over chainrule's best in it): the
    machine is shared, and a ratio within one round is steadier than the ratio of two bests."""
    r = sorted(a / b for a, b in zip(theirs, ours))
    return f"{statistics.median(r):.0f}× faster ({r[0]:.0f}–{r[-1]:.0f}×)"


def demo(repeats: int) -> tuple:
    X, y = nn.data.moons(100, noise=0.1, seed=1337, labels=(-1, 1))
    theirs, ours = same_mlp(2, [16, 16, 1], 1337)
    rows = {}
    for gc_on in (True, False):
        t_mg, t_cr, t_map = [], [], []
        gc.collect()
        if not gc_on:
            gc.disable()
        for _ in range(repeats):  # interleaved, so all see the same load
            theirs.zero_grad()
            t_mg.append(best(lambda: micrograd_loss(theirs, X, y).backward(), 1))
            gc.collect()  # micrograd's graphs are reference cycles: free them now, not in chainrule's timing
            for loss, times in ((chainrule_loss, t_cr), (chainrule_loss_map, t_map)):
                runs = []
                for _ in range(4):
                    ours.zero_grad()
                    runs.append(best(lambda f=loss: f(ours, X, y).backward(), 1))
                times.append(min(runs))
        gc.enable()
        rows[gc_on] = t_mg, t_cr, t_map
    agree = max(abs(p.grad - q.grad) for p, q in zip(ours.parameters(), theirs.parameters())) < 1e-9
    print(f"gradients agree with micrograd's: {agree}")
    print()
    print(f"| demo loss, forward + backward, best of {repeats} / {4 * repeats} | micrograd 0.1.0 |", end="")
    print(f" chainrule, [model(x) for x in X] | ratio: median of {repeats} rounds (range) |", end="")
    print(" chainrule, model.map(X) | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for gc_on, name in ((True, "Python's cyclic GC on (as users run)"), (False, "cyclic GC off")):
        mg, cr, mp = rows[gc_on]
        print(f"| {name} | {min(mg) * 1e3:.1f} ms | {min(cr) * 1e3:.2f} ms | {ratios(mg, cr)} |", end="")
        print(f" {min(mp) * 1e3:.2f} ms | {ratios(mg, mp)} |")
    return ours, X, y, min(rows[True][0])


def bare_parts(topo: list) -> dict:
    """The least any engine of chainrule's design must do for a graph whose interior nodes are ``topo`` (one object
    and one tuple of edges per node, one multiply-add per edge forward and per nonzero edge backward, the nodes
    sorted once), each part as a bare Python loop."""
    _new = object.__new__
    lists = [list(v._edges) for v in topo]
    pairs = [(p.data, d) for v in topo for p, d in zip(v._edges[::2], v._edges[1::2])]
    a, b = [p for p, _ in pairs], [d for _, d in pairs]

    def make_nodes() -> None:
        made = []
        for k, e in enumerate(lists):
            v = _new(Value)
            v.data, v.grad, v.label, v._edges, v._op, v._order = 0.0, 0.0, "", tuple(e), None, float(k)
            made.append(v)

    def multiply_add() -> float:
        s = 0.0
        for p, d in zip(a, b):
            s += p * d
        return s

    def propagate() -> None:
        for v in reversed(topo):
            g = v.grad
            if not g:  # nothing arrived: as chainrule, skip the node
                continue
            it = iter(v._edges)
            for p, d in zip(it, it):
                if d:
                    p.grad += d * g

    return {
        "make the interior nodes": make_nodes,
        "a multiply-add per edge, forward": multiply_add,
        "sort the interior nodes once": lambda: sorted(topo, key=attrgetter("_order")),
        "a multiply-add into the parent per nonzero edge and gradient": propagate,
    }


def interleaved_lows(parts: dict, repeats: int, runs: int) -> dict:
    """{part: its best time} over ``repeats`` rounds of the best of ``runs`` calls, each round calling every part
    in turn (so every part sees the same load), with the cyclic GC off."""
    times: dict = {k: [] for k in parts}
    gc.disable()
    for _ in range(repeats):
        for k, f in parts.items():
            times[k].append(best(f, runs))
    gc.enable()
    return {k: min(v) for k, v in times.items()}


def demo_floor(model, X, y, micrograd_time: float, repeats: int) -> None:
    """chainrule's phases on the demo beside ``bare_parts`` of the same graph: how far a graph of Values can go."""
    loss = chainrule_loss(model, X, y)
    loss.backward()  # every node's gradient as one backward leaves it: which of them are 0 decides the work
    topo = interior_order(loss)
    parts = bare_parts(topo)
    parts["ours: forward"] = lambda: chainrule_loss(model, X, y)
    parts["ours: backward"] = loss.backward
    edges = sum(len(v._edges) // 2 for v in topo)
    low = interleaved_lows(parts, repeats, 1)
    bare = sum(t for k, t in low.items() if not k.startswith("ours"))
    ours = low["ours: forward"] + low["ours: backward"]
    print()
    print(f"The demo's graph: {len(topo):,} interior nodes, {edges:,} edges. The least an engine of this design")
    print(f"does for it, each part as a bare Python loop (best of {repeats} interleaved runs, cyclic GC off):")
    print()
    print("| part | ms |")
    print("| --- | --- |")
    for k, t in low.items():
        if not k.startswith("ours"):
            print(f"| {k} | {t * 1e3:.2f} |")
    print(f"| all of it | {bare * 1e3:.2f} |")
    print(f"| chainrule on the same graph: forward {low['ours: forward'] * 1e3:.2f} + backward", end="")
    print(f" {low['ours: backward'] * 1e3:.2f} | {ours * 1e3:.2f} |")
    print()
    print(f"micrograd's best above over the bare total: {micrograd_time / bare:.0f}× (an engine of this design written")
    print(f"as plain loops, GC off); chainrule takes {ours / bare:.2f}× the bare total.")


def mlp64(repeats: int, samples: int) -> tuple:
    X, y, source = digit_like(samples)
    theirs, ours = same_mlp(64, [32, 10], 1)
    ours_ce = same_mlp(64, [32, 10], 1)[1]
    step_mse = chainrule_step(ours, nn.SGD(ours.parameters(), lr=LR), lambda out, c: nn.mse(out, one_hot(c)))
    step_ce = chainrule_step(ours_ce, nn.SGD(ours_ce.parameters(), lr=LR), nn.cross_entropy)
    n_mg = max(2, samples // 5)
    t: dict = {}
    for gc_on in (True, False):
        gc.collect()
        if not gc_on:
            gc.disable()
        for _ in range(repeats):  # interleaved, so all three see the same load
            t.setdefault(("mg", gc_on), []).append(
                per_sample(lambda x, c: micrograd_step(theirs, x, c), X[:n_mg], y[:n_mg])
            )
            gc.collect()  # its last graph is garbage in cycles: collected here, not in chainrule's timing
            t.setdefault(("mse", gc_on), []).append(per_sample(step_mse, X, y))
            t.setdefault(("ce", gc_on), []).append(per_sample(step_ce, X, y))
        gc.enable()
    # the same three steps from the same weights in both: do the weights still agree?
    a, b = same_mlp(64, [32, 10], 2)
    sa = chainrule_step(b, nn.SGD(b.parameters(), lr=LR), lambda out, c: nn.mse(out, one_hot(c)))
    for x, c in zip(X[:3], y[:3]):
        micrograd_step(a, x, c)
        sa(x, c)
    agree = max(abs(p.data - q.data) for p, q in zip(a.parameters(), b.parameters())) < 1e-9
    print()
    print(f"MLP(64, [32, 10]) on {source}; weights after 3 SGD steps agree with micrograd's: {agree}")
    print()
    print(f"| one sample: forward + loss + zero_grad + backward + SGD step, best of {repeats} | GC on |", end="")
    print(f" ratio: median of {repeats} rounds (range) | GC off | ratio |")
    print("| --- | --- | --- | --- | --- |")
    rows = (
        ("mg", f"micrograd 0.1.0, mean squared error to one-hot (mean of {n_mg} samples)"),
        ("mse", f"chainrule, the same loss (mean of {samples})"),
        ("ce", "chainrule, cross_entropy"),
    )
    for key, name in rows:
        cells = []
        for gc_on in (True, False):
            mine = min(t[key, gc_on])
            cells.append(f"{mine * 1e3:.3f} ms | {'' if key == 'mg' else ratios(t['mg', gc_on], t[key, gc_on])}")
        print(f"| {name} | {' | '.join(cells)} |")
    return ours_ce, X, y, min(t["mg", True]), min(t["mse", True])


def floor(model, X, y, repeats: int) -> None:
    """chainrule's phases per edge on MLP(64, [32, 10]) with cross_entropy, beside a bare multiply-add per edge."""
    opt = nn.SGD(model.parameters(), lr=LR)
    x, c = X[0], y[0]
    loss = nn.cross_entropy(model(x), c)
    edges = sum(len(v._edges) // 2 for v in topological_order(loss))
    ws = [random.random() for _ in range(edges)]
    xs = [random.random() for _ in range(edges)]

    def bare() -> float:
        s = 0.0
        for w, v in zip(ws, xs):
            s += w * v
        return s

    t = {name: [] for name in ("forward + loss", "topological order", "propagate", "zero_grad + SGD step", "floor")}
    for _ in range(repeats):
        for x, c in zip(X, y):
            t0 = time.perf_counter()
            loss = nn.cross_entropy(model(x), c)
            t1 = time.perf_counter()
            topo = interior_order(loss)
            t2 = time.perf_counter()
            opt.zero_grad()
            t3 = time.perf_counter()
            loss.grad = 1.0  # what loss.backward() does once it has the order (its nodes start at grad 0)
            _backward(topo)
            t4 = time.perf_counter()
            opt.step()
            t5 = time.perf_counter()
            t["forward + loss"].append(t1 - t0)
            t["topological order"].append(t2 - t1)
            t["propagate"].append(t4 - t3)
            t["zero_grad + SGD step"].append((t3 - t2) + (t5 - t4))
        t["floor"].append(best(bare, 3))
    lows = {k: sorted(v)[len(v) // 10] for k, v in t.items()}  # 10th percentile: steady state, little noise
    lows["floor"] = min(t["floor"])
    total = sum(v for k, v in lows.items() if k != "floor")
    print()
    print(f"Where one step's time goes (MLP(64, [32, 10]), cross_entropy, {edges:,} edges, {len(model.parameters()):,}")
    print(f"parameters; 10th percentile of {len(X) * repeats} steps); floor: a bare Python loop, one multiply-add per")
    print("edge:")
    print()
    print("| phase | µs per step | ns per edge | share |")
    print("| --- | --- | --- | --- |")
    for k in ("forward + loss", "topological order", "propagate", "zero_grad + SGD step"):
        print(f"| {k} | {lows[k] * 1e6:.0f} | {lows[k] / edges * 1e9:.0f} | {lows[k] / total:.0%} |")
    print(f"| all | {total * 1e6:.0f} | {total / edges * 1e9:.0f} | 100% |")
    low = lows["floor"]
    print(f"| the floor | {low * 1e6:.0f} | {low / edges * 1e9:.0f} | {low / total:.0%} |")


def step_floor(model, X, y, micrograd_time: float, ours: float, repeats: int) -> None:
    """The least any engine of chainrule's design must do for one MSE step of MLP(64, [32, 10]): ``bare_parts`` of its
    graph, and a bare loop per parameter for zero_grad and for the SGD update; micrograd's step over that total."""
    loss = nn.mse(model(X[0]), one_hot(y[0]))
    loss.backward()
    parts = bare_parts(interior_order(loss))
    params = model.parameters()

    def zero() -> None:
        for p in params:
            p.grad = 0.0

    def update(lr: float = 0.0) -> None:  # lr 0: the same work, and the weights stay as they are
        for p in params:
            g = p.grad
            if g:
                p.data -= lr * g

    parts["zero_grad: one store per parameter"] = zero
    parts["SGD: a multiply-add per parameter with a gradient"] = update
    low = interleaved_lows(parts, repeats, 3)
    bare = sum(low.values())
    print()
    print(f"The MSE step's least work, each part as a bare Python loop (best of {3 * repeats}, cyclic GC off):")
    print()
    print("| part | µs |")
    print("| --- | --- |")
    for k, t in low.items():
        print(f"| {k} | {t * 1e6:.0f} |")
    print(f"| all of it | {bare * 1e6:.0f} |")
    print()
    print(f"micrograd's step (best above, GC on) over the bare total: {micrograd_time / bare:.0f}× (an engine of this")
    print(f"design written as plain loops, GC off); chainrule's step (best above, GC on) takes {ours / bare:.2f}× it.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7, help="interleaved rounds; the best of each is reported")
    parser.add_argument("--samples", type=int, default=50, help="digits per round for chainrule (micrograd: 1/10)")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}; micrograd 0.1.0")
    print()
    demo_model, dX, dy, mg = demo(args.repeats)
    demo_floor(demo_model, dX, dy, mg, args.repeats)
    model, X, y, mg_step, mse_step = mlp64(args.repeats, args.samples)
    floor(model, X, y, args.repeats)
    step_floor(model, X, y, mg_step, mse_step, args.repeats)


if __name__ == "__main__":
    main()
