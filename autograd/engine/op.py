"""``Op``, the extension point every operation subclasses; ``Leaf``, what a leaf holds instead; ``Folded``, a
binary op with a plain number folded in (``x * 0.999``, one node, one edge); and how constants are written.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    recomputable = True  # autograd.recompute may call local() again on new operands; False refuses it

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

    def __reduce_ex__(self, protocol: Any) -> Any:
        """A built-in op (``ADD``, ``TANH``, …) pickles and copies as itself: nodes and views know them by identity."""
        name = self.__dict__.get("_global")
        return name if name else super().__reduce_ex__(protocol)


def pickled_by_name(namespace: dict[str, Any], names: str) -> None:
    """Make the module-level ops ``names`` of ``namespace`` pickle and deep-copy as references to themselves."""
    for name in names.split():
        namespace[name]._global = name


class Leaf(Op):
    """What a leaf holds instead of an op: whether it is a variable (``requires_grad``). Never applied."""

    name = ""

    def __init__(self, requires_grad: bool) -> None:
        self.requires_grad = requires_grad

    def __repr__(self) -> str:
        return f"<leaf requires_grad={self.requires_grad}>"


VARIABLE, FIXED = Leaf(True), Leaf(False)
pickled_by_name(globals(), "VARIABLE FIXED")


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


# ----- a number folded into a binary op ------------------------------------------------------------------
class Folded(Op):
    """``x op k`` (``side=1``) or ``k op x`` (``side=0``) for a plain number ``k``: one edge, toward x, whose
    value, derivatives, formulas and LaTeX are the binary op's with ``k`` in its place. Value's operators
    make them (one shared op per number)."""

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
