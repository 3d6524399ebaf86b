"""Optimisers with PyTorch's update rules: ``SGD`` (momentum, weight decay) and ``Adam``.

``lr`` is a number or a schedule: any callable step → lr, where step counts from 0 (micrograd's demo
is ``lr=lambda k: 1.0 - 0.9 * k / 100``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from autograd import Value
from autograd.engine import requires_grad_flags, requires_grad_version

from ._real import finite_float, shown

LR = float | Callable[[int], float]
_NO_FLAGS = (None, None, [], [])  # an optimiser's cache of requires_grad flags before its first step


def _number(x: object, what: str, low: float = 0.0) -> float:
    f = finite_float(x)
    if f is None or f < low:
        raise ValueError(f"{what} must be a finite number ≥ {low:g}, got {shown(x)}")
    return f


class Optimizer:
    """Holds the parameters and the step count; subclasses define ``update``."""

    def __init__(self, params: Iterable[Value], lr: LR, weight_decay: float) -> None:
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list")
        for p in self.params:
            if not isinstance(p, Value):
                raise TypeError(f"{type(self).__name__}: parameters must be Values, got {type(p).__name__}")
        if not callable(lr):
            _number(lr, "lr")
        self.schedule = lr
        self.weight_decay = _number(weight_decay, "weight_decay")
        self.steps = 0
        self._flags: tuple = _NO_FLAGS  # (requires_grad_version, params, flags, trainable) of the last step

    @property
    def lr(self) -> float:
        """The learning rate the next ``step`` uses."""
        if not callable(self.schedule):
            return float(self.schedule)
        return _number(self.schedule(self.steps), f"lr schedule at step {self.steps}")

    def zero_grad(self) -> None:
        """Reset every parameter's gradient to 0 before the next ``backward``."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Move every parameter against its gradient once; fixed ones (``requires_grad=False``) stay."""
        lr = self.lr
        wd = self.weight_decay
        self.steps += 1
        if type(self) is SGD and not self.momentum and not wd:  # plain SGD inlined; a zero gradient moves nothing
            for p in self._trainable()[1]:
                g = p.grad
                if g:
                    p.data -= lr * g
            return
        for i, (p, on) in enumerate(zip(self.params, self._trainable()[0])):
            if on:
                p.data -= self.update(i, p.grad + wd * p.data if wd else p.grad, lr)

    def update(self, i: int, g: float, lr: float) -> float:
        raise NotImplementedError

    def __getstate__(self) -> dict:
        """Pickled and copied without the cached flags: the version they were read at counts in this process only."""
        return {**self.__dict__, "_flags": _NO_FLAGS}

    def _trainable(self) -> tuple[list[bool], list[Value]]:
        """(each parameter's ``requires_grad``, the parameters that have it), read again only when a flag or the
        parameter list has changed (Values compare by identity, so the list check is a C loop, no copy)."""
        version, params = requires_grad_version(), self.params
        if self._flags[0] != version or self._flags[1] != params:
            flags = requires_grad_flags(params)
            self._flags = version, list(params), flags, [p for p, on in zip(params, flags) if on]
        return self._flags[2:]


class SGD(Optimizer):
    """p ← p − lr·v with v = momentum·v + g (v = g at first), g = ∂C/∂p + weight_decay·p (PyTorch)."""

    def __init__(self, params: Iterable[Value], lr: LR, momentum: float = 0.0, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay)
        self.momentum = _number(momentum, "momentum")
        self.velocity: list[float | None] = [None] * len(self.params)

    def update(self, i: int, g: float, lr: float) -> float:
        if self.momentum:
            v = self.velocity[i]
            g = g if v is None else self.momentum * v + g
            self.velocity[i] = g
        return lr * g


class Adam(Optimizer):
    """Adam (Kingma & Ba) with bias correction, written as ``torch.optim.Adam`` computes it."""

    def __init__(
        self,
        params: Iterable[Value],
        lr: LR = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        try:
            b1, b2 = betas
        except (TypeError, ValueError):  # not two things
            raise ValueError(f"Adam: betas must be two numbers in [0, 1), got {shown(betas)}") from None
        b1, b2 = _number(b1, "each beta"), _number(b2, "each beta")
        if not (b1 < 1.0 and b2 < 1.0):
            raise ValueError(f"Adam: betas must be two numbers in [0, 1), got {shown(betas)}")
        self.betas = (b1, b2)
        self.eps = _number(eps, "eps")
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def update(self, i: int, g: float, lr: float) -> float:
        b1, b2 = self.betas
        t = self.steps
        self.m[i] = m = b1 * self.m[i] + (1.0 - b1) * g
        self.v[i] = v = b2 * self.v[i] + (1.0 - b2) * g * g
        denom = math.sqrt(v) / math.sqrt(1.0 - b2**t) + self.eps
        return lr / (1.0 - b1**t) * (m / denom)
