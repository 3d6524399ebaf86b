"""Predictions, accuracy and the confusion matrix, in plain Python."""

from __future__ import annotations

from collections.abc import Sequence

from .module import Module


def predict(model: Module, X: Sequence) -> list[int]:
    """The class of each input: the index of the largest output, or for one output 1 when it is > 0."""
    out = []
    for x in X:
        y = model(x)
        if isinstance(y, list):
            out.append(max(range(len(y)), key=lambda j: y[j].data))
        else:
            out.append(int(y.data > 0))
    return out


def confusion_matrix(y_true: Sequence[int], y_pred: Sequence[int], num_classes: int | None = None) -> list[list[int]]:
    """``m[i][j]``: how many samples of class i were predicted as j (as scikit-learn's, for labels 0…k−1)."""
    if len(y_true) != len(y_pred):
        raise ValueError(f"confusion_matrix: {len(y_true)} labels but {len(y_pred)} predictions")
    for c in (*y_true, *y_pred):
        if isinstance(c, bool) or not isinstance(c, int) or c < 0:
            raise ValueError(f"confusion_matrix: labels must be ints ≥ 0, got {c!r}")
    k = num_classes if num_classes is not None else max([*y_true, *y_pred], default=-1) + 1
    m = [[0] * k for _ in range(k)]
    for t, p in zip(y_true, y_pred):
        if t >= k or p >= k:
            raise ValueError(f"confusion_matrix: label {max(t, p)} is not < num_classes={k}")
        m[t][p] += 1
    return m


def accuracy(y_true: Sequence, y_pred: Sequence) -> float:
    """The fraction of predictions equal to their label."""
    if len(y_true) != len(y_pred) or not y_true:
        raise ValueError(f"accuracy: {len(y_true)} labels and {len(y_pred)} predictions; need equal and > 0")
    return sum(t == p for t, p in zip(y_true, y_pred)) / len(y_true)
