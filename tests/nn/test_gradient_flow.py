import pytest

import nn
from nn import MLP
from nn.demo import seed_network


def test_gradient_flow_of_the_seed_network_is_seed_004s_numbers():
    model, _ = seed_network()  # after backward
    flow = nn.gradient_flow(model)
    w1_4 = [0.000438568, 0.000877135, 0.000497713, 0.000995425]  # seed 004: ∂E/∂w1 … ∂E/∂w4
    w5_8 = [0.082167041, 0.082667628, 0.022602540, 0.022740242]  # |∂E/∂w5| … |∂E/∂w8|
    assert flow.weight_grad == pytest.approx([sum(w1_4) / 4, sum(w5_8) / 4], abs=1e-9)
    assert flow.delta[1] == pytest.approx((0.741365 * 0.186816 + 0.217072 * 0.17551) / 2, abs=1e-6)
    assert flow.delta == pytest.approx([sum(abs(d) for d in ds) / len(ds) for ds in model.deltas()], abs=1e-15)
    assert "layer 2: mean |∂E/∂w| 0.0525" in repr(flow)


def test_sigmoid_deltas_shrink_by_at_most_a_quarter_times_the_weights_per_layer():
    """δ_l,k = σ'(net) Σ_j w_jk δ_l+1,j with σ' ≤ 1/4: each sigmoid edge carries at most 0.25."""
    model = MLP(4, [8] * 6 + [3], "sigmoid", init="xavier", seed=0)
    loss = nn.cross_entropy(model([0.5, -0.2, 0.1, 0.9]), 1)
    loss.backward()
    flow = nn.gradient_flow(model)
    for lower, upper in zip(model.layers[:-1], model.layers[1:]):
        for k, n in enumerate(lower.neurons):
            bound = 0.25 * sum(abs(m.w[k].data * m.net.grad) for m in upper.neurons)
            assert abs(n.net.grad) <= bound + 1e-18
    assert flow.delta[0] < flow.delta[-2] / 100  # six sigmoid layers: the first gets a hundredth or less


def test_gradient_flow_needs_a_forward_and_a_model_with_layers():
    with pytest.raises(RuntimeError, match="layer 1 has no forward call yet"):
        nn.gradient_flow(MLP(2, [3, 1], seed=0))
    with pytest.raises(TypeError, match="expects an nn.MLP"):
        nn.gradient_flow(nn.Neuron(2))
