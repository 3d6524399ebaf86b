"""Fused n-ary nodes: a whole sum or a neuron's net Σ wᵢ·xᵢ + b as one node, one edge per operand."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from operator import mul
from typing import Any

from . import value as _value
from .op import Op
from .ops import DOT, SUM, LayerDot
from .value import Value, new_node, operand

_new = object.__new__


def sum(values: Iterable[Any]) -> Value:  # noqa: A001 - mirrors torch.sum
    """Σ values as one node whose every edge carries 1 (plain numbers become constant leaves)."""
    parents = [operand(v) for v in values]
    if not parents:
        raise ValueError("sum: needs at least one value")
    edges: list = []
    for p in parents:
        edges += (p, 1.0)
    return new_node(builtins.sum([p.data for p in parents]), tuple(edges), SUM)


def dot(weights: Sequence[Any], inputs: Sequence[Any], bias: Any = None) -> Value:
    """Σ wᵢ·xᵢ (+ b) as one node: its edges carry xᵢ toward wᵢ, wᵢ toward xᵢ and 1 toward b."""
    w = [operand(v) for v in weights]
    x = [operand(v) for v in inputs]
    if len(w) != len(x):
        raise ValueError(f"dot: {len(w)} weights but {len(x)} inputs")
    return dot_values(w, x, None if bias is None else operand(bias))


def dot_values(w: list[Value], x: list[Value], b: Value | None = None, xd: list[float] | None = None) -> Value:
    """``dot`` for callers that already hold equally long lists of Values, unchecked: one row of ``dense``, so the
    edges are laid out in one place. ``xd``, the inputs' data, is accepted as before and not needed."""
    return dense(x, [(w, b, None, "", "", False)])[0][0]


Row = tuple[list[Value], Value | None, Op | None, str, str, bool]
"""weights, bias (or None), activation op (or None), net label, out label, whether the weights and bias are leaves"""


def dense(x: list[Value], rows: Sequence[Row]) -> tuple[list[Value], list[Value]]:
    """A layer of neurons reading the same inputs ``x``: for each row, the net Σ wᵢ·xᵢ + b as one ``dot`` node
    (edges w…, x…[, b] carrying x.data, w.data[, 1]) and the activation node on it (out is net when there is
    none). Returns (nets, outs). One call per layer, not several per neuron: the nets of rows whose weights and
    bias are leaves share one ``LayerDot`` op naming ``x``. Unchecked, as ``dot_values``: a row's leaf flag is the
    caller's word (``nn.Neuron.row`` checks it); a row that says leaves of a weight made by an op would cut
    backward off at it. ``Dense(rows)`` does the same for many inputs in a row."""
    return Dense(rows)(x)


class Dense:
    """``dense`` for many forward calls with the same rows: the rows' weights and the weights' and biases' data are
    taken once, here, so ``Dense(rows)(x)`` for every sample x of a batch is ``dense(x, rows)`` for each, the same
    nodes, with less work. Valid while those data do not change (a weight put in a row's list later is not seen)."""

    __slots__ = ("rows",)

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = [
            (list(w), [v.data for v in w], b, 0.0 if b is None else b.data, op, net_label, out_label, leaves)
            for w, b, op, net_label, out_label, leaves in rows
        ]

    def __call__(self, x: list[Value]) -> tuple[list[Value], list[Value]]:
        n = len(x)
        n2, n4 = 2 * n, 4 * n
        xd = [v.data for v in x]
        edges: list = [None] * n4 + [None, 1.0]  # (w₁, x₁.data, …, x₁, w₁.data, …, b, 1): the inputs' part written once
        edges[1:n2:2] = xd
        edges[n2:n4:2] = x
        anomaly, creation, nets, outs = _value._anomaly, _value._creation, [], []
        layer_op = LayerDot(tuple(x))
        for w, wd, b, bd, op, net_label, out_label, leaves in self.rows:
            edges[0:n2:2] = w
            edges[n2 + 1 : n4 : 2] = wd
            if b is None:
                e = tuple(edges[:n4])
            else:
                edges[n4] = b
                e = tuple(edges)
            total = builtins.sum(map(mul, wd, xd)) + bd
            net = out = _new(Value)  # new_node, inlined: this loop is every neuron of every forward
            net.data = total
            net.grad = 0.0
            net.label = net_label
            net._edges = e
            net._op = layer_op if leaves else DOT
            net._order = next(creation)
            if op is not None:
                a, d = op.local(total)
                out = _new(Value)
                out.data = a
                out.grad = 0.0
                out.label = out_label
                out._edges = (net, d)
                out._op = op
                out._order = next(creation)
            if anomaly:
                _value.check_forward(net)
                _value.check_forward(out)
            nets.append(net)
            outs.append(out)
        return nets, outs
