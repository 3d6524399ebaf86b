"""The engine's rule: an edge whose local derivative is 0 adds exactly 0, whatever arrives (not 0·inf = NaN), in
backward, in grad and, for constant zero derivatives, in grad(create_graph=True). Each case against PyTorch
float64; where PyTorch multiplies 0·inf itself the NaN it gives is shown, next to chainrule's 0."""

import math

import pytest
import torch

import autograd
from autograd import Value, grad
from tests.exprs import t64


def all_three(f, a):
    """∂f/∂x at a by backward, by grad and by grad(create_graph=True)."""
    x = Value(a)
    f(x).backward()
    y = Value(a)
    (g,) = grad(f(y), [y])
    z = Value(a)
    (cg,) = grad(f(z), [z], create_graph=True)
    return x.grad, g, cg.data


def torch_grad(f, a):
    t = t64(a)
    f(t).backward()
    return t.grad.item()


@pytest.mark.parametrize("a", [-1.0, -0.0, 0.0, -1e-300])
def test_relu_below_zero_passes_nothing_to_an_infinite_pow_derivative(a):
    # relu(x) = 0, so (relu x)**0.5 has derivative 0.5·0^-0.5 = inf; relu's edge is 0: x gets 0, as in torch
    x = Value(a)
    y = x.relu() ** 0.5
    assert y.data == 0.0 and y.local_grads == (math.inf,) and y.parents[0].local_grads == (0.0,)
    y.backward()
    assert x.grad == 0.0 == torch_grad(lambda t: torch.relu(t) ** 0.5, a)
    assert all_three(lambda v: v.relu() ** 0.5, a) == (0.0, 0.0, 0.0)


def test_negative_base_to_the_power_relu_gives_zero_as_torch():
    # (-2) ** relu(x) at x = -1: the exponent edge is NaN (ln of a negative base), relu's edge 0 stops it
    f = lambda v: (-2.0) ** v.relu()
    x = Value(-1.0)
    y = f(x)
    assert y.data == 1.0 and math.isnan(y.local_grads[0])
    y.backward()
    t = torch_grad(lambda t: (-2.0) ** torch.relu(t), -1.0)
    assert x.grad == 0.0 == t
    assert all_three(f, -1.0) == (0.0, 0.0, 0.0)


def test_second_order_through_relu_below_zero():
    # f = relu(x)**1.5 + x², at x = -1: f' = 1.5·relu(x)**0.5·[x > 0] + 2x = -2, f'' = 2 (the relu term is constant 0)
    x = Value(-1.0)
    (d,) = grad(x.relu() ** 1.5 + x * x, [x], create_graph=True)
    assert d.data == -2.0
    assert grad(d, [x]) == (2.0,)
    t = t64(-1.0)
    (td,) = torch.autograd.grad(torch.relu(t) ** 1.5 + t * t, [t], create_graph=True)
    assert torch.autograd.grad(td, [t])[0].item() == 2.0


@pytest.mark.parametrize("a", [-2.5, -0.0, 0.0, 0.5, 3.0])
def test_pow_zero_has_gradient_zero(a):
    x = Value(a)
    y = x**0
    assert y.op == "**0" and y.data == 1.0 and y.local_grads == (0.0,)
    y.backward()
    assert x.grad == 0.0 == torch_grad(lambda t: t**0, a)
    (d,) = grad(x**0, [x], create_graph=True)
    assert d.data == 0.0 and grad(d, [x]) == (0.0,)


def test_pow_zero_passes_nothing_even_when_infinity_arrives():
    # (x**0 - 1) ** 0.5 is 0 ** 0.5: its edge is inf, x**0's edge is 0; torch's pow backward gives 0 for exponent 0
    f = lambda v: (v**0 - 1) ** 0.5
    t = torch_grad(f, 1.7)
    assert t == 0.0
    assert all_three(f, 1.7) == (0.0, 0.0, 0.0)


def test_multiplying_by_the_number_zero_passes_nothing_where_torch_gives_nan():
    # (x * 0.0) ** 0.5: the pow edge is inf and the *0 edge is 0. chainrule adds 0; PyTorch multiplies inf·0 = NaN
    f = lambda v: (v * 0.0) ** 0.5
    assert math.isnan(torch_grad(f, 1.3))
    assert all_three(f, 1.3) == (0.0, 0.0, 0.0)
    # with a second path to x, chainrule's gradient is that path's, 2x; torch's is still NaN
    g = lambda v: (v * 0.0) ** 0.5 + v * v
    assert math.isnan(torch_grad(g, 1.3))
    assert all_three(g, 1.3) == (2.6, 2.6, 2.6)


def test_abs_at_zero_passes_nothing_where_torch_gives_nan():
    # |x - x| ** 0.5 at any x: sign(0) = 0 on abs's edge; torch: inf·sgn(0) = NaN
    f = lambda v: abs(v - v) ** 0.5
    assert math.isnan(torch_grad(f, 0.4))
    assert all_three(f, 0.4) == (0.0, 0.0, 0.0)


def test_a_zero_edge_also_stops_nan_arriving():
    # the exponent edge of (-2) ** w is NaN; w = x * 0.0 has edge 0 toward x
    x = Value(0.8)
    y = (-2.0) ** (x * 0.0)
    y.backward()
    assert math.isnan(y.local_grads[0]) and x.grad == 0.0
    assert math.isnan(torch_grad(lambda t: (-2.0) ** (t * 0.0), 0.8))


def test_detect_anomaly_names_the_relu_of_nan_when_it_is_made():
    n = Value(float("nan"), "n")
    with autograd.detect_anomaly():
        with pytest.raises(FloatingPointError) as caught:
            n.relu()
    message = str(caught.value)
    assert "relu" in message and "n=nan" in message and message.startswith("anomaly: ")


def test_relu_of_nan_is_nan_with_edge_one_as_torch():
    x = Value(float("nan"))
    y = x.relu()
    t = t64(float("nan"))
    ty = torch.relu(t)
    ty.backward()
    assert math.isnan(y.data) and math.isnan(ty.item())
    y.backward()
    assert y.local_grads == (1.0,) and x.grad == t.grad.item() == 1.0
    z = Value(float("nan"))
    (cg,) = grad(z.relu(), [z], create_graph=True)
    assert grad(z.relu(), [z]) == (1.0,) and cg.data == 1.0
