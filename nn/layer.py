"""``Layer``: neurons that read the same inputs; its outputs are always a list."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence

from autograd import Value
from autograd.engine import Dense

from . import init as _init
from .module import Module
from .neuron import Neuron, as_values, check_activation
from .rng import Seed

Bias = bool | str | float | Sequence[float] | None


class Layer(Module):
    """``nout`` neurons over ``nin`` inputs.

    ``bias``: True (one per neuron, at 0), False/None (none), "shared" (one parameter for the whole
    layer, at 0), a number (one shared parameter at that value, as b1 = 0.35 in the seeds) or a list
    of numbers (one per neuron). ``weights`` (``nout`` rows of ``nin``) replaces random init."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "relu",
        bias: Bias = True,
        *,
        weights: Sequence[Sequence[float]] | None = None,
        init: str = "uniform",
        seed: Seed = None,
        name: str = "",
        names: Sequence[str] | None = None,
        expanded: bool = False,
    ) -> None:
        for what, n in (("nin", nin), ("nout", nout)):
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise ValueError(f"Layer: {what} must be a positive int, got {n!r}")
        check_activation(activation)
        if weights is None:
            weights = _init.weights(init, nin, nout, seed)
        elif len(weights) != nout or any(len(row) != nin for row in weights):
            shape = f"{len(weights)} rows of lengths {[len(row) for row in weights]}"
            raise ValueError(f"Layer: weights must be {nout} rows of {nin} numbers, got {shape}")
        if names is None:
            names = [f"{name}.{j + 1}" if name else str(j + 1) for j in range(nout)]
        elif len(names) != nout:
            raise ValueError(f"Layer: {len(names)} names given for {nout} neurons")
        self.name = name
        self.b, per_neuron = _biases(bias, nout, f"b_{name}" if name else "b")
        self.neurons = [
            Neuron(nin, activation, b, weights=w, name=n, expanded=expanded)
            for w, b, n in zip(weights, per_neuron, names)
        ]

    @property
    def nin(self) -> int:
        return len(self.neurons[0].w)

    @property
    def activation(self) -> str:
        return self.neurons[0].activation

    def __call__(self, x: Iterable) -> list[Value]:
        """The neurons' outputs for inputs ``x`` (numbers or Values), always as a list."""
        return self.forward(as_values(x, self.nin, repr(self)))

    def forward(self, xs: list[Value]) -> list[Value]:
        """The outputs for inputs already made Values (what an MLP calls, without re-checking them)."""
        layer = self.dense()
        if layer is None:  # a neuron that builds its own nodes (expanded, or its own forward): each does
            return [n.forward(xs) for n in self.neurons]
        return self.keep(layer(xs))

    def dense(self) -> Dense | None:
        """The layer as ``autograd.engine.Dense`` (its weights read once, for one or many forward calls), or None
        when a neuron builds its own nodes."""
        rows = [n.row() for n in self.neurons]
        return None if None in rows else Dense(rows)

    def keep(self, call: tuple[list[Value], list[Value]]) -> list[Value]:
        """Remember a ``Dense`` call's (nets, outs) as each neuron's last net and out; returns the outs."""
        nets, outs = call
        for n, net, out in zip(self.neurons, nets, outs):
            n.net = net
            n.out = out
        return outs

    @property
    def delta(self) -> list[float]:
        """δ of every neuron (∂C/∂net) after ``backward``, from the last forward call."""
        return [n.delta for n in self.neurons]

    def groups(self) -> dict[Value, str]:
        """{node: group} such as "layer 1 · neuron h1" for parameters and last net/out nodes."""
        prefix = f"layer {self.name} · " if self.name else ""
        out = {self.b: f"layer {self.name}".rstrip()} if self.b is not None else {}
        for n in self.neurons:
            out.update(n.groups(f"{prefix}neuron {n.name}"))
        return out

    def _children(self):
        for j, n in enumerate(self.neurons):
            yield f"neurons.{j}", n

    def _own_parameters(self):
        if self.b is not None:
            yield "b", self.b

    def __repr__(self) -> str:
        shared = ", shared bias" if self.b is not None else ""
        return f"Layer({self.nin} → {len(self.neurons)} {self.activation}{shared})"


def _biases(bias: Bias, nout: int, label: str) -> tuple[Value | None, list]:
    """(shared bias parameter or None, what each neuron gets as its ``bias`` argument)."""
    if bias is True or bias is False or bias is None:
        return None, [bool(bias)] * nout
    if isinstance(bias, str) and bias != "shared":
        raise ValueError(f"Layer: bias must be True, False, 'shared', a number or a list; got {bias!r}")
    if isinstance(bias, (str, numbers.Real)):
        b = Value(0.0 if isinstance(bias, str) else bias, label)
        return b, [b] * nout
    if len(bias) != nout:
        raise ValueError(f"Layer: {len(bias)} biases given for {nout} neurons")
    for x in bias:
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise ValueError(f"Layer: each bias must be a number, got {x!r}")
    return None, [float(x) for x in bias]
