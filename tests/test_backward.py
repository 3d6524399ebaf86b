"""backward, grad and second derivatives against PyTorch float64 and central finite differences."""

import math
import random
from collections import Counter

import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

import autograd
from autograd import Value, grad, gradcheck
from tests.exprs import NAMES, OPS, at_base_zero, chainrule, programs, random_program, same, torch_float64


def close(a, b, rel=1e-9, abs_=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


@pytest.mark.parametrize("name", sorted(OPS))
def test_each_op_matches_torch_and_finite_differences(name):
    arity, f_cr, f_torch, ok = OPS[name]
    for point in ([0.7, 1.3, -0.4, 0.9], [1.9, -0.6, 0.3, -1.1], [0.45, 2.2, 1.5, 0.2]):
        args = point[:arity]
        if not ok(*args):
            continue
        xs = [Value(a) for a in args]
        out = f_cr(*xs)
        out.backward()
        ts = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in args]
        t_out = f_torch(*ts)
        t_out.backward()
        assert close(out.data, t_out.item())
        for x, t in zip(xs, ts):
            assert close(x.grad, t.grad.item()), (name, args)
        report = gradcheck(f_cr, args, edges=True)
        assert report, str(report)


def torch_masks(node, i):
    """The edges where PyTorch itself adds 0 whatever arrives: relu at x <= 0 (threshold_backward selects 0) and
    the base of a power with exponent 0 (pow_backward gives zeros). Everywhere else it multiplies."""
    if node.op == "relu":
        return node.parents[0].data <= 0.0
    return node.op == "**0" or (node.op == "**" and i == 0 and node.parents[1].data == 0.0)


def backward_by_hand(out, zero_rule):
    """∂out/∂node from the recorded local derivatives d, adding d·g along every edge: with ``zero_rule`` an edge
    of d = 0 adds 0 (chainrule's rule); without it only the edges PyTorch masks add 0, so 0·inf = NaN as in PyTorch.
    Also returns the edges of d = 0 that received a non-finite g, as (op, PyTorch masks it): where they differ."""
    g = {out: 1.0}
    hits = []
    for node in reversed(autograd.topological_order(out)):
        gn = g.get(node, 0.0)
        for i, (p, d) in enumerate(zip(node.parents, node.local_grads)):
            if d == 0.0 and not math.isfinite(gn):
                hits.append((node.op, torch_masks(node, i)))
            skip = d == 0.0 if zero_rule else torch_masks(node, i)
            g[p] = g.get(p, 0.0) + (0.0 if skip else d * gn)
    return g, hits


def compare_with_torch(program):
    """Run a program in chainrule and in PyTorch float64 and check every leaf's gradient; None when the program
    leaves an op's domain, else (the output, the zero-derivative edges that received inf or NaN, the number of
    leaves whose PyTorch gradient is NaN or inf while chainrule's is finite).

    Where PyTorch's gradient is finite, chainrule's backward, grad and grad(create_graph=True) equal it (rel 1e-8).
    Where it is NaN or inf, the only allowed reason is an edge of local derivative 0 meeting inf: PyTorch
    multiplies 0·inf = NaN, chainrule adds 0. That is checked, not assumed: backward by hand without the zero
    rule gives PyTorch's NaN/inf, backward by hand with it gives chainrule's number, and when the two gradients
    differ some unmasked zero edge did receive a non-finite gradient."""
    ours, theirs = chainrule(program), torch_float64(program)
    if ours is None or theirs is None:
        return None
    leaves, out = ours
    t_leaves, t_out = theirs
    out.backward()
    t_out.backward()
    assert close(out.data, t_out.item(), rel=1e-9, abs_=1e-12)
    by_grad = grad(out, leaves)
    by_graph = grad(out, leaves, create_graph=True)
    ruled, hits = backward_by_hand(out, zero_rule=True)
    as_torch, _ = backward_by_hand(out, zero_rule=False)
    finite_where_torch_is_not = 0
    for leaf, t, g, g_value in zip(leaves, t_leaves, by_grad, by_graph):
        expected = t.grad.item() if t.grad is not None else 0.0
        assert same(leaf.grad, ruled.get(leaf, 0.0), rel=1e-12) and same(g, leaf.grad, rel=1e-12)
        if math.isfinite(expected):
            assert close(leaf.grad, expected, rel=1e-8, abs_=1e-9)
            assert close(g_value.data, expected, rel=1e-8, abs_=1e-9)
        else:
            assert same(as_torch.get(leaf, 0.0), expected), (program, as_torch.get(leaf), expected)
            assert same(leaf.grad, expected) or any(not masked for _, masked in hits), (program, leaf.grad)
            finite_where_torch_is_not += math.isfinite(leaf.grad)
    return out, hits, finite_where_torch_is_not


@given(programs())
def test_random_graphs_with_shared_subexpressions_match_torch(program):
    assume(compare_with_torch(program) is not None)


def test_seeded_random_graphs_match_torch_and_reach_the_zero_rule():
    """2000 programs from random.Random(0) through compare_with_torch, counting that the cases it allows for
    actually happen: a zero edge under an infinite derivative, with and without PyTorch masking it too."""
    rng = random.Random(0)
    seen, graphs = Counter(), Counter()
    for _ in range(2000):
        program = random_program(rng)
        result = compare_with_torch(program)
        if result is None:
            continue
        out, hits, finite_where_torch_is_not = result
        seen.update({name for name, _ in program[1]})
        nodes = autograd.nodes(out)
        graphs["run"] += 1
        graphs["sqrt0 at 0"] += any(n.op == "**0.5" and n.parents[0].data == 0.0 for n in nodes)
        graphs["relu feeding pow at 0"] += any(
            n.op.startswith("**") and n.parents[0].op == "relu" and n.parents[0].data == 0.0 for n in nodes
        )
        graphs["zero edge under inf, torch NaN"] += any(not masked for _, masked in hits)
        graphs["zero edge under inf, torch masks"] += any(masked for _, masked in hits)
        graphs["torch non-finite, chainrule finite"] += finite_where_torch_is_not > 0
    assert graphs["run"] > 1000, graphs
    assert min(seen[name] for name in NAMES) >= 20, sorted(seen.items(), key=lambda kv: kv[1])[:5]
    for case in (
        "sqrt0 at 0",
        "relu feeding pow at 0",
        "zero edge under inf, torch NaN",
        "zero edge under inf, torch masks",
        "torch non-finite, chainrule finite",
    ):
        assert graphs[case] >= 5, graphs


@given(programs())
def test_random_graphs_every_edge_matches_finite_differences(program):
    result = chainrule(program)
    assume(result is not None)
    out = result[1]
    # a power of base exactly 0 (sqrt0 after relu of a negative) is one-sided: x - eps would be a negative base
    assume(not any(at_base_zero(node) for node in autograd.nodes(out)))
    report = autograd.check_edges(out, eps=1e-6, atol=1e-5, rtol=1e-4)
    assert report, str(report)


def test_diamond_and_double_use():
    x = Value(3.0, "x")
    a = x * x
    b = x + a
    y = a * b + b
    y.backward()
    assert x.grad == pytest.approx(4 * 27 + 3 * 9 + 1 + 6)  # d/dx (x^3 + x^4 + x + x^2)


def test_backward_twice_accumulates_into_leaves_like_torch():
    x = Value(2.0)
    h = x * x
    y = h * 3
    y.backward()
    y.backward()
    t = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    ty = (t * t) * 3
    ty.backward(retain_graph=True)
    ty.backward()
    assert x.grad == t.grad.item() == 24.0
    assert h.grad == 3.0  # interior nodes hold this call's gradient
    autograd.zero_grad(y)
    assert x.grad == h.grad == y.grad == 0.0
    y.backward()
    assert x.grad == 12.0


def test_million_node_chain_backpropagates_without_recursion():
    x = Value(0.5)
    y = x
    for _ in range(1_000_000):
        y = y.tanh()
    y.backward()
    t = 0.5
    g = 1.0
    for _ in range(1_000_000):
        t = math.tanh(t)
        g *= 1 - t * t
    assert y.data == t and math.isclose(x.grad, g, rel_tol=1e-9)


def test_grad_does_not_touch_dot_grad():
    x, y = Value(2.0), Value(-1.0)
    f = x * y + x.exp()
    gx, gy = grad(f, [x, y])
    assert gx == pytest.approx(-1.0 + math.exp(2.0)) and gy == 2.0
    assert x.grad == y.grad == f.grad == 0.0
    assert grad(f, x) == (gx,)
    assert grad(f, [Value(1.0)]) == (0.0,)


def test_second_derivative_of_cube():
    x = Value(2.0)
    (dx,) = grad(x**3, [x], create_graph=True)
    assert isinstance(dx, Value) and dx.data == 12.0
    (ddx,) = grad(dx, [x])
    assert ddx == 12.0
    (ddx_v,) = grad(dx, [x], create_graph=True)
    assert grad(ddx_v, [x]) == (6.0,)


@pytest.mark.parametrize("name", sorted(OPS))
def test_second_derivatives_of_every_op_match_torch(name):
    arity, f_cr, f_torch, ok = OPS[name]
    args = [0.8, 1.4, -0.5, 0.6][:arity]
    assert ok(*args)
    xs = [Value(a) for a in args]
    first = grad(f_cr(*xs), xs, create_graph=True)
    ts = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in args]
    t_first = torch.autograd.grad(f_torch(*ts), ts, create_graph=True)
    for i in range(arity):
        d = first[i]
        second = grad(d, xs)
        t_d = t_first[i]
        t_second = (
            torch.autograd.grad(t_d, ts, allow_unused=True, retain_graph=True) if t_d.requires_grad else [None] * arity
        )
        for s, ts_ in zip(second, t_second):
            assert close(s, 0.0 if ts_ is None else ts_.item(), rel=1e-9), (name, i)


def test_hessian_vector_product_matches_finite_differences():
    def f(x, y, z):
        return (x * y).tanh() + (y * z).exp() * x + z**3 / (1 + x * x)

    point = [0.3, -0.7, 0.5]
    v = [0.2, -1.0, 0.4]
    xs = [Value(p) for p in point]
    gs = grad(f(*xs), xs, create_graph=True)
    hvp = grad(autograd.sum([g * vi for g, vi in zip(gs, v)]), xs)

    def gradient_at(p):
        vs = [Value(q) for q in p]
        return grad(f(*vs), vs)

    eps = 1e-5
    plus = gradient_at([p + eps * vi for p, vi in zip(point, v)])
    minus = gradient_at([p - eps * vi for p, vi in zip(point, v)])
    numeric = [(a - b) / (2 * eps) for a, b in zip(plus, minus)]
    for a, n in zip(hvp, numeric):
        assert math.isclose(a, n, rel_tol=1e-6, abs_tol=1e-8)


@given(st.floats(0.2, 3), st.floats(-2, 2).filter(lambda b: abs(b) > 1e-3))
def test_pow_of_values_second_derivative_matches_torch(a, b):
    x, y = Value(a), Value(b)
    gx, gy = grad(x**y, [x, y], create_graph=True)
    tx = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    tgx, tgy = torch.autograd.grad(tx**ty, [tx, ty], create_graph=True)
    for ours, theirs in ((gx, tgx), (gy, tgy)):
        assert close(ours.data, theirs.item(), rel=1e-9)
        for s, t in zip(grad(ours, [x, y]), torch.autograd.grad(theirs, [tx, ty])):
            assert close(s, t.item(), rel=1e-8, abs_=1e-10)


def test_pow_mixed_second_derivative_at_zero_exponent_matches_finite_differences():
    # torch masks d(x**y)/dx to 0 where y == 0, which also zeroes its y-derivative; the true value is 1 here.
    x, y = Value(1.0), Value(0.0)
    gx, _ = grad(x**y, [x, y], create_graph=True)
    _, dxdy = grad(gx, [x, y])
    eps = 1e-6
    xp, yp, xm, ym = Value(1.0), Value(eps), Value(1.0), Value(-eps)
    numeric = (grad(xp**yp, [xp])[0] - grad(xm**ym, [xm])[0]) / (2 * eps)
    assert math.isclose(dxdy, numeric, rel_tol=1e-6) and dxdy == 1.0


@pytest.mark.parametrize("exponent", [0.5, 0.0])
def test_create_graph_at_base_zero_gives_backwards_derivative_not_an_error(exponent):
    # d(x**k)/dx at x = 0 is inf for 0 < k < 1 and 0 for k = 0 (PyTorch's values); building it as a Value must not
    # raise "0 to a negative power" when backward gives a number.
    x, y = Value(0.0), Value(0.0)
    (dx,) = grad(x**exponent, [x], create_graph=True)
    dxv, dyv = grad(y ** Value(exponent), [y, Value(1.0)], create_graph=True)
    tx = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    (t,) = torch.autograd.grad(tx**exponent, [tx])
    assert dx.data == grad(x**exponent, [x])[0] == t.item() == dxv.data
    assert dyv.data == 0.0


@pytest.mark.parametrize(
    "f, x",
    [
        (lambda x: 1.0 / x, 1e-200),  # −1/x² underflows x² to 0 while 1/x is finite
        (lambda x: -3.0 / x, -1e-170),
        (lambda x: x**-1, 1e-200),  # k·x^(k−1) overflows while x^k does not
        (lambda x: x**-1, -1e-200),
        (lambda x: x**-2, -1e-120),  # odd k − 1 and a negative base: +inf
        (lambda x: x**-1.5, 1e-200),
        (lambda x: x ** (x * 0.0 - 1.0), 1e-200),  # Value ** Value
    ],
)
def test_derivatives_past_float_range_are_infinite_as_in_torch_not_errors(f, x):
    v = Value(x)
    out = f(v)
    out.backward()
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    t_out = f(t)
    t_out.backward()
    assert out.data == t_out.item() and math.isfinite(out.data)
    assert v.grad == t.grad.item() and math.isinf(v.grad)
