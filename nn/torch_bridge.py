"""From chainrule to PyTorch and back: an MLP as a ``torch.nn.Sequential`` of Linear layers and activations
with the same weights (float64), and such a Sequential as an MLP. torch is optional, imported when used."""

from __future__ import annotations

from typing import Any

from .mlp import MLP

_TORCH_NAMES = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}


def _torch():
    try:
        import torch
    except ImportError as e:
        raise ImportError("to_torch / from_torch need PyTorch: pip install torch") from e
    return torch


def to_torch(model: MLP, dtype: Any = None) -> Any:
    """``torch.nn.Sequential(Linear, activation, …, Linear[, activation])`` with ``model``'s weights and biases
    (``dtype`` float64 by default, so numbers match to the last bits)."""
    torch = _torch()
    dtype = torch.float64 if dtype is None else dtype
    modules = []
    for i, layer in enumerate(model.layers):
        if layer.b is not None:
            raise ValueError(
                f"to_torch: layer {i + 1} has one bias shared by its neurons, which torch.nn.Linear cannot hold"
            )
        has_bias = [n.b is not None for n in layer.neurons]
        if any(has_bias) != all(has_bias):
            raise ValueError(f"to_torch: layer {i + 1} has biases on some neurons only; torch.nn.Linear cannot")
        linear = torch.nn.Linear(layer.nin, len(layer.neurons), bias=all(has_bias), dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=dtype))
            if all(has_bias):
                linear.bias.copy_(torch.tensor([n.b.data for n in layer.neurons], dtype=dtype))
        modules.append(linear)
        if layer.activation != "linear":
            modules.append(getattr(torch.nn, _TORCH_NAMES[layer.activation])())
    return torch.nn.Sequential(*modules)


def from_torch(seq: Any, cls: type = MLP) -> MLP:
    """An MLP with the weights of a ``torch.nn.Sequential`` of Linear layers, each followed by at most one of
    ReLU, Tanh, Sigmoid or Identity; every hidden layer must have the same activation (an MLP has one)."""
    torch = _torch()
    if not isinstance(seq, torch.nn.Sequential):
        raise TypeError(f"from_torch: expects a torch.nn.Sequential, got {type(seq).__name__}")
    names = {v: k for k, v in _TORCH_NAMES.items()}
    weights, biases, acts = [], [], []
    for i, m in enumerate(seq):
        if isinstance(m, torch.nn.Linear):
            weights.append(m.weight.detach().double().tolist())
            biases.append(None if m.bias is None else m.bias.detach().double().tolist())
            acts.append("linear")
        elif type(m).__name__ in names or isinstance(m, torch.nn.Identity):
            if not weights or acts[-1] != "linear":
                raise ValueError(f"from_torch: module {i} ({type(m).__name__}) must follow a Linear layer directly")
            acts[-1] = names.get(type(m).__name__, "linear")
        else:
            raise ValueError(
                f"from_torch: module {i} is {type(m).__name__}; an MLP holds only Linear layers and "
                "ReLU, Tanh, Sigmoid or Identity activations"
            )
    if not weights:
        raise ValueError("from_torch: the Sequential has no Linear layer")
    hidden = set(acts[:-1])
    if len(hidden) > 1:
        raise ValueError(f"from_torch: hidden layers use {sorted(hidden)}; an MLP has one hidden activation")
    for i in range(1, len(weights)):
        if len(weights[i][0]) != len(weights[i - 1]):
            raise ValueError(f"from_torch: Linear {i} takes {len(weights[i][0])} inputs after {len(weights[i - 1])}")
    activation = hidden.pop() if hidden else "relu"
    return cls.from_weights(weights, biases, activation, acts[-1])
