"""A plain number operand is folded into its op: ``x * 0.999`` is one ``*0.999`` node with one edge. Each of the
ten forms, for several numbers, against PyTorch float64: value, gradient, second derivative, the edge against
finite differences, and explain's formula for the edge evaluated back into a number."""

import math
import re
from fractions import Fraction

import numpy as np
import pytest
import torch

import autograd
from autograd import Value, check_edges, grad
from tests.exprs import same, t64, torch_second

# form -> (build it from x and k, the op name the node shows for k written as g)
FORMS = {
    "x + k": (lambda x, k: x + k, "+{g}"),
    "k + x": (lambda x, k: k + x, "+{g}"),  # + and * commute: k + x is folded as x + k
    "x - k": (lambda x, k: x - k, "-{g}"),
    "k - x": (lambda x, k: k - x, "{g}-"),
    "x * k": (lambda x, k: x * k, "*{g}"),
    "k * x": (lambda x, k: k * x, "*{g}"),
    "x / k": (lambda x, k: x / k, "/{g}"),
    "k / x": (lambda x, k: k / x, "{g}/"),
    "x ** k": (lambda x, k: x**k, "**{g}"),
    "k ** x": (lambda x, k: k**x, "{g}**"),
}
NUMBERS = [-2.0, -0.5, 0.5, 0.999, 2.0, 3.0]


def points(form, k):
    """Where the form is defined: a non-integer power needs a positive base, a negative base an integer power."""
    if form == "x ** k" and not k.is_integer():
        return [0.7, 1.9]
    if form == "k ** x" and k < 0:
        return [2.0, -1.0, 3.0]
    return [0.7, -1.3, 1.9]


def evaluate(formula, env):
    """A formula of explain's text (``-0.5/x²``, ``3·x^2``, ``pow1·ln 2``) as a number, names from ``env``."""
    text = formula.replace("·", "*").replace("²", "**2").replace("^", "**")
    text = re.sub(r"ln (-?[0-9.]+(?:e[-+]?[0-9]+)?)", r"ln(\1)", text)
    ln = lambda k: math.log(k) if k > 0 else math.nan  # ln of a negative base: NaN, as the derivative is
    return eval(text, {"__builtins__": {}}, {**env, "ln": ln})


@pytest.mark.parametrize("k", NUMBERS)
@pytest.mark.parametrize("form", list(FORMS))
def test_folded_number_is_one_node_with_one_edge(form, k):
    build, name = FORMS[form]
    x = Value(points(form, k)[0], "x")
    y = build(x, k)
    assert y.parents == (x,) and len(y.local_grads) == 1
    assert autograd.nodes(y) == [x, y]  # no constant leaf for k
    assert y.op == name.format(g=f"{k:g}")


@pytest.mark.parametrize("k", NUMBERS)
@pytest.mark.parametrize("form", list(FORMS))
def test_folded_value_gradient_and_second_derivative_match_torch(form, k):
    build = FORMS[form][0]
    for a in points(form, k):
        x = Value(a)
        y = build(x, k)
        y.backward()
        t = t64(a)
        ty = build(t, k)
        ty.backward()
        assert same(y.data, ty.item(), rel=1e-13), (a, y.data, ty.item())
        assert same(x.grad, t.grad.item(), rel=1e-13), (a, x.grad, t.grad.item())
        assert same(grad(build(x, k), [x])[0], t.grad.item(), rel=1e-13)
        (d,) = grad(build(x, k), [x], create_graph=True)
        (dd,) = grad(d, [x])
        t_d, t_dd = torch_second(lambda t: build(t, k), a)
        assert same(d.data, t_d, rel=1e-13) and same(dd, t_dd, rel=1e-12), (a, d.data, t_d, dd, t_dd)


@pytest.mark.parametrize("k", NUMBERS)
@pytest.mark.parametrize("form", list(FORMS))
def test_folded_edge_matches_finite_differences(form, k):
    build = FORMS[form][0]
    if form == "k ** x" and k < 0:
        # a negative base is only defined at integer powers: no central difference exists (the edge is NaN)
        assert all(math.isnan(build(Value(a), k).local_grads[0]) for a in points(form, k))
        return
    for a in points(form, k):
        report = check_edges(build(Value(a), k))
        assert report and report.checked == 1, str(report)


@pytest.mark.parametrize("k", NUMBERS)
@pytest.mark.parametrize("form", list(FORMS))
def test_explain_formula_of_the_edge_is_the_derivative(form, k):
    build = FORMS[form][0]
    for a in points(form, k):
        x = Value(a, "x")
        y = build(x, k)
        y.backward()
        explanation = autograd.explain(y, x)
        (row,) = explanation.table()
        env = {explanation.names[v]: v.data for v in (x, y)}
        t = t64(a)
        build(t, k).backward()
        assert same(evaluate(row.formula, env), t.grad.item(), rel=1e-12), (row.formula, env, t.grad.item())
        assert same(row.value, t.grad.item(), rel=1e-13)
        assert row.formula in str(explanation)


def test_explain_formula_examples():
    x = Value(1.5, "x")
    for y, formula in (
        (x * 0.999, "0.999"),
        (0.999 * x, "0.999"),
        (x + 2, "1"),
        (2 - x, "-1"),
        (x / 4, "1/4"),
        (x**3, "3·x^2"),
        (x**2, "2·x"),
    ):
        y.backward()
        assert [row.formula for row in autograd.explain(y, x).table()] == [formula], y.op


@pytest.mark.parametrize("k", [2, 2.0, Fraction(2), np.float64(2.0), np.int64(2), True])
def test_every_real_number_type_folds_the_same(k):
    x = Value(1.5)
    y = x * k
    t = t64(1.5)
    (t * float(k)).backward()
    y.backward()
    assert y.op == f"*{float(k):g}" and y.parents == (x,)
    assert type(y.data) is float and y.data == 1.5 * float(k) and x.grad == t.grad.item()


@pytest.mark.parametrize("first, second", [(0.0, -0.0), (-0.0, 0.0)])
def test_zero_and_negative_zero_are_different_numbers(first, second):
    # 0.0 == -0.0, but x * -0.0 at x = 1 is -0.0 (as in torch) whichever was folded first
    for k in (first, second):
        for build in (lambda x, k=k: x * k, lambda x, k=k: k * x, lambda x, k=k: x + k, lambda x, k=k: k - x):
            y = build(Value(1.0))
            expected = build(torch.tensor(1.0, dtype=torch.float64)).item()
            assert y.data == expected and math.copysign(1.0, y.data) == math.copysign(1.0, expected)
            y = build(Value(-0.0))
            expected = build(torch.tensor(-0.0, dtype=torch.float64)).item()
            assert math.copysign(1.0, y.data) == math.copysign(1.0, expected)


@pytest.mark.parametrize("k", [0.5, 0.999, 1.5, 2.0, 2.5, 3.0])
def test_second_derivative_of_a_power_at_base_zero_matches_torch(k):
    # at x = 0, d/dx x**k = k·x^(k-1) is inf for 0 < k < 1, and d²/dx² = k(k-1)·x^(k-2) is -inf there (torch's
    # values); for 1 < k < 2 the first is 0 and the second inf; k = 2 gives 0 and 2
    t_d, t_dd = torch_second(lambda t: t**k, 0.0)
    for exponent in (k, Value(k)):  # a folded number and a Value exponent
        x = Value(0.0)
        (d,) = grad(x**exponent, [x], create_graph=True)
        (dd,) = grad(d, [x])
        assert same(d.data, t_d) and same(dd, t_dd), (exponent, d.data, t_d, dd, t_dd)
