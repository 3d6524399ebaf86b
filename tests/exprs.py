"""Random expression programs evaluated both by chainrule and by PyTorch float64 (shared by tests).

Besides smooth ops the programs reach the points where a local derivative is 0 or infinite: ``mul0`` (x * 0.0),
``pow0`` (x ** 0), ``abs`` at exactly 0, ``sqrt0`` (x ** 0.5, allowed at exactly 0, where its derivative is
inf), ``relu_pow`` (relu(a) ** b: base 0 for a < 0) and the two-node steps ``relu_sqrt0`` and ``mul0_sqrt0``.
There an incoming inf meets an edge whose local derivative is 0: chainrule adds exactly 0 (its zero rule),
PyTorch's multiplication gives 0·inf = NaN except where PyTorch itself masks (relu at x <= 0, an exponent of 0);
tests/test_backward.py checks that this is the only difference.
"""

import math
import random

import torch
from hypothesis import strategies as st

import autograd
from autograd import Value

# op name -> (arity, chainrule fn, torch fn, domain check on the operand values)
OPS = {
    "add": (2, lambda a, b: a + b, lambda a, b: a + b, lambda a, b: True),
    "sub": (2, lambda a, b: a - b, lambda a, b: a - b, lambda a, b: True),
    "mul": (2, lambda a, b: a * b, lambda a, b: a * b, lambda a, b: True),
    "div": (2, lambda a, b: a / b, lambda a, b: a / b, lambda a, b: abs(b) > 0.1),
    "pow": (2, lambda a, b: a**b, lambda a, b: a**b, lambda a, b: 0.1 < a < 10 and abs(b) < 3),
    "neg": (1, lambda a: -a, lambda a: -a, lambda a: True),
    "sq": (1, lambda a: a**2, lambda a: a**2, lambda a: True),
    "cube": (1, lambda a: a**3, lambda a: a**3, lambda a: True),
    "sqrt": (1, lambda a: a**0.5, lambda a: a**0.5, lambda a: a > 0.1),
    "inv": (1, lambda a: a**-1, lambda a: a**-1, lambda a: abs(a) > 0.1),
    "exp": (1, lambda a: a.exp(), torch.exp, lambda a: a < 20),
    "log": (1, lambda a: a.log(), torch.log, lambda a: a > 0.1),
    "tanh": (1, lambda a: a.tanh(), torch.tanh, lambda a: True),
    "sigmoid": (1, lambda a: a.sigmoid(), torch.sigmoid, lambda a: True),
    "relu": (1, lambda a: a.relu(), torch.relu, lambda a: abs(a) > 1e-3),
    "sin": (1, lambda a: a.sin(), torch.sin, lambda a: True),
    "cos": (1, lambda a: a.cos(), torch.cos, lambda a: True),
    "abs": (1, abs, torch.abs, lambda a: a == 0 or abs(a) > 1e-3),  # at exactly 0 (x * 0.0, relu(−1)): edge 0
    # numbers folded into their op (one node, one edge): x + k, k + x, x − k, x * k, k * x, x / k, x ** k, k ** x
    "addk": (1, lambda a: a + 0.75, lambda a: a + 0.75, lambda a: True),
    "kadd": (1, lambda a: -1.25 + a, lambda a: -1.25 + a, lambda a: True),
    "subk": (1, lambda a: a - 0.5, lambda a: a - 0.5, lambda a: True),
    "mulk": (1, lambda a: a * -0.999, lambda a: a * -0.999, lambda a: True),
    "kmul": (1, lambda a: 3 * a, lambda a: 3 * a, lambda a: True),
    "divk": (1, lambda a: a / -2.0, lambda a: a / -2.0, lambda a: True),
    "powk": (1, lambda a: a**1.5, lambda a: a**1.5, lambda a: a == 0 or a > 0.01),
    "rpowk": (1, lambda a: 0.5**a, lambda a: 0.5**a, lambda a: abs(a) < 20),
    # where local derivatives are 0 or inf
    "mul0": (1, lambda a: a * 0.0, lambda a: a * 0.0, lambda a: True),
    "pow0": (1, lambda a: a**0, lambda a: a**0, lambda a: True),
    "sqrt0": (1, lambda a: a**0.5, lambda a: a**0.5, lambda a: a == 0 or a > 0.1),
    "relu_pow": (
        2,
        lambda a, b: a.relu() ** b,
        lambda a, b: torch.relu(a) ** b,
        lambda a, b: abs(a) > 1e-3 and (0 <= b < 3 if a < 0 else 0.1 < a < 10 and abs(b) < 3),
    ),
    "rsub": (1, lambda a: 2.5 - a, lambda a: 2.5 - a, lambda a: True),
    "rdiv": (1, lambda a: 1.5 / a, lambda a: 1.5 / a, lambda a: abs(a) > 0.1),
    "rpow": (1, lambda a: 1.7**a, lambda a: 1.7**a, lambda a: abs(a) < 20),
    "sum": (3, lambda a, b, c: autograd.sum([a, b, c, 0.5]), lambda a, b, c: a + b + c + 0.5, lambda a, b, c: True),
    "dot": (
        4,
        lambda a, b, c, d: autograd.dot([a, b], [c, d], 0.25),
        lambda a, b, c, d: a * c + b * d + 0.25,
        lambda a, b, c, d: True,
    ),
}

# steps of two nodes that put an edge of derivative 0 under the infinite derivative of 0 ** 0.5 (sqrt0 at exactly 0):
# relu of a negative (PyTorch masks it too: both give 0) and x * 0.0 (PyTorch gives 0·inf = NaN, chainrule 0).
# Random programs use them; the op-by-op tests, which compare each op with PyTorch at smooth points, do not.
ZERO_RULE_STEPS = {
    "relu_sqrt0": (1, lambda a: a.relu() ** 0.5, lambda a: torch.relu(a) ** 0.5, lambda a: abs(a) > 1e-3),
    "mul0_sqrt0": (1, lambda a: (a * 0.0) ** 0.5, lambda a: (a * 0.0) ** 0.5, lambda a: True),
}
STEPS = {**OPS, **ZERO_RULE_STEPS}
NAMES = sorted(STEPS)
leaf_values = st.floats(-3, 3, allow_nan=False).filter(lambda x: abs(x) > 1e-3)


@st.composite
def programs(draw):
    """Leaves and a list of (op, operand indices); operands pick earlier nodes, so subexpressions are reused."""
    leaves = draw(st.lists(leaf_values, min_size=1, max_size=4))
    steps = []
    for _ in range(draw(st.integers(1, 12))):
        name = draw(st.sampled_from(NAMES))
        size = len(leaves) + len(steps)
        steps.append((name, [draw(st.integers(0, size - 1)) for _ in range(STEPS[name][0])]))
    return leaves, steps


def random_program(rng: random.Random):
    """A program like those of ``programs()`` drawn from ``rng`` (a deterministic, seeded stream), except that
    an operand is the newest node half the time, so that steps chain and more of them reach the output."""
    leaves = [rng.choice((-1, 1)) * rng.uniform(1e-3, 3) for _ in range(rng.randint(1, 4))]
    steps = []
    for _ in range(rng.randint(1, 12)):
        name = rng.choice(NAMES)
        size = len(leaves) + len(steps)
        arity = STEPS[name][0]
        steps.append((name, [size - 1 if rng.random() < 0.5 else rng.randrange(size) for _ in range(arity)]))
    return leaves, steps


def at_base_zero(node: Value) -> bool:
    """A power (``x ** k`` or ``x ** y``) of base exactly 0: there a central difference steps to a negative base."""
    return node.op.startswith("**") and node.parents[0].data == 0.0


def run(program, make_leaf, pick):
    """Evaluate a program; returns (leaves, output) or None when an op is outside its domain."""
    leaves, steps = program
    nodes = [make_leaf(x) for x in leaves]
    for name, idx in steps:
        arity, f_cr, f_torch, ok = STEPS[name]
        args = [nodes[i] for i in idx]
        values = [float(a.data) if isinstance(a, Value) else float(a.detach()) for a in args]
        if not ok(*values):
            return None
        out = pick(f_cr, f_torch)(*args)
        value = out.data if isinstance(out, Value) else float(out.detach())
        if not math.isfinite(value) or abs(value) > 1e6:
            return None
        nodes.append(out)
    return nodes[: len(leaves)], nodes[-1]


def chainrule(program):
    return run(program, Value, lambda f_cr, f_torch: f_cr)


def torch_float64(program):
    return run(program, lambda x: torch.tensor(x, dtype=torch.float64, requires_grad=True), lambda f_cr, f_t: f_t)


# ----- comparing with PyTorch float64 -------------------------------------------------------------------
def t64(x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def same(a, b, rel=1e-14):
    """Equal up to ``rel`` (both NaN counts as equal; an infinity only equals itself)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)


def torch_second(f_torch, a):
    """(f'(a), f''(a)) from PyTorch, a second derivative through create_graph (0 where f' is constant)."""
    t = t64(a)
    (d,) = torch.autograd.grad(f_torch(t), [t], create_graph=True)
    if not d.requires_grad:
        return d.item(), 0.0
    (dd,) = torch.autograd.grad(d, [t], allow_unused=True)
    return d.item(), 0.0 if dd is None else dd.item()
