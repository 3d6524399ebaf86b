"""``gradient_flow``: how much gradient reaches each layer, mean |∂E/∂w| and mean |δ| (δ = ∂E/∂net)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .module import Module


@dataclass(frozen=True)
class GradientFlow:
    """Per layer, first to last: mean |∂E/∂w| over its weights and mean |δ| over its neurons' net nodes."""

    weight_grad: list[float]
    delta: list[float]

    def __repr__(self) -> str:
        rows = [f"  layer {i + 1}: mean |∂E/∂w| {w:.3g}, mean |δ| {d:.3g}" for i, (w, d) in enumerate(self)]
        return "GradientFlow(\n" + "\n".join(rows) + "\n)"

    def __iter__(self):
        return iter(zip(self.weight_grad, self.delta))

    def __len__(self) -> int:
        return len(self.weight_grad)

    def plot(self, ax: Any = None, label: str = "") -> Any:
        """Both means per layer on a log scale (matplotlib, the ``notebooks`` extra); returns the axes."""
        from .plots import plot_gradient_flow

        return plot_gradient_flow(self, ax, label)


def gradient_flow(model: Module) -> GradientFlow:
    """After ``backward``: per layer, mean |∂E/∂w| (the weights' ``grad``, accumulated over a batch) and mean
    |δ| (the ``grad`` of each neuron's net node from the model's last forward call, i.e. the last sample; a
    forward without backward, such as fit's validation, leaves δ at 0)."""
    layers = getattr(model, "layers", None)
    if not layers:
        raise TypeError(f"gradient_flow: expects an nn.MLP (a model with .layers), got {type(model).__name__}")
    weights, deltas = [], []
    for i, layer in enumerate(layers):
        if any(n.net is None for n in layer.neurons):
            raise RuntimeError(f"gradient_flow: layer {i + 1} has no forward call yet; run forward and backward first")
        ws = [abs(w.grad) for n in layer.neurons for w in n.w]
        weights.append(sum(ws) / len(ws))
        deltas.append(sum(abs(n.net.grad) for n in layer.neurons) / len(layer.neurons))
    return GradientFlow(weights, deltas)
