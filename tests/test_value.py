"""Value construction, the edges it records, repr, and the errors bad input gets."""

import math
from fractions import Fraction

import numpy as np
import pytest

import autograd
from autograd import Value


@pytest.mark.parametrize(
    "data, expected", [(3, 3.0), (2.5, 2.5), (True, 1.0), (Fraction(1, 4), 0.25), (np.float64(1.5), 1.5)]
)
def test_accepts_real_numbers_and_stores_floats(data, expected):
    v = Value(data)
    assert v.data == expected and type(v.data) is float
    assert v.grad == 0.0 and type(v.grad) is float


@pytest.mark.parametrize(
    "bad, name",
    [("1.0", "str"), (1 + 2j, "complex"), (None, "NoneType"), ([1.0], "list"), (np.array([1.0, 2.0]), "numpy.ndarray")],
)
def test_rejects_non_real_data_naming_the_type(bad, name):
    with pytest.raises(TypeError, match=name):
        Value(bad)


def test_rejects_bad_operands_and_labels():
    with pytest.raises(TypeError, match="str"):
        Value(1.0) + "2"
    with pytest.raises(TypeError, match="sequence"):  # Python's own message: Value's __rmul__ declines a str
        "2" * Value(1.0)
    with pytest.raises(TypeError, match="label must be a str"):
        Value(1.0, label=3)


def test_huge_int_is_an_overflow_error_naming_it():
    with pytest.raises(OverflowError, match="too large"):
        Value(10**400)


def test_edges_in_operand_order_with_local_derivatives():
    a, b = Value(3.0, "a"), Value(-2.0, "b")
    c = a * b
    assert c.parents == (a, b) and c.local_grads == (-2.0, 3.0) and c.op == "*"
    d = a + a
    assert d.parents == (a, a) and d.local_grads == (1.0, 1.0)
    e = a / b
    assert e.local_grads == pytest.approx((1 / -2.0, -3.0 / 4.0))
    assert a.is_leaf and a.op == "" and a.grad_fn is None and not c.is_leaf


def test_edge_views_are_read_only():
    c = Value(1.0) * Value(2.0)
    for name in ("parents", "local_grads", "op", "grad_fn", "is_leaf"):
        with pytest.raises(AttributeError):
            setattr(c, name, None)
    assert isinstance(c.parents, tuple) and isinstance(c.local_grads, tuple)


def test_numbers_on_either_side():
    x = Value(2.0)
    assert (2 - x).data == 0.0 and (3 / x).data == 1.5 and (2**x).data == 4.0 and (x**3).data == 8.0
    assert (1 + x).data == 3.0 and (3 * x).data == 6.0 and (-x).data == -2.0 and (x - 1).data == 1.0
    y = 2**x
    y.backward()
    assert x.grad == pytest.approx(4 * math.log(2))


def test_repr_is_short():
    v = Value(0.751365069, label="out_o1")
    v.grad = 0.138498562
    assert repr(v) == "Value(0.7514, grad=0.1385, label='out_o1')"
    assert repr(Value(2)) == "Value(2, grad=0)"


def test_no_closures_and_slots():
    v = Value(1.0) * 2
    assert not hasattr(v, "__dict__")
    assert all(type(d) is float for d in v.local_grads)


@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda: Value(1000.0, "big").exp(), OverflowError, ["exp", "1000.0", "'big'"]),
        (lambda: Value(0.0, "x").log(), ValueError, ["log", "0.0", "'x'"]),
        (lambda: Value(-1.0, "x").log(), ValueError, ["log", "-1.0", "'x'"]),
        (lambda: Value(1.0) / Value(0.0, "d"), ZeroDivisionError, ["division by zero", "'d'"]),
        (lambda: 1 / Value(0.0, "d"), ZeroDivisionError, ["division by zero", "'d'"]),
        (lambda: Value(-8.0, "neg") ** 0.5, ValueError, ["negative base", "-8.0", "0.5", "'neg'"]),
        (lambda: Value(-8.0, "neg") ** Value(0.5), ValueError, ["negative base", "'neg'"]),
        (lambda: (-2) ** Value(0.5, "e"), ValueError, ["**", "negative base -2.0", "0.5", "(exponent 'e')"]),
        (lambda: Value(0.0, "z") ** Value(-1.0, "k"), ZeroDivisionError, ["negative power -1.0", "'z'", "'k'"]),
        (lambda: 2 ** Value(2000.0, "big"), OverflowError, ["2.0 ** 2000.0", "(exponent 'big')"]),
        (lambda: Value(0.0, "z") ** -1, ZeroDivisionError, ["negative power", "'z'"]),
        (lambda: Value(1e200, "h") ** 2, OverflowError, ["1e+200", "'h'"]),
    ],
)
def test_numerical_errors_name_op_value_and_label(make, error, words):
    with pytest.raises(error) as info:
        make()
    for w in words:
        assert w in str(info.value)


def test_sigmoid_and_tanh_never_overflow():
    assert Value(1e308).sigmoid().data == 1.0 and Value(-1e308).sigmoid().data == 0.0
    assert Value(1e308).tanh().data == 1.0 and Value(-1e308).tanh().data == -1.0
    for x in (1e308, -1e308, 800.0, -800.0):
        s = Value(x).sigmoid()
        s.backward()
        assert s.local_grads == (0.0,)


def test_negative_base_with_integer_exponent_is_fine():
    x = Value(-2.0)
    y = x**3
    y.backward()
    assert y.data == -8.0 and x.grad == 12.0


def test_relu_derivative_at_zero_is_zero_like_torch():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_sum_and_dot_are_single_nodes_with_textbook_edges():
    w = [Value(0.4, "w5"), Value(0.45, "w6")]
    x = [Value(0.593269992, "out_h1"), Value(0.596884378, "out_h2")]
    b = Value(0.6, "b2")
    net = autograd.dot(w, x, b)
    assert net.op == "dot" and net.parents == (*w, *x, b)
    assert net.local_grads == (x[0].data, x[1].data, 0.4, 0.45, 1.0)
    assert net.data == pytest.approx(0.4 * 0.593269992 + 0.45 * 0.596884378 + 0.6)
    s = autograd.sum([w[0], 2.0, w[0]])
    assert s.op == "sum" and s.local_grads == (1.0, 1.0, 1.0) and s.data == pytest.approx(2.8)
    s.backward()
    assert w[0].grad == 2.0
    assert autograd.dot([1.0, 2.0], [3.0, 4.0]).data == 11.0
    with pytest.raises(ValueError, match="2 weights but 1 inputs"):
        autograd.dot(w, x[:1])
    with pytest.raises(ValueError, match="at least one"):
        autograd.sum([])


@pytest.mark.parametrize(
    "make",
    [
        lambda: Value(10**5000),
        lambda: Value(1.0) + 10**5000,
        lambda: 10**5000 * Value(1.0),
        lambda: Value(2.0) ** 10**5000,
        lambda: Value(Fraction(10**5000, 3)),
        lambda: Value(10**400),
    ],
)
def test_numbers_too_large_for_a_float_are_a_short_overflow_error(make):
    with pytest.raises(OverflowError, match="too large for a float") as info:
        make()
    assert len(str(info.value)) < 120  # no 401-digit (or 5000-digit) number inside the message


def test_grad_refuses_what_is_not_a_value_and_says_how_a_float_got_there():
    import math as m

    x = Value(1.0, "x")
    with pytest.raises(TypeError, match=r"grad needs a Value as its output, got float.*v\.sin\(\)"):
        autograd.grad(m.sin(x), [x])  # math.sin went through float(x): a plain number, no graph
    with pytest.raises(TypeError, match="grad needs Values as inputs, and input 1, got float"):
        autograd.grad(x * 2, [x, 3.0])
    with pytest.raises(TypeError, match="explain needs a Value as its output, got float"):
        autograd.explain(m.exp(x), x)
    with pytest.raises(TypeError, match="draw needs a Value"):
        autograd.draw(float(x))
