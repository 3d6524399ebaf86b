import pytest
import torch

import nn
from nn import MLP

X = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
Y = [2, 0]


def _ours(model):
    model.zero_grad()
    loss = nn.cross_entropy([model(x) for x in X], Y)
    loss.backward()
    return loss.data, [p.grad for p in model.parameters()]


def _theirs(seq):
    seq.zero_grad()
    loss = torch.nn.functional.cross_entropy(seq(torch.tensor(X, dtype=torch.float64)), torch.tensor(Y))
    loss.backward()
    grads = [g for m in seq if isinstance(m, torch.nn.Linear) for g in _linear_grads(m)]
    return loss.item(), grads


def _linear_grads(m):
    """Per neuron: its weights' grads then its bias's, the order of model.parameters()."""
    for j in range(m.out_features):
        yield from m.weight.grad[j].tolist()
        if m.bias is not None:
            yield m.bias.grad[j].item()


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_to_torch_gives_the_same_loss_and_gradients(activation):
    model = MLP(3, [4, 5, 3], activation, seed=2)
    seq = model.to_torch()
    assert [type(m).__name__ for m in seq][1] == {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}[activation]
    ours, theirs = _ours(model), _theirs(seq)
    assert ours[0] == pytest.approx(theirs[0], abs=1e-12)
    assert len(ours[1]) == len(theirs[1]) == 4 * 4 + 5 * 5 + 6 * 3
    assert max(abs(a - b) for a, b in zip(ours[1], theirs[1])) < 1e-12


def test_from_torch_gives_the_same_loss_and_gradients():
    torch.manual_seed(0)
    seq = torch.nn.Sequential(
        torch.nn.Linear(3, 6), torch.nn.Tanh(), torch.nn.Linear(6, 4, bias=False), torch.nn.Tanh(),
        torch.nn.Linear(4, 3), torch.nn.Identity(),
    ).double()  # fmt: skip
    model = MLP.from_torch(seq)
    assert repr(model) == "MLP(3 → 6 tanh → 4 tanh → 3 linear)"
    assert all(n.b is None for n in model.layers[1].neurons)
    ours, theirs = _ours(model), _theirs(seq)
    assert ours[0] == pytest.approx(theirs[0], abs=1e-12)
    assert max(abs(a - b) for a, b in zip(ours[1], theirs[1])) < 1e-12
    assert MLP.from_torch(model.to_torch()).state_dict() == model.state_dict()


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        ([torch.nn.Linear(2, 2), torch.nn.Dropout()], "module 1 is Dropout"),
        ([torch.nn.ReLU(), torch.nn.Linear(2, 2)], "must follow a Linear"),
        ([torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)],
         "one hidden activation"),
        ([torch.nn.Linear(2, 3), torch.nn.Linear(4, 1)], "takes 4 inputs after 3"),
        ([], "no Linear layer"),
    ],
)  # fmt: skip
def test_from_torch_names_what_an_mlp_cannot_hold(modules, message):
    with pytest.raises(ValueError, match=message):
        MLP.from_torch(torch.nn.Sequential(*modules))
    with pytest.raises(TypeError, match="expects a torch.nn.Sequential"):
        MLP.from_torch(torch.nn.Linear(2, 2))


def test_to_torch_refuses_a_shared_bias():
    model = MLP.from_weights([[[0.15, 0.2], [0.25, 0.3]]], [0.35], "sigmoid", "sigmoid")
    with pytest.raises(ValueError, match="one bias shared by its neurons"):
        model.to_torch()
