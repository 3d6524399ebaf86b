"""The seeds' 2-2-2 sigmoid network (Mazur's example, seed 004's labels) built by hand, loss as one fused node."""

from __future__ import annotations

import autograd
from autograd import Op, Value

INPUTS = (0.05, 0.10)
WEIGHTS = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)
TARGETS = (0.01, 0.99)


class HalfSquaredError(Op):
    """E = ½ Σ (target − out)² over the outputs, one node; ∂E/∂out_oi = out_oi − target_oi."""

    name = "E"

    def __init__(self, targets, target_names):
        self.targets, self.target_names = targets, target_names

    def forward(self, *out):
        return 0.5 * sum((t - o) ** 2 for t, o in zip(self.targets, out))

    def derivatives(self, x, out):
        return tuple(o - t for o, t in zip(x, self.targets))

    def formulas(self, names, out):
        return tuple(f"{n} - {t}" for n, t in zip(names, self.target_names))


def labelled(v: Value, label: str) -> Value:
    v.label = label
    return v


def network() -> dict:
    """Every node of the network by its seed label, plus ``w`` (w1…w8) and ``E``."""
    i1, i2 = Value(INPUTS[0], "i1"), Value(INPUTS[1], "i2")
    w = [Value(x, f"w{k + 1}") for k, x in enumerate(WEIGHTS)]
    b1, b2 = Value(0.35, "b1"), Value(0.60, "b2")
    n = dict(i1=i1, i2=i2, b1=b1, b2=b2, w=w, **{f"w{k + 1}": v for k, v in enumerate(w)})
    for h, ws in (("h1", w[0:2]), ("h2", w[2:4])):
        n[f"net_{h}"] = labelled(autograd.dot(ws, [i1, i2], b1), f"net_{h}")
        n[f"out_{h}"] = labelled(n[f"net_{h}"].sigmoid(), f"out_{h}")
    for o, ws in (("o1", w[4:6]), ("o2", w[6:8])):
        n[f"net_{o}"] = labelled(autograd.dot(ws, [n["out_h1"], n["out_h2"]], b2), f"net_{o}")
        n[f"out_{o}"] = labelled(n[f"net_{o}"].sigmoid(), f"out_{o}")
    loss = HalfSquaredError(TARGETS, ("target_o1", "target_o2"))
    n["E"] = labelled(loss(n["out_o1"], n["out_o2"]), "E")
    return n
