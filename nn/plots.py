"""Plots of training with matplotlib (the ``notebooks`` extra), imported only when a plot is asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .module import Module

if TYPE_CHECKING:
    from .gradient_flow import GradientFlow
    from .train import History


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(
            "plotting needs matplotlib: pip install 'chainrule[notebooks]' (or pip install matplotlib)"
        ) from e
    return plt


def plot_history(history: History, axes: Any = None) -> Any:
    """Loss per epoch (training and validation) and, when recorded, accuracy; returns the figure."""
    if not history.loss:
        raise ValueError("History.plot: no epochs recorded")
    plt = _pyplot()
    panels = 2 if history.accuracy or history.val_accuracy else 1
    if axes is None:
        fig, axes = plt.subplots(1, panels, figsize=(5 * panels, 3.5), squeeze=False)
        axes = axes[0]
    else:
        axes = list(axes) if isinstance(axes, (list, tuple)) or hasattr(axes, "__len__") else [axes]
        fig = axes[0].figure
    series = (("loss", history.loss, history.val_loss), ("accuracy", history.accuracy, history.val_accuracy))
    for ax, (what, train, val) in zip(axes, series[:panels]):
        epochs = range(1, len(train or val) + 1)
        if train:
            ax.plot(epochs, train, label=f"training {what}")
        if val:
            ax.plot(range(1, len(val) + 1), val, label=f"validation {what}")
        ax.set(xlabel="epoch", ylabel=what, title=what)
        ax.grid(alpha=0.3)
        ax.legend()
    return fig


def plot_gradient_flow(flow: GradientFlow, ax: Any = None, label: str = "") -> Any:
    """mean |∂E/∂w| and mean |δ| per layer on a log scale; returns the axes."""
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    layers = range(1, len(flow) + 1)
    prefix = f"{label}: " if label else ""
    ax.plot(layers, flow.weight_grad, "o-", label=f"{prefix}mean |∂E/∂w|")
    ax.plot(layers, flow.delta, "s--", label=f"{prefix}mean |δ|")
    ax.set(xlabel="layer", ylabel="mean absolute gradient", yscale="log", title="gradient flow", xticks=list(layers))
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def plot_decision_boundary(
    model: Module, X: Sequence, y: Sequence, ax: Any = None, resolution: int = 100, padding: float = 0.5
) -> Any:
    """The class ``model`` gives each point of a grid over 2-D data ``X``, shaded, with the points coloured by
    ``y``: argmax for several outputs, one output > 0 (a score or logit) or > 0.5 after a sigmoid. Returns the axes."""
    if not X or any(len(x) != 2 for x in X):
        raise ValueError("plot_decision_boundary: X must be a non-empty list of 2-D points")
    if len(X) != len(y):
        raise ValueError(f"plot_decision_boundary: {len(X)} points but {len(y)} labels")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"plot_decision_boundary: resolution must be an int ≥ 2, got {resolution!r}")
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    threshold = 0.5 if getattr(model.layers[-1], "activation", "") == "sigmoid" else 0.0
    lo = [min(x[k] for x in X) - padding for k in (0, 1)]
    hi = [max(x[k] for x in X) + padding for k in (0, 1)]
    xs = [lo[0] + (hi[0] - lo[0]) * i / (resolution - 1) for i in range(resolution)]
    ys = [lo[1] + (hi[1] - lo[1]) * j / (resolution - 1) for j in range(resolution)]
    grid = [[_class(model([a, b]), threshold) for a in xs] for b in ys]
    classes = sorted(set(y))
    index = {c: i for i, c in enumerate(classes)}
    k = max(len(classes), 1 + max(max(row) for row in grid))
    levels = [i - 0.5 for i in range(k + 1)]
    binary = set(classes) <= {-1, 1} and len(classes) == 2  # micrograd's labels: class 1 of the model is +1
    colour = [(1 if c == 1 else 0) if binary else index[c] for c in y]
    ax.contourf(xs, ys, grid, levels=levels, cmap="coolwarm" if k == 2 else "tab10", alpha=0.35)
    cmap = "coolwarm" if k == 2 else "tab10"
    points = ([x[0] for x in X], [x[1] for x in X])
    ax.scatter(*points, c=colour, cmap=cmap, vmin=-0.5, vmax=k - 0.5, s=20, edgecolor="k", linewidth=0.4)
    ax.set(aspect="equal", title="decision boundary")
    return ax


def _class(out: Any, threshold: float) -> int:
    if isinstance(out, list):
        return max(range(len(out)), key=lambda j: out[j].data)
    return int(out.data > threshold)
