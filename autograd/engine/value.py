"""``Value``: one scalar node that records its parents and ∂node/∂parent on each edge."""

from __future__ import annotations

import gc
import itertools
import math
import numbers
from collections.abc import Sequence
from typing import Any

from . import ops
from .graph import topological_order
from .ops import ADD, DIV, EXP, LOG, MUL, NEG, POW, RELU, SIGMOID, SUB, TANH, Op

# Creation order (a parent is always older than its children), kept as floats: 24 bytes a node, an int takes 28.
_creation = itertools.count(0.0)
_anomaly = False  # set by autograd.detect_anomaly(); checked on every new node and in backward


def _as_float(data: Any) -> float:
    """``data`` as a float, or a TypeError naming what was received instead of a real number."""
    if isinstance(data, numbers.Real):
        try:
            return float(data)
        except OverflowError:
            raise OverflowError(f"Value: {data!r} is too large for a float") from None
    kind = type(data)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    raise TypeError(f"Value needs a real number (int, float or bool), got {name}: {data!r:.60}")


def _named(v: Value) -> str:
    return f" (node {v.label!r})" if v.label else ""


class Value:
    """A scalar in a computation graph: ``data``, ``grad`` and edges toward the parents it came from."""

    __slots__ = ("data", "grad", "label", "_edges", "_op", "_order")

    def __init__(self, data: float, label: str = "") -> None:
        self.data = data if type(data) is float else _as_float(data)
        self.grad = 0.0
        if type(label) is not str:
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self.label = label
        self._edges: tuple = ()
        self._op: Op | None = None
        self._order = next(_creation)

    # ----- what renderers and explainers read -------------------------------------------------
    @property
    def parents(self) -> tuple[Value, ...]:
        """The operands this node was computed from, in operand order (``a + a`` lists ``a`` twice)."""
        return self._edges[0::2]

    @property
    def local_grads(self) -> tuple[float, ...]:
        """∂self/∂parent for each parent, the numbers the chain rule multiplies."""
        return self._edges[1::2]

    @property
    def op(self) -> str:
        """Name of the operation that made this node (``''`` for a leaf)."""
        return self._op.name if self._op is not None else ""

    @property
    def grad_fn(self) -> Op | None:
        """The ``Op`` object that made this node, ``None`` for a leaf (as PyTorch's ``grad_fn``)."""
        return self._op

    @property
    def is_leaf(self) -> bool:
        """True for a node made by ``Value(...)`` rather than by an op."""
        return not self._edges

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value({self.data:.4g}, grad={self.grad:.4g}{label})"

    def __float__(self) -> float:
        return self.data

    # ----- arithmetic ------------------------------------------------------------------------
    def __add__(self, other: Any) -> Value:
        other = other if isinstance(other, Value) else _constant(other)
        return new_node(self.data + other.data, (self, 1.0, other, 1.0), ADD)

    def __radd__(self, other: Any) -> Value:
        return _constant(other) + self

    def __sub__(self, other: Any) -> Value:
        other = other if isinstance(other, Value) else _constant(other)
        return new_node(self.data - other.data, (self, 1.0, other, -1.0), SUB)

    def __rsub__(self, other: Any) -> Value:
        return _constant(other) - self

    def __mul__(self, other: Any) -> Value:
        other = other if isinstance(other, Value) else _constant(other)
        return new_node(self.data * other.data, (self, other.data, other, self.data), MUL)

    def __rmul__(self, other: Any) -> Value:
        return _constant(other) * self

    def __truediv__(self, other: Any) -> Value:
        other = other if isinstance(other, Value) else _constant(other)
        a, b = self.data, other.data
        if b == 0.0:
            raise ZeroDivisionError(f"/: division by zero: {a!r} / {b!r}{_named(other)}")
        bb = b * b  # underflows to 0 for |b| < 1e-162: then −(a/b)/b, ±inf as in PyTorch, not a ZeroDivisionError
        return new_node(a / b, (self, 1.0 / b, other, -a / bb if bb else -(a / b) / b), DIV)

    def __rtruediv__(self, other: Any) -> Value:
        return _constant(other) / self

    def __neg__(self) -> Value:
        return new_node(-self.data, (self, -1.0), NEG)

    def __pos__(self) -> Value:
        return self

    def __pow__(self, other: Any) -> Value:
        if isinstance(other, Value):
            a, b = self.data, other.data
            out = _power(self, b, "**", other)
            return new_node(out, (self, ops.pow_derivative(a, b), other, ops.log_derivative_of_pow(a, out)), POW)
        k = _as_float(other) if type(other) is not float else other
        return new_node(_power(self, k, f"**{k:g}"), (self, ops.pow_derivative(self.data, k)), ops.pow_const(k))

    def __rpow__(self, other: Any) -> Value:
        return _constant(other) ** self

    # ----- elementary functions --------------------------------------------------------------
    def exp(self) -> Value:
        """eˣ; its edge carries eˣ (OverflowError naming the node past ~709.78)."""
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp: exp({self.data!r}) overflows a float{_named(self)}") from None
        return new_node(out, (self, out), EXP)

    def log(self) -> Value:
        """ln x; its edge carries 1/x (ValueError for x ≤ 0)."""
        x = self.data
        if not x > 0.0:
            raise ValueError(f"log: input must be > 0, got {x!r}{_named(self)}")
        return new_node(math.log(x), (self, 1.0 / x), LOG)

    def tanh(self) -> Value:
        """tanh x; its edge carries 1 − tanh²x."""
        t = math.tanh(self.data)
        return new_node(t, (self, 1.0 - t * t), TANH)

    def sigmoid(self) -> Value:
        """1/(1 + e⁻ˣ) without overflow; its edge carries s(1 − s)."""
        s = ops.sigmoid(self.data)
        return new_node(s, (self, s * (1.0 - s)), SIGMOID)

    def relu(self) -> Value:
        """max(x, 0); its edge carries 1 if x > 0 else 0."""
        x = self.data
        return new_node(x, (self, 1.0), RELU) if x > 0.0 else new_node(0.0, (self, 0.0), RELU)

    # ----- backpropagation -------------------------------------------------------------------
    def backward(self) -> None:
        """Set ``self.grad = 1`` and add ∂self/∂node into every node's ``grad``, chain rule in reverse
        topological order. Leaves accumulate across calls (as in PyTorch: zero them between steps);
        interior nodes hold the gradient of this call."""
        gc_was_enabled = gc.isenabled()
        gc.disable()  # backward makes only floats; cyclic GC passes over a big graph would dominate
        try:
            topo = topological_order(self)
            for node in topo:
                if node._edges:
                    node.grad = 0.0
            self.grad = 1.0
            if _anomaly:
                _backward_checked(topo)
                return
            for node in reversed(topo):
                g = node.grad
                e = node._edges
                for i in range(0, len(e), 2):
                    e[i].grad += e[i + 1] * g
        finally:
            if gc_was_enabled:
                gc.enable()


def new_node(data: float, edges: tuple, op: Op) -> Value:
    """The low-level constructor: a node from its float value, its flat edges ``(parent, local, …)``
    and its op, without re-validating. For fused ops that compute their own edges (dot, softmax)."""
    v = _new(Value)
    v.data = data
    v.grad = 0.0
    v.label = ""
    v._edges = edges
    v._op = op
    v._order = next(_creation)
    if _anomaly and not math.isfinite(data):
        _report_forward(v)
    return v


_new = object.__new__


def _constant(x: Any) -> Value:
    """A new unlabelled leaf for a plain number operand (``x * 2``): ``Value(x)`` without its checks on a float."""
    if type(x) is not float:
        return Value(x)
    v = _new(Value)
    v.data = x
    v.grad = 0.0
    v.label = ""
    v._edges = ()
    v._op = None
    v._order = next(_creation)
    return v


def _power(base: Value, k: float, name: str, exponent: Value | None = None) -> float:
    a = base.data
    where = _named(base) + (f" (exponent {exponent.label!r})" if exponent is not None and exponent.label else "")
    if a < 0.0 and not float(k).is_integer():
        raise ValueError(f"{name}: negative base {a!r} with non-integer exponent {k!r}{where}")
    if a == 0.0 and k < 0.0:
        raise ZeroDivisionError(f"{name}: 0 to a negative power {k!r}{where}")
    try:
        return a**k
    except OverflowError:
        raise OverflowError(f"{name}: {a!r} ** {k!r} overflows a float{where}") from None


def _describe(v: Value) -> str:
    name = f"{v.label!r}" if v.label else "(unlabelled)"
    return f"node {name} made by op {v.op!r}"


def _report_forward(v: Value) -> None:
    inputs = ", ".join(f"{p.label or '?'}={p.data!r}" for p in v.parents)
    raise FloatingPointError(f"anomaly: {_describe(v)} computed {v.data!r} from {inputs}")


def _backward_checked(topo: list[Value]) -> None:
    for node in reversed(topo):
        g = node.grad
        e = node._edges
        for i in range(0, len(e), 2):
            contribution = e[i + 1] * g
            if not math.isfinite(contribution):
                _report_backward(node, i // 2, g, contribution)
            e[i].grad += contribution


def _report_backward(node: Value, k: int, g: float, contribution: float) -> None:
    parent, local = node._edges[2 * k], node._edges[2 * k + 1]
    raise FloatingPointError(
        f"anomaly: backward through {_describe(node)} gave {contribution!r} toward its "
        f"operand {k} ({parent.label or 'unlabelled'}): local derivative {local!r} × grad {g!r}"
    )


def operand(x: Any) -> Value:
    """``x`` itself if it is a Value, else a new constant leaf holding it."""
    return x if isinstance(x, Value) else _constant(x)


def apply(op: Op, operands: Sequence[Any]) -> Value:
    """Build a node of ``op`` (typically a custom ``Op``) from Values or numbers."""
    parents = [operand(x) for x in operands]
    xs = tuple(p.data for p in parents)
    out = op.forward(*xs)
    out = out if type(out) is float else _as_float(out)
    locals_ = op.derivatives(xs, out)
    if len(locals_) != len(parents):
        raise ValueError(f"op {op.name!r}: derivatives() gave {len(locals_)} values for {len(parents)} operands")
    edges = []
    for p, d in zip(parents, locals_):
        edges += (p, float(d))
    return new_node(out, tuple(edges), op)
