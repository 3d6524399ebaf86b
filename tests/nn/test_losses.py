import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import autograd
from autograd import Value
from nn import losses

f64 = torch.float64


def _torch_close(ours_fn, torch_fn, xs, rel=1e-12):
    """Value and gradient of our loss against the same loss in torch float64."""
    vs = [Value(x) for x in xs]
    out = ours_fn(vs)
    out.backward()
    t = torch.tensor(xs, dtype=f64, requires_grad=True)
    tout = torch_fn(t)
    tout.backward()
    assert out.data == pytest.approx(tout.item(), rel=rel, abs=1e-14)
    assert [v.grad for v in vs] == pytest.approx(t.grad.tolist(), rel=rel, abs=1e-14)
    return out


def _second_derivatives_match(ours_fn, torch_fn, xs):
    """Hessian from grad(create_graph=True) through each op's derivative_values, against torch."""
    vs = [Value(x) for x in xs]
    grads = autograd.grad(ours_fn(vs), vs, create_graph=True)
    hess = [list(autograd.grad(g, vs)) for g in grads]
    th = torch.autograd.functional.hessian(torch_fn, torch.tensor(xs, dtype=f64))
    for row, trow in zip(hess, th.tolist()):
        assert row == pytest.approx(trow, rel=1e-8, abs=1e-12)  # torch's BCE double backward cancels near p = 1


S = [0.3, -1.2, 2.5, 0.05, -0.7, 1.1]
Y_REG = [0.5, -1.0, 2.0, 0.0, 0.3, 1.0]
Y_PM = [1, -1, -1, 1, -1, 1]
P = [0.2, 0.9, 0.55, 0.01, 0.7, 0.999]
Y01 = [0.0, 1.0, 1.0, 0.0, 0.25, 1.0]

CASES = {
    "half_sse": (
        lambda v: losses.half_sse(v, Y_REG),
        lambda t: 0.5 * ((torch.tensor(Y_REG, dtype=f64) - t) ** 2).sum(),
        S,
    ),
    "mse": (lambda v: losses.mse(v, Y_REG), lambda t: F.mse_loss(t, torch.tensor(Y_REG, dtype=f64)), S),
    "hinge": (
        lambda v: losses.hinge(v, Y_PM),
        lambda t: torch.relu(1 - torch.tensor(Y_PM, dtype=f64) * t).mean(),
        S,
    ),
    "bce": (
        lambda v: losses.binary_cross_entropy(v, Y01),
        lambda t: F.binary_cross_entropy(t, torch.tensor(Y01, dtype=f64)),
        P,
    ),
    "bce_with_logits": (
        lambda v: losses.binary_cross_entropy_with_logits(v, Y01),
        lambda t: F.binary_cross_entropy_with_logits(t, torch.tensor(Y01, dtype=f64)),
        S,
    ),
    "cross_entropy_indices": (
        lambda v: losses.cross_entropy([v[0:3], v[3:6]], [2, 0]),
        lambda t: F.cross_entropy(t.view(2, 3), torch.tensor([2, 0])),
        S,
    ),
    "cross_entropy_probabilities": (
        lambda v: losses.cross_entropy([v[0:3], v[3:6]], [[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]),
        lambda t: F.cross_entropy(t.view(2, 3), torch.tensor([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], dtype=f64)),
        S,
    ),
    "l2": (lambda v: losses.l2(v, 1e-4), lambda t: 1e-4 * (t**2).sum(), S),
}


@pytest.mark.parametrize("name", list(CASES))
def test_loss_matches_torch_float64(name):
    ours, theirs, xs = CASES[name]
    out = _torch_close(ours, theirs, xs)
    assert len(out.parents) == len(xs)  # one fused node, one edge per output
    assert all(p.is_leaf for p in out.parents)


@pytest.mark.parametrize("name", list(CASES))
def test_loss_passes_gradcheck_and_edge_check(name):
    ours, _, xs = CASES[name]
    result = autograd.gradcheck(lambda *v: ours(list(v)), xs, edges=True)
    assert result, str(result)
    assert result.checked == 2 * len(xs)


@pytest.mark.parametrize("name", list(CASES))
def test_loss_second_derivatives_match_torch(name):
    ours, theirs, xs = CASES[name]
    _second_derivatives_match(ours, theirs, xs)


@pytest.mark.parametrize("name", list(CASES))
def test_derivative_values_agree_with_stored_edges(name):
    ours, _, xs = CASES[name]
    vs = [Value(x) for x in xs]
    out = ours(vs)
    dv = out.grad_fn.derivative_values(out.parents, out)
    assert [float(d) for d in dv] == pytest.approx(list(out.local_grads), rel=1e-12, abs=1e-15)
    formulas = out.grad_fn.formulas([f"s{i}" for i in range(len(xs))], "L")
    assert len(formulas) == len(xs) and all(f"s{i}" in f for i, f in enumerate(formulas))


def test_half_sse_is_the_seeds_E_total_with_named_formulas():
    o1, o2 = Value(0.75136507, "out_o1"), Value(0.772928465, "out_o2")
    E = losses.half_sse([o1, o2], [0.01, 0.99])
    assert E.label == "E"
    assert E.data == pytest.approx(0.298371109, abs=1e-9)  # Mazur's E_total
    assert E.local_grads == pytest.approx((0.75136507 - 0.01, 0.772928465 - 0.99), abs=1e-15)
    assert E.grad_fn.formulas(["out_o1", "out_o2"], "E") == ("out_o1 - target_o1", "out_o2 - target_o2")


def test_seed_003_cross_entropy_gradient_on_logits_is_yhat_minus_y():
    z = [Value(1.0), Value(2.0), Value(0.5), Value(-1.0)]
    target = 1
    ce = losses.cross_entropy(z, target)
    ce.backward()
    e = [math.exp(v.data) for v in z]
    y_hat = [ei / sum(e) for ei in e]
    y = [0.0, 1.0, 0.0, 0.0]
    assert [v.grad for v in z] == pytest.approx([a - b for a, b in zip(y_hat, y)], abs=1e-15)
    assert ce.local_grads == pytest.approx(tuple(a - b for a, b in zip(y_hat, y)), abs=1e-15)
    assert ce.data == pytest.approx(-math.log(y_hat[1]), abs=1e-15)
    # the seed's derivation: CE = −Σ y log ŷ through softmax's full Jacobian gives the same ŷ − y
    z2 = [Value(v.data) for v in z]
    composed = -losses.softmax(z2)[target].log()
    composed.backward()
    assert [v.grad for v in z2] == pytest.approx([v.grad for v in z], abs=1e-15)


def test_softmax_has_full_jacobian_matching_torch():
    z = [Value(0.3), Value(-1.0), Value(2.0)]
    ys = losses.softmax(z)
    assert [y.label for y in ys] == ["softmax_1", "softmax_2", "softmax_3"]
    assert all(y.parents == tuple(z) for y in ys)
    jac = [list(y.local_grads) for y in ys]
    tz = torch.tensor([0.3, -1.0, 2.0], dtype=f64)
    assert [y.data for y in ys] == pytest.approx(torch.softmax(tz, 0).tolist(), abs=1e-15)
    tj = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), tz)
    for row, trow in zip(jac, tj.tolist()):
        assert row == pytest.approx(trow, abs=1e-15)
    for i in range(3):
        assert autograd.check_edges(ys[i])
        _second_derivatives_match(
            lambda v, i=i: losses.softmax(v)[i], lambda t, i=i: torch.softmax(t, 0)[i], [0.3, -1.0, 2.0]
        )


def test_losses_are_numerically_safe():
    big = [Value(1000.0), Value(0.0), Value(-1000.0)]
    ce = losses.cross_entropy(big, 2)
    assert ce.data == pytest.approx(2000.0) and math.isfinite(ce.local_grads[0])
    sm = losses.softmax(big)
    assert sm[0].data == 1.0 and sm[2].data == 0.0
    _torch_close(
        lambda v: losses.binary_cross_entropy_with_logits(v, [0.0, 1.0, 1.0]),
        lambda t: F.binary_cross_entropy_with_logits(t, torch.tensor([0.0, 1.0, 1.0], dtype=f64)),
        [800.0, -800.0, 30.0],
    )
    _torch_close(
        lambda v: losses.binary_cross_entropy(v, [1.0, 0.0, 0.0, 1.0]),
        lambda t: F.binary_cross_entropy(t, torch.tensor([1.0, 0.0, 0.0, 1.0], dtype=f64)),
        [0.0, 0.0, 1.0, 1.0],
    )


def test_numpy_targets_are_plain_numbers():
    v = [Value(0.1), Value(0.2), Value(0.3)]
    assert losses.mse(v, np.array([1.0, 2.0, 3.0])).data == losses.mse(v, [1.0, 2.0, 3.0]).data
    assert losses.cross_entropy([v, v], np.array([2, 0])).data == losses.cross_entropy([v, v], [2, 0]).data
    assert losses.hinge(v, np.array([1, -1, 1])).data == losses.hinge(v, [1, -1, 1]).data


def test_batches_of_rows_and_single_values():
    rows = [[Value(0.1), Value(0.2)], [Value(0.3), Value(0.4)]]
    assert losses.mse(rows, [[0.0, 0.0], [1.0, 1.0]]).data == pytest.approx((0.01 + 0.04 + 0.49 + 0.36) / 4)
    assert losses.half_sse(Value(3.0), 1.0).data == 2.0


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda v: losses.mse(v, [1.0, 2.0]),
            ValueError,
            r"mse: outputs have shape \(3,\) but targets .* \(2,\)",
        ),
        (lambda v: losses.mse(v, [1.0, Value(2.0), 3.0]), TypeError, "targets must be plain numbers, got a Value"),
        (lambda v: losses.mse(v, [1.0, "2", 3.0]), TypeError, "targets must be numbers, got str"),
        (lambda v: losses.mse(v, [1.0, float("nan"), 3.0]), ValueError, "target nan is not a finite number"),
        (lambda v: losses.mse([v[:2], v[2:]], [[1.0, 2.0], [3.0]]), ValueError, "ragged"),
        (lambda v: losses.hinge(v, [0, 1, 1]), ValueError, "targets must be -1 or \\+1, got 0 at position 0"),
        (
            lambda v: losses.binary_cross_entropy(v, [0.0, 1.5, 1.0]),
            ValueError,
            r"targets must be in \[0, 1\], got 1.5 at position 1",
        ),
        (
            lambda v: losses.binary_cross_entropy([Value(1.2)], [1.0]),
            ValueError,
            r"probabilities must be in \[0, 1\], got 1.2",
        ),
        (
            lambda v: losses.binary_cross_entropy_with_logits(v, [0.0, -1.0, 1.0]),
            ValueError,
            "targets must be in \\[0, 1\\]",
        ),
        (lambda v: losses.cross_entropy(v, 3), ValueError, "class index 3 out of range for 3 classes"),
        (lambda v: losses.cross_entropy(v, [0.5, 0.5]), ValueError, "must be a class index or 3 probabilities"),
        (lambda v: losses.cross_entropy([v, v], [0]), ValueError, "2 rows of logits need 2 targets, got 1"),
        (lambda v: losses.l2(v, float("inf")), ValueError, "alpha must be a finite number"),
        (lambda v: losses.l2([], 0.1), ValueError, "no parameters"),
        (lambda v: losses.mse([], []), ValueError, "no outputs"),
    ],
)
def test_bad_input_raises_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call([Value(0.1), Value(0.2), Value(0.3)])


def test_loss_names_cover_fit():
    assert set(losses.LOSSES) == {
        "half_sse",
        "mse",
        "hinge",
        "cross_entropy",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
    }


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda v: losses.mse(v, [1.0, 10**400, 3.0]), "mse: target an integer of 401 digits is too large for a float"),
        (lambda v: losses.half_sse(v, [1.0, 2.0, -(10**400)]), "target an integer of 401 digits is too large for a"),
        (lambda v: losses.l2(v, 10**400), "l2: alpha must be a finite number, got an integer of 401 digits"),
    ],
)
def test_numbers_too_large_for_a_float_are_value_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make([Value(1.0), Value(2.0), Value(3.0)])
