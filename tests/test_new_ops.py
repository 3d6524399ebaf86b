"""sin, cos, abs and comparisons against PyTorch float64: values, gradients, second derivatives, finite
differences, explain's formulas and LaTeX, the drawing and the command line."""

import math
from fractions import Fraction

import numpy as np
import pytest
import torch

import autograd
from autograd import Value, grad, gradcheck
from autograd.shell.cli import main
from tests.draw.svg import read
from tests.exprs import same, t64, torch_second

# name -> (chainrule, torch, the text formula, the LaTeX formula of d/dx, written with the operand name x)
FUNCTIONS = {
    "sin": (lambda v: v.sin(), torch.sin, "cos(x)", r"\cos x"),
    "cos": (lambda v: v.cos(), torch.cos, "-sin(x)", r"-\sin x"),
    "abs": (abs, torch.abs, "sign(x)", r"\operatorname{sgn} x"),
}
POINTS = [-7.0, -1.2, -1e-300, -0.0, 0.0, 1e-300, 0.3, 1.0, 2.5, 100.0, 1e10]


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("a", POINTS)
def test_value_and_gradient_match_torch(name, a):
    f, f_torch, _, _ = FUNCTIONS[name]
    x = Value(a, "x")
    y = f(x)
    y.backward()
    t = t64(a)
    ty = f_torch(t)
    ty.backward()
    assert same(y.data, ty.item()) and same(x.grad, t.grad.item()), (y.data, ty.item(), x.grad, t.grad.item())
    assert y.parents == (x,) and y.op == name
    assert same(grad(f(x), [x])[0], t.grad.item())


def test_abs_at_zero_has_gradient_zero_as_torch():
    for a in (0.0, -0.0):
        t = t64(a)
        torch.abs(t).backward()
        assert t.grad.item() == 0.0
        for make in (lambda v: v.abs(), abs):  # v.abs() and abs(v) are the same op
            x = Value(a)
            y = make(x)
            y.backward()
            assert y.op == "abs" and y.data == 0.0 and x.grad == 0.0
            assert math.copysign(1.0, y.data) == math.copysign(1.0, torch.abs(t).item())  # +0.0, even for -0.0


@pytest.mark.parametrize("name", ["sin", "cos"])
@pytest.mark.parametrize("a", [math.inf, -math.inf, math.nan])
def test_sin_and_cos_of_non_finite_inputs_are_nan_as_torch(name, a):
    f, f_torch, _, _ = FUNCTIONS[name]
    t = t64(a)
    ty = f_torch(t)
    ty.backward()
    assert math.isnan(ty.item()) and math.isnan(t.grad.item())  # PyTorch: NaN value, NaN gradient
    x = Value(a)
    y = f(x)
    y.backward()
    assert math.isnan(y.data) and math.isnan(x.grad)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("a", POINTS)
def test_second_derivative_through_create_graph_matches_torch(name, a):
    f, f_torch, _, _ = FUNCTIONS[name]
    x = Value(a)
    (d,) = grad(f(x), [x], create_graph=True)
    (dd,) = grad(d, [x])
    t_d, t_dd = torch_second(f_torch, a)
    assert isinstance(d, Value)
    assert same(d.data, t_d) and same(dd, t_dd), (d.data, t_d, dd, t_dd)


def test_sin_derivatives_cycle_with_period_four():
    # d/dx sin = cos, d²/dx² sin = −sin, d³ = −cos, d⁴ = sin: four create_graph rounds, by hand
    a = 0.7
    x = Value(a)
    d = x.sin()
    expected = [math.cos(a), -math.sin(a), -math.cos(a), math.sin(a)]
    for want in expected:
        (d,) = grad(d, [x], create_graph=True)
        assert same(d.data, want)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_gradcheck_with_edges_passes(name):
    f = FUNCTIONS[name][0]
    for a in (-2.3, -0.4, 0.0, 0.6, 1.9):
        report = gradcheck(f, [a], edges=True)
        assert report and report.checked == 2, str(report)
    report = gradcheck(lambda x, y: f(x * y) * f(x - y) + f(y), [0.8, -1.3], edges=True)
    assert report, str(report)


def test_explain_writes_each_derivative_as_text_and_latex():
    for (name, (f, f_torch, text, tex)), a in zip(FUNCTIONS.items(), (-0.8, 1.3, 0.0)):
        x = Value(a, "x")
        y = f(x)
        y.backward()
        assert y.op == name
        explanation = autograd.explain(y, x)
        t = t64(a)
        f_torch(t).backward()
        assert same(explanation.value, t.grad.item())
        rows = explanation.table()
        assert [r.formula for r in rows] == [text], str(explanation)
        assert same(rows[0].value, t.grad.item())
        assert text in str(explanation)
        assert tex in explanation._repr_latex_()


def test_explain_names_operands_in_the_formulas_of_a_bigger_graph():
    x, y = Value(0.4, "x"), Value(-1.1, "y")
    out = x.sin() * y.cos() + abs(x - y)
    out.backward()
    formulas = {r.formula for r in autograd.explain(out, x).table()} | {
        r.formula for r in autograd.explain(out, y).table()
    }
    assert {"cos(x)", "-sin(y)"} <= formulas
    assert any(f.startswith("sign(") for f in formulas)


def test_draw_shows_each_op_in_its_box(engine):
    a, b = 0.3, -1.2
    x, y = Value(a, "x"), Value(b, "y")
    s, c = x.sin(), y.cos()
    m = abs(s - c)
    m.backward()
    nodes, _ = read(autograd.draw(m, engine=engine).svg())
    for op, value in (("sin", math.sin(a)), ("cos", math.cos(b)), ("abs", abs(math.sin(a) - math.cos(b)))):
        (box,) = [node.texts for node in nodes.values() if node.texts[0].endswith(f"({op})")]
        assert f"data {value:.4g}" in box, box


def _table(out):
    """{variable: (value, grad)} and the output's value from ``chainrule draw``'s printed table."""
    first, *rest = out.splitlines()
    _, value = first.split(" = ")
    rows = {}
    for line in rest[2:]:
        if not line.strip():
            break
        name, v, g = line.split()
        rows[name] = (float(v), float(g))
    return float(value), rows


def test_cli_prints_the_gradients_torch_computes(capsys):
    text = "sin(x)*cos(y)+abs(x-y)"
    code = main(["draw", text, "--set", "x=0.3", "--set", "y=-1.2"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    value, rows = _table(out)
    tx, ty = t64(0.3), t64(-1.2)
    t_out = torch.sin(tx) * torch.cos(ty) + torch.abs(tx - ty)
    t_out.backward()
    assert math.isclose(value, t_out.item(), rel_tol=1e-8)
    assert set(rows) == {"x", "y"}
    for name, t in (("x", tx), ("y", ty)):
        assert rows[name][0] == t.item()
        assert math.isclose(rows[name][1], t.grad.item(), rel_tol=1e-8), (name, rows[name], t.grad.item())


# ----- comparisons ----------------------------------------------------------------------------------------
def _torch_compare(op, a, b):
    side = lambda v: torch.tensor(v.data, dtype=torch.float64) if isinstance(v, Value) else v
    return op(side(a), side(b)).item()


COMPARISONS = [
    (lambda a, b: a < b, Value(1.0), 2),
    (lambda a, b: a > b, 2, Value(1.0)),
    (lambda a, b: a >= b, Value(3.0), Value(3.0)),
    (lambda a, b: a <= b, Value(1.0), Value(0.5)),
    (lambda a, b: a > b, Value(-0.0), 0.0),
    (lambda a, b: a >= b, Value(-0.0), 0.0),
    (lambda a, b: a < b, Value(2.5), 2.5),
    (lambda a, b: a <= b, Value(2.5), 2.5),
    (lambda a, b: a > b, Value(1e-300), 0),
    (lambda a, b: a < b, 0.5, Value(0.75)),
    (lambda a, b: a <= b, -3, Value(-3.0)),
    (lambda a, b: a >= b, Value(2.0), True),
    (lambda a, b: a < b, Value(math.nan), 1.0),
    (lambda a, b: a >= b, Value(math.nan), Value(math.nan)),
    (lambda a, b: a < b, Value(-math.inf), -1e308),
    (lambda a, b: a > b, Value(math.inf), Value(1e308)),
]


@pytest.mark.parametrize("i", range(len(COMPARISONS)))
def test_comparisons_give_the_bool_torch_gives_and_make_no_node(i):
    op, a, b = COMPARISONS[i]
    before = Value(0.0)._order  # creation numbers count every node made (Value or op)
    result = op(a, b)
    after = Value(0.0)._order
    assert type(result) is bool
    assert result == _torch_compare(op, a, b)
    assert after == before + 1  # only the second probe Value was made: the comparison made no node
    for v in (a, b):
        if isinstance(v, Value):
            assert v.grad == 0.0 and v.parents == ()


@pytest.mark.parametrize(
    "number", [2, 2.0, Fraction(3, 2), np.float64(2.0), np.int64(2), True], ids=lambda n: type(n).__name__
)
def test_comparison_with_any_real_number_is_a_real_bool(number):
    x = Value(1.0)
    t = torch.tensor(1.0, dtype=torch.float64)
    for op in (lambda a, b: a < b, lambda a, b: a <= b, lambda a, b: a > b, lambda a, b: a >= b):
        result, reflected = op(x, number), op(number, x)
        assert type(result) is bool and type(reflected) is bool, (type(result), type(reflected))
        assert result == op(t, float(number)).item() and reflected == op(float(number), t).item()


@pytest.mark.parametrize("other", ["a", None, [1.0], 1j, object()], ids=repr)
def test_comparison_with_a_non_number_is_a_type_error(other):
    x = Value(1.0)
    with pytest.raises(TypeError):
        x < other  # noqa: B015
    with pytest.raises(TypeError):
        other >= x  # noqa: B015
    with pytest.raises(TypeError):
        x > other  # noqa: B015


def test_equality_stays_identity_so_values_are_dict_keys():
    a, b = Value(1.0), Value(1.0)
    assert (a == b) is False and (a != b) is True and (a == a) is True
    assert (a == 1.0) is False and (1.0 == a) is False
    assert a <= b and a >= b  # equal data, yet two nodes
    keys = {a: "a", b: "b"}
    assert len(keys) == 2 and keys[a] == "a" and keys[b] == "b"
    assert len({a, b, a}) == 2
    y = a * b  # a graph keys its nodes the same way: both parents, each with its own edge
    y.backward()
    assert a.grad == 1.0 and b.grad == 1.0 and y.parents == (a, b)


def test_abs_of_nan_passes_what_torch_passes():
    x = Value(math.nan)
    abs(x).backward()
    t = torch.tensor(math.nan, dtype=torch.float64, requires_grad=True)
    torch.abs(t).backward()
    assert math.isnan(abs(Value(math.nan)).data) and x.grad == t.grad.item() == 0.0


def test_a_negative_number_over_x_reads_without_a_double_minus():
    x = Value(2.0, "x")
    y = -2 / x
    y.backward()
    (row,) = autograd.explain(y, x).table()
    assert row.formula == "2/x²" and row.value == x.grad == 0.5
