"""``recompute``: change leaves, recompute the same graph in place, and it holds what a graph rebuilt from scratch
holds, to the bit: every value, local derivative and gradient. Atomic on failure; ops it cannot redo are refused."""

import math
import random

import pytest

import autograd
import nn
from autograd import Op, Value, recompute, topological_order, zero_grad
from autograd.engine import new_node
from nn.demo import SEED_AFTER_STEP, seed_network


class Softplus(Op):
    """A user's op written with forward/derivatives."""

    name = "softplus"

    def forward(self, x):
        return math.log1p(math.exp(x))

    def derivatives(self, x, out):
        return (1 / (1 + math.exp(-x[0])),)


class Scaled(Op):
    """A user's op written with local only, two operands."""

    name = "scaled"

    def local(self, a, b):
        return 2.0 * a * b, 2.0 * b, 2.0 * a


def _pick(rng, pool, k=1):
    return [pool[rng.randrange(len(pool))] for _ in range(k)]


# name → (operands, how the node is made): every op of the engine, folded numbers on both sides, fused nodes,
# nn's losses and softmax, and two custom ops. Each keeps its operands in its domain for any leaf values.
OPS = {
    "add": (2, lambda a, b: a + b),
    "sub": (2, lambda a, b: a - b),
    "mul": (2, lambda a, b: a * b),
    "div": (2, lambda a, b: a / (b * b + 0.5)),
    "neg": (1, lambda a: -a),
    "abs": (1, lambda a: abs(a)),
    "pow_values": (2, lambda a, b: (a.sigmoid() + 0.5) ** b.tanh()),
    "pow_folded": (1, lambda a: a.tanh() ** 3),
    "rpow_folded": (1, lambda a: 2 ** a.tanh()),
    "sqrt": (1, lambda a: (a * a + 0.1) ** 0.5),
    "rsub_folded": (1, lambda a: 0.5 - a),
    "rdiv_folded": (1, lambda a: 3 / (a * a + 1)),
    "mul_folded": (1, lambda a: a * 1.5),
    "exp": (1, lambda a: a.tanh().exp()),
    "log": (1, lambda a: (abs(a) + 0.1).log()),
    "tanh": (1, lambda a: a.tanh()),
    "sigmoid": (1, lambda a: a.sigmoid()),
    "relu": (1, lambda a: a.relu()),
    "sin": (1, lambda a: a.sin()),
    "cos": (1, lambda a: a.cos()),
    "sum": (3, lambda a, b, c: autograd.sum([a, b, c, 0.25])),
    "dot_bias": (5, lambda w1, w2, x1, x2, b: autograd.dot([w1, w2], [x1, x2], b)),
    "dot": (4, lambda w1, w2, x1, x2: autograd.dot([w1, w2], [x1, x2])),
    "softplus": (1, lambda a: Softplus()(a.tanh())),
    "scaled": (2, lambda a, b: Scaled()(a, b)),
    "softmax": (3, lambda a, b, c: nn.softmax([a.tanh(), b, c])[1]),
}
BUILTIN = {name: op for name, op in OPS.items() if name not in ("softplus", "scaled")}  # no custom op
LOSSES = {
    "half_sse": (2, lambda a, b: nn.half_sse([a, b], [0.01, 0.99])),
    "mse": (2, lambda a, b: nn.mse([a, b], [0.5, -0.5])),
    "hinge": (2, lambda a, b: nn.hinge([a, b], [1, -1])),
    "bce": (2, lambda a, b: nn.binary_cross_entropy([a.sigmoid(), b.sigmoid()], [0.0, 1.0])),
    "bce_logits": (2, lambda a, b: nn.binary_cross_entropy_with_logits([a, b], [1.0, 0.3])),
    "l2": (3, lambda a, b, c: nn.l2([a, b, c], 1e-2)),
    "cross_entropy": (3, lambda a, b, c: nn.cross_entropy([a, b, c], 2)),
    "cross_entropy_rows": (4, lambda a, b, c, d: nn.cross_entropy([[a, b], [c, d]], [[0.2, 0.8], [1.0, 0.0]])),
}


def random_graph(seed: int, values: list[float], ops: dict = OPS) -> tuple[Value, list[Value]]:
    """A graph whose structure depends on ``seed`` only, with ``values`` at its leaves (the last two are fixed
    inputs): every op of OPS in a shuffled order plus random extras, then every loss, all summed into one root."""
    rng = random.Random(seed)
    leaves = [Value(x, f"p{k}") for k, x in enumerate(values[:-2])]
    leaves += [Value(x, f"i{k}", requires_grad=False) for k, x in enumerate(values[-2:])]
    pool = list(leaves)
    names = list(ops)
    rng.shuffle(names)
    names += rng.choices(list(ops), k=10)
    for name in names:
        arity, make = ops[name]
        pool.append(make(*_pick(rng, pool, arity)))
    losses = [make(*_pick(rng, pool[len(leaves) :], arity)) for arity, make in LOSSES.values()]
    root = autograd.sum(losses + pool[len(leaves) :])  # every node made feeds the root
    root.label = "root"
    return root, leaves


def leaf_values(rng: random.Random, n: int = 6) -> list[float]:
    return [rng.uniform(-2.0, 2.0) for _ in range(n)]


def numbers(root: Value) -> list[tuple]:
    """Every node's op, value, local derivatives and gradient, in topological order."""
    return [(v.op, v.data, v.local_grads, v.grad) for v in topological_order(root)]


@pytest.mark.parametrize("seed", range(40))
def test_recompute_equals_a_graph_rebuilt_from_scratch(seed):
    rng = random.Random(1000 + seed)
    root, leaves = random_graph(seed, leaf_values(rng))
    root.backward()
    nodes_before = topological_order(root)
    new = leaf_values(rng)
    for leaf, x in zip(leaves, new):
        leaf.data = x
    assert recompute(root) is root
    zero_grad(root)
    root.backward()
    fresh, _ = random_graph(seed, new)
    fresh.backward()
    assert topological_order(root) == nodes_before  # the same nodes, no new ones
    assert numbers(root) == numbers(fresh)  # exact: the same arithmetic in the same order


def test_every_op_is_covered():
    root, _ = random_graph(0, leaf_values(random.Random(0)))
    ops = {v.op for v in topological_order(root)}
    expected = {"+", "-", "*", "/", "neg", "abs", "**", "exp", "log", "tanh", "sigmoid", "relu", "sin", "cos"}
    expected |= {"sum", "dot", "softplus", "scaled", "softmax_2", "½Σ(t-y)²", "mse", "hinge", "bce", "bce_logits"}
    expected |= {"l2", "softmax_ce", "*1.5", "0.5-", "3/", "**3", "2**", "**0.5"}
    assert expected <= ops, expected - ops


def test_seed_network_trained_by_recompute_matches_mazur():
    model, E = seed_network()
    vocabulary = autograd.vocabulary(E)
    nn.SGD(model.parameters(), lr=0.5).step()
    recompute(E)
    weights = [p for p in model.parameters() if p.label.startswith("w")]
    assert [f"{w.data:.{len(s.split('.')[1])}f}" for w, s in zip(weights, SEED_AFTER_STEP)] == SEED_AFTER_STEP
    fresh_model, fresh_E = seed_network()  # rebuilt from the stepped weights: the same E to the bit
    for p, q in zip(fresh_model.parameters(), model.parameters()):
        p.data = q.data
    recompute(fresh_E)
    assert E.data == fresh_E.data and E.data < 0.298371109
    assert autograd.vocabulary(E).r_names == vocabulary.r_names  # the vocabulary's names survive


def _snapshot(root):
    return [(v, v.data, v._edges, v.grad) for v in topological_order(root)]


def test_a_failing_node_raises_its_ops_error_and_changes_nothing():
    x = Value(2.0, "x")
    y = (x * 3).exp()
    z = (x - 1).log()
    z.label = "ln"
    root = y + z + x.sin()
    root.backward()
    before = _snapshot(root)
    x.data = -1.0
    with pytest.raises(ValueError, match=r"log: input must be > 0, got -2\.0 .*node 'ln' made by op 'log'"):
        recompute(root)
    x.data = 2.0
    assert _snapshot(root) == before
    x.data = 300.0
    with pytest.raises(OverflowError, match=r"exp.*overflows.*no node was changed"):
        recompute(root)
    x.data = 2.0
    assert _snapshot(root) == before


def test_ops_that_cannot_be_recomputed_are_refused():
    class Frozen(Op):
        name = "frozen"
        recomputable = False

        def local(self, a):
            return a, 1.0

    class Opaque(Op):
        name = "opaque"

    x = Value(1.0, "x")
    y = Frozen()(x)
    y.label = "y"
    with pytest.raises(TypeError, match=r"node 'y' was made by op 'frozen', which cannot be recomputed"):
        recompute(y * 2)
    hand_made = new_node(5.0, (x, 1.0), Opaque())  # a node built by hand with an op that cannot compute
    before = _snapshot(hand_made)
    with pytest.raises(TypeError, match=r"Opaque defines neither local\(\) nor forward\(\)"):
        recompute(hand_made)
    assert _snapshot(hand_made) == before
    with pytest.raises(TypeError, match="recompute needs a Value"):
        recompute(1.0)


def test_a_leaf_recomputes_to_itself():
    x = Value(3.0)
    assert recompute(x) is x and x.data == 3.0
