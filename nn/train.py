"""``fit``: the training loop (forward, loss, zero_grad, backward, step) with a progress bar."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tqdm.auto import trange

from autograd import Value

from . import losses
from .module import Module
from .optim import Optimizer
from .rng import Seed, rng


@dataclass(repr=False)
class History:
    """Per-epoch training loss (with any L2 term) and accuracy (empty when the loss has no classes)."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)

    def __repr__(self) -> str:
        """``History(100 epochs, last loss 0.0123, accuracy 100%)``; the lists are ``.loss`` and ``.accuracy``."""
        n = len(self.loss)
        parts = [f"{n} epoch{'' if n == 1 else 's'}"]
        if self.loss:
            parts.append(f"last loss {self.loss[-1]:.4g}")
        if self.accuracy:
            parts.append(f"accuracy {100 * self.accuracy[-1]:.4g}%")
        return f"History({', '.join(parts)})"


def _argmax(xs: Sequence[float]) -> int:
    return max(range(len(xs)), key=xs.__getitem__)


def _data(out: Any) -> Any:
    return [_data(o) for o in out] if isinstance(out, (list, tuple)) else float(out)


def _hits(loss: str, outputs: list, targets: Sequence) -> int | None:
    """How many predictions are right, by the rule that goes with ``loss``; None for regression."""
    outs = [_data(o) for o in outputs]
    if loss == "hinge":
        return sum((o > 0) == (t > 0) for o, t in zip(outs, targets))
    if loss == "binary_cross_entropy_with_logits":
        return sum((o > 0) == (t > 0.5) for o, t in zip(outs, targets))
    if loss == "binary_cross_entropy":
        return sum((o > 0.5) == (t > 0.5) for o, t in zip(outs, targets))
    if loss == "cross_entropy":
        return sum(_argmax(o) == (t if isinstance(t, numbers.Integral) else _argmax(t)) for o, t in zip(outs, targets))
    return None


def _checked(X: Sequence, y: Sequence, epochs: int, batch_size: int | None, loss: Any) -> tuple:
    """fit's arguments checked: (batch size, loss function, loss name or '')."""
    if len(X) != len(y):
        raise ValueError(f"fit: {len(X)} inputs but {len(y)} targets")
    if len(X) == 0:
        raise ValueError("fit: no training data")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"fit: epochs must be a positive int, got {epochs!r}")
    size = len(X) if batch_size is None else batch_size
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"fit: batch_size must be a positive int or None, got {batch_size!r}")
    if not isinstance(loss, str):
        return size, loss, ""
    if loss not in losses.LOSSES:
        raise ValueError(f"fit: unknown loss {loss!r}; choose one of {', '.join(losses.LOSSES)} or pass a function")
    return size, losses.LOSSES[loss], loss


def fit(
    model: Module,
    X: Sequence,
    y: Sequence,
    *,
    loss: str | Callable[[list, Sequence], Value],
    optimizer: Optimizer,
    epochs: int = 100,
    batch_size: int | None = None,
    l2: float = 0.0,
    shuffle: bool = True,
    seed: Seed = None,
    verbose: bool = True,
) -> History:
    """Train ``model`` on inputs ``X`` and targets ``y``; return the loss and accuracy of every epoch.

    ``loss`` is a name from ``nn.losses.LOSSES`` or any callable (outputs, targets) → Value; ``l2`` adds
    l2·Σp². ``batch_size=None`` is full batch; smaller batches are reshuffled every epoch when ``shuffle``.
    A tqdm bar shows progress in a terminal or notebook unless ``verbose=False``."""
    n = len(X)
    size, loss_fn, name = _checked(X, y, epochs, batch_size, loss)
    params = model.parameters()
    r = rng(seed)
    history = History()
    bar = trange(epochs, desc="fit", unit="epoch", disable=not verbose, leave=verbose)
    for _ in bar:
        order = list(range(n))
        if shuffle and size < n:
            r.shuffle(order)
        total, hits = 0.0, 0
        for start in range(0, n, size):
            batch = order[start : start + size]
            targets = [y[i] for i in batch]
            outputs = [model(X[i]) for i in batch]
            value = loss_fn(outputs, targets)
            if l2:
                value = value + losses.l2(params, l2)
            optimizer.zero_grad()
            value.backward()
            optimizer.step()
            total += value.data * len(batch)
            h = _hits(name, outputs, targets)
            hits = None if h is None else hits + h
        history.loss.append(total / n)
        postfix = {"loss": f"{total / n:.4g}"}
        if hits is not None:
            history.accuracy.append(hits / n)
            postfix["acc"] = f"{hits / n:.1%}"
        bar.set_postfix(postfix, refresh=False)
    bar.close()
    return history
