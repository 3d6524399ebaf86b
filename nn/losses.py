"""Losses as single fused nodes: one node whose edge toward each output carries ∂E/∂output.

Outputs are Values (one, a list, or a list of per-sample lists); targets are plain numbers of the
same shape. Each loss is an ``autograd.Op`` holding its targets, so ``check_edges``, ``formulas`` and
``grad(create_graph=True)`` work on it like on any other node.
"""

from __future__ import annotations

import math
import numbers
import struct
from collections.abc import Sequence
from typing import Any

import autograd
from autograd import Op, Value
from autograd.engine import new_node, operand
from autograd.engine.ops import sigmoid

from ._real import finite_float, shown, why_not_finite

# ----- shapes and targets --------------------------------------------------------------------------


def _flat(x: Any, into: list, who: str, what: str) -> tuple:
    """Append the scalars of nested lists ``x`` to ``into``; return the shape, refusing ragged lists."""
    x = _plain(x)
    if isinstance(x, (list, tuple)):
        shapes = [_flat(item, into, who, what) for item in x]
        if any(s != shapes[0] for s in shapes):
            raise ValueError(f"{who}: {what} is a ragged list (rows of shapes {sorted(set(shapes))})")
        return (len(x), *(shapes[0] if shapes else ()))
    into.append(x)
    return ()


def _plain(x: Any) -> Any:
    """numpy arrays and scalars as Python lists and numbers (through their ``tolist``)."""
    return x.tolist() if hasattr(x, "tolist") and not isinstance(x, Value) else x


def _target(t: Any, who: str) -> float:
    if isinstance(t, Value):
        raise TypeError(f"{who}: targets must be plain numbers, got a Value ({t!r}); targets are not parameters")
    if isinstance(t, bool) or not isinstance(t, numbers.Real):
        raise TypeError(f"{who}: targets must be numbers, got {type(t).__name__}: {t!r:.40}")
    f = finite_float(t)
    if f is None:
        raise ValueError(f"{who}: target {shown(t)} is {why_not_finite(t)}")
    return f


def _outputs_and_targets(outputs: Any, targets: Any, who: str) -> tuple[list, list[float]]:
    outs: list = []
    ts: list = []
    so = _flat(outputs, outs, who, "outputs")
    st = _flat(targets, ts, who, "targets")
    if so != st:
        raise ValueError(f"{who}: outputs have shape {so} but targets have shape {st}")
    if not outs:
        raise ValueError(f"{who}: no outputs")
    return outs, [_target(t, who) for t in ts]


def _target_name(name: str, t: float) -> str:
    """ "target_o1" for an output named "out_o1" (the seeds' names), else the number itself."""
    return "target" + name[3:] if name.startswith("out") and len(name) > 3 else f"{t:g}"


def _loss_node(op: Op, parents: list, label: str) -> Value:
    out = op(*parents)
    out.label = label
    return out


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
        return tuple(f"{n} - {_target_name(n, t)}" for n, t in zip(names, self.targets))


def half_sse(outputs: Any, targets: Any) -> Value:
    """E = ½ Σ (target − out)² over every output (the seeds' E_total), as one node labelled "E"."""
    outs, ts = _outputs_and_targets(outputs, targets, "half_sse")
    return _loss_node(HalfSumSquares(ts), outs, "E")


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
        return tuple(f"2·({n} - {_target_name(n, t)})/{len(names)}" for n, t in zip(names, self.targets))


def mse(outputs: Any, targets: Any) -> Value:
    """Mean squared error over every output (PyTorch's ``mse_loss``), as one node."""
    outs, ts = _outputs_and_targets(outputs, targets, "mse")
    return _loss_node(MeanSquaredError(ts), outs, "mse")


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
    outs, ts = _outputs_and_targets(scores, targets, "hinge")
    for i, y in enumerate(ts):
        if y not in (-1.0, 1.0):
            raise ValueError(f"hinge: targets must be -1 or +1, got {y:g} at position {i} (0/1 labels? use 2*y - 1)")
    return _loss_node(Hinge(ts), outs, "hinge")


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
        return tuple(f"({p} - {_target_name(p, y)})/({p}·(1 - {p}))/{n}" for p, y in zip(names, self.targets))


def _check_unit(xs: list[float], who: str, what: str) -> None:
    for i, x in enumerate(xs):
        if not 0.0 <= x <= 1.0:
            raise ValueError(f"{who}: {what} must be in [0, 1], got {x!r} at position {i}")


def binary_cross_entropy(probs: Any, targets: Any) -> Value:
    """Mean binary cross-entropy of probabilities in [0, 1] (after a sigmoid) against targets in [0, 1]."""
    outs, ts = _outputs_and_targets(probs, targets, "binary_cross_entropy")
    _check_unit(ts, "binary_cross_entropy", "targets")
    _check_unit([p.data if isinstance(p, Value) else p for p in outs], "binary_cross_entropy", "probabilities")
    return _loss_node(BinaryCrossEntropy(ts), outs, "bce")


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
        return tuple(f"(σ({z}) - {_target_name(z, y)})/{n}" for z, y in zip(names, self.targets))


def binary_cross_entropy_with_logits(logits: Any, targets: Any) -> Value:
    """Mean binary cross-entropy on logits (PyTorch's ``binary_cross_entropy_with_logits``): stable for any z."""
    outs, ts = _outputs_and_targets(logits, targets, "binary_cross_entropy_with_logits")
    _check_unit(ts, "binary_cross_entropy_with_logits", "targets")
    return _loss_node(BCEWithLogits(ts), outs, "bce")


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
    targets = _plain(targets)
    flat: list = []
    shape = _flat(logits, flat, who, "logits")
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
        y = [_target(tj, who) for tj in t]
        _check_unit(y, who, f"probabilities of row {i}")
        ys.append(y)
    return _loss_node(SoftmaxCrossEntropy(ys), flat, "cross_entropy")


# ----- softmax on its own and regularisation ---------------------------------------------------------------


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
    return _loss_node(L2(float(alpha)), params, "l2")


LOSSES = {
    "half_sse": half_sse,
    "mse": mse,
    "hinge": hinge,
    "cross_entropy": cross_entropy,
    "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
}
