"""Where the time of one op goes: chainrule's ``y = y * w + b`` chain split into forward, topological order and
backward, beside bare-Python probes of the same work (the floor), with Python's cyclic GC on and off.

Run: python benchmarks/bench_floor.py

The probes do what chainrule does with no abstraction at all: ``flat`` is chainrule's node layout (slots, a flat
edge tuple, a creation number) with the arithmetic inlined in the operator (no ``Op.local`` call); ``inline`` holds
a binary node's two parents and derivatives in slots of their own, so each op allocates one object instead of two.
Both backpropagate as chainrule does (collect, sort by creation number, add local × grad into each parent).
"""

from __future__ import annotations

import gc
import itertools
import sys
import time
from operator import attrgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's autograd

from autograd import Value  # noqa: E402
from autograd.engine.graph import topological_order  # noqa: E402

N = 20_000  # ops per chain, as bench_engine
_new = object.__new__
_count = itertools.count(0.0)


class Flat:
    """chainrule's layout, arithmetic inlined."""

    __slots__ = ("data", "grad", "label", "_edges", "_op", "_order")

    def __mul__(self, o):
        v = _new(Flat)
        v.data, v.grad, v.label, v._edges, v._op, v._order = (
            self.data * o.data,
            0.0,
            "",
            (self, o.data, o, self.data),
            None,
            next(_count),
        )
        return v

    def __add__(self, o):
        v = _new(Flat)
        v.data, v.grad, v.label, v._edges, v._op, v._order = (
            self.data + o.data,
            0.0,
            "",
            (self, 1.0, o, 1.0),
            None,
            next(_count),
        )
        return v


class Inline:
    """A binary node's edges in slots of its own: one object per op."""

    __slots__ = ("data", "grad", "label", "a", "da", "b", "db", "_op", "_order")

    def __mul__(self, o):
        v = _new(Inline)
        v.data, v.grad, v.label, v._op, v._order = self.data * o.data, 0.0, "", None, next(_count)
        v.a, v.da, v.b, v.db = self, o.data, o, self.data
        return v

    def __add__(self, o):
        v = _new(Inline)
        v.data, v.grad, v.label, v._op, v._order = self.data + o.data, 0.0, "", None, next(_count)
        v.a, v.da, v.b, v.db = self, 1.0, o, 1.0
        return v


def leaf(kind, x):
    v = _new(kind)
    v.data, v.grad, v.label, v._op, v._order = x, 0.0, "", None, next(_count)
    if kind is Flat:
        v._edges = ()
    else:
        v.a = v.b = None
    return v


def chain(make):
    x, w, b = make(0.5), make(0.999), make(0.001)
    y = x
    for _ in range(N // 2):
        y = y * w + b
    return y


def flat_backward(y):
    seen, stack = {y}, [y]
    while stack:
        for p in stack.pop()._edges[::2]:
            if p not in seen:
                seen.add(p)
                stack.append(p)
    topo = sorted(seen, key=attrgetter("_order"))
    y.grad = 1.0
    for node in reversed(topo):
        e = node._edges
        if e:
            a, da, b, db = e
            a.grad += da * node.grad
            b.grad += db * node.grad


def inline_backward(y):
    seen, stack = {y}, [y]
    while stack:
        v = stack.pop()
        if v.a is not None:
            for p in (v.a, v.b):
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
    topo = sorted(seen, key=attrgetter("_order"))
    y.grad = 1.0
    for node in reversed(topo):
        if node.a is not None:
            node.a.grad += node.da * node.grad
            node.b.grad += node.db * node.grad


def best(f, repeat: int = 7) -> float:
    """µs per op, best of ``repeat``."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times) / N * 1e6


def phases() -> dict[str, float]:
    held = []
    forward = best(lambda: held.append(chain(Value)))
    y = held[-1]
    held.clear()
    out = {"forward": forward, "topological order": best(lambda: topological_order(y))}
    out["backward (all of it)"] = best(lambda: y.backward())
    out["forward + backward"] = best(lambda: chain(Value).backward())
    out["probe flat: forward + backward"] = best(lambda: flat_backward(chain(lambda x: leaf(Flat, x))))
    out["probe inline: forward + backward"] = best(lambda: inline_backward(chain(lambda x: leaf(Inline, x))))
    return out


def main() -> None:
    print(f"python {sys.version.split()[0]}; y = y * w + b, {N} ops, µs per op, best of 7")
    on = phases()
    gc.disable()
    try:
        off = phases()
    finally:
        gc.enable()
    print(f"{'':<36}{'GC on':>8}{'GC off':>9}")
    for name in on:
        print(f"  {name:<34}{on[name]:>8.3f}{off[name]:>9.3f}")


if __name__ == "__main__":
    main()
