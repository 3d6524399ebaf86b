"""Callbacks for ``nn.fit``: code that runs after every epoch, such as ``EarlyStopping`` (Keras's names)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .module import Module
    from .train import History

MONITORS = ("loss", "accuracy", "val_loss", "val_accuracy")


class Callback:
    """Subclass and override what you need; ``on_epoch_end`` returning True stops training."""

    def on_train_begin(self, model: Module, history: History) -> None:
        """Called once before the first epoch."""

    def on_epoch_end(self, epoch: int, history: History) -> bool | None:
        """Called after epoch ``epoch`` (0-based) with every figure so far in ``history``."""

    def on_train_end(self, history: History) -> None:
        """Called once after the last epoch, stopped early or not."""


class LambdaCallback(Callback):
    """A plain function ``f(epoch, history)`` as a callback (returning True stops training)."""

    def __init__(self, on_epoch_end) -> None:
        self._f = on_epoch_end

    def on_epoch_end(self, epoch: int, history: History) -> bool | None:
        return self._f(epoch, history)


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs; with
    ``restore_best_weights`` (the default here, unlike Keras) the model ends with its best epoch's weights,
    stopped early or not."""

    def __init__(
        self, monitor: str = "val_loss", patience: int = 5, min_delta: float = 0.0, restore_best_weights: bool = True
    ) -> None:
        if monitor not in MONITORS:
            raise ValueError(f"EarlyStopping: monitor must be one of {', '.join(MONITORS)}, got {monitor!r}")
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 0:
            raise ValueError(f"EarlyStopping: patience must be an int ≥ 0, got {patience!r}")
        if not (isinstance(min_delta, (int, float)) and math.isfinite(min_delta) and min_delta >= 0):
            raise ValueError(f"EarlyStopping: min_delta must be a finite number ≥ 0, got {min_delta!r}")
        self.monitor, self.patience, self.min_delta = monitor, patience, float(min_delta)
        self.restore_best_weights = restore_best_weights
        self.sign = -1.0 if monitor.endswith("accuracy") else 1.0  # accuracy: higher is better
        self.best_epoch: int | None = None
        self.stopped_epoch: int | None = None

    def on_train_begin(self, model: Module, history: History) -> None:
        self.model, self.best, self.best_epoch, self.stopped_epoch, self._state = model, math.inf, None, None, None

    def on_epoch_end(self, epoch: int, history: History) -> bool | None:
        values = getattr(history, self.monitor)
        if not values:
            raise ValueError(f"EarlyStopping: fit records no {self.monitor} (validation data? a loss with classes?)")
        current = self.sign * values[-1]
        if current < self.best - self.min_delta:
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self._state = self.model.state_dict()
            return None
        if epoch - self.best_epoch >= self.patience:
            self.stopped_epoch = epoch
            return True
        return None

    def on_train_end(self, history: History) -> None:
        if self.restore_best_weights and self._state is not None:
            self.model.load_state_dict(self._state)

    def __repr__(self) -> str:
        return f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, best_epoch={self.best_epoch})"
