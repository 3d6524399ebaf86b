"""Paths, their count and the factored form on random graphs and on graphs with too many paths to list."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, explain

from .graphs import brute_paths, graphs


def _factored_value(ex) -> float:
    """Evaluate the factored form from the local derivatives alone, totals first."""
    values = {r: ex.vocabulary.value(r) for key, r in ex.r_names.items()}
    for total in ex.factored:
        v = math.fsum(math.prod(values[r] for r in term) for term in total.terms)
        if total.r:
            values[total.r] = v
    return v


@settings(deadline=None)
@given(graphs(), st.data())
def test_random_graphs_agree_with_backward_and_brute_force(graph, data):
    output, nodes = graph
    wrt = data.draw(st.sampled_from(nodes))
    ex = explain(output, wrt)
    output.backward()
    assert ex.value == wrt.grad
    expected = brute_paths(output, wrt)
    assert ex.path_count == len(expected)
    assert [[(e.child, e.index, e.local) for e in p] for p in ex.paths] == sorted(
        expected, key=lambda p: [int(ex.r_names[(c, i)][1:]) for c, i, _ in p]
    )
    assert math.fsum(math.prod(e.local for e in p) for p in ex.paths) == pytest.approx(ex.value, rel=1e-9, abs=1e-12)
    assert _factored_value(ex) == pytest.approx(ex.value, rel=1e-9, abs=1e-12)


@settings(deadline=None)
@given(graphs())
def test_numbers_grow_along_every_edge_chain(graph):
    """Each edge gets a larger number than every edge above it (nearer the output), and a total comes
    after every edge into its node and before every edge out of it."""
    output, _ = graph
    ex = explain(output, output)
    number = {k: int(r[1:]) for k, r in ex.r_names.items()}
    assert sorted(number.values()) == [n for n in range(1, len(number) + len(ex.total_names) + 1)
                                       if f"R{n}" not in ex.total_names.values()]  # fmt: skip
    for (child, i), n in number.items():
        parent = child.parents[i]
        assert all(n < m for (c, _), m in number.items() if c is parent)
    for node, r in ex.total_names.items():
        assert all(number[(c, i)] < int(r[1:]) for (c, i) in number if c.parents[i] is node)
        assert all(number[(node, i)] > int(r[1:]) for i in range(len(node.parents)))


def _diamonds(k: int) -> tuple[Value, Value]:
    """x → two branches → their sum, k times over: 2**k paths from the end back to x."""
    x = y = Value(0.3, "x")
    for _ in range(k):
        y = autograd.sum([y.tanh(), y * 0.5])
    return y, x


def test_too_many_paths_are_counted_not_listed():
    y, x = _diamonds(40)
    ex = explain(y, x, max_paths=1000)
    assert ex.path_count == 2**40 and ex.paths is None
    assert len(ex.factored) == 40  # the 39 inner sums and x, each two terms
    assert all(len(t.terms) == 2 for t in ex.factored)
    y.backward()
    assert ex.value == x.grad
    assert _factored_value(ex) == pytest.approx(x.grad, rel=1e-9)
    assert f"  {2**40} paths: more than max_paths=1000, not listed; the factored form is complete" in str(ex)


def test_max_paths_is_inclusive():
    y, x = _diamonds(3)
    assert len(explain(y, x, max_paths=8).paths) == 8
    assert explain(y, x, max_paths=7).paths is None


def test_a_long_chain_needs_no_recursion():
    x = y = Value(0.1, "x")
    for _ in range(3000):
        y = y * 1.0001 + 0.0001  # deeper than Python's default recursion limit
    ex = explain(y, x)
    y.backward()
    (path,) = ex.paths
    assert len(path) == 6000 and path[0].child is y and path[-1].parent is x
    assert ex.value == x.grad == pytest.approx(1.0001**3000, rel=1e-9)
    assert len(list(autograd.backward_steps(y))) == len(autograd.nodes(y))
