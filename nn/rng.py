"""Where randomness comes from: Python's global ``random`` (as micrograd), a seed or a generator."""

from __future__ import annotations

import random

Seed = int | random.Random | None


def rng(seed: Seed) -> random.Random:
    """The generator to draw from: ``None`` is Python's global one (so ``random.seed(1337)`` reproduces a
    micrograd script), an int seeds a new ``random.Random``, a ``random.Random`` is used as it is."""
    if seed is None:
        return random._inst  # the generator behind random.seed, random.uniform, ...
    if isinstance(seed, random.Random):
        return seed
    if isinstance(seed, int) and not isinstance(seed, bool):
        return random.Random(seed)
    raise TypeError(f"seed must be None, an int or a random.Random, got {type(seed).__name__}")
