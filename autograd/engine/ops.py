"""Operations: for each, its value, its local derivatives and their formulas.

A node keeps a reference to the (shared) ``Op`` that made it. Renderers read ``op.name``,
``gradcheck`` recomputes ``op.forward`` to check each edge, ``grad(create_graph=True)`` asks for
``derivative_values`` and explanations for ``formulas``. Subclass ``Op`` to add your own operation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .value import Value

Derivative = Any  # a Value, or a plain float for a constant local derivative


class Op:
    """Base class of every operation; ``Op()(*operands)`` builds a node through ``forward``."""

    name = "op"

    def forward(self, *x: float) -> float:
        """The node's value from its operands' values."""
        raise NotImplementedError(f"op {self.name!r} does not define forward()")

    def derivatives(self, x: tuple[float, ...], out: float) -> tuple[float, ...]:
        """∂out/∂xᵢ for every operand, as floats: the numbers stored on the node's edges."""
        raise NotImplementedError(f"op {self.name!r} does not define derivatives()")

    def derivative_values(self, parents: tuple[Value, ...], out: Value) -> tuple[Derivative, ...]:
        """The same derivatives built from Values, so they can be differentiated again."""
        raise NotImplementedError(
            f"op {self.name!r} does not define derivative_values(); grad(create_graph=True) needs it"
        )

    def formulas(self, names: Sequence[str], out: str) -> tuple[str, ...]:
        """Each local derivative written with the operands' names (``out`` names the node)."""
        return tuple(f"∂{out}/∂{n}" for n in names)

    def __call__(self, *operands: Any) -> Value:
        from .value import apply

        return apply(self, operands)

    def __repr__(self) -> str:
        return f"<op {self.name}>"


class Add(Op):
    name = "+"

    def forward(self, a, b):
        return a + b

    def derivatives(self, x, out):
        return (1.0, 1.0)

    def derivative_values(self, parents, out):
        return (1.0, 1.0)

    def formulas(self, names, out):
        return ("1", "1")


class Sub(Op):
    name = "-"

    def forward(self, a, b):
        return a - b

    def derivatives(self, x, out):
        return (1.0, -1.0)

    def derivative_values(self, parents, out):
        return (1.0, -1.0)

    def formulas(self, names, out):
        return ("1", "-1")


class Mul(Op):
    name = "*"

    def forward(self, a, b):
        return a * b

    def derivatives(self, x, out):
        return (x[1], x[0])

    def derivative_values(self, parents, out):
        return (parents[1], parents[0])

    def formulas(self, names, out):
        return (names[1], names[0])


class Div(Op):
    name = "/"

    def forward(self, a, b):
        return a / b

    def derivatives(self, x, out):
        a, b = x
        return (1.0 / b, -a / (b * b) if b * b else -(a / b) / b)

    def derivative_values(self, parents, out):
        return (1.0 / parents[1], -out / parents[1])

    def formulas(self, names, out):
        return (f"1/{names[1]}", f"-{names[0]}/{names[1]}²")


class Neg(Op):
    name = "neg"

    def forward(self, a):
        return -a

    def derivatives(self, x, out):
        return (-1.0,)

    def derivative_values(self, parents, out):
        return (-1.0,)

    def formulas(self, names, out):
        return ("-1",)


def pow_derivative(base: float, k: float) -> float:
    """k·base^(k−1), with the limits PyTorch uses at base 0 (0 for k = 0, inf for 0 < k < 1) and ±inf
    where base^(k−1) overflows a float (x**-1 at x = 1e-200) although base^k does not."""
    if k == 0.0:
        return 0.0
    if base == 0.0 and k < 1.0:
        return math.inf
    try:
        return k * base ** (k - 1.0)
    except OverflowError:
        odd = base < 0.0 and (k - 1.0) % 2.0 == 1.0  # a negative base only gets here with an integer power
        return -k * math.inf if odd else k * math.inf


def log_derivative_of_pow(base: float, out: float) -> float:
    """∂(base^b)/∂b = base^b·ln(base); 0 at base 0 and NaN for a negative base, as PyTorch."""
    if base > 0.0:
        return out * math.log(base)
    return 0.0 if base == 0.0 else math.nan


class PowConst(Op):
    """``x ** k`` for a constant number ``k``: one edge, k·x^(k−1). Get one with ``pow_const(k)``."""

    def __init__(self, k: float):
        self.k = k
        self.name = f"**{k:g}"

    def forward(self, a):
        return a**self.k

    def derivatives(self, x, out):
        return (pow_derivative(x[0], self.k),)

    def derivative_values(self, parents, out):
        k = self.k
        if k == 0.0:
            return (0.0,)
        if k == 1.0:
            return (1.0,)
        if parents[0].data == 0.0 and k < 1.0:
            return (pow_derivative(0.0, k),)  # inf at 0, as backward and PyTorch (x^(k−1) has no value there)
        return (k * parents[0] ** (k - 1.0),)

    def formulas(self, names, out):
        k = self.k
        if k == 2.0:
            return (f"2·{names[0]}",)
        return (f"{k:g}·{names[0]}^{k - 1:g}",)


@lru_cache(maxsize=256)
def pow_const(k: float) -> PowConst:
    """The shared ``PowConst`` for exponent ``k`` (nodes of ``x**2`` all point at one op)."""
    return PowConst(k)


class Pow(Op):
    """``a ** b`` with both operands Values: edges b·a^(b−1) and a^b·ln a."""

    name = "**"

    def forward(self, a, b):
        return a**b

    def derivatives(self, x, out):
        return (pow_derivative(x[0], x[1]), log_derivative_of_pow(x[0], out))

    def derivative_values(self, parents, out):
        a, b = parents
        if a.data > 0.0:
            dexp = out * a.log()
        else:
            dexp = log_derivative_of_pow(a.data, out.data)
        if a.data == 0.0 and b.data < 1.0:
            return (pow_derivative(0.0, b.data), dexp)  # 0 or inf at base 0, as backward
        return (b * a ** (b - 1.0), dexp)

    def formulas(self, names, out):
        a, b = names
        return (f"{b}·{a}^({b} - 1)", f"{out}·ln {a}")


class Exp(Op):
    name = "exp"

    def forward(self, a):
        return math.exp(a)

    def derivatives(self, x, out):
        return (out,)

    def derivative_values(self, parents, out):
        return (out,)

    def formulas(self, names, out):
        return (out,)


class Log(Op):
    name = "log"

    def forward(self, a):
        return math.log(a)

    def derivatives(self, x, out):
        return (1.0 / x[0],)

    def derivative_values(self, parents, out):
        return (1.0 / parents[0],)

    def formulas(self, names, out):
        return (f"1/{names[0]}",)


class Tanh(Op):
    name = "tanh"

    def forward(self, a):
        return math.tanh(a)

    def derivatives(self, x, out):
        return (1.0 - out * out,)

    def derivative_values(self, parents, out):
        return (1.0 - out * out,)

    def formulas(self, names, out):
        return (f"1 - {out}²",)


def sigmoid(x: float) -> float:
    """1/(1 + e^−x) computed without overflow for any finite x."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class Sigmoid(Op):
    name = "sigmoid"

    def forward(self, a):
        return sigmoid(a)

    def derivatives(self, x, out):
        return (out * (1.0 - out),)

    def derivative_values(self, parents, out):
        return (out * (1.0 - out),)

    def formulas(self, names, out):
        return (f"{out}·(1 - {out})",)


class Relu(Op):
    name = "relu"

    def forward(self, a):
        return a if a > 0.0 else 0.0

    def derivatives(self, x, out):
        return (1.0 if x[0] > 0.0 else 0.0,)

    def derivative_values(self, parents, out):
        return (1.0 if parents[0].data > 0.0 else 0.0,)

    def formulas(self, names, out):
        return (f"[{names[0]} > 0]",)


class Sum(Op):
    """Σ xᵢ as one node: every edge carries 1."""

    name = "sum"

    def forward(self, *x):
        return sum(x)

    def derivatives(self, x, out):
        return (1.0,) * len(x)

    def derivative_values(self, parents, out):
        return (1.0,) * len(parents)

    def formulas(self, names, out):
        return ("1",) * len(names)


class Dot(Op):
    """Σ wᵢ·xᵢ (+ b) as one node, operands ordered w₁…wₙ, x₁…xₙ[, b]."""

    name = "dot"

    @staticmethod
    def _split(seq):
        n = len(seq) // 2
        return seq[:n], seq[n : 2 * n], seq[2 * n :]

    def forward(self, *x):
        w, xs, b = self._split(x)
        return sum(wi * xi for wi, xi in zip(w, xs)) + (b[0] if b else 0.0)

    def derivatives(self, x, out):
        w, xs, b = self._split(x)
        return tuple(xs) + tuple(w) + (1.0,) * len(b)

    def derivative_values(self, parents, out):
        w, xs, b = self._split(parents)
        return tuple(xs) + tuple(w) + (1.0,) * len(b)

    def formulas(self, names, out):
        w, xs, b = self._split(names)
        return tuple(xs) + tuple(w) + ("1",) * len(b)


ADD, SUB, MUL, DIV, NEG = Add(), Sub(), Mul(), Div(), Neg()
POW, EXP, LOG, TANH, SIGMOID, RELU = Pow(), Exp(), Log(), Tanh(), Sigmoid(), Relu()
SUM, DOT = Sum(), Dot()
