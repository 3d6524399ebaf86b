import math
import random
import statistics

import pytest
from micrograd import nn as mg

from autograd import Value
from nn import MLP, Layer

SEEDS_W = [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]]


def test_micrograd_meaning_of_mlp():
    model = MLP(2, [16, 16, 1])
    assert repr(model) == "MLP(2 → 16 relu → 16 relu → 1 linear)"
    assert len(model.parameters()) == sum(n * (m + 1) for m, n in [(2, 16), (16, 16), (16, 1)]) == 337
    out = model([0.5, -0.2])
    assert isinstance(out, Value)
    assert isinstance(model.forward([0.5, -0.2]), list) and len(model.forward([0.5, -0.2])) == 1


def test_one_neuron_hidden_layer_feeds_the_next_layer():
    model = MLP(2, [16, 1, 1], seed=0)  # breaks micrograd: its 1-neuron layer returns a bare Value
    out = model([0.5, -0.2])
    hidden = model.layers[1].neurons[0].out
    last = model.layers[2].neurons[0]
    assert out.data == pytest.approx(last.w[0].data * hidden.data + last.b.data, abs=1e-15)
    assert isinstance(Layer(3, 1)([1.0, 2.0, 3.0]), list)
    with pytest.raises(TypeError):
        mg.MLP(2, [16, 1, 1])([0.5, -0.2])


def test_same_global_seed_gives_micrograds_weights():
    random.seed(1337)
    theirs = mg.MLP(2, [16, 16, 1])
    random.seed(1337)
    ours = MLP(2, [16, 16, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]


def test_int_seed_is_reproducible_and_independent_of_global_random():
    a = MLP(3, [4, 2], seed=7)
    random.random()
    b = MLP(3, [4, 2], seed=7)
    c = MLP(3, [4, 2], seed=8)
    assert a.state_dict() == b.state_dict() != c.state_dict()
    assert all(-1 <= p.data <= 1 for p in a.parameters())
    assert all(n.b.data == 0.0 for layer in a.layers for n in layer.neurons)


def test_xavier_and_he_init_scales():
    xav = Layer(30, 20, init="xavier", seed=1)
    bound = math.sqrt(6 / 50)
    ws = [w.data for n in xav.neurons for w in n.w]
    assert max(map(abs, ws)) <= bound and max(map(abs, ws)) > 0.9 * bound
    he = Layer(50, 40, init="he", seed=1)
    ws = [w.data for n in he.neurons for w in n.w]
    assert statistics.pstdev(ws) == pytest.approx(math.sqrt(2 / 50), rel=0.1)
    assert abs(statistics.fmean(ws)) < 0.02


def test_named_parameters_are_stable_readable_paths():
    model = MLP(2, [3, 1])
    names = [n for n, _ in model.named_parameters()]
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert names[-1] == "layers.1.neurons.0.b" and len(names) == len(set(names)) == 13
    shared = MLP.from_weights(SEEDS_W, [0.35, 0.60])
    assert [n for n, _ in shared.named_parameters()] == [
        "layers.0.neurons.0.w.0",
        "layers.0.neurons.0.w.1",
        "layers.0.neurons.1.w.0",
        "layers.0.neurons.1.w.1",
        "layers.0.b",
        "layers.1.neurons.0.w.0",
        "layers.1.neurons.0.w.1",
        "layers.1.neurons.1.w.0",
        "layers.1.neurons.1.w.1",
        "layers.1.b",
    ]


def test_state_dict_round_trip_and_zero_grad():
    a, b = MLP(2, [4, 3, 2], seed=1), MLP(2, [4, 3, 2], seed=2)
    state = a.state_dict()
    b.load_state_dict(state)
    assert b.state_dict() == state
    x = [0.3, -0.8]
    assert [v.data for v in a(x)] == [v.data for v in b(x)]
    sum((v - t) ** 2 for v, t in zip(b(x), [0.0, 1.0])).backward()
    assert any(p.grad for p in b.parameters())
    b.zero_grad()
    assert all(p.grad == 0.0 for p in b.parameters())


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: s.pop("layers.1.b"), "missing: layers.1.b"),
        (lambda s: s.update({"layers.2.b": 1.0}), "unexpected: layers.2.b"),
        (lambda s: s.update({"layers.0.b": "0.5"}), "layers.0.b must be a number, got str"),
        (lambda s: s.update({"layers.0.b": [0.5]}), "layers.0.b must be a number, got list"),
        (lambda s: s.update({"layers.0.b": True}), "layers.0.b must be a number, got bool"),
        (lambda s: s.update({"layers.1.b": float("nan")}), "layers.1.b is nan, not a finite number"),
        (lambda s: s.update({"layers.1.b": 10**400}), "layers.1.b is an integer of 401 digits, too large for a float"),
        (lambda s: s.update({"layers.1.b": -(10**5000)}), "layers.1.b is an integer of 5,001 digits, too large for a"),
    ],
)
def test_load_state_dict_rejects_bad_state_and_changes_nothing(change, message):
    model = MLP.from_weights(SEEDS_W, [0.35, 0.60])
    before = model.state_dict()
    state = {k: v + 1.0 for k, v in before.items()}
    change(state)
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_from_weights_bias_layouts():
    x = [0.05, 0.10]
    none = MLP.from_weights(SEEDS_W, activation="sigmoid", output_activation="sigmoid")
    shared = MLP.from_weights(SEEDS_W, [0.35, 0.60], activation="sigmoid", output_activation="sigmoid")
    per = MLP.from_weights(SEEDS_W, [[0.35, 0.35], [0.6, 0.6]], activation="sigmoid", output_activation="sigmoid")
    assert len(none.parameters()) == 8 and len(shared.parameters()) == 10 and len(per.parameters()) == 12
    assert [v.data for v in shared(x)] == [v.data for v in per(x)]
    h1 = 1 / (1 + math.exp(-(0.15 * 0.05 + 0.20 * 0.10)))
    h2 = 1 / (1 + math.exp(-(0.25 * 0.05 + 0.30 * 0.10)))
    assert none(x)[0].data == pytest.approx(1 / (1 + math.exp(-(0.40 * h1 + 0.45 * h2))), abs=1e-15)
    assert shared.layers[0].neurons[0].b is shared.layers[0].neurons[1].b is shared.layers[0].b
    assert repr(shared.layers[0]) == "Layer(2 → 2 sigmoid, shared bias)"


def test_from_weights_and_constructor_errors():
    with pytest.raises(ValueError, match="layer 1 must have rows of 2 weights"):
        MLP.from_weights([[[0.1, 0.2], [0.3, 0.4]], [[0.1, 0.2, 0.3]]])
    with pytest.raises(ValueError, match="1 entries in biases for 2 layers"):
        MLP.from_weights(SEEDS_W, [0.35])
    with pytest.raises(ValueError, match="3 biases given for 2 neurons"):
        MLP.from_weights(SEEDS_W, [[0.1, 0.2, 0.3], None])
    with pytest.raises(ValueError, match="nouts must be a non-empty list"):
        MLP(2, 16)
    with pytest.raises(ValueError, match=r"MLP\(2 → 1 linear\) expects 2 inputs, got 1"):
        MLP(2, [1])([1.0])
    with pytest.raises(ValueError, match="2 names given for 3 neurons"):
        MLP(2, [3], names=[["a", "b"]])
    with pytest.raises(ValueError, match="bias must be True, False, 'shared'"):
        Layer(2, 2, bias="per-neuron")


def test_shared_bias_option_for_random_init():
    model = MLP(2, [3, 1], bias="shared", seed=0)
    assert [n for n, _ in model.named_parameters()].count("layers.0.b") == 1
    assert len(model.parameters()) == 2 * 3 + 1 + 3 + 1


def test_groups_cover_parameters_and_last_forward_nodes():
    model = MLP.from_weights(SEEDS_W, [0.35, 0.60], "sigmoid", "sigmoid", names=[["h1", "h2"], ["o1", "o2"]])
    model([0.05, 0.10])
    groups = model.groups()
    o1 = model.layers[1].neurons[0]
    assert groups[o1.net] == groups[o1.out] == groups[o1.w[0]] == "layer 2 · neuron o1"
    assert groups[model.layers[0].b] == "layer 1"
    assert set(model.parameters()) <= set(groups)
    assert len(groups) == 10 + 8


def test_deltas_follow_bp1_to_bp4():
    """δ read from the graph equals the matrix equations BP1–BP4 of seed 001, computed by hand."""
    W = [[[0.1, -0.4, 0.3], [0.7, 0.2, -0.5]], [[0.6, -0.3], [-0.2, 0.8], [0.5, 0.5]]]
    B = [[0.05, -0.1], [0.2, 0.0, -0.3]]
    x, y = [0.5, -1.0, 2.0], [0.1, 0.9, 0.3]
    model = MLP.from_weights(W, B, "sigmoid", "sigmoid")
    (0.5 * sum((t - v) ** 2 for v, t in zip(model(x), y))).backward()
    sig = lambda z: 1 / (1 + math.exp(-z))
    z1 = [sum(w * xi for w, xi in zip(row, x)) + b for row, b in zip(W[0], B[0])]
    a1 = [sig(z) for z in z1]
    z2 = [sum(w * a for w, a in zip(row, a1)) + b for row, b in zip(W[1], B[1])]
    a2 = [sig(z) for z in z2]
    d2 = [(a - t) * a * (1 - a) for a, t in zip(a2, y)]  # BP1
    d1 = [sum(W[1][j][k] * d2[j] for j in range(3)) * a1[k] * (1 - a1[k]) for k in range(2)]  # BP2
    assert model.deltas() == [pytest.approx(d1, abs=1e-15), pytest.approx(d2, abs=1e-15)]
    for layer, d, a_prev in zip(model.layers, [d1, d2], [x, a1]):
        for j, n in enumerate(layer.neurons):
            assert n.b.grad == pytest.approx(d[j], abs=1e-15)  # BP3
            assert [w.grad for w in n.w] == pytest.approx([a * d[j] for a in a_prev], abs=1e-15)  # BP4
