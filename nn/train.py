"""``fit``: the training loop (forward, loss, zero_grad, backward, step) with a progress bar, validation
and callbacks."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tqdm.auto import trange

from autograd import Value

from . import losses
from .callbacks import Callback, LambdaCallback
from .module import Module
from .optim import Optimizer
from .rng import Seed, rng


@dataclass(repr=False)
class History:
    """Per-epoch training loss (with any L2 term) and accuracy (empty when the loss has no classes), and the
    same on the validation data when ``fit`` has some."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)

    def __repr__(self) -> str:
        """``History(100 epochs, last loss 0.0123, accuracy 100%)``; the lists are ``.loss`` and ``.accuracy``."""
        n = len(self.loss)
        parts = [f"{n} epoch{'' if n == 1 else 's'}"]
        if self.loss:
            parts.append(f"last loss {self.loss[-1]:.4g}")
        if self.accuracy:
            parts.append(f"accuracy {100 * self.accuracy[-1]:.4g}%")
        if self.val_loss:
            parts.append(f"val_loss {self.val_loss[-1]:.4g}")
        if self.val_accuracy:
            parts.append(f"val_accuracy {100 * self.val_accuracy[-1]:.4g}%")
        return f"History({', '.join(parts)})"

    def plot(self, axes: Any = None) -> Any:
        """Loss and (when there is one) accuracy per epoch, training and validation, with matplotlib (the
        ``notebooks`` extra); returns the figure. ``axes``: two matplotlib axes to draw on."""
        from .plots import plot_history

        return plot_history(self, axes)


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


def _validation(X: Sequence, y: Sequence, validation: Any) -> tuple:
    """(X_train, y_train, X_val, y_val); a fraction holds out the last ceil(f·n) samples, as Keras does."""
    if validation is None:
        return X, y, None, None
    if isinstance(validation, float):
        if not 0.0 < validation < 1.0:
            raise ValueError(f"fit: a validation fraction must be in (0, 1), got {validation!r}")
        k = math.ceil(validation * len(X))
        if not 0 < k < len(X):
            raise ValueError(f"fit: validation={validation!r} of {len(X)} samples leaves no training data")
        return X[: len(X) - k], y[: len(y) - k], X[len(X) - k :], y[len(y) - k :]
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise ValueError(f"fit: validation must be (X, y) or a fraction in (0, 1), got {type(validation).__name__}")
    Xv, yv = validation
    if len(Xv) != len(yv) or len(Xv) == 0:
        raise ValueError(f"fit: validation has {len(Xv)} inputs and {len(yv)} targets; they must match and be > 0")
    return X, y, Xv, yv


def _callbacks(callbacks: Any) -> list[Callback]:
    out = []
    for c in callbacks or ():
        if isinstance(c, Callback):
            out.append(c)
        elif callable(c):
            out.append(LambdaCallback(c))
        else:
            raise TypeError(f"fit: a callback must be an nn.callbacks.Callback or a function, got {type(c).__name__}")
    return out


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


def _outputs(model: Any, X: Sequence) -> list:
    """The model's outputs for a batch: ``model.map(X)`` for a ``Module`` (an MLP builds the batch at once), else a
    call per input, so any callable with ``parameters()`` still trains."""
    return model.map(X) if isinstance(model, Module) else [model(x) for x in X]


def evaluate(model: Module, X: Sequence, y: Sequence, loss: str | Callable[[list, Sequence], Value]) -> tuple:
    """(mean loss, accuracy or None) of ``model`` on (X, y), one forward pass, no backward."""
    _, loss_fn, name = _checked(X, y, 1, None, loss)
    outputs = _outputs(model, X)
    hits = _hits(name, outputs, y)
    return loss_fn(outputs, list(y)).data, None if hits is None else hits / len(X)


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
    validation: tuple[Sequence, Sequence] | float | None = None,
    callbacks: Sequence[Callback | Callable] | None = None,
) -> History:
    """Train ``model`` on inputs ``X`` and targets ``y``; return the loss and accuracy of every epoch.

    ``loss`` is a name from ``nn.losses.LOSSES`` or any callable (outputs, targets) → Value; ``l2`` adds
    l2·Σp². ``batch_size=None`` is full batch; smaller batches are reshuffled every epoch when ``shuffle``.
    ``validation=(X_val, y_val)`` or a fraction (the last samples of X) adds val_loss and val_accuracy (the
    data loss, without l2) per epoch. Each callback (a ``Callback`` or f(epoch, history)) runs after every
    epoch; one returning True stops training. A tqdm bar shows progress unless ``verbose=False``."""
    X, y, Xv, yv = _validation(X, y, validation)
    n = len(X)
    size, loss_fn, name = _checked(X, y, epochs, batch_size, loss)
    hooks = _callbacks(callbacks)
    params = model.parameters()
    r = rng(seed)
    history = History()
    for hook in hooks:
        hook.on_train_begin(model, history)
    bar = trange(epochs, desc="fit", unit="epoch", disable=not verbose, leave=verbose)
    for epoch in bar:
        total, hits = _epoch(model, X, y, size, shuffle, r, loss_fn, name, l2, params, optimizer)
        history.loss.append(total / n)
        postfix = {"loss": f"{total / n:.4g}"}
        if hits is not None:
            history.accuracy.append(hits / n)
            postfix["acc"] = f"{hits / n:.1%}"
        if Xv is not None:
            val_loss, val_acc = evaluate(model, Xv, yv, loss if name else loss_fn)
            history.val_loss.append(val_loss)
            postfix["val_loss"] = f"{val_loss:.4g}"
            if val_acc is not None:
                history.val_accuracy.append(val_acc)
                postfix["val_acc"] = f"{val_acc:.1%}"
        bar.set_postfix(postfix, refresh=False)
        if any([hook.on_epoch_end(epoch, history) for hook in hooks]):
            break
    bar.close()
    for hook in hooks:
        hook.on_train_end(history)
    return history


def _epoch(model, X, y, size, shuffle, r, loss_fn, name, l2, params, optimizer) -> tuple:
    """One pass over the data in batches of ``size``: (Σ batch loss · batch size, hits or None)."""
    n = len(X)
    order = list(range(n))
    if shuffle and size < n:
        r.shuffle(order)
    total, hits = 0.0, 0
    for start in range(0, n, size):
        batch = order[start : start + size]
        targets = [y[i] for i in batch]
        outputs = _outputs(model, [X[i] for i in batch])
        value = loss_fn(outputs, targets)
        if l2:
            value = value + losses.l2(params, l2)
        optimizer.zero_grad()
        value.backward()
        optimizer.step()
        total += value.data * len(batch)
        h = _hits(name, outputs, targets)
        hits = None if h is None else hits + h
    return total, hits
