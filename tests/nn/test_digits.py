from collections import Counter

import pytest

import nn
from nn.digits import image


def test_digits_is_the_uci_set_as_scikit_learn_ships_it():
    X, y = nn.data.digits()
    assert len(X) == len(y) == 1797 and {len(x) for x in X} == {64}
    assert sorted(Counter(y).items()) == [
        (0, 178), (1, 182), (2, 177), (3, 183), (4, 181), (5, 182), (6, 181), (7, 179), (8, 174), (9, 180)
    ]  # fmt: skip
    assert image(X[0])[:3] == [[0, 0, 5, 13, 9, 1, 0, 0], [0, 0, 13, 15, 10, 15, 5, 0], [0, 3, 15, 2, 0, 11, 8, 0]]
    assert min(min(x) for x in X) == 0 and max(max(x) for x in X) == 16
    assert y[:10] == list(range(10))


def test_scaled_digits_are_pixels_over_16_and_split_a_quarter_off():
    raw, y = nn.data.digits()
    X, _ = nn.data.digits(scale=True)
    assert X[0][2:5] == [5 / 16, 13 / 16, 9 / 16]
    Xtr, Xte, ytr, yte = nn.data.train_test_split(X, y, test_size=0.25, seed=0)
    assert (len(Xtr), len(Xte)) == (1347, 450)
    assert nn.data.train_test_split(X, y, test_size=0.25, seed=0)[3] == yte
    X[0][0] = 99.0  # the caller's lists are their own
    assert nn.data.digits(scale=True)[0][0][0] == 0.0


def test_image_checks_its_pixels():
    with pytest.raises(ValueError, match="64 pixels, got 3"):
        image([1, 2, 3])
