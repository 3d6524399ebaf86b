"""``Neuron``: out = f(net), net = Σ wᵢ·xᵢ + b as one fused node, f as one activation node."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence

from autograd import Value
from autograd.engine import dense, inputs
from autograd.engine.ops import FUNCTIONS

from . import init as _init
from .module import Module
from .rng import Seed

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")


def check_activation(activation: str) -> str:
    """``activation`` itself, or a ValueError listing the ones there are."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}; got {activation!r}")
    return activation


def as_values(x: Iterable, nin: int, who: str) -> list[Value]:
    """The inputs as Values (numbers become fixed leaves x1, x2, …, once per call: data, not variables),
    checking their count; any iterable works (a list, a tuple, a numpy row)."""
    if isinstance(x, (Value, str, bytes, numbers.Number)) or not isinstance(x, Iterable):
        raise TypeError(f"{who} expects a list of {nin} inputs, got {type(x).__name__}")
    x = list(x)
    if len(x) != nin:
        raise ValueError(f"{who} expects {nin} inputs, got {len(x)}")
    while len(_INPUT_LABELS) < nin:
        _INPUT_LABELS.append(f"x{len(_INPUT_LABELS) + 1}")
    return inputs(x, _INPUT_LABELS)


_INPUT_LABELS: list[str] = []  # "x1", "x2", … made once


class Neuron(Module):
    """One unit: ``net`` = Σ wᵢ·xᵢ + b (one ``dot`` node, or micrograd's chain of ``*`` and ``+`` when
    ``expanded``), then ``out`` = activation(net). Keeps the net/out nodes of its last call.

    ``bias``: True (a new parameter at 0, as micrograd), a number (a new parameter at that value),
    a Value (a bias shared with other neurons, owned by their layer) or False (no bias)."""

    def __init__(
        self,
        nin: int,
        activation: str = "relu",
        bias: bool | float | Value = True,
        *,
        weights: Sequence[float] | None = None,
        init: str = "uniform",
        seed: Seed = None,
        name: str = "",
        expanded: bool = False,
    ) -> None:
        if isinstance(nin, bool) or not isinstance(nin, int) or nin < 1:
            raise ValueError(f"Neuron: nin must be a positive int, got {nin!r}")
        self.activation = check_activation(activation)
        if weights is None:
            weights = _init.weights(init, nin, 1, seed)[0]
        elif len(weights) != nin:
            raise ValueError(f"Neuron: {len(weights)} weights given for {nin} inputs")
        self._op = FUNCTIONS.get(activation)  # None for linear: out is net
        self._name = name
        self._net_label, self._out_label = self._default_label("net"), self._default_label("out")
        self.w = [Value(wi, self._default_label("w", k)) for k, wi in enumerate(weights)]
        self._checked: tuple = ([], None, False)  # (w and b when row() last looked, all leaves then)
        self.owns_bias = not isinstance(bias, Value)
        if isinstance(bias, Value):
            self.b: Value | None = bias
        elif bias is False or bias is None:
            self.b = None
        else:
            self.b = Value(0.0 if bias is True else bias, self._default_label("b"))
        self.expanded = expanded
        self.net: Value | None = None
        self.out: Value | None = None

    # ----- names and labels -----------------------------------------------------------------
    def _default_label(self, kind: str, k: int = 0) -> str:
        name = self._name
        if kind == "w":
            return f"w_{name}.{k + 1}" if name else f"w{k + 1}"
        return f"{kind}_{name}" if name else kind

    @property
    def name(self) -> str:
        """The neuron's name in labels: ``net_<name>``, ``out_<name>``, ``w_<name>.k``, ``b_<name>``."""
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        old = [self._default_label("w", k) for k in range(len(self.w))], self._default_label("b")
        self._name = name
        self._net_label, self._out_label = self._default_label("net"), self._default_label("out")
        for k, (w, label) in enumerate(zip(self.w, old[0])):
            if w.label == label:
                w.label = self._default_label("w", k)
        if self.owns_bias and self.b is not None and self.b.label == old[1]:
            self.b.label = self._default_label("b")

    # ----- forward ------------------------------------------------------------------------------
    def __call__(self, x: Iterable) -> Value:
        xs = as_values(x, len(self.w), repr(self))
        return self.forward(xs)

    def forward(self, xs: list[Value], xd: list[float] | None = None) -> Value:
        """out for inputs already made Values (what a layer calls, without re-checking them). ``xd``, the inputs'
        data, is accepted as before and not needed: ``dense`` reads it."""
        if not self.expanded:
            (self.net,), (self.out,) = dense(xs, [self._row()])
            return self.out
        net = self.w[0] * xs[0]
        for wi, xi in zip(self.w[1:], xs[1:]):
            net = net + wi * xi
        if self.b is not None:
            net = net + self.b
        net.label = self._net_label
        out = net
        if self._op is not None:
            out = self._op(net)
            out.label = self._out_label
        self.net, self.out = net, out
        return out

    def row(self) -> tuple | None:
        """This neuron as a layer hands it to ``autograd.engine.dense``: weights, bias, activation op, net and out
        labels, and whether the weights and bias are all leaves (checked again only when they change). None when
        the neuron builds its own nodes: ``expanded``, or a subclass with its own ``forward``."""
        if self.expanded or type(self).forward is not Neuron.forward:
            return None
        return self._row()

    def _row(self) -> tuple:
        w, b, checked = self.w, self.b, self._checked
        if w != checked[0] or b is not checked[1]:  # lists of Values compare by identity, in C
            self._checked = checked = list(w), b, all(v.is_leaf for v in w) and (b is None or b.is_leaf)
        return w, b, self._op, self._net_label, self._out_label, checked[2]

    # ----- reading the last forward ---------------------------------------------------------------
    @property
    def delta(self) -> float:
        """δ = ∂C/∂net after ``backward`` (BP1/BP2 of the textbook), from the last forward call."""
        if self.net is None:
            raise RuntimeError(f"{self!r}: no forward call yet, so no δ")
        return self.net.grad

    def groups(self, group: str) -> dict[Value, str]:
        """{node: group} for this neuron's parameters and its last net/out nodes."""
        nodes = [*self.w, *([self.b] if self.owns_bias and self.b is not None else [])]
        nodes += [v for v in (self.net, self.out) if v is not None]
        return dict.fromkeys(nodes, group)

    # ----- Module ---------------------------------------------------------------------------------
    def _own_parameters(self):
        for k, w in enumerate(self.w):
            yield f"w.{k}", w
        if self.owns_bias and self.b is not None:
            yield "b", self.b

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)} → {self.activation}{'' if self.b is not None else ', no bias'})"
