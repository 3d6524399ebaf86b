"""``Value``: one scalar node that records its parents and ∂node/∂parent on each edge."""

from __future__ import annotations

import builtins
import contextlib
import gc
import itertools
import math
import numbers
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .graph import interior_order
from .op import FIXED, VARIABLE, Folded, Leaf, Op
from .ops import ABS, ADD, DIV, FUNCTIONS, MUL, NEG, POW, SUB, LayerDot

# Creation order (a parent is always older than its children), kept as floats: 24 bytes a node, an int takes 28.
_creation = itertools.count(0.0)
_anomaly = False  # set by autograd.detect_anomaly(); checked on every new node and in backward
_requires_grad_version = 0  # how many times a leaf's requires_grad was set (see requires_grad_version)
_new = object.__new__


def short(x: Any, limit: int = 40) -> str:
    """``repr(x)`` cut to ``limit`` characters, and never Python's error for an int of over 4300 digits."""
    if isinstance(x, int) and x.bit_length() > 128:
        return f"an int of about {int(x.bit_length() * 0.30103) + 1:,} digits"
    try:
        text = repr(x)
    except ValueError:  # a Fraction or another type whose repr holds a huge int
        return f"a {type(x).__name__} too large to show"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_float(data: Any) -> float:
    """``data`` as a float, or a TypeError naming what was received instead of a real number."""
    if isinstance(data, numbers.Real):
        try:
            return float(data)
        except (OverflowError, ValueError):
            raise OverflowError(f"Value: {short(data)} is too large for a float") from None
    kind = type(data)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    raise TypeError(f"Value needs a real number (int, float or bool), got {name}: {short(data, 60)}")


def _named(*operands: tuple[str, Value]) -> str:
    """`` (node 'x', exponent 'k')`` for the labelled operands of a failed op, by their roles."""
    labels = [f"{role} {p.label!r}" for role, p in operands if p.label]
    return f" ({', '.join(labels)})" if labels else ""


def _binary(op: Op, reflected: bool = False) -> Callable[[Value, Any], Value]:
    """The operator method of a binary op. A plain number operand is folded into the op (one node, one
    edge: ``x * 0.999`` is a ``*0.999`` node); its value and derivative still come from ``op.local``."""
    local, side = op.local, 0 if reflected and op not in (ADD, MUL) else 1
    roles = ("node", "exponent" if op is POW else "node")
    folds: dict[float, Folded] = {}  # the shared Folded op of each number (up to 1024 of them)

    def method(self: Value, other: Any) -> Value:
        if isinstance(other, Value):
            try:
                out, da, db = local(self.data, other.data)
            except (ArithmeticError, ValueError) as e:
                raise type(e)(f"{e}{_named((roles[0], self), (roles[1], other))}") from None
            edges, node_op = (self, da, other, db), op
        else:
            if type(other) is float:
                k = other
            elif isinstance(other, numbers.Real):
                k = _as_float(other)
            else:
                return NotImplemented
            node_op = folds.get(k) if k else None  # 0.0 and -0.0 are equal keys but different numbers
            if node_op is None:
                node_op = Folded(op, k, side)
                if k and len(folds) < 1024:
                    folds[k] = node_op
            try:
                r = local(self.data, k) if side else local(k, self.data)
            except (ArithmeticError, ValueError) as e:
                raise type(e)(f"{e}{_named((roles[1 - side], self))}") from None
            out, edges = r[0], (self, r[2 - side])
        v = _new(Value)  # new_node, inlined: this is the hot path of every expression
        v.data = out
        v.grad = 0.0
        v.label = ""
        v._edges = edges
        v._op = node_op
        v._order = next(_creation)
        if _anomaly and not math.isfinite(out):
            _report_forward(v)
        return v

    method.__name__ = f"__{'r' if reflected else ''}{type(op).__name__.lower()}__"
    method.__doc__ = f"self {op.name} other" if not reflected else f"other {op.name} self"
    return method


def _unary(op: Op) -> Callable[[Value], Value]:
    """The method of a one-operand op (``x.exp()``, ``-x``, ``abs(x)``)."""
    local = op.local

    def method(self: Value) -> Value:
        try:
            out, d = local(self.data)
        except (ArithmeticError, ValueError) as e:
            raise type(e)(f"{e}{_named(('node', self))}") from None
        v = _new(Value)  # new_node, inlined
        v.data = out
        v.grad = 0.0
        v.label = ""
        v._edges = (self, d)
        v._op = op
        v._order = next(_creation)
        if _anomaly and not math.isfinite(out):
            _report_forward(v)
        return v

    method.__name__ = op.function or type(op).__name__.lower()
    method.__doc__ = type(op).__doc__
    return method


def _compare(test: Callable[[float, float], bool]) -> Callable[[Value, Any], bool]:
    """A comparison of ``data`` (a bool, as a PyTorch user expects of a scalar); it makes no node."""

    def method(self: Value, other: Any) -> bool:
        if isinstance(other, Value):
            return test(self.data, other.data)
        return bool(test(self.data, other)) if isinstance(other, numbers.Real) else NotImplemented

    method.__doc__ = f"self.data {test.__name__} other (other: a Value or a number)"
    return method


class Value:
    """A scalar in a computation graph: ``data``, ``grad`` and edges toward the parents it came from.

    ``requires_grad=False`` marks a leaf as fixed (an input, a frozen parameter): optimisers leave it
    alone and the views number no path to it; backward still fills its ``grad``."""

    __slots__ = ("data", "grad", "label", "_edges", "_op", "_order")

    def __init__(self, data: float, label: str = "", requires_grad: bool = True) -> None:
        self.data = data if type(data) is float else _as_float(data)
        self.grad = 0.0
        if type(label) is not str:
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self.label = label
        self._edges: tuple = ()
        self._op: Op = VARIABLE if requires_grad else FIXED
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
        return self._op.name

    @property
    def grad_fn(self) -> Op | None:
        """The ``Op`` object that made this node, ``None`` for a leaf (as PyTorch's ``grad_fn``)."""
        return None if isinstance(self._op, Leaf) else self._op

    @property
    def is_leaf(self) -> bool:
        """True for a node made by ``Value(...)`` rather than by an op."""
        return not self._edges

    @property
    def requires_grad(self) -> bool:
        """True for every node but a fixed leaf: the leaves that are variables of the graph."""
        return self._op.requires_grad

    @requires_grad.setter
    def requires_grad(self, flag: bool) -> None:
        global _requires_grad_version
        if self._edges:
            raise AttributeError("requires_grad can only be set on a leaf (a Value made by Value(...))")
        self._op = VARIABLE if flag else FIXED
        _requires_grad_version += 1

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value({self.data:.4g}, grad={self.grad:.4g}{label})"

    def __float__(self) -> float:
        """``data``. Beware: ``math.sin(v)`` goes through this and returns a float, not a node; use ``v.sin()``."""
        return self.data

    # ----- arithmetic: one line per op, its value and derivatives defined once in ops.py ----------------
    __add__, __radd__ = _binary(ADD), _binary(ADD, reflected=True)
    __sub__, __rsub__ = _binary(SUB), _binary(SUB, reflected=True)
    __mul__, __rmul__ = _binary(MUL), _binary(MUL, reflected=True)
    __truediv__, __rtruediv__ = _binary(DIV), _binary(DIV, reflected=True)
    __pow__, __rpow__ = _binary(POW), _binary(POW, reflected=True)
    __neg__, __abs__ = _unary(NEG), _unary(ABS)
    __lt__, __le__ = _compare(operator.lt), _compare(operator.le)
    __gt__, __ge__ = _compare(operator.gt), _compare(operator.ge)
    __hash__ = object.__hash__  # == stays identity (nodes are dict keys), as in micrograd

    def __pos__(self) -> Value:
        return self

    # ----- backpropagation -------------------------------------------------------------------
    def backward(self) -> None:
        """Set ``self.grad = 1`` and add ∂self/∂node into every node's ``grad``, chain rule in reverse
        topological order. Leaves accumulate across calls (as in PyTorch: zero them between steps);
        interior nodes hold the gradient of this call. An edge whose local derivative is 0 adds exactly
        0, whatever arrives (relu at x < 0 passes nothing, not 0·inf = NaN)."""
        with gc_paused():  # backward makes only floats; cyclic GC passes over a big graph would dominate
            topo = interior_order(self)
            for node in topo:
                node.grad = 0.0  # interior nodes hold this call's gradient; leaves accumulate
            self.grad = 1.0
            if _anomaly:
                _backward_checked(topo)
            else:
                _backward(topo)


for _name, _op in FUNCTIONS.items():  # x.exp(), x.sin(), x.abs(), …: a method for every function in ops.py
    setattr(Value, _name, _unary(_op))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, then as it was: building or walking a graph makes
    many objects and no cycles, and a collection meanwhile would only walk the graph again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _backward(topo: list[Value]) -> None:
    for node in reversed(topo):
        g = node.grad
        e = node._edges
        n = len(e)
        if n == 4:
            a, da, b, db = e
            if da:
                a.grad += da * g
            if db:
                b.grad += db * g
        elif n == 2:
            a, da = e
            if da:
                a.grad += da * g
        elif g or not _finite_locals(node, e):
            it = iter(e)
            for p, d in zip(it, it):
                if d:
                    p.grad += d * g
        # else: nothing arrived (a dead relu's net) and every local is finite, so each edge would add ±0


def _finite_locals(node: Value, e: tuple) -> bool:
    """Whether every local derivative on ``node``'s edges is finite. A layer's net (made by ``dense`` from the
    very numbers on its edges) tells by its value: Σ wᵢ·xᵢ + b is finite only when every wᵢ·xᵢ is."""
    if type(node._op) is LayerDot and math.isfinite(node.data):
        return True
    return math.isfinite(builtins.sum(e[1::2]))


def requires_grad_flags(values: Sequence[Value]) -> list[bool]:
    """``[v.requires_grad for v in values]`` without a property call per value: what optimisers check each step."""
    return [v._op.requires_grad for v in values]


def requires_grad_version() -> int:
    """How many times a leaf's ``requires_grad`` has been set in this process: flags from ``requires_grad_flags``
    stay right while it is unchanged (an optimiser reads them again only then). A count, not saved with a pickle."""
    return _requires_grad_version


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


def _describe(v: Value) -> str:
    name = f"{v.label!r}" if v.label else "(unlabelled)"
    return f"node {name} made by op {v.op!r}"


def check_forward(v: Value) -> None:
    """Anomaly mode's forward check: a FloatingPointError naming ``v`` if its value is not finite."""
    if not math.isfinite(v.data):
        _report_forward(v)


def _report_forward(v: Value) -> None:
    inputs = ", ".join(f"{p.label or '?'}={p.data!r}" for p in v.parents)
    raise FloatingPointError(f"anomaly: {_describe(v)} computed {v.data!r} from {inputs}")


def _backward_checked(topo: list[Value]) -> None:
    for node in reversed(topo):
        g = node.grad
        e = node._edges
        for i in range(0, len(e), 2):
            if not e[i + 1]:
                continue
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
    """``x`` itself if it is a Value, else a new fixed, unlabelled leaf holding the number (a constant)."""
    return x if isinstance(x, Value) else Value(x, requires_grad=False)


def inputs(xs: Sequence[Any], labels: Sequence[str]) -> list[Value]:
    """A forward's inputs: each Value as it is, each number a fixed leaf labelled from ``labels`` (as
    ``Value(x, label, requires_grad=False)``, without a call per input: nn makes them on every forward)."""
    if len(labels) < len(xs):
        raise ValueError(f"inputs: {len(xs)} inputs but only {len(labels)} labels")
    out = []
    for x, label in zip(xs, labels):
        if type(x) is float and type(label) is str:
            v = _new(Value)
            v.data = x
            v.grad = 0.0
            v.label = label
            v._edges = ()
            v._op = FIXED
            v._order = next(_creation)
        else:
            v = x if isinstance(x, Value) else Value(x, label, requires_grad=False)
        out.append(v)
    return out


def expect_value(x: Any, who: str, what: str = "a Value") -> Value:
    """``x`` if it is a Value, else a TypeError saying what ``who`` got (and how a float gets there)."""
    if isinstance(x, Value):
        return x
    hint = ""
    if isinstance(x, numbers.Real):
        hint = " (math.sin(v), float(v) and the like turn a Value into a plain number: use v.sin(), v.exp(), …)"
    raise TypeError(f"{who} needs {what}, got {type(x).__name__}: {short(x)}{hint}")


def apply(op: Op, operands: Sequence[Any]) -> Value:
    """Build a node of ``op`` (typically a custom ``Op``) from Values or numbers."""
    parents = [operand(x) for x in operands]
    xs = tuple(p.data for p in parents)
    out, *locals_ = op.local(*xs)
    out = out if type(out) is float else _as_float(out)
    if len(locals_) != len(parents):
        raise ValueError(f"op {op.name!r}: derivatives() gave {len(locals_)} values for {len(parents)} operands")
    edges = []
    for p, d in zip(parents, locals_):
        edges += (p, float(d))
    return new_node(out, tuple(edges), op)
