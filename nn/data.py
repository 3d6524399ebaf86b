"""Toy data sets in pure Python (moons, circles, XOR, spirals), a train/test split and one-hot targets.

Each generator returns ``(X, y)``: a list of [x₁, x₂] points and a list of integer labels. ``seed``
is an int, a ``random.Random`` or None (Python's global generator).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

from ._real import finite_float, shown
from .rng import Seed, rng

Data = tuple[list[list[float]], list[int]]
Labels = Sequence | None  # new names for classes 0, 1, …, e.g. (-1, 1)


def _linspace(start: float, stop: float, n: int, endpoint: bool = True) -> list[float]:
    """numpy's ``linspace``: start + i·step, with the last point exactly ``stop`` when ``endpoint``."""
    if n == 1:
        return [float(start)]
    step = (stop - start) / (n - 1 if endpoint else n)
    xs = [i * step + start for i in range(n)]
    if endpoint:
        xs[-1] = float(stop)
    return xs


def _count(n: object, who: str, least: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < least:
        raise ValueError(f"{who}: n must be an int ≥ {least}, got {n!r}")
    return n


def _finish(points: list[list[float]], y: list[int], noise: float, seed: Seed, shuffle: bool, labels: Labels, who: str):
    """Shuffle, add gaussian noise (σ = ``noise``) to each coordinate and rename labels, as sklearn does."""
    sigma = finite_float(noise)
    if sigma is None or not sigma >= 0:
        raise ValueError(f"{who}: noise must be a number ≥ 0 and finite, got {shown(noise)}")
    r = rng(seed)
    if shuffle:
        order = list(range(len(points)))
        r.shuffle(order)
        points, y = [points[i] for i in order], [y[i] for i in order]
    if noise:
        points = [[x1 + r.gauss(0.0, noise), x2 + r.gauss(0.0, noise)] for x1, x2 in points]
    if labels is not None:
        if len(labels) < max(y) + 1:
            raise ValueError(f"{who}: labels must name {max(y) + 1} classes, got {labels!r}")
        y = [labels[c] for c in y]
    return points, y


def moons(n: int = 100, noise: float = 0.0, seed: Seed = None, shuffle: bool = True, labels: Labels = None) -> Data:
    """Two interleaving half circles, built as sklearn's ``make_moons`` (n//2 points on the upper moon,
    label 0; the rest on the lower, label 1). ``labels=(-1, 1)`` renames the classes (micrograd's demo)."""
    n_out = _count(n, "moons", 2) // 2
    n_in = n - n_out
    t_out, t_in = _linspace(0.0, math.pi, n_out), _linspace(0.0, math.pi, n_in)
    points = [[math.cos(t), math.sin(t)] for t in t_out]
    points += [[1.0 - math.cos(t), 1.0 - math.sin(t) - 0.5] for t in t_in]
    return _finish(points, [0] * n_out + [1] * n_in, noise, seed, shuffle, labels, "moons")


def circles(
    n: int = 100,
    noise: float = 0.0,
    factor: float = 0.8,
    seed: Seed = None,
    shuffle: bool = True,
    labels: Labels = None,
) -> Data:
    """A circle (label 0) around a smaller one of radius ``factor`` (label 1), as sklearn's ``make_circles``."""
    if not 0.0 <= factor < 1.0:
        raise ValueError(f"circles: factor must be in [0, 1), got {factor!r}")
    n_out = _count(n, "circles", 2) // 2
    n_in = n - n_out
    points = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, 2 * math.pi, n_out, endpoint=False)]
    points += [[factor * math.cos(t), factor * math.sin(t)] for t in _linspace(0.0, 2 * math.pi, n_in, False)]
    return _finish(points, [0] * n_out + [1] * n_in, noise, seed, shuffle, labels, "circles")


def xor(n: int = 4, noise: float = 0.0, seed: Seed = None, shuffle: bool = False, labels: Labels = None) -> Data:
    """The XOR truth table: point i is corner i mod 4 of (0,0), (0,1), (1,0), (1,1), labelled x₁ XOR x₂,
    plus gaussian noise; ``xor()`` is the four-row table itself."""
    corners = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    points = [list(corners[i % 4]) for i in range(_count(n, "xor"))]
    y = [int(p[0]) ^ int(p[1]) for p in points]
    return _finish(points, y, noise, seed, shuffle, labels, "xor")


def spirals(
    n: int = 100, classes: int = 2, noise: float = 0.2, seed: Seed = None, shuffle: bool = True, labels: Labels = None
) -> Data:
    """``classes`` interleaved spiral arms (CS231n's data): arm j has radius r from 0 to 1 and angle
    4j … 4(j+1) plus gaussian noise (σ = ``noise``) on the angle; n points split as evenly as possible."""
    classes = _count(classes, "spirals", 2)
    _count(n, "spirals", classes)
    r = rng(seed)
    points: list[list[float]] = []
    y: list[int] = []
    for j in range(classes):
        m = n // classes + (1 if j < n % classes else 0)
        for radius, t in zip(_linspace(0.0, 1.0, m), _linspace(4.0 * j, 4.0 * (j + 1), m)):
            t += r.gauss(0.0, noise) if noise else 0.0
            points.append([radius * math.sin(t), radius * math.cos(t)])
            y.append(j)
    return _finish(points, y, 0.0, r, shuffle, labels, "spirals")


def train_test_split(
    X: Sequence, y: Sequence, test_size: float = 0.25, seed: Seed = None, shuffle: bool = True
) -> tuple[list, list, list, list]:
    """(X_train, X_test, y_train, y_test) as sklearn: ``test_size`` a fraction (rounded up) or a count."""
    if len(X) != len(y):
        raise ValueError(f"train_test_split: {len(X)} inputs but {len(y)} labels")
    n = len(X)
    if isinstance(test_size, float) and 0.0 < test_size < 1.0:
        n_test = math.ceil(test_size * n)
    elif isinstance(test_size, int) and not isinstance(test_size, bool):
        n_test = test_size
    else:
        raise ValueError(f"train_test_split: test_size must be a fraction in (0, 1) or a count, got {test_size!r}")
    if not 0 < n_test < n:
        raise ValueError(f"train_test_split: {n_test} test points of {n} leaves no train or no test data")
    order = list(range(n))
    if shuffle:
        rng(seed).shuffle(order)
    train, test = order[: n - n_test], order[n - n_test :]
    return [X[i] for i in train], [X[i] for i in test], [y[i] for i in train], [y[i] for i in test]


def one_hot(labels: Sequence[int], num_classes: int | None = None) -> list[list[float]]:
    """Class indices as rows of 0.0 with 1.0 at the class (``num_classes`` defaults to max + 1)."""
    for i, c in enumerate(labels):
        if isinstance(c, bool) or not isinstance(c, numbers.Integral) or c < 0:
            raise ValueError(f"one_hot: labels must be ints ≥ 0, got {c!r} at position {i}")
    k = num_classes if num_classes is not None else (max(labels) + 1 if labels else 0)
    for i, c in enumerate(labels):
        if c >= k:
            raise ValueError(f"one_hot: label {c} at position {i} is not < num_classes={k}")
    return [[1.0 if j == c else 0.0 for j in range(k)] for c in labels]


def digits(scale: bool = False) -> Data:
    """The 8×8 handwritten digits shipped with chainrule (UCI, Alpaydin & Kaynak 1998, CC BY 4.0): 1,797 lists
    of 64 pixels (0–16, or 0–1 when ``scale``) and their labels 0–9. See ``nn.digits``."""
    from .digits import digits as load

    return load(scale)
