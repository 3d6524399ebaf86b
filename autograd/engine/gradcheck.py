"""``gradcheck``: backpropagated gradients against central finite differences, whole or edge by edge."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .grad import grad
from .graph import topological_order
from .value import Value


@dataclass
class Mismatch:
    """One derivative that disagrees: where it is, the analytic and the numeric value."""

    where: str
    analytic: float
    numeric: float

    def __str__(self) -> str:
        return f"{self.where}: analytic {self.analytic:.8g}, numeric {self.numeric:.8g}"


@dataclass
class GradcheckResult:
    """Truthy when every checked derivative agrees; ``str()`` is a readable report."""

    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return f"gradcheck passed: {self.checked} derivatives agree with finite differences"
        lines = [f"gradcheck FAILED: {len(self.mismatches)} of {self.checked} derivatives disagree"]
        lines += [f"  {m}" for m in self.mismatches]
        return "\n".join(lines)


def _close(a: float, n: float, atol: float, rtol: float) -> bool:
    return abs(a - n) <= atol + rtol * abs(n)


def _central_difference(f: Callable[[list], float], point: list, i: int, eps: float) -> float:
    """(f(point with coordinate i + ε) − f(… − ε)) / 2ε; ``point`` holds (value, label) pairs."""

    def moved(delta: float) -> list:
        return [(v + delta, lb) if j == i else (v, lb) for j, (v, lb) in enumerate(point)]

    return (f(moved(eps)) - f(moved(-eps))) / (2 * eps)


def _label(v: Value, fallback: str) -> str:
    return f"{fallback} ({v.label!r})" if v.label else fallback


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    edges: bool = False,
) -> GradcheckResult:
    """Compare ∂f/∂input from backpropagation with (f(x+ε) − f(x−ε)) / 2ε for every input.
    ``inputs`` are numbers or Values (their labels name them in the report); with ``edges=True``
    every edge of the graph ``f`` builds is also checked by ``check_edges``."""
    start = [(x.data, x.label) if isinstance(x, Value) else (float(x), "") for x in inputs]
    xs = [Value(d, label) for d, label in start]
    out = f(*xs)
    analytic = grad(out, xs)
    result = GradcheckResult()
    for i, x in enumerate(xs):
        numeric = _central_difference(lambda d: f(*(Value(v, lb) for v, lb in d)).data, start, i, eps)
        result.checked += 1
        if not _close(analytic[i], numeric, atol, rtol):
            result.mismatches.append(Mismatch(_label(x, f"input {i}"), analytic[i], numeric))
    if edges:
        edge_result = check_edges(out, eps, atol, rtol)
        result.checked += edge_result.checked
        result.mismatches += edge_result.mismatches
    return result


def check_edges(root: Value, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3) -> GradcheckResult:
    """Check each node's recorded local derivatives against finite differences of its own op's
    ``forward``, naming any wrong edge: what a learner writing a new ``Op`` needs."""
    result = GradcheckResult()
    for node in topological_order(root):
        if not node._edges:
            continue
        op = node._op
        xs = [(p.data, "") for p in node.parents]
        for i, (p, local) in enumerate(zip(node.parents, node.local_grads)):
            numeric = _central_difference(lambda d, op=op: op.forward(*(v for v, _ in d)), xs, i, eps)
            result.checked += 1
            if not _close(local, numeric, atol, rtol):
                name = _label(node, "node")
                where = f"edge {i} of {name} (op {node.op!r}) toward {_label(p, 'its operand')}"
                result.mismatches.append(Mismatch(where, local, numeric))
    return result
