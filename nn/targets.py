"""Shapes and targets shared by the losses: outputs flattened, targets checked, the loss node made."""

from __future__ import annotations

import math
import numbers
from typing import Any

from autograd import Op, Value

from ._real import finite_float, shown, why_not_finite

_SCALARS = frozenset({Value, float, int, bool})  # what flatten keeps as it is


def flatten(x: Any, into: list, who: str, what: str) -> tuple:
    """Append the scalars of nested lists ``x`` to ``into``; return the shape, refusing ragged lists."""
    x = as_plain(x)
    if isinstance(x, (list, tuple)):
        if all(type(v) in _SCALARS for v in x):  # one sample's outputs or targets, the common case: no call each
            into += x
            return (len(x),)
        shapes = [flatten(item, into, who, what) for item in x]
        if any(s != shapes[0] for s in shapes):
            raise ValueError(f"{who}: {what} is a ragged list (rows of shapes {sorted(set(shapes))})")
        return (len(x), *(shapes[0] if shapes else ()))
    into.append(x)
    return ()


def as_plain(x: Any) -> Any:
    """numpy arrays and scalars as Python lists and numbers (through their ``tolist``)."""
    return x if isinstance(x, Value) or not hasattr(x, "tolist") else x.tolist()


def check_target(t: Any, who: str) -> float:
    """A target as a float, or the error naming what is wrong with it."""
    if type(t) is float and math.isfinite(t):
        return t
    if isinstance(t, Value):
        raise TypeError(f"{who}: targets must be plain numbers, got a Value ({t!r}); targets are not parameters")
    if isinstance(t, bool) or not isinstance(t, numbers.Real):
        raise TypeError(f"{who}: targets must be numbers, got {type(t).__name__}: {t!r:.40}")
    f = finite_float(t)
    if f is None:
        raise ValueError(f"{who}: target {shown(t)} is {why_not_finite(t)}")
    return f


def outputs_and_targets(outputs: Any, targets: Any, who: str) -> tuple[list, list[float]]:
    outs: list = []
    ts: list = []
    so = flatten(outputs, outs, who, "outputs")
    st = flatten(targets, ts, who, "targets")
    if so != st:
        raise ValueError(f"{who}: outputs have shape {so} but targets have shape {st}")
    if not outs:
        raise ValueError(f"{who}: no outputs")
    return outs, [check_target(t, who) for t in ts]


def target_name(name: str, t: float) -> str:
    """ "target_o1" for an output named "out_o1" (the seeds' names), else the number itself."""
    return "target" + name[3:] if name.startswith("out") and len(name) > 3 else f"{t:g}"


def loss_node(op: Op, parents: list, label: str) -> Value:
    out = op(*parents)
    out.label = label
    return out


def check_unit(xs: list[float], who: str, what: str) -> None:
    for i, x in enumerate(xs):
        if not 0.0 <= x <= 1.0:
            raise ValueError(f"{who}: {what} must be in [0, 1], got {x!r} at position {i}")
