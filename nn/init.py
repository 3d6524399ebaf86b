"""Initial weights: micrograd's uniform(−1, 1), Xavier (Glorot) uniform or He (Kaiming) normal."""

from __future__ import annotations

import math

from .rng import Seed, rng

INITS = ("uniform", "xavier", "he")


def weights(init: str, nin: int, nout: int, seed: Seed = None) -> list[list[float]]:
    """``nout`` rows of ``nin`` starting weights, drawn row by row (neuron by neuron)."""
    r = rng(seed)
    if init == "uniform":
        draw = lambda: r.uniform(-1.0, 1.0)
    elif init == "xavier":
        a = math.sqrt(6.0 / (nin + nout))
        draw = lambda: r.uniform(-a, a)
    elif init == "he":
        s = math.sqrt(2.0 / nin)
        draw = lambda: r.gauss(0.0, s)
    else:
        raise ValueError(f"init must be one of {', '.join(INITS)}; got {init!r}")
    return [[draw() for _ in range(nin)] for _ in range(nout)]
