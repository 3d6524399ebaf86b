"""Anomaly mode: find the first node whose value or gradient became NaN or ±inf."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from . import value
from .graph import topological_order
from .value import Value


@contextmanager
def detect_anomaly() -> Iterator[None]:
    """Inside this block, making a non-finite node or backpropagating a non-finite gradient raises
    ``FloatingPointError`` naming the node and its op (like ``torch.autograd.detect_anomaly``)."""
    previous = value._anomaly
    value._anomaly = True
    try:
        yield
    finally:
        value._anomaly = previous


def first_nonfinite(root: Value) -> Value | None:
    """The earliest node (in topological order) whose data is NaN or ±inf, after the fact."""
    for node in topological_order(root):
        if not math.isfinite(node.data):
            return node
    return None
