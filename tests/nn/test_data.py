import math
import statistics

import numpy as np
import pytest

from nn import data


def test_moons_follow_sklearn_construction():
    X, y = data.moons(7, noise=0.0, shuffle=False)
    n_out, n_in = 3, 4  # sklearn: n // 2 on the outer moon, the rest on the inner one
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    expected = np.vstack(
        [np.append(np.cos(t_out), 1 - np.cos(t_in)), np.append(np.sin(t_out), 1 - np.sin(t_in) - 0.5)]
    ).T
    assert np.allclose(X, expected, rtol=0, atol=1e-15)
    assert y == [0] * n_out + [1] * n_in


def test_moons_noise_is_gaussian_with_the_given_sigma():
    clean, _ = data.moons(4000, shuffle=False)
    noisy, _ = data.moons(4000, noise=0.1, seed=5, shuffle=False)
    residuals = [a - b for p, q in zip(noisy, clean) for a, b in zip(p, q)]
    assert statistics.pstdev(residuals) == pytest.approx(0.1, rel=0.05)
    assert abs(statistics.fmean(residuals)) < 0.005


def test_moons_shuffle_and_seed_and_labels():
    a = data.moons(100, noise=0.1, seed=1, labels=(-1, 1))
    b = data.moons(100, noise=0.1, seed=1, labels=(-1, 1))
    c = data.moons(100, noise=0.1, seed=2, labels=(-1, 1))
    assert a == b and a != c
    X, y = a
    assert len(X) == 100 and sorted(set(y)) == [-1, 1] and y.count(1) == 50
    assert y[:10] != sorted(y[:10]) or y[10:20] != sorted(y[10:20])  # shuffled, not 50 then 50


def test_circles_radii():
    X, y = data.circles(10, factor=0.5, shuffle=False)
    radii = [math.hypot(*p) for p in X]
    assert radii == pytest.approx([1.0] * 5 + [0.5] * 5, abs=1e-15)
    assert y == [0] * 5 + [1] * 5
    assert X[0] == [1.0, 0.0] and X[1] == pytest.approx([math.cos(2 * math.pi / 5), math.sin(2 * math.pi / 5)])


def test_xor_is_the_truth_table():
    X, y = data.xor()
    assert X == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] and y == [0, 1, 1, 0]
    X, y = data.xor(40, noise=0.05, seed=0)
    assert len(X) == 40 and y.count(1) == 20
    assert all(round(p[0]) ^ round(p[1]) == label for p, label in zip(X, y))


def test_spirals_arms():
    X, y = data.spirals(31, classes=3, noise=0.0, shuffle=False)
    assert [y.count(j) for j in range(3)] == [11, 10, 10]
    assert [math.hypot(*p) for p in X[:11]] == pytest.approx([i / 10 for i in range(11)], abs=1e-15)
    angle = math.atan2(X[10][0], X[10][1])  # x = r·sin t, y = r·cos t
    assert math.cos(angle) == pytest.approx(math.cos(4.0)) and math.sin(angle) == pytest.approx(math.sin(4.0))
    assert data.spirals(50, seed=3) == data.spirals(50, seed=3)


def test_train_test_split():
    X = [[i, -i] for i in range(10)]
    y = list(range(10))
    Xtr, Xte, ytr, yte = data.train_test_split(X, y, test_size=0.25, seed=0)
    assert (len(Xtr), len(Xte)) == (7, 3)  # ceil(2.5) as sklearn
    assert sorted(ytr + yte) == y
    assert all(x == [t, -t] for x, t in zip(Xtr + Xte, ytr + yte))
    assert data.train_test_split(X, y, test_size=4, shuffle=False)[3] == [6, 7, 8, 9]
    with pytest.raises(ValueError, match="10 inputs but 9 labels"):
        data.train_test_split(X, y[:9])
    with pytest.raises(ValueError, match="leaves no train or no test"):
        data.train_test_split(X, y, test_size=10)


def test_one_hot():
    assert data.one_hot([2, 0]) == [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    assert data.one_hot([1], num_classes=4) == [[0.0, 1.0, 0.0, 0.0]]
    with pytest.raises(ValueError, match="label 3 at position 1 is not < num_classes=3"):
        data.one_hot([0, 3], num_classes=3)
    with pytest.raises(ValueError, match="labels must be ints ≥ 0, got 1.5 at position 0"):
        data.one_hot([1.5])


def test_generator_errors():
    with pytest.raises(ValueError, match="moons: n must be an int ≥ 2"):
        data.moons(1)
    with pytest.raises(ValueError, match="moons: noise must be a number ≥ 0"):
        data.moons(10, noise=-0.1)
    with pytest.raises(ValueError, match="circles: factor must be in"):
        data.circles(10, factor=1.5)
    with pytest.raises(ValueError, match="labels must name 2 classes"):
        data.moons(10, labels=(1,))


@pytest.mark.parametrize("noise", [10**400, float("inf")], ids=["huge int", "inf"])
def test_noise_must_be_finite(noise):
    with pytest.raises(
        ValueError, match="moons: noise must be a number ≥ 0 and finite, got (an integer of 401 digits|inf)"
    ):
        data.moons(10, noise=noise)
