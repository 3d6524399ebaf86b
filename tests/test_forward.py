"""Forward mode (jvp, jacobian, hessian) against PyTorch float64, central differences, JAX's documented example
and by hand; its counts on the seeds' network and micrograd's MLP; its errors."""

import math
import random

import pytest
import torch
from torch.autograd.functional import hessian as torch_hessian
from torch.autograd.functional import jacobian as torch_jacobian

import autograd
import nn
from autograd import Value, grad, hessian, jacobian, jvp
from nn.demo import seed_network
from tests.exprs import OPS, chainrule, random_program, same

# every op and fused node of tests/exprs.py but those whose point is a derivative of 0 meeting one of inf there
# (chainrule's zero rule gives 0 where PyTorch gives NaN: tests/test_backward.py covers that difference)
SMOOTH = {k: v for k, v in OPS.items() if k not in ("mul0", "pow0", "sqrt0", "relu_pow")}


def replay(program, leaves):
    """Evaluate ``program`` on the given leaves (Values or 0-d tensors); None when an op leaves its domain."""
    _, steps = program
    nodes = list(leaves)
    for name, idx in steps:
        arity, f_cr, f_torch, ok = SMOOTH[name]
        args = [nodes[i] for i in idx]
        if not ok(*(float(a.data) if isinstance(a, Value) else a.item() for a in args)):
            return None
        out = (f_cr if isinstance(args[0], Value) else f_torch)(*args)
        value = out.data if isinstance(out, Value) else out.item()
        if not math.isfinite(value) or abs(value) > 1e4:
            return None
        nodes.append(out)
    return nodes


def smooth_program(rng):
    while True:
        leaves, steps = random_program(rng)
        if all(name in SMOOTH for name, _ in steps):
            return leaves, steps


def programs(count, seed):
    rng, found = random.Random(seed), []
    while len(found) < count:
        program = smooth_program(rng)
        nodes = replay(program, [Value(x) for x in program[0]])
        if nodes is not None:
            found.append((program, nodes))
    return found


def close(a, b, rel=1e-10):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-10)


def assert_matrix(ours, theirs, rel=1e-10):
    assert len(ours) == len(theirs) and all(len(r) == len(t) for r, t in zip(ours, theirs))
    for r, t in zip(ours, theirs):
        assert all(close(a, b, rel) for a, b in zip(r, t)), (ours, theirs)


def torch_outputs(program, k):
    """The last ``k`` nodes of the program as a function of its leaves, for torch.autograd.functional."""

    def f(*xs):
        return torch.stack(replay(program, xs)[-k:])

    return f


@pytest.mark.parametrize("mode", ["forward", "reverse"])
@pytest.mark.parametrize("seed", range(4))
def test_jacobian_of_random_graphs_over_every_op_matches_torch(mode, seed):
    for program, nodes in programs(25, seed):
        leaves, k = nodes[: len(program[0])], min(3, len(program[1]))
        J = jacobian(nodes[-k:], leaves, mode=mode, allow_unused=True)
        t = torch_jacobian(torch_outputs(program, k), tuple(torch.tensor(x, dtype=torch.float64) for x in program[0]))
        assert_matrix(J, [[float(t[j][i]) for j in range(len(leaves))] for i in range(k)])
        assert J.cost.mode == mode and J.cost.passes == (len(leaves) if mode == "forward" else k)


def torch_last(program, free):
    """The program's output as a function of the leaves numbered ``free``, the others held at their values."""

    def f(*xs):
        given = [torch.tensor(x, dtype=torch.float64) for x in program[0]]
        for i, x in zip(free, xs):
            given[i] = x
        return replay(program, given)[-1]

    return f


@pytest.mark.parametrize("seed", range(4))
def test_hessian_of_random_graphs_over_every_op_matches_torch(seed):
    for program, nodes in programs(20, 100 + seed):
        leaves = nodes[: len(program[0])]
        if nodes[-1] in leaves:
            continue
        used = [x for x in leaves if x in autograd.topological_order(nodes[-1])]
        H = hessian(nodes[-1], used)
        at = [torch.tensor(x.data, dtype=torch.float64) for x in used]
        f = torch_last(program, [leaves.index(u) for u in used])
        t = torch_hessian(f, tuple(at))
        assert_matrix(H, [[float(t[i][j]) for j in range(len(used))] for i in range(len(used))], rel=1e-9)
        assert H.cost.passes == 1 + len(used)


@pytest.mark.parametrize("seed", range(3))
def test_jvp_matches_central_differences_and_the_jacobian(seed):
    rng = random.Random(seed)
    for program, nodes in programs(20, 200 + seed):
        leaves, out = nodes[: len(program[0])], nodes[-1]
        v = [rng.uniform(-1, 1) for _ in leaves]
        (d,) = jvp(out, leaves, v, allow_unused=True)
        row = jacobian(out, leaves, allow_unused=True)[0]
        assert close(d, sum(a * b for a, b in zip(row, v)), 1e-9)
        h = 1e-6
        ends = [replay(program, [Value(x + s * h * vi) for x, vi in zip(program[0], v)]) for s in (1, -1)]
        if all(e is not None for e in ends):
            numeric = (ends[0][-1].data - ends[1][-1].data) / (2 * h)
            assert math.isclose(d, numeric, rel_tol=1e-4, abs_tol=1e-5), (d, numeric, program)


def test_jax_documented_example():
    """JAX's jacfwd/jacrev example: f(x) = [x0, 5·x2, 4·x1² − 2·x2, x2·sin(x0)] at x = [1, 2, 3]."""
    x = [Value(1.0), Value(2.0), Value(3.0)]
    f = [x[0], 5 * x[2], 4 * x[1] ** 2 - 2 * x[2], x[2] * x[0].sin()]
    expected = [[1, 0, 0], [0, 0, 5], [0, 16, -2], [3 * math.cos(1), 0, math.sin(1)]]
    for mode in ("forward", "reverse"):
        assert_matrix(jacobian(f, x, mode=mode), expected, rel=1e-15)
    assert jacobian(f, x, mode="forward").cost.passes == 3 and jacobian(f, x).cost.passes == 4


def test_counts_on_a_neuron_by_hand():
    """out = tanh(w·x + b): forward from x crosses x→mul, mul→add, add→tanh; from b only two edges."""
    x, w, b = Value(0.5, "x"), Value(0.8, "w"), Value(-0.1, "b")
    out = (w * x + b).tanh()
    assert jvp(out, x, 1.0).cost == (("forward", 1, 3))
    assert jvp(out, b, 1.0).cost.multiplications == 2
    assert jacobian(out, [x, w, b], mode="forward").cost == ("forward", 3, 8)
    assert jacobian(out, [x, w, b]).cost == ("reverse", 1, 5)
    assert str(jacobian(out, [x, w, b]).cost) == "1 reverse pass, 5 edge multiplications"
    assert (x.grad, w.grad, b.grad, out.grad) == (0.0, 0.0, 0.0, 0.0)  # neither mode touches .grad


def test_seed_network_full_gradient_one_reverse_pass_eight_forward_passes():
    model, E = seed_network()
    weights = [p for p in model.parameters() if p.requires_grad]
    assert [w.label for w in weights] == [f"w{k}" for k in range(1, 9)]
    reverse, forward = jacobian(E, weights), jacobian(E, weights, mode="forward")
    assert_matrix(forward, [[w.grad for w in weights]], rel=1e-14)
    assert_matrix(reverse, [[w.grad for w in weights]], rel=1e-14)
    # one reverse pass crosses each of seed 004's 18 numbered edges once (R1…R20 less the totals R13, R14);
    # a forward pass from w5…w8 crosses 3 edges, from w1…w4 eight: 4·3 + 4·8
    assert reverse.cost == ("reverse", 1, 18) and autograd.cost(E, weights) == reverse.cost
    assert forward.cost == ("forward", 8, 44) and autograd.cost(E, weights, "forward") == forward.cost
    assert len(autograd.vocabulary(E).items) - len(autograd.vocabulary(E).totals) == 18


def test_mlp_full_gradient_takes_337_forward_passes():
    mlp = nn.MLP(2, [16, 16, 1], seed=0)
    loss = nn.hinge([mlp([0.5, -1.0])], [1])
    params = mlp.parameters()
    loss.backward()
    forward = jacobian(loss, params, mode="forward")
    reverse = jacobian(loss, params)
    assert forward.cost.passes == len(params) == 337 and reverse.cost.passes == 1
    assert forward.cost.multiplications > 5 * reverse.cost.multiplications
    assert_matrix(forward, [[p.grad for p in params]], rel=1e-12)
    assert_matrix(reverse, [[p.grad for p in params]], rel=1e-12)


def test_softmax_jacobian_is_seed_003s():
    """Seed 003: ∂ŷᵢ/∂zⱼ = ŷᵢ(1 − ŷᵢ) on the diagonal, −ŷᵢŷⱼ off it; and as PyTorch's."""
    z = [Value(v) for v in (2.0, 1.0, 0.1)]
    y = nn.softmax(z)
    by_hand = [[yi.data * ((i == j) - yj.data) for j, yj in enumerate(y)] for i, yi in enumerate(y)]
    t = torch_jacobian(lambda zz: torch.softmax(zz, 0), torch.tensor([2.0, 1.0, 0.1], dtype=torch.float64))
    for mode in ("forward", "reverse"):
        assert_matrix(jacobian(y, z, mode=mode), by_hand, rel=1e-15)
        assert_matrix(jacobian(y, z, mode=mode), t.tolist(), rel=1e-14)


LOSSES = {  # name -> (chainrule loss of the outputs, PyTorch's), targets fixed
    "half_sse": (
        lambda y: nn.half_sse(y, [0.01, 0.99, 0.5]),
        lambda y: 0.5 * ((torch.tensor([0.01, 0.99, 0.5]) - y) ** 2).sum(),
    ),
    "mse": (lambda y: nn.mse(y, [0.01, 0.99, 0.5]), lambda y: ((y - torch.tensor([0.01, 0.99, 0.5])) ** 2).mean()),
    "cross_entropy": (
        lambda y: nn.cross_entropy(y, 1),
        lambda y: torch.nn.functional.cross_entropy(y[None], torch.tensor([1])),
    ),
    "binary_cross_entropy_with_logits": (
        lambda y: nn.binary_cross_entropy_with_logits(y, [1, 0, 1]),
        lambda y: torch.nn.functional.binary_cross_entropy_with_logits(y, torch.tensor([1.0, 0.0, 1.0])),
    ),
    "binary_cross_entropy": (
        lambda y: nn.binary_cross_entropy([v.sigmoid() for v in y], [1, 0, 1]),
        lambda y: torch.nn.functional.binary_cross_entropy(torch.sigmoid(y), torch.tensor([1.0, 0.0, 1.0])),
    ),
    "hinge": (lambda y: nn.hinge(y, [1, -1, 1]), lambda y: torch.relu(1 - torch.tensor([1.0, -1.0, 1.0]) * y).mean()),
    "l2": (lambda y: nn.l2(y, 0.3), lambda y: 0.3 * (y**2).sum()),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_losses_gradient_and_hessian_through_a_layer_match_torch(name):
    """A dot layer then the loss (fused nodes and one-node losses): gradient both ways and the Hessian."""
    ours, theirs = LOSSES[name]
    w = [Value(v) for v in (0.3, -0.8, 0.5, 0.9, -0.2, 0.4)]
    x = [0.7, -1.1]
    logits = [autograd.dot(w[2 * i : 2 * i + 2], x, 0.1 * i) for i in range(3)]
    loss = ours(logits)
    tw = torch.tensor([v.data for v in w], dtype=torch.float64)

    def f(ws):
        layer = torch.stack([ws[2 * i] * x[0] + ws[2 * i + 1] * x[1] + 0.1 * i for i in range(3)])
        return theirs(layer.double())

    torch.set_default_dtype(torch.float64)
    try:
        g, H = torch_jacobian(f, tw), torch_hessian(f, tw)
    finally:
        torch.set_default_dtype(torch.float32)
    for mode in ("forward", "reverse"):
        assert_matrix(jacobian(loss, w, mode=mode), [g.tolist()], rel=1e-12)
    assert_matrix(hessian(loss, w), H.tolist(), rel=1e-10)


def test_forward_over_reverse_and_reverse_over_forward_give_hessian_vector_products():
    x, y = Value(0.7, "x"), Value(-1.3, "y")
    f = (x * y).sin() + x**3 * y.exp() + autograd.dot([x, y], [y, y], 0.5).tanh()
    v = [0.4, -2.0]
    H = hessian(f, [x, y])
    hv = [sum(H[i][j] * v[j] for j in range(2)) for i in range(2)]
    g = grad(f, [x, y], create_graph=True)
    assert all(close(a, b, 1e-13) for a, b in zip(jvp(list(g), [x, y], v), hv))  # forward over reverse
    (d,) = jvp(f, [x, y], v, create_graph=True)
    assert isinstance(d, Value)
    assert all(close(a, b, 1e-13) for a, b in zip(grad(d, [x, y]), hv))  # reverse over forward
    (dd,) = jvp(d, [x, y], v)
    assert close(dd, sum(v[i] * hv[i] for i in range(2)), 1e-13)  # vᵀHv, forward over forward
    t = torch.tensor([0.7, -1.3], dtype=torch.float64)
    th = torch_hessian(
        lambda a: torch.sin(a[0] * a[1]) + a[0] ** 3 * torch.exp(a[1]) + torch.tanh(a[0] * a[1] + a[1] * a[1] + 0.5), t
    )
    assert_matrix(H, th.tolist(), rel=1e-13)
    Hv = hessian(f, [x, y], create_graph=True)
    assert all(isinstance(h, Value) for row in Hv for h in row)
    assert_matrix([[h.data for h in row] for row in Hv], H, rel=1e-15)


def test_seed_hessian_of_e_total_in_w5_w6_against_differences_of_the_gradient():
    model, E = seed_network()
    weights = {p.label: p for p in model.parameters()}
    w5, w6 = weights["w5"], weights["w6"]
    H = hessian(E, [w5, w6])
    h = 1e-6
    for j, w in enumerate((w5, w6)):
        ends = []
        for s in (1, -1):
            w.data += s * h
            _, E2 = seed_network_at(model)
            ends.append(grad(E2, [w5, w6]))
            w.data -= s * h
        for i in range(2):
            assert math.isclose(H[i][j], (ends[0][i] - ends[1][i]) / (2 * h), rel_tol=1e-6)
    assert close(H[0][1], H[1][0], 1e-13)


def seed_network_at(model):
    inputs = [Value(0.05, requires_grad=False), Value(0.10, requires_grad=False)]
    return model, nn.half_sse(model(inputs), [0.01, 0.99])


def test_an_interior_input_and_a_repeated_one():
    x = Value(1.5)
    u = x * x
    y = u.sin()
    (d,) = jvp(y, u, 1.0)
    assert close(d, math.cos(2.25), 1e-15)
    (d2,) = jvp(y, [x, x], [1.0, 2.0])
    assert close(d2, 3 * math.cos(2.25) * 3.0, 1e-15)
    assert jvp(x, x, 2.0) == (2.0,)


def test_bad_input_gets_clear_errors():
    x, w = Value(1.0, "x"), Value(2.0, "w")
    y = x * 3
    with pytest.raises(ValueError, match=r"jvp: 1 tangent for 2 inputs"):
        jvp(y, [x, w], [1.0])
    with pytest.raises(ValueError, match=r"jvp: 3 tangents for 1 input$"):
        jvp(y, [x], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"input 1 'w' is not in the graph of the outputs.*allow_unused=True"):
        jvp(y, [x, w], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"jacobian: input 0 'w' is not in the graph"):
        jacobian(y, [w], mode="forward")
    with pytest.raises(ValueError, match=r"hessian: input 0 'w' is not in the graph"):
        hessian(y, [w])
    assert jvp(y, [x, w], [1.0, 1.0], allow_unused=True) == (3.0,)
    with pytest.raises(TypeError, match=r"jvp needs Values as its outputs, and output 1, got float: 0.84.*v.sin\(\)"):
        jvp([y, math.sin(x)], [x], [1.0])
    with pytest.raises(TypeError, match=r"jacobian needs a Value or a list of Values as its outputs, got str"):
        jacobian("y", [x])
    with pytest.raises(TypeError, match=r"hessian needs a Value as its output, got list"):
        hessian([y], [x])
    with pytest.raises(TypeError, match=r"jvp: tangent 0 must be a number or a Value, got str"):
        jvp(y, [x], ["1"])
    with pytest.raises(TypeError, match=r"jvp: tangents must be a number or a list of numbers, got NoneType"):
        jvp(y, [x], None)
    with pytest.raises(ValueError, match=r"mode must be 'reverse' or 'forward', got 'sideways'"):
        jacobian(y, [x], mode="sideways")
    with pytest.raises(ValueError, match=r"jacobian: needs at least one Value in its inputs"):
        jacobian(y, [])


def agree(a, b):
    """The same NaN or infinity, or equal to rounding (a sum that cancels to ~1e-17 may differ in its last bits)."""
    finite = math.isfinite(a) and math.isfinite(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) if finite else same(a, b)


@pytest.mark.parametrize("seed", range(3))
def test_forward_mode_keeps_the_zero_rule_as_backward_does(seed):
    """On programs over every step of tests/exprs.py, zero-rule steps included (a 0 edge under an infinite one),
    forward mode gives exactly what grad gives: an edge whose local derivative is 0 adds 0, whatever arrives."""
    rng, compared = random.Random(300 + seed), 0
    while compared < 40:
        ran = chainrule(random_program(rng))
        if ran is None:
            continue
        leaves, out = ran
        reverse = grad(out, leaves)
        for got in (
            jacobian(out, leaves, mode="forward", allow_unused=True)[0],
            jacobian(out, leaves, allow_unused=True)[0],
        ):
            assert all(agree(a, b) for a, b in zip(got, reverse)), (got, reverse)
        compared += 1
    x = Value(-1.0)
    assert jvp(x.relu() ** 0.5, x, 1.0) == (0.0,) and jvp((x * 0.0) ** 0.5, x, 1.0) == (0.0,)


def test_anomaly_mode_names_the_node_op_and_operand_of_a_non_finite_tangent_as_backward_does():
    x = Value(0.0, "x")
    r = x**0.5  # ∂r/∂x = 0.5 / √0 = inf
    r.label = "r"
    y = r.tanh()
    assert jvp(y, x, 1.0) == (math.inf,) and jacobian(y, x, mode="forward") == [[math.inf]]  # outside: no check
    with autograd.detect_anomaly():
        with pytest.raises(FloatingPointError) as backward:
            y.backward()
        for forward in (lambda: jvp(y, x, 1.0), lambda: jacobian(y, [x], mode="forward")):
            with pytest.raises(FloatingPointError) as info:
                forward()
            assert str(info.value) == (
                "anomaly: forward mode through node 'r' made by op '**0.5' gave inf from its operand 0 (x): "
                "local derivative inf × tangent 1.0"
            )
            said = str(backward.value).replace("backward through", "forward mode through").replace(" toward ", " from ")
            assert str(info.value) == said.replace("× grad", "× tangent")  # backward's words, read upward
        with pytest.raises(FloatingPointError) as reverse:
            jacobian(y, [x])  # a reverse pass: backward's message itself
        assert str(reverse.value) == str(backward.value)
        with pytest.raises(
            FloatingPointError, match=r"node \(unlabelled\) made by op '\*\*-0\.5' computed inf from x=0"
        ):
            jvp(y, x, 1.0, create_graph=True)  # tangents as Values: the derivative's own node is caught when made
    assert jvp(y, x, 1.0) == (math.inf,) and x.grad == 0.0  # outside the block again: no check


def test_anomaly_mode_names_the_operand_whose_term_overflowed_and_other_non_finite_tangents():
    a, b = Value(1e300, "a"), Value(1e-300, "b")
    z = a * b
    z.label = "z"
    s = z * 1e307 + z * 1e307  # two finite terms of 1e307 · 10 that add up to inf
    assert jvp(z, b, 1e10) == (math.inf,) and jvp(s, z, 10.0) == (math.inf,)
    with autograd.detect_anomaly():
        assert jvp(z, b, 1.0) == (1e300,)  # finite: nothing to report
        with pytest.raises(FloatingPointError) as info:
            jvp(z, b, 1e10)
        assert str(info.value) == (
            "anomaly: forward mode through node 'z' made by op '*' gave inf from its operand 1 (b): "
            "local derivative 1e+300 × tangent 10000000000.0"
        )
        with pytest.raises(FloatingPointError, match=r"made by op '\+' the tangent inf: its finite terms overflowed$"):
            jvp(s, z, 10.0)
        with pytest.raises(
            FloatingPointError, match=r"^anomaly: forward mode was given the tangent nan for input 'b'$"
        ):
            jvp(z, b, math.nan)
    assert math.isnan(jvp(z, b, math.nan)[0])
