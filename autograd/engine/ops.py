"""Every operation, each defined once: its name, its value with its local derivatives as floats (``local``,
the fast path Value's operators call), the same derivatives as Values (``derivative_values``, for
``grad(create_graph=True)``), their formulas as text and as LaTeX, how the value is written
(``expression``) and the function name the shell's parser knows (``function``).

A node keeps a reference to the shared ``Op`` that made it. A plain number operand (``x * 0.999``) is
folded into a ``Folded`` op holding the number, as ``x ** 2`` always was: one node, one edge.
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
    """An operation. Define ``forward`` and ``derivatives`` (or ``local``, both at once); optionally
    ``derivative_values`` (for ``grad(create_graph=True)``), ``formulas`` and ``latex`` (for ``explain``).

    Example::

        >>> import math
        >>> from autograd import Op, Value
        >>> class Softplus(Op):
        ...     name = "softplus"
        ...     def forward(self, x):
        ...         return math.log1p(math.exp(x))
        ...     def derivatives(self, x, out):
        ...         return (1 / (1 + math.exp(-x[0])),)
        ...     def formulas(self, names, out):
        ...         return (f"σ({names[0]})",)
        >>> x = Value(0.0, "x")
        >>> y = Softplus()(x)
        >>> y.backward()
        >>> round(y.data, 4), x.grad
        (0.6931, 0.5)
    """

    name = "op"
    function: str | None = None  # the shell's function name (``sin`` in "sin(x)"); None: not a function
    requires_grad = True  # every op's result is differentiated; only a leaf can be fixed (see Leaf)

    def local(self, *x: float) -> tuple[float, ...]:
        """The value and ∂out/∂xᵢ for every operand, as floats: ``(out, d0, d1, …)``."""
        if type(self).forward is Op.forward:
            raise NotImplementedError(f"op {self.name!r} defines neither local() nor forward()")
        out = self.forward(*x)
        return (out, *self.derivatives(x, out))

    def forward(self, *x: float) -> float:
        """The node's value from its operands' values."""
        if type(self).local is Op.local:
            raise NotImplementedError(f"op {self.name!r} does not define forward()")
        return self.local(*x)[0]

    def derivatives(self, x: tuple[float, ...], out: float) -> tuple[float, ...]:
        """∂out/∂xᵢ for every operand, as floats: the numbers stored on the node's edges."""
        if type(self).local is Op.local:
            raise NotImplementedError(f"op {self.name!r} does not define derivatives()")
        return tuple(self.local(*x)[1:])

    def derivative_values(self, parents: tuple[Value, ...], out: Value) -> tuple[Derivative, ...]:
        """The same derivatives built from Values, so they can be differentiated again."""
        raise NotImplementedError(
            f"op {self.name!r} does not define derivative_values(); grad(create_graph=True) needs it"
        )

    def formulas(self, names: Sequence[str], out: str) -> tuple[str, ...]:
        """Each local derivative written with the operands' names (``out`` names the node)."""
        return tuple(f"∂{out}/∂{n}" for n in names)

    def latex(self, names: Sequence[str], out: str) -> tuple[str, ...] | None:
        """``formulas`` as LaTeX, given LaTeX names; None lets the views translate the text formulas."""
        return None

    def expression(self, names: Sequence[str]) -> str:
        """How the node's value is written from its operands' names: ``w5 * out_h1``, ``exp(x)``."""
        return f"{self.name}({', '.join(names)})"

    def __call__(self, *operands: Any) -> Value:
        from .value import apply

        return apply(self, operands)

    def __repr__(self) -> str:
        return f"<op {self.name}>"


class Leaf(Op):
    """What a leaf holds instead of an op: whether it is a variable (``requires_grad``). Never applied."""

    name = ""

    def __init__(self, requires_grad: bool) -> None:
        self.requires_grad = requires_grad

    def __repr__(self) -> str:
        return f"<leaf requires_grad={self.requires_grad}>"


VARIABLE, FIXED = Leaf(True), Leaf(False)


def number(k: float) -> str:
    """A constant as text, as boxes, formulas and names show it."""
    return f"{k:.6g}"


def number_tex(x: float) -> str:
    """A number in LaTeX: ``1.5``, ``2 \\times 10^{-7}``, ``\\infty``."""
    s = f"{x:.4g}"
    if "e" in s:
        mantissa, exponent = s.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return {"inf": r"\infty", "-inf": r"-\infty", "nan": r"\mathrm{NaN}"}.get(s, s)


def _data(v: Any) -> float:
    return v if isinstance(v, float) else v.data


# ----- arithmetic ------------------------------------------------------------------------------------
class Add(Op):
    name = "+"

    def local(self, a, b):
        return a + b, 1.0, 1.0

    def derivative_values(self, parents, out):
        return (1.0, 1.0)

    def formulas(self, names, out):
        return ("1", "1")

    def latex(self, names, out):
        return ("1", "1")

    def expression(self, names):
        return f"{names[0]} + {names[1]}"


class Sub(Op):
    name = "-"

    def local(self, a, b):
        return a - b, 1.0, -1.0

    def derivative_values(self, parents, out):
        return (1.0, -1.0)

    def formulas(self, names, out):
        return ("1", "-1")

    def latex(self, names, out):
        return ("1", "-1")

    def expression(self, names):
        return f"{names[0]} - {names[1]}"


class Mul(Op):
    name = "*"

    def local(self, a, b):
        return a * b, b, a

    def derivative_values(self, parents, out):
        return (parents[1], parents[0])

    def formulas(self, names, out):
        return (names[1], names[0])

    def latex(self, names, out):
        return (names[1], names[0])

    def expression(self, names):
        return f"{names[0]} * {names[1]}"


class Div(Op):
    name = "/"

    def local(self, a, b):
        if b == 0.0:
            raise ZeroDivisionError(f"/: division by zero: {a!r} / {b!r}")
        bb = b * b  # underflows to 0 for |b| < 1e-162: then −(a/b)/b, ±inf as in PyTorch
        return a / b, 1.0 / b, -a / bb if bb else -(a / b) / b

    def derivative_values(self, parents, out):
        return (1.0 / parents[1], -out / parents[1])

    def formulas(self, names, out):
        return (f"1/{names[1]}", f"-{names[0]}/{names[1]}²")

    def latex(self, names, out):
        return (rf"\frac{{1}}{{{names[1]}}}", rf"-\frac{{{names[0]}}}{{{names[1]}^{{2}}}}")

    def expression(self, names):
        return f"{names[0]} / {names[1]}"


class Neg(Op):
    name = "neg"

    def local(self, a):
        return -a, -1.0

    def derivative_values(self, parents, out):
        return (-1.0,)

    def formulas(self, names, out):
        return ("-1",)

    def latex(self, names, out):
        return ("-1",)

    def expression(self, names):
        return f"-{names[0]}"


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


def _constant_exponent(name: str) -> float | None:
    try:
        return float(name)
    except ValueError:
        return None


class Pow(Op):
    """``a ** b``: edges b·a^(b−1) and a^b·ln a (a number exponent is folded: ``x ** 2``)."""

    name = "**"

    def local(self, a, b):
        if a < 0.0 and not float(b).is_integer():
            raise ValueError(f"**: negative base {a!r} with non-integer exponent {b!r}")
        if a == 0.0 and b < 0.0:
            raise ZeroDivisionError(f"**: 0 to a negative power {b!r}")
        try:
            out = a**b
        except OverflowError:
            raise OverflowError(f"**: {a!r} ** {b!r} overflows a float") from None
        return out, pow_derivative(a, b), log_derivative_of_pow(a, out)

    def derivative_values(self, parents, out):
        a, b = parents  # either may be a float: the number of a Folded op, which has no edge toward it
        ad, bd = _data(a), _data(b)
        if isinstance(b, float):
            dexp = 0.0
        elif ad > 0.0:
            dexp = out * (math.log(a) if isinstance(a, float) else a.log())
        else:
            dexp = log_derivative_of_pow(ad, _data(out))
        if isinstance(a, float):
            return (0.0, dexp)
        if (bd == 0.0 and isinstance(b, float)) or (ad == 0.0 and bd < 1.0):
            return (pow_derivative(ad, bd), dexp)  # 0 for x**0, inf or 0 at base 0, as backward
        if isinstance(b, float) and b == 1.0:
            return (1.0, dexp)
        return (b * a ** (b - 1.0), dexp)

    def formulas(self, names, out):
        a, b = names
        k = _constant_exponent(b)
        if k is None:
            return (f"{b}·{a}^({b} - 1)", f"{out}·ln {a}")
        return (f"2·{a}" if k == 2.0 else f"{number(k)}·{a}^{number(k - 1)}", f"{out}·ln {a}")

    def latex(self, names, out):
        a, b = names
        k = _constant_exponent(b)
        first = rf"{b}\,{a}^{{{b} - 1}}" if k is None else rf"2\,{a}" if k == 2.0 else rf"{b}\,{a}^{{{number(k - 1)}}}"
        return (first, rf"{out}\,\ln {a}")

    def expression(self, names):
        return f"{names[0]} ** {names[1]}"


# ----- elementary functions ----------------------------------------------------------------------------
class Function(Op):
    """A function of one operand that the shell can call by name (``exp(x)``)."""

    def expression(self, names):
        return f"{self.function}({names[0]})"


class Exp(Function):
    """eˣ; its edge carries eˣ (OverflowError past ~709.78)."""

    name = function = "exp"

    def local(self, a):
        try:
            out = math.exp(a)
        except OverflowError:
            raise OverflowError(f"exp: exp({a!r}) overflows a float") from None
        return out, out

    def derivative_values(self, parents, out):
        return (out,)

    def formulas(self, names, out):
        return (out,)

    def latex(self, names, out):
        return (out,)


class Log(Function):
    """ln x; its edge carries 1/x (ValueError for x ≤ 0)."""

    name = function = "log"

    def local(self, a):
        if not a > 0.0:
            raise ValueError(f"log: input must be > 0, got {a!r}")
        return math.log(a), 1.0 / a

    def derivative_values(self, parents, out):
        return (1.0 / parents[0],)

    def formulas(self, names, out):
        return (f"1/{names[0]}",)

    def latex(self, names, out):
        return (rf"\frac{{1}}{{{names[0]}}}",)


class Tanh(Function):
    """tanh x; its edge carries 1 − tanh²x."""

    name = function = "tanh"

    def local(self, a):
        t = math.tanh(a)
        return t, 1.0 - t * t

    def derivative_values(self, parents, out):
        return (1.0 - out * out,)

    def formulas(self, names, out):
        return (f"1 - {out}²",)

    def latex(self, names, out):
        return (rf"1 - {out}^{{2}}",)


def sigmoid(x: float) -> float:
    """1/(1 + e^−x) computed without overflow for any finite x."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class Sigmoid(Function):
    """1/(1 + e⁻ˣ) without overflow; its edge carries s(1 − s)."""

    name = function = "sigmoid"

    def local(self, a):
        s = sigmoid(a)
        return s, s * (1.0 - s)

    def derivative_values(self, parents, out):
        return (out * (1.0 - out),)

    def formulas(self, names, out):
        return (f"{out}·(1 - {out})",)

    def latex(self, names, out):
        return (rf"{out}\,(1 - {out})",)


class Relu(Function):
    """max(x, 0); its edge carries 1 if x > 0 else 0 (NaN stays NaN with edge 1, as PyTorch)."""

    name = function = "relu"

    def local(self, a):
        return (0.0, 0.0) if a <= 0.0 else (a, 1.0)

    def derivative_values(self, parents, out):
        return (0.0 if _data(parents[0]) <= 0.0 else 1.0,)

    def formulas(self, names, out):
        return (f"[{names[0]} > 0]",)

    def latex(self, names, out):
        return (rf"[{names[0]} > 0]",)


class Sin(Function):
    """sin x; its edge carries cos x."""

    name = function = "sin"

    def local(self, a):
        return math.sin(a), math.cos(a)

    def derivative_values(self, parents, out):
        return (parents[0].cos(),)

    def formulas(self, names, out):
        return (f"cos({names[0]})",)

    def latex(self, names, out):
        return (rf"\cos {names[0]}",)


class Cos(Function):
    """cos x; its edge carries −sin x."""

    name = function = "cos"

    def local(self, a):
        return math.cos(a), -math.sin(a)

    def derivative_values(self, parents, out):
        return (-parents[0].sin(),)

    def formulas(self, names, out):
        return (f"-sin({names[0]})",)

    def latex(self, names, out):
        return (rf"-\sin {names[0]}",)


def sign(x: float) -> float:
    """1, −1 or 0 (NaN for NaN): the derivative of |x|, 0 at 0 as in PyTorch."""
    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else x * 0.0


class Abs(Function):
    """|x|; its edge carries sign(x) (0 at 0, as PyTorch)."""

    name = function = "abs"

    def local(self, a):
        return abs(a), sign(a)

    def derivative_values(self, parents, out):
        return (sign(_data(parents[0])),)

    def formulas(self, names, out):
        return (f"sign({names[0]})",)

    def latex(self, names, out):
        return (rf"\operatorname{{sgn}} {names[0]}",)


# ----- fused n-ary nodes -------------------------------------------------------------------------------
class Sum(Op):
    """Σ xᵢ as one node: every edge carries 1."""

    name = "sum"

    def local(self, *x):
        return (sum(x), *(1.0,) * len(x))

    def derivative_values(self, parents, out):
        return (1.0,) * len(parents)

    def formulas(self, names, out):
        return ("1",) * len(names)

    def latex(self, names, out):
        return ("1",) * len(names)

    def expression(self, names):
        return " + ".join(names)


class Dot(Op):
    """Σ wᵢ·xᵢ (+ b) as one node, operands ordered w₁…wₙ, x₁…xₙ[, b]."""

    name = "dot"

    @staticmethod
    def _split(seq):
        n = len(seq) // 2
        return seq[:n], seq[n : 2 * n], seq[2 * n :]

    def local(self, *x):
        w, xs, b = self._split(x)
        return (sum(wi * xi for wi, xi in zip(w, xs)) + (b[0] if b else 0.0), *xs, *w, *(1.0,) * len(b))

    def derivative_values(self, parents, out):
        w, xs, b = self._split(parents)
        return tuple(xs) + tuple(w) + (1.0,) * len(b)

    def formulas(self, names, out):
        w, xs, b = self._split(names)
        return tuple(xs) + tuple(w) + ("1",) * len(b)

    def latex(self, names, out):
        return self.formulas(names, out)

    def expression(self, names):
        w, xs, b = self._split(names)
        return " + ".join([f"{wi}·{xi}" for wi, xi in zip(w, xs)] + list(b))


# ----- a number folded into a binary op ------------------------------------------------------------------
class Folded(Op):
    """``x op k`` (``side=1``) or ``k op x`` (``side=0``) for a plain number ``k``: one edge, toward x, whose
    value, derivatives, formulas and LaTeX are the binary op's with ``k`` in its place. Get one with
    ``folded(op, k, side)``."""

    def __init__(self, op: Op, k: float, side: int) -> None:
        self.op, self.k, self.side = op, k, side
        self.name = f"{op.name}{number(k)}" if side else f"{number(k)}{op.name}"

    def _with(self, x: Any, k: Any) -> tuple:
        return (x, k) if self.side else (k, x)

    def local(self, a):
        r = self.op.local(*self._with(a, self.k))
        return r[0], r[2 - self.side]

    def derivative_values(self, parents, out):
        return (self.op.derivative_values(self._with(parents[0], self.k), out)[1 - self.side],)

    def formulas(self, names, out):
        return (self.op.formulas(self._with(names[0], number(self.k)), out)[1 - self.side],)

    def latex(self, names, out):
        tex = self.op.latex(self._with(names[0], number_tex(self.k)), out)
        return None if tex is None else (tex[1 - self.side],)

    def expression(self, names):
        return self.op.expression(self._with(names[0], number(self.k)))


@lru_cache(maxsize=1024)
def folded(op: Op, k: float, side: int) -> Folded:
    """The shared ``Folded`` op of ``op`` with the number ``k`` on ``side`` (nodes of ``x * 2`` share one)."""
    return Folded(op, k, side)


ADD, SUB, MUL, DIV, NEG, POW = Add(), Sub(), Mul(), Div(), Neg(), Pow()
EXP, LOG, TANH, SIGMOID, RELU = Exp(), Log(), Tanh(), Sigmoid(), Relu()
SIN, COS, ABS = Sin(), Cos(), Abs()
SUM, DOT = Sum(), Dot()
FUNCTIONS: dict[str, Function] = {op.function: op for op in (EXP, LOG, TANH, SIGMOID, RELU, SIN, COS, ABS)}
