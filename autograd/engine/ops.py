"""The built-in operations, each defined once: its name, its value with its local derivatives as floats
(``local``, the fast path Value's operators call), the same derivatives as Values (``derivative_values``,
for ``grad(create_graph=True)``), their formulas as text and as LaTeX (``latex``; where it is absent the
views translate the text), how the value is written (``expression``) and the function name the shell's
parser knows (``function``). The base class ``Op`` is in ``op.py``.

A node keeps a reference to the shared ``Op`` that made it. A plain number operand (``x * 0.999``) is
folded into a ``Folded`` op holding the number, as ``x ** 2`` always was: one node, one edge.
"""

from __future__ import annotations

import math
import operator

from .op import Folded, Op, _data, number, pickled_by_name


# ----- arithmetic ------------------------------------------------------------------------------------
class Add(Op):
    name = "+"

    def local(self, a, b):
        return a + b, 1.0, 1.0

    def derivative_values(self, parents, out):
        return (1.0, 1.0)

    def formulas(self, names, out):
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
        return (f"1/{names[1]}", f"{_negated(names[0])}/{names[1]}²")

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

    def expression(self, names):
        return f"-{names[0]}"


def pow_derivative(base: float, k: float) -> float:
    """k·base^(k−1), with the limits PyTorch uses at base 0 (0 for k = 0, inf for 0 < k < 1) and ±inf
    where base^(k−1) overflows a float (x**-1 at x = 1e-200) although base^k does not."""
    if k == 0.0:
        return 0.0
    if base == 0.0 and k < 1.0:
        return math.copysign(math.inf, k)
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


def _negated(text: str) -> str:
    """``-text`` written without a double minus: ``-x`` for ``x``, ``2`` for ``-2``."""
    return text[1:] if text.startswith("-") else f"-{text}"


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
        elif ad < 0.0:
            dexp = out * math.nan  # NaN, and so is every derivative of it, as PyTorch
        else:
            dexp = log_derivative_of_pow(ad, _data(out))
        if isinstance(a, float):
            return (0.0, dexp)
        if isinstance(b, float) and b == 0.0 or ad == 0.0 and bd == 0.0:
            return (0.0, dexp)  # x**0 (and 0**b at b = 0): a constant zero derivative, as PyTorch
        if ad == 0.0 and bd < 1.0:  # k·0^(k−1) = inf, whose own derivative k·(k−1)·0^(k−2) is −inf (PyTorch)
            from .value import new_node

            at_zero = new_node(math.inf, (a, pow_derivative(0.0, bd - 1.0)), Folded(POW, bd - 1.0, 1))
            return (b * at_zero, dexp)
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
        return (math.sin(a), math.cos(a)) if math.isfinite(a) else (math.nan, math.nan)  # ±inf: NaN, as PyTorch

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
        return (math.cos(a), -math.sin(a)) if math.isfinite(a) else (math.nan, math.nan)  # ±inf: NaN, as PyTorch

    def derivative_values(self, parents, out):
        return (-parents[0].sin(),)

    def formulas(self, names, out):
        return (f"-sin({names[0]})",)

    def latex(self, names, out):
        return (rf"-\sin {names[0]}",)


def sign(x: float) -> float:
    """1, −1 or 0: the derivative of |x|, 0 at 0 and at NaN, as in PyTorch."""
    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else 0.0


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
        return (sum(map(operator.mul, w, xs)) + (b[0] if b else 0.0), *xs, *w, *(1.0,) * len(b))

    def derivative_values(self, parents, out):
        w, xs, b = self._split(parents)
        return tuple(xs) + tuple(w) + (1.0,) * len(b)

    def formulas(self, names, out):
        w, xs, b = self._split(names)
        return tuple(xs) + tuple(w) + ("1",) * len(b)

    def expression(self, names):
        w, xs, b = self._split(names)
        return " + ".join([f"{wi}·{xi}" for wi, xi in zip(w, xs)] + list(b))


class LayerDot(Dot):
    """``dot`` as every view shows it, for the nets ``fused.dense`` makes of one layer call: their weights and
    biases are leaves and ``inputs`` are the x they all read, so backward's ordering walks those once per layer."""

    def __init__(self, inputs: tuple) -> None:
        self.inputs = inputs


ADD, SUB, MUL, DIV, NEG, POW = Add(), Sub(), Mul(), Div(), Neg(), Pow()
EXP, LOG, TANH, SIGMOID, RELU = Exp(), Log(), Tanh(), Sigmoid(), Relu()
SIN, COS, ABS = Sin(), Cos(), Abs()
SUM, DOT = Sum(), Dot()
pickled_by_name(globals(), "ADD SUB MUL DIV NEG POW EXP LOG TANH SIGMOID RELU SIN COS ABS SUM DOT")
FUNCTIONS: dict[str, Function] = {op.function: op for op in (EXP, LOG, TANH, SIGMOID, RELU, SIN, COS, ABS)}
