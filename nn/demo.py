"""``python -m nn.demo``: the seeds' 2-2-2 network step by step (and its graph as an SVG), then micrograd's
moons demo trained."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import autograd
from autograd import Value

from . import data
from .losses import half_sse
from .mlp import MLP
from .optim import SGD
from .train import fit

# Seed 004 (Matt Mazur's worked example): weights, one bias per layer, and its printed results.
WEIGHTS = [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]]
BIASES = [0.35, 0.60]
INPUTS, TARGETS = [0.05, 0.10], [0.01, 0.99]
SEED_E_TOTAL = "0.298371109"
SEED_AFTER_STEP = [
    "0.149780716",
    "0.19956143",
    "0.24975114",
    "0.29950229",
    "0.35891648",
    "0.408666186",
    "0.511301270",
    "0.561370121",
]


def seed_network() -> tuple[MLP, Value]:
    """The 2-2-2 sigmoid network labelled as in the seeds (i1, i2, w1…w8, b1, b2, net_h1, out_o1, E_total),
    and its E_total node after backward. As in the seeds, the inputs and the biases are fixed
    (``requires_grad=False``: Mazur updates only w1…w8), so every view numbers seed 004's R1…R20."""
    model = MLP.from_weights(WEIGHTS, BIASES, "sigmoid", "sigmoid", names=[["h1", "h2"], ["o1", "o2"]])
    for i, w in enumerate(w for layer in model.layers for n in layer.neurons for w in n.w):
        w.label = f"w{i + 1}"
    for i, layer in enumerate(model.layers):
        layer.b.label = f"b{i + 1}"
        layer.b.requires_grad = False
    inputs = [Value(x, f"i{k + 1}", requires_grad=False) for k, x in enumerate(INPUTS)]
    E = half_sse(model(inputs), TARGETS)
    E.label = "E_total"
    E.backward()
    return model, E


def _vs_seed(ours: float, seed: str) -> str:
    """The seed's number and ✓ when ours rounds to it at the seed's printed precision."""
    digits = len(seed.split(".")[1])
    return f"seed: {seed:11} {'✓' if abs(ours - float(seed)) <= 0.5 * 10**-digits else '✗'}"


def print_seed_step(model: MLP, E: Value) -> None:
    """Forward values, E_total, every weight's gradient, δ per layer and the weights after one SGD step."""
    print("The seeds' 2-2-2 sigmoid network (seed 004, Mazur): i1 = 0.05, i2 = 0.10, targets 0.01, 0.99")
    print("\nforward")
    for layer in model.layers:
        for n in layer.neurons:
            print(f"  {n.net.label:7} = {n.net.data:.9f}    {n.out.label:7} = {n.out.data:.9f}")
    print(f"  E_total = {E.data:.9f}    {_vs_seed(E.data, SEED_E_TOTAL)}")
    print("\nbackward: δ = ∂E/∂net per layer, then ∂E/∂w")
    for i, delta in enumerate(model.deltas()):
        print(f"  δ layer {i + 1} = ({', '.join(f'{d:.9f}' for d in delta)})")
    params = model.parameters()
    for p in params:
        print(f"  ∂E_total/∂{p.label:3} = {p.grad:+.9f}")
    SGD(params, lr=0.5).step()
    print("\nafter one SGD step at lr 0.5 (the biases are fixed, as in the seed)")
    weights = [p for p in params if p.label.startswith("w")]
    for p, seed in zip(weights, SEED_AFTER_STEP):
        print(f"  {p.label:3} = {p.data:.9f}    {_vs_seed(p.data, seed)}")
    for p in params:
        if p.label.startswith("b"):
            print(f"  {p.label:3} = {p.data:.9f}")


def seed_drawing(model: MLP, E: Value, **options) -> autograd.Drawing:
    """The seeds' network with every edge named as in seed 004's table (R1…R20) and ∂E/∂w5 = R1·R3·R5
    highlighted; draw before the SGD step changes the weights."""
    w5 = next(p for p in model.parameters() if p.label == "w5")
    return autograd.explain(E, w5).draw(model=model, **options)


def ascii_regions(model: MLP, X: Sequence, y: Sequence, width: int = 60, height: int = 18) -> str:
    """Where the model's score is > 0 ('·') over the data's box, with the points drawn as o (+1) and x (−1)."""
    xs, ys = [p[0] for p in X], [p[1] for p in X]
    left, right, bottom, top = min(xs) - 0.2, max(xs) + 0.2, min(ys) - 0.2, max(ys) + 0.2
    at = lambda c, r: [left + (right - left) * c / (width - 1), top - (top - bottom) * r / (height - 1)]
    rows = [["·" if model(at(c, r)).data > 0 else " " for c in range(width)] for r in range(height)]
    for (px, py), label in zip(X, y):
        c = round((px - left) / (right - left) * (width - 1))
        r = round((top - py) / (top - bottom) * (height - 1))
        rows[r][c] = "o" if label > 0 else "x"
    return "\n".join("  " + "".join(row) for row in rows)


def train_moons() -> None:
    """micrograd's demo: moons, MLP(2, [16, 16, 1]), mean hinge + 1e-4·Σp², SGD lr = 1 − 0.9·k/100. It
    reports training in its own step lines (micrograd's), so fit's progress bar is off."""
    X, y = data.moons(100, noise=0.1, seed=1337, labels=(-1, 1))
    model = MLP(2, [16, 16, 1], seed=1337)
    print(f"\ntraining {model!r} on 100 moons (micrograd's demo: hinge + L2, SGD, 100 steps)", flush=True)
    opt = SGD(model.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
    history = fit(model, X, y, loss="hinge", l2=1e-4, optimizer=opt, epochs=100, verbose=False)
    for k in (0, 9, 49, 99):
        print(f"  step {k:3}: loss {history.loss[k]:.4f}, accuracy {history.accuracy[k]:.0%}")
    print("decision regions (· score > 0; o label +1, x label −1):")
    print(ascii_regions(model, X, y))


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m nn.demo [--svg FILE]``: the seeds' step and its graph, then the moons demo."""
    parser = argparse.ArgumentParser(prog="python -m nn.demo", description=__doc__)
    parser.add_argument("--svg", default="seed_network.svg", help="where to draw the seeds' network ('' for nowhere)")
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)  # hid a bar there is no more
    args = parser.parse_args(argv)
    model, E = seed_network()
    drawing = seed_drawing(model, E) if args.svg else None
    print_seed_step(model, E)
    if drawing is not None:
        path = drawing.save(args.svg)
        print(f"\nwrote {path}: the graph, edges named R1…R20 as in seed 004, ∂E/∂w5 = R1·R3·R5 in red")
    train_moons()


if __name__ == "__main__":
    main()
