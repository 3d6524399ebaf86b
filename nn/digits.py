"""The 8×8 handwritten digits: 1,797 images of 64 pixels (0–16), labels 0–9, shipped with chainrule.

Source: the test set of the UCI Machine Learning Repository's "Optical Recognition of Handwritten Digits"
(E. Alpaydin and C. Kaynak, 1998, https://doi.org/10.24432/C50P49), licensed CC BY 4.0. The file
``digits.csv.gz`` is the copy scikit-learn ships (``sklearn/datasets/data/digits.csv.gz`` of scikit-learn
1.9.1, BSD-3-Clause): one row per image, 64 pixels row by row, then the label.
"""

from __future__ import annotations

import csv
import gzip
import io
from functools import lru_cache
from importlib import resources

from .data import Data

SHAPE = (8, 8)


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[tuple[int, ...], int], ...]:
    raw = resources.files("nn").joinpath("digits.csv.gz").read_bytes()
    text = io.TextIOWrapper(gzip.GzipFile(fileobj=io.BytesIO(raw)), encoding="ascii")
    rows = [[int(float(v)) for v in line] for line in csv.reader(text) if line]
    return tuple((tuple(r[:64]), r[64]) for r in rows)


def digits(scale: bool = False) -> Data:
    """(X, y): 1,797 lists of 64 pixels (ints 0–16, or floats 0–1 when ``scale``) and their digits 0–9,
    in the file's order (as scikit-learn's ``load_digits``); split them with ``nn.data.train_test_split``."""
    X = [[p / 16.0 for p in x] if scale else list(x) for x, _ in _rows()]
    return X, [label for _, label in _rows()]


def image(x: list) -> list[list]:
    """One sample's 64 pixels as 8 rows of 8 (for ``imshow`` or printing)."""
    if len(x) != 64:
        raise ValueError(f"image: a digit has 64 pixels, got {len(x)}")
    return [list(x[i : i + 8]) for i in range(0, 64, 8)]
