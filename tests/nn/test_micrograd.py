"""chainrule against micrograd 0.1.0 on micrograd's own demo (moons, MLP(2, [16, 16, 1]), hinge + L2)."""

import random

import micrograd.engine
import micrograd.nn
import pytest

import autograd
import nn
from nn import MLP, SGD


def demo_loss(Value, model, X, y):
    """micrograd's demo.ipynb loss, verbatim but for the data: mean hinge + 1e-4 Σp² and accuracy."""
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    alpha = 1e-4
    reg_loss = alpha * sum(p * p for p in model.parameters())
    total_loss = data_loss + reg_loss
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
    return total_loss, sum(accuracy) / len(accuracy)


def fused_loss(model, X, y):
    return nn.hinge([model(x) for x in X], y) + nn.l2(model.parameters(), 1e-4)


def copy_of(theirs):
    """Our MLP with micrograd's weights, through explicit weights (relu hidden, linear output)."""
    weights = [[[w.data for w in n.w] for n in layer.neurons] for layer in theirs.layers]
    biases = [[n.b.data for n in layer.neurons] for layer in theirs.layers]
    return MLP.from_weights(weights, biases)


@pytest.fixture(scope="module")
def demo():
    X, y = nn.data.moons(100, noise=0.1, seed=1337, labels=(-1, 1))
    random.seed(1337)
    return X, y, micrograd.nn.MLP(2, [16, 16, 1])


def test_gradients_equal_micrograds_on_the_demo_loss(demo):
    X, y, theirs = demo
    ours = copy_of(theirs)
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    their_loss, their_acc = demo_loss(micrograd.engine.Value, theirs, X, y)
    theirs.zero_grad()
    their_loss.backward()
    loss = fused_loss(ours, X, y)
    loss.backward()
    assert loss.data == pytest.approx(their_loss.data, abs=1e-12)
    assert [p.grad for p in ours.parameters()] == pytest.approx([p.grad for p in theirs.parameters()], abs=1e-9)
    # and micrograd's own loss code, run on chainrule by changing the imports, agrees too
    ported = copy_of(theirs)
    ported_loss, ported_acc = demo_loss(autograd.Value, ported, X, y)
    ported_loss.backward()
    assert ported_acc == their_acc
    assert [p.grad for p in ported.parameters()] == pytest.approx([p.grad for p in theirs.parameters()], abs=1e-9)


def test_fit_follows_micrograds_training_loop(demo):
    """Three steps of micrograd's loop (lr = 1.0 − 0.9·k/100) on 30 points, against nn.fit."""
    X, y, theirs_full = demo
    X, y = X[:30], y[:30]
    theirs = micrograd.nn.MLP(2, [16, 16, 1])
    for p, q in zip(theirs.parameters(), theirs_full.parameters()):
        p.data = q.data
    ours = copy_of(theirs)
    their_losses = []
    for k in range(3):
        total_loss, _ = demo_loss(micrograd.engine.Value, theirs, X, y)
        theirs.zero_grad()
        total_loss.backward()
        for p in theirs.parameters():
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
        their_losses.append(total_loss.data)
    opt = SGD(ours.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
    history = nn.fit(ours, X, y, loss="hinge", l2=1e-4, optimizer=opt, epochs=3, verbose=False)
    assert history.loss == pytest.approx(their_losses, abs=1e-12)
    assert [p.data for p in ours.parameters()] == pytest.approx([p.data for p in theirs.parameters()], abs=1e-9)
