"""Losses as single fused nodes: one node whose edge toward each output carries ∂E/∂output.

Outputs are Values (one, a list, or a list of per-sample lists); targets are plain numbers of the
same shape. Each loss is an ``autograd.Op`` holding its targets, so ``check_edges``, ``formulas`` and
``grad(create_graph=True)`` work on it like on any other node.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from typing import Any

from autograd import Op, Value
from autograd.engine.ops import sigmoid

from ._real import finite_float, shown
from .softmax import cross_entropy, softmax
from .targets import check_unit, loss_node, outputs_and_targets, target_name

__all__ = [
    "half_sse",
    "mse",
    "hinge",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "softmax",
    "l2",
    "LOSSES",
]

# ----- regression ------------------------------------------------------------------------------------


class HalfSumSquares(Op):
    """E = ½ Σ (targetᵢ − outᵢ)², the seeds' E_total; edge toward outᵢ: outᵢ − targetᵢ."""

    name = "½Σ(t-y)²"

    def __init__(self, targets: Sequence[float]) -> None:
        self.targets = list(targets)

    def forward(self, *y):
        return 0.5 * sum([(t - yi) ** 2 for yi, t in zip(y, self.targets)])

    def derivatives(self, x, out):
        return tuple([yi - t for yi, t in zip(x, self.targets)])

    def derivative_values(self, parents, out):
        return tuple(p - t for p, t in zip(parents, self.targets))

    def formulas(self, names, out):
        return tuple(f"{n} - {target_name(n, t)}" for n, t in zip(names, self.targets))


def half_sse(outputs: Any, targets: Any) -> Value:
    """E = ½ Σ (target − out)² over every output (the seeds' E_total), as one node labelled "E"."""
    outs, ts = outputs_and_targets(outputs, targets, "half_sse")
    return loss_node(HalfSumSquares(ts), outs, "E")


class MeanSquaredError(Op):
    """(1/n) Σ (outᵢ − targetᵢ)²; edge toward outᵢ: 2(outᵢ − targetᵢ)/n."""

    name = "mse"

    def __init__(self, targets: Sequence[float]) -> None:
        self.targets = list(targets)

    def forward(self, *y):
        return sum([(yi - t) ** 2 for yi, t in zip(y, self.targets)]) / len(y)

    def derivatives(self, x, out):
        k = 2.0 / len(x)
        return tuple([k * (yi - t) for yi, t in zip(x, self.targets)])

    def derivative_values(self, parents, out):
        k = 2.0 / len(parents)
        return tuple((p - t) * k for p, t in zip(parents, self.targets))

    def formulas(self, names, out):
        return tuple(f"2·({n} - {target_name(n, t)})/{len(names)}" for n, t in zip(names, self.targets))


def mse(outputs: Any, targets: Any) -> Value:
    """Mean squared error over every output (PyTorch's ``mse_loss``), as one node."""
    outs, ts = outputs_and_targets(outputs, targets, "mse")
    return loss_node(MeanSquaredError(ts), outs, "mse")


# ----- classification -----------------------------------------------------------------------------


class Hinge(Op):
    """Mean of max(0, 1 − yᵢ·scoreᵢ) (micrograd's demo); edge toward scoreᵢ: −yᵢ/n where the margin
    is violated, else 0."""

    name = "hinge"

    def __init__(self, targets: Sequence[float]) -> None:
        self.targets = list(targets)

    def forward(self, *s):
        return sum([max(0.0, 1.0 - y * si) for si, y in zip(s, self.targets)]) / len(s)

    def derivatives(self, x, out):
        n = len(x)
        return tuple([-y / n if 1.0 - y * si > 0.0 else 0.0 for si, y in zip(x, self.targets)])

    def derivative_values(self, parents, out):
        return self.derivatives(tuple(p.data for p in parents), out.data)

    def formulas(self, names, out):
        n = len(names)
        return tuple(f"-({y:g})/{n}·[1 - ({y:g})·{s} > 0]" for s, y in zip(names, self.targets))


def hinge(scores: Any, targets: Any) -> Value:
    """Mean max-margin loss relu(1 − y·score) for labels y = −1 or +1, as one node."""
    outs, ts = outputs_and_targets(scores, targets, "hinge")
    for i, y in enumerate(ts):
        if y not in (-1.0, 1.0):
            raise ValueError(f"hinge: targets must be -1 or +1, got {y:g} at position {i} (0/1 labels? use 2*y - 1)")
    return loss_node(Hinge(ts), outs, "hinge")


_EPS = struct.unpack("f", struct.pack("f", 1e-12))[0]  # PyTorch's bound on p(1 − p): the float32 1e-12


class BinaryCrossEntropy(Op):
    """Mean −[y log p + (1 − y) log(1 − p)] on probabilities p, each log clamped at −100 as PyTorch;
    edge toward pᵢ: (pᵢ − yᵢ) / (pᵢ(1 − pᵢ)) / n."""

    name = "bce"

    def __init__(self, targets: Sequence[float]) -> None:
        self.targets = list(targets)

    def forward(self, *p):
        total = 0.0
        for pi, y in zip(p, self.targets):
            lp = max(math.log(pi), -100.0) if pi > 0.0 else -100.0
            lq = max(math.log(1.0 - pi), -100.0) if pi < 1.0 else -100.0
            total -= y * lp + (1.0 - y) * lq
        return total / len(p)

    def derivatives(self, x, out):
        n = len(x)
        return tuple([(p - y) / max(p * (1.0 - p), _EPS) / n for p, y in zip(x, self.targets)])

    def derivative_values(self, parents, out):
        n = len(parents)
        return tuple((p - y) / (p * (1.0 - p)) / n for p, y in zip(parents, self.targets))

    def formulas(self, names, out):
        n = len(names)
        return tuple(f"({p} - {target_name(p, y)})/({p}·(1 - {p}))/{n}" for p, y in zip(names, self.targets))


def binary_cross_entropy(probs: Any, targets: Any) -> Value:
    """Mean binary cross-entropy of probabilities in [0, 1] (after a sigmoid) against targets in [0, 1]."""
    outs, ts = outputs_and_targets(probs, targets, "binary_cross_entropy")
    check_unit(ts, "binary_cross_entropy", "targets")
    check_unit([p.data if isinstance(p, Value) else p for p in outs], "binary_cross_entropy", "probabilities")
    return loss_node(BinaryCrossEntropy(ts), outs, "bce")


class BCEWithLogits(Op):
    """Mean binary cross-entropy of sigmoid(z), computed as max(z, 0) − z·y + log(1 + e^−|z|) so
    no exp overflows; edge toward zᵢ: (σ(zᵢ) − yᵢ)/n."""

    name = "bce_logits"

    def __init__(self, targets: Sequence[float]) -> None:
        self.targets = list(targets)

    def forward(self, *z):
        total = sum([max(zi, 0.0) - zi * y + math.log1p(math.exp(-abs(zi))) for zi, y in zip(z, self.targets)])
        return total / len(z)

    def derivatives(self, x, out):
        n = len(x)
        return tuple([(sigmoid(z) - y) / n for z, y in zip(x, self.targets)])

    def derivative_values(self, parents, out):
        n = len(parents)
        return tuple((z.sigmoid() - y) / n for z, y in zip(parents, self.targets))

    def formulas(self, names, out):
        n = len(names)
        return tuple(f"(σ({z}) - {target_name(z, y)})/{n}" for z, y in zip(names, self.targets))


def binary_cross_entropy_with_logits(logits: Any, targets: Any) -> Value:
    """Mean binary cross-entropy on logits (PyTorch's ``binary_cross_entropy_with_logits``): stable for any z."""
    outs, ts = outputs_and_targets(logits, targets, "binary_cross_entropy_with_logits")
    check_unit(ts, "binary_cross_entropy_with_logits", "targets")
    return loss_node(BCEWithLogits(ts), outs, "bce")


class L2(Op):
    """α Σ pᵢ² over parameters; edge toward pᵢ: 2α·pᵢ."""

    name = "l2"

    def __init__(self, alpha: float) -> None:
        self.alpha = alpha

    def forward(self, *p):
        return self.alpha * sum([pi * pi for pi in p])

    def derivatives(self, x, out):
        k = 2.0 * self.alpha
        return tuple([k * pi for pi in x])

    def derivative_values(self, parents, out):
        k = 2.0 * self.alpha
        return tuple(p * k for p in parents)

    def formulas(self, names, out):
        return tuple(f"2·{self.alpha:g}·{n}" for n in names)


def l2(params: Sequence[Value], alpha: float) -> Value:
    """L2 regularisation α·Σ p² as one node (micrograd's demo adds it with α = 1e-4)."""
    if finite_float(alpha) is None:
        raise ValueError(f"l2: alpha must be a finite number, got {shown(alpha)}")
    params = list(params)
    if not params:
        raise ValueError("l2: no parameters")
    for p in params:
        if not isinstance(p, Value):
            raise TypeError(f"l2: parameters must be Values, got {type(p).__name__}")
    return loss_node(L2(float(alpha)), params, "l2")


LOSSES = {
    "half_sse": half_sse,
    "mse": mse,
    "hinge": hinge,
    "cross_entropy": cross_entropy,
    "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
}
