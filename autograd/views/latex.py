"""LaTeX for the views: names in math mode (``w5`` → ``w_5``), numbers, partials, and text formulas of ops
that write no LaTeX of their own, translated."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..engine.op import number_tex as number

_ESCAPES = {
    "\\": r"\backslash ",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\sim ",
    "^": r"\wedge ",
}
_SYMBOLS = {"·": r" \cdot ", "×": r" \times ", "−": "-", "²": "^{2}", "³": "^{3}", "∂": r"\partial "}
_SYMBOLS |= {"\x02": "^{", "\x04": "_{"}  # the markers _text puts where a superscript or a subscript opens
_FUNCTIONS = {"ln", "log", "exp", "sin", "cos", "tan", "tanh", "max", "min"}

__all__ = ["name", "number", "factor", "partial", "formula"]


def _escape(s: str, space: str = r"\ ") -> str:
    return "".join(_ESCAPES.get(c, space if c == " " else c) for c in s)


def name(text: str) -> str:
    """A name in math mode: ``w5`` → ``w_5``, ``out_h1`` → ``\\mathrm{out}_{h1}``, specials escaped."""
    if re.fullmatch(r"-?[\d.]+(e[-+]?\d+)?|nan|-?inf", text):
        return number(float(text))
    base, sep, sub = text.partition("_")
    if sep and len(base) > 1 and sub.isalpha() and len(sub) > 3:
        base, sub = text, ""  # cross_entropy is one word; E_total, out_h1, softmax_1 have subscripts
    m = None if sep else re.fullmatch(r"([A-Za-z]+)(\d+)", text)
    if m:
        base, sub = m.groups()
    tex = (base if len(base) == 1 and base.isalpha() else rf"\mathrm{{{_escape(base)}}}") if base else "{}"
    if sub:
        sub = _escape(sub)
        tex += f"_{sub}" if len(sub) == 1 else f"_{{{sub}}}"
    return tex


def factor(x: float) -> str:
    """A number as a factor of a product: negative ones in parentheses."""
    return rf"\left({number(x)}\right)" if x < 0 else number(x)


def partial(of: str, by: str) -> str:
    """∂of/∂by as a fraction of LaTeX names."""
    return rf"\frac{{\partial {name(of)}}}{{\partial {name(by)}}}"


def formula(text: str, names: Sequence[str]) -> str:
    """A text formula (``out_o1·(1 - out_o1)``) as LaTeX, each of ``names`` found in it written as a name."""
    known = sorted(set(names), key=len, reverse=True)
    bounded = (rf"(?<![A-Za-z0-9_]){re.escape(s)}(?![A-Za-z0-9_])" for s in known)
    marked = re.sub("|".join(bounded), lambda m: f"\x00{m[0]}\x01", text) if known else text
    return re.sub("\x00(.*?)\x01", lambda m: name(m[1]), _text(marked), flags=re.S)


def _text(s: str) -> str:
    """A formula (names marked \\x00name\\x01, left for the caller) as math-mode LaTeX."""
    s = re.sub(r"\^\(([^()]*)\)", "\x02(\\1)\x03", s)
    s = re.sub(r"\)_([A-Za-z0-9]+)", ")\x04\\1\x03", s)  # softmax(z1, z2)_1: a subscript
    s = re.sub("\\^(\x00[^\x01]*\x01|-?[\\w.]+)", "\x02\\1\x03", s)
    out = []
    for m in re.finditer("\x00[^\x01]*\x01|[A-Za-z][A-Za-z0-9_]*|\x03|.", s, re.S):
        t = m[0]
        if t[0] == "\x00":
            out.append(t)
        elif t == "\x03":
            out.append("}")
        elif t[0].isalpha():
            out.append(rf"\{t} " if t in _FUNCTIONS else name(t))
        else:
            out.append(_SYMBOLS.get(t) or _escape(t, " "))
    return "".join(out)
