"""``MLP.map(X)`` is ``[model(x) for x in X]``: the same nodes, labels, edges, values and gradients, read from the
graph itself (micrograd's ``list(map(model, inputs))``, and the moons demo of its README, against micrograd 0.1.0)."""

import gc
import random

import micrograd.nn
import pytest

import nn
from autograd import Value, topological_order
from autograd.engine import Dense, dense


def layout(root):
    """Every node of the graph as (label, op, value, the edges' locals, the parents' positions in the order)."""
    order = topological_order(root)
    at = {v: k for k, v in enumerate(order)}
    return [(v.label, v.op, v.data, v._edges[1::2], [at[p] for p in v._edges[::2]]) for v in order]


def test_map_builds_the_graph_a_forward_per_sample_builds_and_the_same_gradients_as_micrograd():
    X, y = nn.data.moons(30, noise=0.1, seed=7, labels=(-1, 1))
    random.seed(5)
    theirs = micrograd.nn.MLP(2, [16, 16, 1])
    weights = [[[w.data for w in n.w] for n in layer.neurons] for layer in theirs.layers]
    biases = [[n.b.data for n in layer.neurons] for layer in theirs.layers]
    model = nn.MLP.from_weights(weights, biases)
    per_sample = nn.hinge([model(x) for x in X], y)
    last = [(n.net.data, n.out.data) for layer in model.layers for n in layer.neurons]
    batch = nn.hinge(model.map(X), y)
    assert layout(batch) == layout(per_sample)
    assert [(n.net.data, n.out.data) for layer in model.layers for n in layer.neurons] == last
    assert model.layers[0].neurons[0].net in topological_order(batch)  # the neurons keep the last sample's nodes
    model.zero_grad()
    batch.backward()
    scores = [theirs(x) for x in X]
    loss = sum((1 + -yi * s).relu() for yi, s in zip(y, scores)) * (1.0 / len(X))
    loss.backward()
    assert batch.data == pytest.approx(loss.data, abs=1e-12)
    for p, q in zip(model.parameters(), theirs.parameters()):
        assert p.grad == pytest.approx(q.grad, abs=1e-12)


def test_map_gives_lists_for_many_outputs_and_falls_back_for_expanded_neurons():
    X = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
    fused = nn.MLP(3, [4, 2], "tanh", seed=1)
    expanded = nn.MLP(3, [4, 2], "tanh", seed=1, expanded=True)
    want = [[v.data for v in fused(x)] for x in X]
    assert all(v != 0.0 for out in want for v in out)
    assert [[v.data for v in out] for out in fused.map(X)] == want
    got = [v.data for out in expanded.map(X) for v in out]
    assert got == pytest.approx([v for out in want for v in out], abs=1e-12)
    assert expanded.layers[0].dense() is None
    assert fused.map([]) == []


def test_map_refuses_a_bad_sample_by_its_shape_and_leaves_the_collector_as_it_was():
    model = nn.MLP(2, [3, 1], seed=2)
    model([1.0, 2.0])
    before = [n.net for n in model.layers[0].neurons]
    with pytest.raises(ValueError, match="expects 2 inputs, got 3"):
        model.map([[1.0, 2.0], [1.0, 2.0, 3.0]])
    with pytest.raises(TypeError, match="expects a list of 2 inputs, got str"):
        model.map([[1.0, 2.0], "ab"])
    assert gc.isenabled()
    assert [n.net for n in model.layers[0].neurons] == before  # nothing half-changed
    gc.disable()
    try:
        model.map([[1.0, 2.0]])
        assert not gc.isenabled()  # a collector the caller turned off stays off
    finally:
        gc.enable()


def test_dense_reused_over_samples_is_dense_on_each():
    layer = nn.Layer(3, 2, "tanh", seed=4)
    rows = [n.row() for n in layer.neurons]
    xs = [nn.neuron.as_values(x, 3, "x") for x in ([1.0, 2.0, 3.0], [-1.0, 0.5, 0.0])]
    reused = Dense(rows)
    for x in xs:
        (a_nets, a_outs), (b_nets, b_outs) = reused(x), dense(x, rows)
        for u, v in zip(a_nets + a_outs, b_nets + b_outs):
            assert (u.label, u.op, u.data, u._edges[1::2]) == (v.label, v.op, v.data, v._edges[1::2])
        assert all(u._edges[::2] == v._edges[::2] for u, v in zip(a_nets, b_nets))
        assert [u._edges[0] for u in a_outs] == a_nets


def test_a_dense_is_a_snapshot_of_its_rows_weights():
    layer = nn.Layer(2, 1, "tanh", seed=7)
    neuron = layer.neurons[0]
    old = neuron.w[0]
    reused = layer.dense()
    neuron.w[0] = Value(5.0)  # a weight replaced after the Dense was made: not seen by it
    nets, _ = reused(nn.neuron.as_values([1.0, 2.0], 2, "x"))
    assert nets[0]._edges[0] is old and nets[0]._edges[5] == old.data
    assert nets[0].data == old.data * 1.0 + neuron.w[1].data * 2.0 + neuron.b.data
