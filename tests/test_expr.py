"""autograd.expr: text → graph equals the graph built by hand, gradients match finite differences, and
everything outside the whitelist or the limits is refused with a one-line message naming it."""

import ast
import builtins
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from autograd.shell.expr import MAX_DEPTH, MAX_LENGTH, MAX_NODES, Expression, ExpressionError, parse

# text, values, the same graph built by hand from leaves (in the order of ``values``)
SAME_AS_BY_HAND = [
    (
        "sigmoid(w1*i1 + w2*i2 + b1)",
        {"w1": 0.15, "i1": 0.05, "w2": 0.20, "i2": 0.10, "b1": 0.35},
        lambda w1, i1, w2, i2, b1: (w1 * i1 + w2 * i2 + b1).sigmoid(),
    ),
    ("x*x", {"x": 3.0}, lambda x: x * x),
    (
        "exp(x) / (1 + y**2) - log(z) * tanh(x*y) + relu(z - 1)",
        {"x": 0.3, "y": -1.2, "z": 2.5},
        lambda x, y, z: x.exp() / (1 + y**2) - z.log() * (x * y).tanh() + (z - 1).relu(),
    ),
    ("2**x + x**-0.5 - -x + +x", {"x": 1.7}, lambda x: 2**x + x**-0.5 - -x + x),
    ("a**b / (a - b)", {"a": 2.5, "b": 0.7}, lambda a, b: a**b / (a - b)),
    ("relu(-q) * 3 - 0.5 / q", {"q": -0.8}, lambda q: (-q).relu() * 3 - 0.5 / q),
]


@pytest.mark.parametrize("text, values, by_hand", SAME_AS_BY_HAND)
def test_value_and_gradients_equal_the_graph_built_by_hand(text, values, by_hand):
    root, leaves = parse(text).evaluate(values)
    root.backward()
    hand_leaves = [Value(x, name) for name, x in values.items()]
    hand = by_hand(*hand_leaves)
    hand.backward()
    assert root.data == hand.data
    assert [leaves[name].grad for name in values] == [v.grad for v in hand_leaves]
    assert all(v.grad != 0.0 for v in hand_leaves)


@pytest.mark.parametrize("text, values, _", SAME_AS_BY_HAND[:4])
def test_gradients_match_central_finite_differences(text, values, _):
    expression = parse(text)
    root, leaves = expression.evaluate(values)
    root.backward()
    h = 1e-6
    for name in values:
        up = expression.evaluate({**values, name: values[name] + h})[0].data
        down = expression.evaluate({**values, name: values[name] - h})[0].data
        assert leaves[name].grad == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-8)


def test_seed_worked_example_by_hand():
    root, leaves = parse("sigmoid(w1*i1 + w2*i2 + b1)").evaluate(
        {"w1": 0.15, "w2": 0.20, "i1": 0.05, "i2": 0.10, "b1": 0.35}
    )
    root.backward()
    net = 0.15 * 0.05 + 0.20 * 0.10 + 0.35
    s = 1 / (1 + math.exp(-net))
    assert root.parents[0].data == pytest.approx(0.3775) and root.data == pytest.approx(0.593269992, abs=1e-9)
    ds = s * (1 - s)  # σ' = σ(1 − σ) = 0.241300709
    expected = {"w1": ds * 0.05, "w2": ds * 0.10, "i1": ds * 0.15, "i2": ds * 0.20, "b1": ds}
    assert {n: v.grad for n, v in leaves.items()} == pytest.approx(expected, rel=1e-12)
    assert leaves["w1"].grad == pytest.approx(0.0120650354, abs=1e-10)


def test_names_in_order_of_first_appearance_and_one_labelled_leaf_each():
    expression = parse("y * x + exp(y) - z / x")
    assert isinstance(expression, Expression) and expression.names == ("y", "x", "z")
    root, leaves = expression.evaluate({"x": 2.0, "y": 3.0, "z": 4.0})
    assert list(leaves) == ["y", "x", "z"]
    assert all(v.label == name and v.is_leaf for name, v in leaves.items())
    root.backward()
    assert leaves["x"].grad == pytest.approx(3.0 + 4.0 / 4.0)  # y + z/x²: both uses reach one leaf
    x, _ = parse("x*x").evaluate({"x": 3.0})
    assert x.parents[0] is x.parents[1]


def test_graph_shape_constants_and_exponents():
    root, leaves = parse("x**2").evaluate({"x": 3.0})
    assert root.op == "**2" and root.parents == (leaves["x"],) and root.local_grads == (6.0,)
    root, leaves = parse("x**-1").evaluate({"x": 4.0})
    assert root.op == "**-1" and root.local_grads == (-1 / 16,)
    root, leaves = parse("2**x").evaluate({"x": 3.0})
    assert root.op == "2**" and root.data == 8.0 and root.parents == (leaves["x"],)  # the number is folded
    root, leaves = parse("0.5 * (x - 1) ** 2").evaluate({"x": 3.0})
    assert root.op == "*0.5" and root.parents[0].op == "**2" and root.parents[0].parents[0].op == "-1"
    root, _ = parse("2 * 3 * x").evaluate({"x": 1.0})
    assert root.op == "*6" and root.data == 6.0  # numbers only: computed, then folded
    root, _ = parse("(x + 1) * 3").evaluate({"x": 1.0})
    assert root.label == "" and root.parents[0].label == "" and root.data == 6.0
    root, leaves = parse("+x").evaluate({"x": 5.0})
    assert root is leaves["x"]
    root, leaves = parse("  2 + 3  ").evaluate({})
    assert root.data == 5.0 and leaves == {}


def test_a_fresh_graph_each_evaluation():
    expression = parse("x * y")
    first, a = expression.evaluate({"x": 1.0, "y": 2.0})
    second, b = expression.evaluate({"x": 3.0, "y": 4.0})
    assert first.data == 2.0 and second.data == 12.0 and a["x"] is not b["x"]


HOSTILE = [
    ("__import__('os').system('x')", "attribute access is not allowed at column 17"),
    ("__import__('os')", "unknown function '__import__' at column 1"),
    ("x.__class__", "attribute access is not allowed at column 2"),
    ("(lambda: 1)()", "lambda is not allowed at column 2"),
    ("x[0]", "subscript is not allowed at column 2"),
    ("open('f')", "unknown function 'open' at column 1"),
    ("exp(x, y)", "exp takes exactly one argument, got 2 at column 1"),
    ("exp()", "exp takes exactly one argument, got 0"),
    ("exp(x=1)", "keyword argument is not allowed at column 5"),
    ("exp(*x)", "starred argument is not allowed at column 5"),
    ("'a'", "string is not allowed at column 1"),
    ("b'a'", "bytes is not allowed"),
    ("f'{x}'", "f-string is not allowed"),
    ("1 if x else 2", "conditional expression is not allowed"),
    ("x @ y", "operator @ is not allowed at column 3"),
    ("x // y", "operator // is not allowed at column 3"),
    ("x % 2", "operator % is not allowed"),
    ("x ^ 2", "operator ^ is not allowed"),
    ("x << 1", "operator << is not allowed"),
    ("~x", "operator ~ is not allowed"),
    ("not x", "operator not is not allowed"),
    ("x < y", "comparison is not allowed"),
    ("x and y", "'and'/'or' is not allowed"),
    ("1j", "complex number is not allowed"),
    ("True", "True is not allowed"),
    ("None", "None is not allowed"),
    ("[x]", "list is not allowed"),
    ("(x, y)", "tuple is not allowed"),
    ("{x: 1}", "dict is not allowed"),
    ("[x for x in y]", "comprehension is not allowed"),
    ("(x := 1)", "assignment (:=) is not allowed"),
    ("2(x)", "calling anything but a function name is not allowed"),
    ("exp", "exp is a function: call it as exp(...)"),
    ("x = 1", "syntax error at column 3"),
    ("x; y", "syntax error"),
    ("x +* y", "syntax error at column 4"),
    ("", "syntax error: the expression is empty"),
    ("x\0", "syntax error"),
    ("w1*i1+", "syntax error at column 7: the expression ends too soon, after '+'"),
    ("exp(x) *  ", "syntax error at column 9: the expression ends too soon, after '*'"),
    ("(x +\n y) +", "syntax error at line 2, column 6: the expression ends too soon, after '+'"),
    ("2x", "syntax error at column 1: '2x' is not a number or a name; to multiply, write 2*x"),
    ("  x + 12y", "syntax error at column 7: '12y' is not a number or a name; to multiply, write 12*y"),
    ("é + 1e5x", "syntax error at column 5: '1e5x' is not a number or a name; to multiply, write 1e5*x"),
    ("3_", "syntax error at column 1: '3_' is not a number or a name"),
    ("0x", "syntax error at column 1: '0x' is not a number or a name; to multiply, write 0*x"),
    ("1e999", "too large for a float"),
    ("1" + "0" * 400, "too large for a float"),
    ("1" * 5000, "syntax error: a number of 5000 digits is too large for a float"),  # Python's limit on int digits
    ("(x\n + y.z)", "attribute access is not allowed at line 2, column 5"),
    ("(" * 500 + "x" + ")" * 500, "too many nested parentheses"),
    ("-" * 10000 + "x", "more than the limit of 10,000"),
    ("-" * 9000 + "x", "nested too deeply"),
    ("-" * 200 + "x", f"more than {MAX_DEPTH} deep"),
    ("+".join(["x"] * 200), f"more than {MAX_DEPTH} deep"),
    ("x" * 1_000_000, "1,000,000 characters long"),
]


@pytest.mark.parametrize("text, message", HOSTILE, ids=[repr(t[:24]) for t, _ in HOSTILE])
def test_refused_with_a_one_line_message_naming_what_and_where(text, message):
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value) and len(str(info.value)) < 300
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("text", ["x +", "-", "x**", "(x", "exp(", "", "1" * 5000, "2x", "x\n+", "x = 1", "1.5e"])
def test_syntax_errors_count_columns_from_1_in_our_words(text):
    with pytest.raises(ExpressionError) as info:
        parse(text)
    message = str(info.value)
    assert "column 0" not in message and "line 0" not in message
    assert not re.search(r"invalid \w+ literal|set_int_max_str_digits", message)


def test_too_many_nodes_even_when_shallow():
    text = "x"
    while text.count("x") < MAX_NODES:  # balanced sums: depth log2(n), so only the node count is too big
        text = f"({text}+{text})"
    assert len(text) <= MAX_LENGTH
    with pytest.raises(ExpressionError, match=f"more than {MAX_NODES:,} numbers, names and operations"):
        parse(text)


@pytest.mark.parametrize(
    "text, values, message",
    [
        ("9**9**9", {}, "**: 9.0 ** 387420489.0 overflows a float at column 2"),
        ("2**10**10", {}, "overflows a float"),
        ("log(x - x)", {"x": 1.0}, "log: input must be > 0, got 0.0 at column 1"),
        ("1 / (x - 1)", {"x": 1.0}, "/: division by zero: 1.0 / 0.0 at column 3"),
        ("exp(x)", {"x": 1000.0}, "exp: exp(1000.0) overflows a float (node 'x') at column 1"),
        ("x * 1e308", {"x": 10.0}, "10.0 * 1e+308 gives inf, not a finite float at column 3"),
        ("x ** 0.5", {"x": -4.0}, "negative base -4.0 with non-integer exponent 0.5"),
        ("x ** -1", {"x": 0.0}, "0 to a negative power"),
    ],
)
def test_math_errors_are_expression_errors_with_the_engines_message(text, values, message):
    expression = parse(text)
    with pytest.raises(ExpressionError) as info:
        expression.evaluate(values)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_missing_unused_and_bad_values_are_named():
    expression = parse("w1*x1 + w2*x2 + b")
    with pytest.raises(ExpressionError, match="no value for w2, x2, b$"):
        expression.evaluate({"w1": 1.0, "x1": 2.0})
    with pytest.raises(ExpressionError, match=r"^x3 not in the expression \(its variables: w1, x1, w2, x2, b\)"):
        expression.evaluate(dict.fromkeys(["w1", "x1", "w2", "x2", "b", "x3"], 1.0))
    with pytest.raises(ExpressionError, match="value of x must be a finite real number, got nan"):
        parse("x").evaluate({"x": math.nan})
    with pytest.raises(ExpressionError, match="value of x must be a finite real number, got '1'"):
        parse("x").evaluate({"x": "1"})


def test_user_text_is_only_ever_compiled_to_an_ast(monkeypatch):
    real_compile = builtins.compile

    def only_ast(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "user text compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "compile", only_ast)
    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    root, _ = parse("sigmoid(x) * 2 + 1").evaluate({"x": 0.0})
    assert root.data == 2.0
    with pytest.raises(ExpressionError):
        parse("__import__('os').getcwd()")


@given(st.text(alphabet="xy019.+-*/()e ,_ab'[]:<=", max_size=40))
def test_any_text_gives_an_expression_or_an_expression_error(text):
    try:
        expression = parse(text)
    except ExpressionError as e:
        assert "\n" not in str(e)
        return
    try:
        root, _ = expression.evaluate(dict.fromkeys(expression.names, 0.5))
    except ExpressionError as e:
        assert "\n" not in str(e)
        return
    assert math.isfinite(root.data)
