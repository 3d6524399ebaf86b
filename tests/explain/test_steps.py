"""``backward_steps``: one step per node, the same numbers as ``backward``, without touching ``.grad``."""

import math

import pytest
from hypothesis import given, settings

import autograd
from autograd import backward_steps, explain

from .graphs import graphs
from .seed_network import network


def test_seed_steps_read_like_the_derivation():
    n = network()
    steps = {s.name: s for s in backward_steps(n["E"], params=n["w"])}
    assert steps["∂E/∂E"].formula == "∂E/∂E = 1"
    assert steps["∂E/∂net_o1"].formula == "∂E/∂net_o1 = R3 · ∂E/∂out_o1 = 0.1868 × 0.7414 = 0.1385"
    assert steps["∂E/∂out_h1"].formula == (
        "∂E/∂out_h1 = R9 · ∂E/∂net_o1 + R10 · ∂E/∂net_o2 = 0.4 × 0.1385 + 0.5 × (-0.0381) = 0.03635"
    )
    assert steps["∂E/∂w1"].grad == pytest.approx(0.000438568, abs=1e-9)
    (term,) = steps["∂E/∂w1"].terms
    assert (term.child, term.index, term.local, term.r) == (n["net_h1"], 0, 0.05, "R17")
    assert term.upstream == pytest.approx(0.036350306 * 0.241300709, abs=1e-9)


def test_seed_steps_cover_the_nodes_leading_to_params_level_by_level():
    n = network()
    names = [s.node.label for s in backward_steps(n["E"], params=n["w"])]
    assert names == [
        "E", "out_o1", "out_o2", "net_o1", "net_o2", "w5", "w6", "w7", "w8", "out_h1", "out_h2",
        "net_h1", "net_h2", "w1", "w2", "w3", "w4",
    ]  # fmt: skip


def test_steps_use_the_r_names_of_explain():
    n = network()
    r_names = explain(n["E"], n["w1"], params=n["w"]).r_names
    for step in backward_steps(n["E"], params=n["w"]):
        assert all(r_names[(t.child, t.index)] == t.r for t in step.terms)


def test_steps_do_not_touch_grad():
    n = network()
    list(backward_steps(n["E"]))
    assert {v.grad for v in autograd.nodes(n["E"])} == {0.0}


@settings(deadline=None)
@given(graphs())
def test_steps_give_backwards_grads_in_an_order_backward_could_take(graph):
    output, _ = graph
    steps = list(backward_steps(output))
    output.backward()
    assert [s.node for s in steps].count(output) == 1
    assert {s.node for s in steps} == set(autograd.nodes(output)) and len(steps) == len(autograd.nodes(output))
    done = set()
    for s in steps:
        assert s.grad == s.node.grad
        assert all(t.child in done for t in s.terms)
        assert all(t.upstream == t.child.grad and t.local == t.child.local_grads[t.index] for t in s.terms)
        if s.terms:
            products = [t.local * t.upstream for t in s.terms]
            scale = math.fsum(abs(p) for p in products)
            assert math.fsum(products) == pytest.approx(s.grad, abs=1e-12 * scale)
        done.add(s.node)
