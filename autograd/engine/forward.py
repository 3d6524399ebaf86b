"""Forward mode on the recorded edges: ``jvp`` pushes tangents from the inputs up, ``jacobian`` (forward or
reverse) and ``hessian`` (forward over reverse) build whole derivatives, and every result counts its passes and
edge multiplications (``.cost``), so one backward pass can be set against one forward pass per input.

A pass crosses an edge once and multiplies ∂child/∂parent by what arrives over it; ``Cost.multiplications`` counts
the edges crossed. Backward's zero rule (an edge of derivative 0 adds exactly 0 whatever gradient arrives from above)
reads, from below, as: a tangent of exactly 0 adds exactly 0 whatever the edge (relu at x < 0 under x ** 0.5 at 0
gives 0, not 0·inf = NaN), so both modes give the same numbers. Inside ``detect_anomaly()`` a pass that made a NaN
or ±inf raises ``FloatingPointError`` naming the node, its op and the operand, as ``Value.backward`` does.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any, NamedTuple

from . import value
from .grad import _as_value, grad
from .graph import leads_to
from .value import Value, expect_value, short

Values = Value | Sequence[Value]


class Cost(NamedTuple):
    """What a derivative cost: ``mode``, the passes over the graph and the edge multiplications they did."""

    mode: str
    passes: int
    multiplications: int

    def __str__(self) -> str:
        passes = f"{self.passes} {self.mode} pass" + ("" if self.passes == 1 else "es")
        return f"{passes}, {self.multiplications:,} edge multiplications"


class Tangents(tuple):
    """``jvp``'s directional derivatives, one per output, with ``cost``."""

    cost: Cost


class Jacobian(list):
    """Rows of derivatives, ``J[i][j] = ∂outputs[i]/∂inputs[j]``, with ``cost``."""

    cost: Cost


def _values(xs: Any, who: str, what: str) -> tuple[Value, ...]:
    """``xs`` as a tuple of Values (one Value or a sequence of them), or an error naming the first that is not."""
    if isinstance(xs, Value):
        return (xs,)
    if not isinstance(xs, Sequence) or isinstance(xs, str):
        expect_value(xs, who, f"a Value or a list of Values as its {what}")
    items = tuple(xs)
    if not items:
        raise ValueError(f"{who}: needs at least one Value in its {what}")
    for k, x in enumerate(items):
        expect_value(x, who, f"Values as its {what}, and {what.rstrip('s')} {k}")
    return items


def _order(outputs: Sequence[Value]) -> list[Value]:
    """Every node the outputs depend on, parents before children (one order for all outputs)."""
    seen, stack = set(outputs), list(outputs)
    while stack:
        for parent in stack.pop()._edges[::2]:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return sorted(seen, key=attrgetter("_order"))


def _check_used(who: str, inputs: Sequence[Value], topo: list[Value]) -> None:
    present = set(topo)
    for k, x in enumerate(inputs):
        if x not in present:
            name = f" {x.label!r}" if x.label else ""
            raise ValueError(
                f"{who}: input {k}{name} is not in the graph of the outputs (none of them depends on it); "
                "pass allow_unused=True to get 0 for it"
            )


def push(topo: list[Value], seeds: dict, create_graph: bool) -> tuple[dict, int]:
    """One forward pass: each node's tangent Σ ∂node/∂parent · tangent(parent), over the parents that carry
    one, in topological order; ``seeds`` adds to the inputs' tangents. Returns (tangents, edges crossed)."""
    tangent: dict = {}
    count = 0
    for node in topo:
        acc = seeds.get(node)
        e = node._edges
        ds = None
        for i in range(0, len(e), 2):
            t = tangent.get(e[i])
            if t is None:
                continue
            count += 1
            if create_graph:
                if ds is None:
                    ds = node._op.derivative_values(node.parents, node)
                d = ds[i // 2]
            else:
                d = e[i + 1]
            if not isinstance(t, Value) and not t:
                term = 0.0  # a zero tangent adds exactly 0, whatever the edge: backward's zero rule, read upward
            elif isinstance(d, Value):
                term = d * t
            else:
                term = t if d == 1.0 and create_graph else d * t
            acc = term if acc is None else acc + term
        if acc is not None:
            tangent[node] = acc
    if value._anomaly:  # checked after the pass, so the pass itself costs the same inside detect_anomaly() or not
        _check_tangents(topo, seeds, tangent)
    return tangent, count


def _check_tangents(topo: list[Value], seeds: dict, tangent: dict) -> None:
    """Under ``detect_anomaly()``: a FloatingPointError naming the first node whose tangent is NaN or ±inf, its op
    and the operand whose term made it, as backward names a non-finite gradient contribution."""
    for node in topo:
        t = tangent.get(node)
        if t is None or math.isfinite(_number(t)):
            continue
        e = node._edges
        for i in range(0, len(e), 2):
            tp = tangent.get(e[i])
            if tp is not None and _number(tp) and not math.isfinite(term := e[i + 1] * _number(tp)):
                raise FloatingPointError(
                    f"anomaly: forward mode through {value._describe(node)} gave {term!r} from its operand "
                    f"{i // 2} ({e[i].label or 'unlabelled'}): local derivative {e[i + 1]!r} × tangent {_number(tp)!r}"
                )
        seed = seeds.get(node)
        if seed is not None and not math.isfinite(_number(seed)):
            name = repr(node.label) if node.label else "(unlabelled)"
            raise FloatingPointError(f"anomaly: forward mode was given the tangent {seed!r} for input {name}")
        raise FloatingPointError(
            f"anomaly: forward mode gave {value._describe(node)} the tangent {t!r}: its finite terms overflowed"
        )


def _number(x: Any) -> float:
    return x.data if isinstance(x, Value) else x


def _pull(output: Value, topo: list[Value], leads: dict, create_graph: bool) -> tuple[dict, int]:
    """One reverse pass from ``output`` (seed 1) along the edges toward nodes that lead to the inputs."""
    g: dict = {output: 1.0}
    count = 0
    for node in reversed(topo):
        gn = g.get(node)
        e = node._edges
        if gn is None or not e:
            continue
        ds = node._op.derivative_values(node.parents, node) if create_graph else e[1::2]
        for i in range(0, len(e), 2):
            p = e[i]
            if not leads[p]:
                continue
            count += 1
            d = ds[i // 2]
            if isinstance(d, Value):
                term = d * gn
            elif not d:
                term = 0.0
            else:
                term = gn if d == 1.0 and create_graph else d * gn
            g[p] = g[p] + term if p in g else term
    if value._anomaly:  # after the pass, as push: backward's check and message, over the edges the pass crossed
        for node in reversed(topo):
            gn, e = g.get(node), node._edges
            for i in range(0, len(e), 2):
                if gn is not None and leads[e[i]] and e[i + 1] and not math.isfinite(e[i + 1] * _number(gn)):
                    value._report_backward(node, i // 2, _number(gn), e[i + 1] * _number(gn))
    return g, count


def _tangent(t: Any, k: int, create_graph: bool) -> Any:
    if isinstance(t, Value):
        return t if create_graph else t.data
    if isinstance(t, numbers.Real):
        return float(t)
    raise TypeError(f"jvp: tangent {k} must be a number or a Value, got {type(t).__name__}: {short(t)}")


def _result(x: Any, create_graph: bool) -> Any:
    return _as_value(x) if create_graph else (x.data if isinstance(x, Value) else float(x))


def jvp(
    outputs: Values, inputs: Values, tangents: Any, create_graph: bool = False, allow_unused: bool = False
) -> Tangents:
    """Σⱼ ∂output/∂inputⱼ · tangentⱼ for each output, by one forward pass over the recorded edges (JAX's ``jvp``):
    floats, or Values to differentiate again with ``create_graph``. ``.cost`` counts the pass's multiplications."""
    outs = _values(outputs, "jvp", "outputs")
    xs = _values(inputs, "jvp", "inputs")
    if isinstance(tangents, (numbers.Real, Value)):
        ts: tuple = (tangents,)
    elif isinstance(tangents, Iterable) and not isinstance(tangents, str):
        ts = tuple(tangents)
    else:
        raise TypeError(f"jvp: tangents must be a number or a list of numbers, got {type(tangents).__name__}")
    if len(ts) != len(xs):
        raise ValueError(f"jvp: {len(ts)} tangent{'s' * (len(ts) != 1)} for {len(xs)} input{'s' * (len(xs) != 1)}")
    seeds: dict = {}
    for k, (x, t) in enumerate(zip(xs, ts)):
        t = _tangent(t, k, create_graph)
        seeds[x] = seeds[x] + t if x in seeds else t
    topo = _order(outs)
    if not allow_unused:
        _check_used("jvp", xs, topo)
    leads = leads_to(topo, xs)
    tangent, count = push([v for v in topo if leads[v]], seeds, create_graph)
    result = Tangents(_result(tangent.get(y, 0.0), create_graph) for y in outs)
    result.cost = Cost("forward", 1, count)
    return result


def jacobian(
    outputs: Values, inputs: Values, mode: str = "reverse", create_graph: bool = False, allow_unused: bool = False
) -> Jacobian:
    """``J[i][j] = ∂outputs[i]/∂inputs[j]`` as lists of floats (Values with ``create_graph``): one reverse pass
    per output (``mode="reverse"``, JAX's ``jacrev``) or one forward pass per input (``"forward"``, ``jacfwd``)."""
    if mode not in ("reverse", "forward"):
        raise ValueError(f"jacobian: mode must be 'reverse' or 'forward', got {mode!r}")
    outs = _values(outputs, "jacobian", "outputs")
    xs = _values(inputs, "jacobian", "inputs")
    topo = _order(outs)
    if not allow_unused:
        _check_used("jacobian", xs, topo)
    leads = leads_to(topo, xs)
    rows: list[list] = [[] for _ in outs]
    total = 0
    if mode == "forward":
        forward = [v for v in topo if leads[v]]
        for x in xs:
            tangent, count = push(forward, {x: 1.0}, create_graph)
            total += count
            for row, y in zip(rows, outs):
                row.append(_result(tangent.get(y, 0.0), create_graph))
    else:
        for row, y in zip(rows, outs):
            g, count = _pull(y, topo, leads, create_graph) if leads[y] else ({}, 0)
            total += count
            row.extend(_result(g.get(x, 0.0), create_graph) for x in xs)
    result = Jacobian(rows)
    result.cost = Cost(mode, len(xs) if mode == "forward" else len(outs), total)
    return result


def hessian(output: Value, inputs: Values, create_graph: bool = False) -> Jacobian:
    """``H[i][j] = ∂²output/∂inputs[i]∂inputs[j]``: the Jacobian of ``grad(..., create_graph=True)`` by forward
    mode, one forward pass per input over the gradient's graph (JAX's ``hessian``: forward over reverse)."""
    expect_value(output, "hessian", "a Value as its output")
    xs = _values(inputs, "hessian", "inputs")
    topo = _order([output])
    _check_used("hessian", xs, topo)
    g = grad(output, xs, create_graph=True)
    h = jacobian(list(g), xs, mode="forward", create_graph=create_graph, allow_unused=True)
    reverse = sum(len(v._edges) // 2 for v in topo)  # the reverse pass that built g crossed every edge
    h.cost = Cost("forward-over-reverse", 1 + h.cost.passes, reverse + h.cost.multiplications)
    return h


def cost(outputs: Values, inputs: Values, mode: str = "reverse") -> Cost:
    """What the Jacobian of ``outputs`` toward ``inputs`` costs in ``mode``: passes and edge multiplications."""
    return jacobian(outputs, inputs, mode=mode, allow_unused=True).cost
