"""Fused n-ary nodes: a whole sum or a neuron's net Σ wᵢ·xᵢ + b as one node, one edge per operand."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from typing import Any

from .ops import DOT, SUM
from .value import Value, _node, operand


def sum(values: Iterable[Any]) -> Value:  # noqa: A001 - mirrors torch.sum
    """Σ values as one node whose every edge carries 1 (plain numbers become constant leaves)."""
    parents = [operand(v) for v in values]
    if not parents:
        raise ValueError("sum: needs at least one value")
    edges: list = []
    for p in parents:
        edges += (p, 1.0)
    return _node(builtins.sum([p.data for p in parents]), tuple(edges), SUM)


def dot(weights: Sequence[Any], inputs: Sequence[Any], bias: Any = None) -> Value:
    """Σ wᵢ·xᵢ (+ b) as one node: its edges carry xᵢ toward wᵢ, wᵢ toward xᵢ and 1 toward b."""
    w = [operand(v) for v in weights]
    x = [operand(v) for v in inputs]
    if len(w) != len(x):
        raise ValueError(f"dot: {len(w)} weights but {len(x)} inputs")
    edges: list = []
    for wi, xi in zip(w, x):
        edges += (wi, xi.data)
    for wi, xi in zip(w, x):
        edges += (xi, wi.data)
    total = builtins.sum([wi.data * xi.data for wi, xi in zip(w, x)])
    if bias is not None:
        b = operand(bias)
        edges += (b, 1.0)
        total += b.data
    else:
        total += 0.0
    return _node(total, tuple(edges), DOT)
