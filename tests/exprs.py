"""Random expression programs evaluated both by chainrule and by PyTorch float64 (shared by tests)."""

import math

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

leaf_values = st.floats(-3, 3, allow_nan=False).filter(lambda x: abs(x) > 1e-3)


@st.composite
def programs(draw):
    """Leaves and a list of (op, operand indices); operands pick earlier nodes, so subexpressions are reused."""
    leaves = draw(st.lists(leaf_values, min_size=1, max_size=4))
    steps = []
    for _ in range(draw(st.integers(1, 12))):
        name = draw(st.sampled_from(sorted(OPS)))
        size = len(leaves) + len(steps)
        steps.append((name, [draw(st.integers(0, size - 1)) for _ in range(OPS[name][0])]))
    return leaves, steps


def run(program, make_leaf, pick):
    """Evaluate a program; returns (leaves, output) or None when an op is outside its domain."""
    leaves, steps = program
    nodes = [make_leaf(x) for x in leaves]
    for name, idx in steps:
        arity, f_cr, f_torch, ok = OPS[name]
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
