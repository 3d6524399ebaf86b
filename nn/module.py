"""``Module``: the base of neurons, layers and networks: parameters by name, gradients, state."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Mapping

from autograd import Value

from ._real import finite_float, shown, why_not_finite


class Module:
    """A part of a network; subclasses list their own parameters and their sub-modules."""

    def _own_parameters(self) -> Iterator[tuple[str, Value]]:
        """(name, parameter) pairs held directly by this module."""
        return iter(())

    def _children(self) -> Iterator[tuple[str, Module]]:
        """(name, sub-module) pairs, in order."""
        return iter(())

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Value]]:
        """Every parameter once, with a dotted path such as ``layers.0.neurons.1.w.0`` (as PyTorch)."""
        seen: set[int] = set()
        for name, p in self._walk(prefix):
            if id(p) not in seen:
                seen.add(id(p))
                yield name, p

    def _walk(self, prefix: str) -> Iterator[tuple[str, Value]]:
        for name, child in self._children():
            yield from child._walk(f"{prefix}{name}.")
        for name, p in self._own_parameters():
            yield f"{prefix}{name}", p

    def parameters(self) -> list[Value]:
        """Every parameter once, in ``named_parameters`` order."""
        return [p for _, p in self.named_parameters()]

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Mark every parameter trainable or fixed (as PyTorch's); a fixed one is skipped by optimisers and
        by the views' numbering. Returns the module. One parameter: ``p.requires_grad = False``."""
        for p in self.parameters():
            p.requires_grad = requires_grad
        return self

    def map(self, X: Iterable) -> list:
        """``[self(x) for x in X]``, the outputs for a batch: what ``fit`` and ``evaluate`` call, so a
        module that can build a batch with less work (``MLP.map``) does it there."""
        return [self(x) for x in X]  # type: ignore[operator]  # every module that is trained is callable

    def zero_grad(self) -> None:
        """Reset every parameter's gradient to 0 (leaves accumulate across ``backward`` calls)."""
        for p in self.parameters():
            p.grad = 0.0

    def state_dict(self) -> dict[str, float]:
        """{name: value} for every parameter: plain floats, safe to copy or write as JSON."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, object]) -> None:
        """Set every parameter from ``state``; checks everything first, so on error nothing changes."""
        if not isinstance(state, Mapping):
            raise ValueError(f"state must be a mapping of parameter names to numbers, got {type(state).__name__}")
        params = dict(self.named_parameters())
        missing = [n for n in params if n not in state]
        unexpected = [n for n in state if n not in params]
        if missing or unexpected:
            parts = [f"{len(state)} values for {len(params)} parameters of {self!r}"]
            if missing:
                parts.append(f"missing: {_some(missing)}")
            if unexpected:
                parts.append(f"unexpected: {_some(unexpected)}")
            raise ValueError("load_state_dict: " + "; ".join(parts))
        values = {}
        for name in params:
            x = state[name]
            if isinstance(x, bool) or not isinstance(x, numbers.Real):
                raise ValueError(f"load_state_dict: {name} must be a number, got {type(x).__name__}: {shown(x)}")
            f = finite_float(x)
            if f is None:
                raise ValueError(f"load_state_dict: {name} is {shown(x)}, {why_not_finite(x)}")
            values[name] = f
        for name, p in params.items():
            p.data = values[name]


def _some(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
