"""``MLP``: layers in a row; ``MLP(2, [16, 16, 1])`` means what it means in micrograd."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from autograd import Value
from autograd.engine import gc_paused

from .layer import Bias, Layer
from .module import Module
from .neuron import as_values
from .rng import Seed, rng


class MLP(Module):
    """A multi-layer perceptron: ``activation`` on hidden layers, ``output_activation`` on the last
    (relu and linear by default, as micrograd). ``names`` gives each layer's neuron names."""

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        bias: Bias = True,
        *,
        init: str = "uniform",
        seed: Seed = None,
        names: Sequence[Sequence[str] | None] | None = None,
        expanded: bool = False,
    ) -> None:
        if isinstance(nouts, (int, str)) or not nouts:
            raise ValueError(f"MLP: nouts must be a non-empty list of layer sizes, got {nouts!r}")
        names = _per_layer(names, len(nouts), "names")
        r = rng(seed)
        sizes = [nin, *nouts]
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                activation if i < len(nouts) - 1 else output_activation,
                bias,
                init=init,
                seed=r,
                name=str(i + 1),
                names=names[i],
                expanded=expanded,
            )
            for i in range(len(nouts))
        ]

    @classmethod
    def from_weights(
        cls,
        weights: Sequence[Sequence[Sequence[float]]],
        biases: Sequence[Bias] | None = None,
        activation: str = "relu",
        output_activation: str = "linear",
        *,
        names: Sequence[Sequence[str] | None] | None = None,
        expanded: bool = False,
    ) -> MLP:
        """A network with given weights: ``weights[l][j][k]`` goes from input k to neuron j of layer l.
        ``biases[l]`` is a number (one bias shared by the layer, seed 004), a list (one per neuron,
        seed 002) or None (no bias); ``biases=None`` means no biases at all (seed 000)."""
        if not weights:
            raise ValueError("MLP.from_weights: weights must list at least one layer")
        biases = _per_layer(biases, len(weights), "biases")
        names = _per_layer(names, len(weights), "names")
        model = cls.__new__(cls)
        model.layers = []
        nin = len(weights[0][0]) if weights[0] else 0
        for i, w in enumerate(weights):
            act = activation if i < len(weights) - 1 else output_activation
            if not w or any(len(row) != nin for row in w):
                lengths = [len(row) for row in w]
                raise ValueError(
                    f"MLP.from_weights: layer {i} must have rows of {nin} weights (its inputs), got {lengths}"
                )
            b = False if biases[i] is None else biases[i]
            layer = Layer(nin, len(w), act, b, weights=w, name=str(i + 1), names=names[i], expanded=expanded)
            model.layers.append(layer)
            nin = len(w)
        return model

    @property
    def nin(self) -> int:
        return self.layers[0].nin

    def forward(self, x: Iterable) -> list[Value]:
        """The last layer's outputs, always as a list."""
        x = as_values(x, self.nin, repr(self))
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def map(self, X: Iterable[Iterable]) -> list[Value | list[Value]]:
        """``[model(x) for x in X]`` (micrograd's ``list(map(model, inputs))``): the same nodes, labels and order,
        in about a fifth less time on the demo batch, since each layer's weights are read once for all of X. The
        cyclic garbage collector waits meanwhile (a forward makes many objects and no cycles), as in ``backward``."""
        layers = self._dense_layers()
        if layers is None:
            return super().map(X)
        nin, who, out, last = self.nin, repr(self), [], None
        with gc_paused():
            for x in X:
                xs, last = as_values(x, nin, who), []
                for layer in layers:
                    call = layer(xs)
                    last.append(call)
                    xs = call[1]
                out.append(xs[0] if len(xs) == 1 else xs)
        for layer, call in zip(self.layers, last or ()):
            layer.keep(call)
        return out

    def _dense_layers(self) -> list | None:
        """Each layer as ``autograd.engine.Dense``, or None when a call of this model is not the plain one: a
        subclass's own ``forward`` or ``__call__``, a layer's own ``forward``, a neuron that builds its own nodes."""
        if type(self).forward is not MLP.forward or type(self).__call__ is not MLP.__call__:
            return None
        if any(type(layer).forward is not Layer.forward for layer in self.layers):
            return None
        layers = [layer.dense() for layer in self.layers]
        return None if None in layers else layers

    def __call__(self, x: Iterable) -> Value | list[Value]:
        """As micrograd: a single Value when the last layer has one neuron, else a list."""
        out = self.forward(x)
        return out[0] if len(out) == 1 else out

    def deltas(self) -> list[list[float]]:
        """δ of every layer after ``backward`` (∂C/∂net per neuron), from the last forward call."""
        return [layer.delta for layer in self.layers]

    def groups(self) -> dict[Value, str]:
        """{node: "layer l · neuron name"} for parameters and last-forward net/out nodes (for drawing)."""
        out: dict[Value, str] = {}
        for layer in self.layers:
            out.update(layer.groups())
        return out

    def to_torch(self, dtype=None):
        """A ``torch.nn.Sequential`` with these weights and activations (float64); see ``nn.torch_bridge``."""
        from .torch_bridge import to_torch

        return to_torch(self, dtype)

    @classmethod
    def from_torch(cls, seq) -> MLP:
        """An MLP with the weights of a ``torch.nn.Sequential`` of Linear layers and activations."""
        from .torch_bridge import from_torch

        return from_torch(seq, cls)

    def _children(self):
        for i, layer in enumerate(self.layers):
            yield f"layers.{i}", layer

    def __repr__(self) -> str:
        sizes = " → ".join(f"{len(layer.neurons)} {layer.activation}" for layer in self.layers)
        return f"MLP({self.nin} → {sizes})"


def _per_layer(items, n: int, what: str) -> list:
    if items is None:
        return [None] * n
    if len(items) != n:
        raise ValueError(f"MLP: {len(items)} entries in {what} for {n} layers")
    return list(items)
