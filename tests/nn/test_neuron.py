import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value
from nn import Layer, Neuron

ACTS = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "linear": lambda t: t}


@pytest.mark.parametrize("activation", list(ACTS))
def test_neuron_matches_torch_value_and_gradients(activation):
    w, b, x = [0.3, -0.7, 0.2], 0.1, [0.5, 1.5, -2.0]
    n = Neuron(3, activation, bias=b, weights=w)
    xs = [Value(v) for v in x]
    out = n(xs)
    out.backward()
    tw = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    tout = ACTS[activation](tw @ tx + tb)
    tout.backward()
    assert out.data == pytest.approx(tout.item(), abs=1e-15)
    assert [p.grad for p in n.w] == pytest.approx(tw.grad.tolist(), abs=1e-15)
    assert n.b.grad == pytest.approx(tb.grad.item(), abs=1e-15)
    assert [v.grad for v in xs] == pytest.approx(tx.grad.tolist(), abs=1e-15)


def test_net_is_one_dot_node_and_activation_one_node():
    n = Neuron(2, "sigmoid", bias=0.35, weights=[0.15, 0.20], name="h1")
    x = [Value(0.05, "i1"), Value(0.10, "i2")]
    out = n(x)
    assert out.op == "sigmoid" and out.parents == (n.net,)
    assert out.local_grads == pytest.approx((out.data * (1 - out.data),))
    net = n.net
    assert net.op == "dot"
    assert net.parents == (n.w[0], n.w[1], x[0], x[1], n.b)
    assert net.local_grads == (0.05, 0.10, 0.15, 0.20, 1.0)
    assert net.data == pytest.approx(0.15 * 0.05 + 0.20 * 0.10 + 0.35, abs=1e-15)
    assert (net.label, out.label) == ("net_h1", "out_h1")
    assert [p.label for p in n.parameters()] == ["w_h1.1", "w_h1.2", "b_h1"]
    assert autograd.check_edges(out)


def test_lean_dot_builds_the_same_node_as_autograd_dot():
    n = Neuron(3, "linear", weights=[0.3, -0.7, 0.2], bias=0.1)
    x = [Value(0.5), Value(1.5), Value(-2.0)]
    ours, ref = n(x), autograd.dot(n.w, x, n.b)
    assert ours.data == ref.data and ours.op == ref.op == "dot" and isinstance(ours.grad_fn, type(ref.grad_fn))
    assert ours.parents == ref.parents and ours.local_grads == ref.local_grads


@pytest.mark.parametrize("activation", list(ACTS))
@pytest.mark.parametrize("bias", [0.25, False])
def test_expanded_mode_gives_identical_numbers(activation, bias):
    w = [0.31, -0.72, 0.23, 0.9]
    x = [0.51, 1.49, -2.07, 0.33]
    results = []
    for expanded in (False, True):
        layer = Layer(4, 1, activation, bias=[bias] if bias is not False else False, weights=[w], expanded=expanded)
        xs = [Value(v) for v in x]
        out = layer(xs)[0]
        (out * out).backward()
        results.append((out.data, layer.delta, [p.grad for p in layer.parameters()], [v.grad for v in xs]))
    assert results[0] == results[1]  # exact: same sums in the same order


def test_expanded_mode_builds_micrograd_elementary_graph():
    n = Neuron(2, "relu", weights=[0.5, 0.25], bias=0.1, expanded=True)
    out = n([1.0, 2.0])
    ops = {v.op for v in autograd.topological_order(out) if not v.is_leaf}
    assert ops == {"*", "+", "relu"}
    assert n.net.op == "+" and n.net.label == "net"


def test_standalone_labels_and_rename_keep_user_labels():
    n = Neuron(2, "tanh")
    assert [p.label for p in n.parameters()] == ["w1", "w2", "b"]
    n.w[1].label = "w6"
    n.name = "o1"
    assert [p.label for p in n.parameters()] == ["w_o1.1", "w6", "b_o1"]
    n([1.0, 2.0])
    assert (n.net.label, n.out.label) == ("net_o1", "out_o1")


def test_number_inputs_become_labelled_leaves_once():
    layer = Layer(2, 3, "relu")
    layer([0.5, -1.0])
    firsts = {id(n.net.parents[2]) for n in layer.neurons}
    assert len(firsts) == 1  # one constant leaf shared by the three neurons
    assert layer.neurons[0].net.parents[2].label == "x1"


def test_delta_is_grad_of_net():
    n = Neuron(2, "sigmoid", weights=[0.4, 0.45], bias=0.6)
    with pytest.raises(RuntimeError, match="no forward"):
        _ = n.delta
    out = n([0.593269992, 0.596884378])
    E = 0.5 * (0.01 - out) ** 2
    E.backward()
    assert n.delta == pytest.approx((out.data - 0.01) * out.data * (1 - out.data), abs=1e-15)


def test_no_bias_and_shared_bias():
    n = Neuron(2, bias=False, weights=[1.0, 2.0])
    assert n.b is None and len(n.parameters()) == 2
    assert n.net is None
    assert n([1.0, 1.0]).data == 3.0
    shared = Value(0.5)
    m = Neuron(2, "linear", bias=shared, weights=[1.0, 2.0])
    assert m.b is shared and m.parameters() == m.w  # the layer owning the bias lists it
    assert m([1.0, 1.0]).data == 3.5


def test_neuron_errors():
    with pytest.raises(ValueError, match="activation must be one of relu, tanh, sigmoid, linear; got 'softplus'"):
        Neuron(2, "softplus")
    with pytest.raises(ValueError, match="nin must be a positive int"):
        Neuron(0)
    with pytest.raises(ValueError, match="3 weights given for 2 inputs"):
        Neuron(2, weights=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"Neuron\(2 → relu\) expects 2 inputs, got 3"):
        Neuron(2)([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="expects a list of 2 inputs, got float"):
        Neuron(2)(1.0)
    with pytest.raises(TypeError, match="real number"):
        Neuron(2)([1.0, "2"])
    with pytest.raises(ValueError, match="init must be one of"):
        Neuron(2, init="zeros")


def test_sigmoid_neuron_is_stable_for_large_net():
    n = Neuron(1, "sigmoid", weights=[1000.0], bias=False)
    assert n([-1.0]).data == pytest.approx(0.0, abs=1e-300) and math.isfinite(n.out.data)
    assert n([1.0]).data == 1.0


finite = st.floats(-10, 10, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(st.lists(finite, min_size=n, max_size=n), st.lists(finite, min_size=n, max_size=n))
    ),
    finite,
    st.sampled_from(list(ACTS)),
)
def test_fused_and_expanded_agree_exactly_for_any_weights(wx, b, activation):
    w, x = wx
    outs = []
    for expanded in (False, True):
        n = Neuron(len(w), activation, bias=b, weights=w, expanded=expanded)
        out = n(x)
        out.backward()
        outs.append((out.data, n.delta, [p.grad for p in n.parameters()]))
    assert outs[0] == outs[1]
