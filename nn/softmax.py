"""Softmax and cross-entropy (seed 003): ``cross_entropy`` as one node whose edge toward each logit carries
ŷ − y, and ``softmax`` on its own as k nodes with the full Jacobian on their edges."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import autograd
from autograd import Op, Value
from autograd.engine import new_node, operand

from .targets import as_plain, check_target, check_unit, flatten, loss_node


def _softmax(z: Sequence[float]) -> list[float]:
    m = max(z)
    e = [math.exp(zi - m) for zi in z]
    s = sum(e)
    return [ei / s for ei in e]


def _softmax_values(z: Sequence[Value]) -> list[Value]:
    m = max(zi.data for zi in z)
    e = [(zi - m).exp() for zi in z]
    s = autograd.sum(e)
    return [ei / s for ei in e]


class SoftmaxCrossEntropy(Op):
    """Mean over samples of −Σⱼ yⱼ log softmax(z)ⱼ, by log-sum-exp; operands are every sample's k
    logits in a row. Edge toward zⱼ: ŷⱼ − yⱼ (divided by the number of samples; seed 003)."""

    name = "softmax_ce"

    def __init__(self, targets: Sequence[Sequence[float]]) -> None:
        self.targets = [list(row) for row in targets]
        self.k = len(self.targets[0])

    def _rows(self, z):
        k = self.k
        return [z[i : i + k] for i in range(0, len(z), k)]

    def forward(self, *z):
        total = 0.0
        for row, y in zip(self._rows(z), self.targets):
            m = max(row)
            lse = m + math.log(sum([math.exp(zi - m) for zi in row]))
            total += sum([yj * (lse - zj) for zj, yj in zip(row, y)])
        return total / len(self.targets)

    def derivatives(self, x, out):
        n = len(self.targets)
        d: list[float] = []
        for row, y in zip(self._rows(x), self.targets):
            sy = sum(y)
            d += [(sy * p - yj) / n for p, yj in zip(_softmax(row), y)]
        return tuple(d)

    def derivative_values(self, parents, out):
        n = len(self.targets)
        d: list = []
        for row, y in zip(self._rows(parents), self.targets):
            sy = sum(y)
            d += [(p * sy - yj) / n for p, yj in zip(_softmax_values(row), y)]
        return tuple(d)

    def formulas(self, names, out):
        n = len(self.targets)
        f: list[str] = []
        for row, y in zip(self._rows(list(names)), self.targets):
            f += [f"(softmax({', '.join(row)})_{j + 1} - {yj:g})/{n}" for j, yj in enumerate(y)]
        return tuple(f)


def cross_entropy(logits: Any, targets: Any) -> Value:
    """Softmax cross-entropy on logits, as PyTorch's ``cross_entropy``: ``logits`` is one sample's k
    Values (target: a class index or k probabilities) or a list of such rows (targets: one per row);
    mean over rows. One node whose edge toward each logit carries ŷ − y."""
    who = "cross_entropy"
    targets = as_plain(targets)
    flat: list = []
    shape = flatten(logits, flat, who, "logits")
    if len(shape) == 1:
        rows, targets = [logits], [targets]
    elif len(shape) == 2:
        rows = logits
        if isinstance(targets, (int, str)) or not isinstance(targets, Sequence) or len(targets) != len(rows):
            got = len(targets) if isinstance(targets, Sequence) else type(targets).__name__
            raise ValueError(f"{who}: {len(rows)} rows of logits need {len(rows)} targets, got {got}")
    else:
        raise ValueError(f"{who}: logits must be a list of k Values or a list of such rows, got shape {shape}")
    k = shape[-1]
    if k < 1:
        raise ValueError(f"{who}: no logits")
    ys = []
    for i, t in enumerate(targets):
        if isinstance(t, numbers.Integral) and not isinstance(t, bool):
            if not 0 <= t < k:
                raise ValueError(f"{who}: class index {t} out of range for {k} classes (row {i})")
            ys.append([1.0 if j == t else 0.0 for j in range(k)])
            continue
        if isinstance(t, (str, bytes)) or not isinstance(t, Sequence) or len(t) != k:
            raise ValueError(f"{who}: target of row {i} must be a class index or {k} probabilities, got {t!r:.60}")
        y = [check_target(tj, who) for tj in t]
        check_unit(y, who, f"probabilities of row {i}")
        ys.append(y)
    return loss_node(SoftmaxCrossEntropy(ys), flat, "cross_entropy")


class SoftmaxOutput(Op):
    """Output i of softmax(z): ŷᵢ = e^zᵢ / Σⱼ e^zⱼ, with an edge to every logit: ŷᵢ(δᵢⱼ − ŷⱼ)."""

    def __init__(self, i: int) -> None:
        self.i = i
        self.name = f"softmax_{i + 1}"

    def forward(self, *z):
        return _softmax(z)[self.i]

    def derivatives(self, x, out):
        i = self.i
        return tuple([out * ((1.0 if j == i else 0.0) - p) for j, p in enumerate(_softmax(x))])

    def derivative_values(self, parents, out):
        y = _softmax_values(parents)
        i = self.i
        return tuple(y[i] * ((1.0 if j == i else 0.0) - yj) for j, yj in enumerate(y))

    def formulas(self, names, out):
        i = self.i
        return tuple(f"{out}·(1 - {out})" if j == i else f"-{out}·softmax_{j + 1}" for j in range(len(names)))


_SOFTMAX_OPS: list[SoftmaxOutput] = []


def softmax(logits: Sequence[Any]) -> list[Value]:
    """softmax(z) as k nodes ``softmax_1..k``, each with an edge to every logit (the full Jacobian)."""
    z = [operand(v) for v in logits]
    if not z:
        raise ValueError("softmax: no logits")
    while len(_SOFTMAX_OPS) < len(z):
        _SOFTMAX_OPS.append(SoftmaxOutput(len(_SOFTMAX_OPS)))
    ps = _softmax([v.data for v in z])
    out = []
    for i, p in enumerate(ps):
        edges: list = []
        for j, (zj, pj) in enumerate(zip(z, ps)):
            edges += (zj, p * ((1.0 if j == i else 0.0) - pj))
        v = new_node(p, tuple(edges), _SOFTMAX_OPS[i])
        v.label = f"softmax_{i + 1}"
        out.append(v)
    return out
