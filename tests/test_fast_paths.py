"""The training fast paths give exactly what the edge-by-edge rules give: backward skipping a node where nothing
arrived, plain SGD's inlined step skipping zero gradients and fixed parameters."""

import math

import pytest
import torch

import autograd
import nn
from autograd import Value
from autograd.engine import requires_grad_flags
from nn import MLP, SGD, cross_entropy


def edge_by_edge(root):
    """∂root/∂node for every node, adding d·g along every edge whose d is not 0 (chainrule's documented rule)."""
    g = {root: 1.0}
    for node in reversed(autograd.topological_order(root)):
        for p, d in zip(node.parents, node.local_grads):
            if d:
                g[p] = g.get(p, 0.0) + d * g.get(node, 0.0)
    return g


def test_a_dead_relu_passes_nothing_and_every_gradient_is_the_edge_by_edge_one():
    w = [Value(x, f"w{k}") for k, x in enumerate([0.5, -1.5, 2.0, 0.25])]
    x = [Value(x, requires_grad=False) for x in [1.0, 2.0, -3.0, 4.0]]
    dead = autograd.dot(w, x).relu()  # net = 0.5 - 3 - 6 + 1 = -7.5: relu passes nothing back
    alive = autograd.dot(w[::-1], x).relu()  # 0.25 - 4 + 6 + 2 = 4.25
    out = dead * 3.0 + alive * 2.0
    out.backward()
    expected = edge_by_edge(out)
    for v in [*w, *x]:
        assert v.grad == expected.get(v, 0.0)
    assert [wi.grad for wi in w] == [8.0, -6.0, 4.0, 2.0]  # 2·x reversed: only `alive` contributes


def test_nothing_arriving_at_an_infinite_edge_is_still_nan_as_in_pytorch():
    w = Value(2.0)
    x = Value(math.inf, requires_grad=False)
    net = autograd.dot([w, w, w], [x, Value(1.0), Value(1.0)])
    out = net * 0.0  # g = 0 reaches a node holding an inf local: 0·inf is NaN (PyTorch gives NaN too)
    out.backward()
    tw = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    (tw * torch.tensor([math.inf, 1.0, 1.0], dtype=torch.float64)).sum().mul(0.0).backward()
    assert math.isnan(w.grad) and math.isnan(tw.grad.item())


def test_plain_sgd_step_matches_torch_and_leaves_fixed_parameters_alone():
    model = MLP(4, [5, 3], seed=3)
    x = [0.0, 1.5, 0.0, -2.0]  # zero inputs: their weights' gradients are 0 and the step skips them
    cross_entropy(model(x), 0).backward()
    j, k = next((j, k) for j, n in enumerate(model.layers[0].neurons) for k, w in enumerate(n.w) if w.grad)
    frozen = model.layers[0].neurons[j].w[k]  # a first-layer weight that does get a gradient: frozen
    frozen.requires_grad = False
    before = frozen.data
    seq = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3)).double()
    with torch.no_grad():
        for layer, lin in zip(model.layers, (seq[0], seq[2])):
            lin.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=torch.float64))
            lin.bias.copy_(torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64))
    seq[0].weight.register_hook(lambda g: g.index_put((torch.tensor(j), torch.tensor(k)), torch.tensor(0.0).double()))
    opt, topt = SGD(model.parameters(), lr=0.1), torch.optim.SGD(seq.parameters(), lr=0.1)
    for c in (0, 2, 1):
        loss = cross_entropy(model(x), c)
        opt.zero_grad()
        loss.backward()
        opt.step()
        topt.zero_grad()
        torch.nn.functional.cross_entropy(seq(torch.tensor([x], dtype=torch.float64)), torch.tensor([c])).backward()
        topt.step()
    assert frozen.data == before and frozen.grad != 0.0
    for layer, lin in zip(model.layers, (seq[0], seq[2])):
        for j, n in enumerate(layer.neurons):
            assert all(abs(w.data - t) < 1e-12 for w, t in zip(n.w, lin.weight[j].tolist()))
            assert abs(n.b.data - lin.bias[j].item()) < 1e-12


def test_requires_grad_flags_reads_each_value():
    vs = [Value(1.0), Value(2.0, requires_grad=False), Value(3.0) * 2.0]
    assert requires_grad_flags(vs) == [v.requires_grad for v in vs] == [True, False, True]


def test_dense_makes_the_dot_nodes_of_dots_layout_and_the_activation_nodes():
    from autograd.engine import dense, dot_values

    x = [Value(0.5, "x1"), Value(-1.0, "x2") * 2.0, Value(0.25, "x3", requires_grad=False)]
    rows = [
        ([Value(0.1), Value(-0.2), Value(0.3)], Value(0.05), Value.relu, "net_a", "out_a"),
        ([Value(-0.4), Value(0.5), Value(0.6)], None, Value.sigmoid, "net_b", "out_b"),
        ([Value(0.7), Value(0.8), Value(-0.9)], Value(-1.0), None, "net_c", "net_c"),
    ]
    ops = {Value.relu: autograd.engine.ops.RELU, Value.sigmoid: autograd.engine.ops.SIGMOID, None: None}
    nets, outs = dense(x, [(w, b, ops[f], n, o, True) for w, b, f, n, o in rows])
    for (w, b, f, net_label, out_label), net, out in zip(rows, nets, outs):
        edges = [e for wi, xi in zip(w, x) for e in (wi, xi.data)] + [e for wi, xi in zip(w, x) for e in (xi, wi.data)]
        edges += [] if b is None else [b, 1.0]  # Dot's operand order: w…, x…, b
        data = sum(wi.data * xi.data for wi, xi in zip(w, x)) + (0.0 if b is None else b.data)
        assert (net.data, net._edges, net.op, net.label) == (data, tuple(edges), "dot", net_label)
        assert (dot_values(w, x, b).data, dot_values(w, x, b)._edges) == (data, tuple(edges))
        if f is None:
            assert out is net
        else:
            ref_out = f(net)
            assert (out.data, out.local_grads, out.parents, out.op, out.label) == (
                ref_out.data,
                ref_out.local_grads,
                (net,),
                ref_out.op,
                out_label,
            )
    assert nets[0]._order < outs[0]._order < nets[1]._order  # creation order is still a topological order


def test_dense_reports_a_non_finite_net_under_anomaly_mode():
    from autograd.engine import dense
    from autograd.engine.ops import RELU

    x = [Value(1e308), Value(1e308)]
    with autograd.detect_anomaly(), pytest.raises(FloatingPointError, match="'net_h1' made by op 'dot'"):
        dense(x, [([Value(10.0), Value(10.0)], None, RELU, "net_h1", "out_h1", True)])
    assert dense(x, [([Value(10.0), Value(10.0)], None, RELU, "n", "o", True)])[0][0].data == math.inf


def test_sgd_reads_requires_grad_again_when_a_flag_or_the_parameter_list_changes():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    opt = SGD([a, b], lr=0.5)

    def step():
        for p in opt.params:
            p.grad = 1.0
        opt.step()

    step()
    assert (a.data, b.data) == (0.5, 1.5)
    b.requires_grad = False  # frozen after the optimiser has stepped once
    step()
    assert (a.data, b.data) == (0.0, 1.5)
    c.requires_grad = False
    opt.params[0] = c  # the list changed in place: c (fixed) stays, b (fixed) stays
    step()
    assert (a.data, b.data, c.data) == (0.0, 1.5, 3.0)
    b.requires_grad = True
    step()
    assert b.data == 1.0


def test_backward_walks_a_layers_shared_inputs_once_and_orders_exactly_the_interior_nodes():
    from autograd.engine.graph import interior_order
    from autograd.engine.ops import LayerDot

    model = MLP(3, [4, 4, 2], seed=5)
    loss = cross_entropy(model([0.5, -1.0, 2.0]), 1)
    nets = [n.net for layer in model.layers for n in layer.neurons]
    assert all(type(net._op) is LayerDot and net.op == "dot" for net in nets)
    assert len({id(net._op) for net in nets}) == 3  # one op per layer call, naming that layer's inputs
    everything = [v for v in autograd.topological_order(loss) if not v.is_leaf]
    assert interior_order(loss) == everything


def test_a_weight_that_is_computed_gets_its_gradient_and_passes_it_on():
    model = MLP(2, [2, 1], activation="tanh", seed=2)
    u = Value(0.3, "u")
    neuron = model.layers[0].neurons[1]
    x = [0.7, -0.4]
    model(x)  # a first forward: the neuron's weights were all leaves then
    neuron.w[0] = (
        u * 2.0
    )  # a tied weight, in place: not a leaf, so this neuron's net is a plain dot, walked edge by edge
    out = model(x)
    out.backward()
    assert model.layers[0].neurons[0].net._op is not neuron.net._op
    assert neuron.net._op is autograd.engine.ops.DOT

    def f(t):
        neuron.w[0] = Value(2.0 * t)
        return model(x).data

    h = 1e-6
    assert u.grad == pytest.approx((f(0.3 + h) - f(0.3 - h)) / (2 * h), rel=1e-7)
    assert u.grad != 0.0


def test_inputs_are_the_fixed_leaves_value_makes_and_refuse_what_value_refuses():
    from autograd.engine import inputs

    given = Value(2.0, "mine")
    made = inputs([0.5, 3, given, True], ["x1", "x2", "x3", "x4"])
    assert made[2] is given
    for v, (data, label) in zip(made[:2] + made[3:], [(0.5, "x1"), (3.0, "x2"), (1.0, "x4")]):
        ref = Value(data, label, requires_grad=False)
        assert (v.data, type(v.data), v.label, v.requires_grad, v.is_leaf, v.grad) == (
            ref.data,
            float,
            ref.label,
            False,
            True,
            0.0,
        )
    assert made[0]._order < made[1]._order < made[3]._order
    with pytest.raises(TypeError, match="Value needs a real number .* got str: '0.5'"):
        inputs([0.5, "0.5"], ["x1", "x2"])


def test_losses_take_flat_lists_as_they_are_and_still_refuse_bad_targets():
    from nn import mse

    outs = [Value(0.2), Value(0.7)]
    assert mse(outs, [0.0, 1.0]).data == pytest.approx(((0.2) ** 2 + 0.3**2) / 2, abs=1e-15)
    assert mse(outs, [0, 1]).data == mse(outs, [0.0, 1.0]).data
    with pytest.raises(ValueError, match="target nan is not a finite number"):
        mse(outs, [0.0, math.nan])
    with pytest.raises(TypeError, match="targets must be numbers, got bool"):
        mse(outs, [0.0, True])
    with pytest.raises(ValueError, match=r"outputs have shape \(2,\) but targets have shape \(3,\)"):
        mse(outs, [0.0, 1.0, 2.0])


def test_a_computed_bias_also_keeps_its_neuron_off_the_shared_walk():
    model = MLP(2, [2, 1], activation="tanh", seed=4)
    u = Value(0.2, "u")
    neuron = model.layers[0].neurons[0]
    neuron.b = u.tanh()  # a bias made by an op: backward must walk through it to u
    x = [0.3, 0.9]
    model(x).backward()
    assert neuron.net._op is autograd.engine.ops.DOT

    def f(t):
        neuron.b = Value(math.tanh(t))
        return model(x).data

    h = 1e-6
    assert u.grad == pytest.approx((f(0.2 + h) - f(0.2 - h)) / (2 * h), rel=1e-7) and u.grad != 0.0


@pytest.mark.parametrize("x", [[math.inf, 1.0], [1e308, 1e308], [math.nan, 1.0], [0.5, -2.0]])
def test_a_dead_layer_net_gives_what_pytorch_gives_even_with_infinite_inputs(x):
    weights = [[[1.0, 0.0], [-1.0, 0.0]], [[1.0, 1.0]]]  # neuron 2 of layer 1 is dead whenever x1 > 0
    model = MLP.from_weights(weights, [[0.0, 0.0], [0.0]])
    out = model(x)
    out.backward()
    seq = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1)).double()
    with torch.no_grad():
        seq[0].weight.copy_(torch.tensor(weights[0], dtype=torch.float64))
        seq[2].weight.copy_(torch.tensor(weights[1], dtype=torch.float64))
        seq[0].bias.zero_()
        seq[2].bias.zero_()
    seq(torch.tensor([x], dtype=torch.float64)).sum().backward()
    ours = [w.grad for n in model.layers[0].neurons for w in n.w]
    theirs = seq[0].weight.grad.flatten().tolist()
    assert [math.isnan(a) for a in ours] == [math.isnan(b) for b in theirs]
    assert [a for a in ours if not math.isnan(a)] == [b for b in theirs if not math.isnan(b)]


def test_an_optimiser_reads_the_flag_of_a_parameter_that_replaced_another_in_its_list():
    a, b = Value(1.0), Value(2.0)
    opt = SGD([a, b], lr=0.5)
    for p in opt.params:
        p.grad = 1.0
    opt.step()
    c = Value(3.0, requires_grad=False)  # fixed from the start: no requires_grad setter ran
    opt.params[0] = c
    for p in opt.params:
        p.grad = 1.0
    opt.step()
    assert (c.data, b.data) == (3.0, 1.0)


def test_a_pickled_optimiser_reads_the_flags_again_in_a_new_process(monkeypatch):
    import pickle

    from autograd.engine import value

    a, b = Value(1.0), Value(2.0)
    opt = SGD([a, b], lr=0.1)
    version = autograd.engine.requires_grad_version()
    (a * b).backward()
    opt.step()  # flags read and cached at `version`
    b.requires_grad = False
    saved = pickle.dumps(opt)
    monkeypatch.setattr(value, "_requires_grad_version", version)  # a new process counts from where this one did
    loaded = pickle.loads(saved)
    a2, b2 = loaded.params
    before = b2.data
    loaded.zero_grad()
    (a2 * b2).backward()
    loaded.step()
    assert b2.grad != 0.0 and b2.data == before and not b2.requires_grad


def test_a_copied_or_pickled_model_keeps_the_built_in_ops_every_view_knows():
    import copy
    import pickle

    from autograd.engine.ops import DOT, TANH

    model = MLP(2, [2, 1], activation="tanh", seed=1)
    x = [0.25, -0.5]
    for twin in (copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        out = twin(x)
        assert out.data == model(x).data
        assert twin.layers[0].neurons[0].out.grad_fn is TANH
        assert copy.deepcopy(DOT) is DOT and pickle.loads(pickle.dumps(TANH)) is TANH
        assert autograd.live(nn.mse(out, 1.0)).frozen == []


def test_a_neuron_subclass_with_its_own_forward_is_honoured_in_a_layer_and_forward_takes_xd():
    from nn import Layer, Neuron

    class Doubled(Neuron):
        def forward(self, xs, xd=None):
            return super().forward(xs) * 2.0

    layer = Layer(2, 2, "tanh", seed=3)
    plain = [v.data for v in layer([0.3, -0.7])]
    layer.neurons[1].__class__ = Doubled
    doubled = [v.data for v in layer([0.3, -0.7])]
    assert doubled == [plain[0], 2.0 * plain[1]]
    xs = [Value(0.3), Value(-0.7)]
    assert layer.neurons[0].forward(xs, [0.3, -0.7]).data == plain[0]


def test_inputs_refuse_more_inputs_than_labels():
    from autograd.engine import inputs

    with pytest.raises(ValueError, match="inputs: 3 inputs but only 1 labels"):
        inputs([1.0, 2.0, 3.0], ["x1"])


def test_inputs_refuse_a_label_that_is_not_a_string_as_value_does():
    from autograd.engine import inputs

    with pytest.raises(TypeError, match="Value label must be a str, got int"):
        inputs([1.0], [7])
