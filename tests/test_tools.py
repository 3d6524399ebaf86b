"""gradcheck, custom ops, anomaly mode, graph helpers and the text tree."""

import math

import pytest

import autograd
from autograd import Op, Value, gradcheck


class Square(Op):
    """x², with a derivative a learner might get wrong."""

    name = "square"

    def __init__(self, wrong: bool = False):
        self.wrong = wrong

    def forward(self, x):
        return x * x

    def derivatives(self, xs, out):
        return (xs[0] if self.wrong else 2 * xs[0],)

    def derivative_values(self, parents, out):
        return (2 * parents[0],)


def test_custom_op_builds_a_node_and_passes_gradcheck():
    x = Value(3.0, "x")
    y = Square()(x)
    assert y.data == 9.0 and y.op == "square" and y.local_grads == (6.0,)
    assert gradcheck(lambda x: Square()(x) * x, [1.5], edges=True)
    assert autograd.grad(autograd.grad(Square()(x), [x], create_graph=True)[0], [x]) == (2.0,)


def test_gradcheck_reports_a_wrong_custom_op_naming_input_and_edge():
    result = gradcheck(lambda x, y: Square(wrong=True)(x) + y, [Value(1.5, "x"), 2.0], edges=True)
    assert not result and not result.ok
    text = str(result)
    assert "FAILED" in text
    assert "input 0 ('x'): analytic 1.5, numeric 3" in text
    assert "edge 0 of node (op 'square') toward its operand ('x'): analytic 1.5, numeric 3" in text
    where = [m.where for m in result.mismatches]
    assert len(where) == 2
    wrong_edges = autograd.check_edges(Square(wrong=True)(Value(2.0, "x")))
    assert [(m.analytic, round(m.numeric, 6)) for m in wrong_edges.mismatches] == [(2.0, 4.0)]


def test_gradcheck_passes_and_says_so():
    result = gradcheck(lambda a, b: (a * b).tanh() + a.exp() / b, [0.3, 1.2], edges=True)
    assert result and "passed" in str(result) and result.checked == 2 + 8  # inputs, then edges of *, tanh, exp, /, +


def test_custom_op_errors_are_clear():
    class Bad(Op):
        name = "bad"

        def forward(self, x):
            return x

        def derivatives(self, xs, out):
            return (1.0, 2.0)

    with pytest.raises(ValueError, match="'bad'.*2 values for 1 operands"):
        Bad()(Value(1.0))

    class NoGraph(Op):
        name = "nograph"

        def forward(self, x):
            return x

        def derivatives(self, xs, out):
            return (1.0,)

    x = Value(1.0)
    with pytest.raises(NotImplementedError, match="create_graph"):
        autograd.grad(NoGraph()(x), [x], create_graph=True)


def test_anomaly_mode_names_the_first_non_finite_forward_node():
    big = Value(1e308, "big")
    with autograd.detect_anomaly():
        with pytest.raises(FloatingPointError, match="op '\\*10'.*inf.*big=1e\\+308"):
            big * 10
    assert math.isinf((big * 10).data)  # outside the block nothing is checked


def test_anomaly_mode_names_the_node_whose_backward_gave_inf():
    x = Value(0.0, "x")
    y = (x**0.5).tanh()
    y.label = "y"
    with autograd.detect_anomaly():
        with pytest.raises(FloatingPointError, match="op '\\*\\*0.5'.*inf.*operand 0 \\(x\\)"):
            y.backward()


def test_anomaly_mode_also_checks_grad():
    x = Value(0.0, "x")
    y = (x**0.5).tanh()
    assert autograd.grad(y, [x]) == (math.inf,)  # outside the block: PyTorch's value, no check
    with autograd.detect_anomaly():
        with pytest.raises(FloatingPointError, match="op '\\*\\*0.5'.*inf.*operand 0 \\(x\\)"):
            autograd.grad(y, [x])
    assert x.grad == 0.0


def test_first_nonfinite_after_the_fact():
    a = Value(1e308, "a")
    b = a * 10
    b.label = "b"
    c = b - b
    assert autograd.first_nonfinite(c) is b
    assert autograd.first_nonfinite(a + 1) is None


def test_topological_order_edges_and_zero_grad():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = a + a
    d = c * b
    order = autograd.topological_order(d)
    assert order[-1] is d and set(order) == {a, b, c, d}
    position = {id(v): i for i, v in enumerate(order)}
    for e in autograd.edges(d):
        assert position[id(e.parent)] < position[id(e.child)]
    assert [(e.parent.label, e.child.op, e.index, e.local) for e in autograd.edges(c)] == [
        ("a", "+", 0, 1.0),
        ("a", "+", 1, 1.0),
    ]
    d.backward()
    assert (a.grad, b.grad) == (4.0, 2.0)
    autograd.zero_grad(d)
    assert all(v.grad == 0.0 for v in autograd.nodes(d))


def test_text_tree_shows_ops_data_grads_and_edge_derivatives():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b
    c.label = "c"
    d = c + c
    d.label = "d"
    d.backward()
    assert autograd.tree(d) == "\n".join(
        [
            "d [+] data=-12 grad=1",
            "├─ R1 ∂=1 c [*] data=-6 grad=2",
            "│  ├─ R4 ∂=-3 a data=2 grad=-6",
            "│  └─ R5 ∂=2 b data=-3 grad=4",
            "└─ R2 ∂=1 c [*] data=-6 grad=2  (see above)",
        ]
    )


def test_text_tree_of_a_deep_chain_is_capped():
    y = Value(0.1)
    for _ in range(10_000):
        y = y.tanh()
    text = autograd.tree(y, max_lines=50)
    assert text.count("\n") == 50 and text.endswith("(stopped at max_lines=50)")


def test_the_op_docstring_example_runs():
    import doctest

    import autograd.engine.op

    failures, tries = doctest.testmod(autograd.engine.op)
    assert failures == 0 and tries >= 5
