"""Fused n-ary nodes: a whole sum or a neuron's net Σ wᵢ·xᵢ + b as one node, one edge per operand."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from operator import mul
from typing import Any

from .ops import DOT, SUM
from .value import Value, new_node, operand


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
    """``dot`` for callers that already hold equally long lists of Values (nn's layers), unchecked; ``xd``, the
    inputs' data, lets a layer read them once for all its neurons."""
    n = len(w)
    wd = [v.data for v in w]
    if xd is None:
        xd = [v.data for v in x]
    edges: list = [None] * (4 * n + (0 if b is None else 2))
    edges[0 : 2 * n : 2] = w
    edges[1 : 2 * n : 2] = xd
    edges[2 * n : 4 * n : 2] = x
    edges[2 * n + 1 : 4 * n : 2] = wd
    total = builtins.sum(map(mul, wd, xd))
    if b is None:
        total += 0.0
    else:
        edges[-2:] = b, 1.0
        total += b.data
    return new_node(total, tuple(edges), DOT)
