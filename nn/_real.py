"""Numbers that users give nn (weights, rates, targets) checked one way: a real number is usable when a
finite float holds it; an error message shows it briefly, a huge integer by its count of digits."""

from __future__ import annotations

import math
import numbers

LOG10_2 = math.log10(2)


def finite_float(x: object) -> float | None:
    """``x`` as a float when it is a real number (not a bool) and a finite float holds it, else None:
    nan, ±inf and integers beyond ±1.8e308 (where ``float`` raises OverflowError) all give None."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    try:
        f = float(x)
    except OverflowError:
        return None
    return f if math.isfinite(f) else None


def why_not_finite(x: object) -> str:
    """What is wrong with a real number ``x`` that ``finite_float`` refused: too large, or nan/±inf."""
    try:
        large = math.isfinite(x) and not math.isfinite(float(x))
    except OverflowError:
        large = True
    return "too large for a float" if large else "not a finite number"


def shown(x: object, width: int = 60) -> str:
    """``x`` for an error message: its repr cut to ``width`` characters, an integer too long for that as
    "an integer of N digits" (Python will not even write out an int of more than 4,300 digits)."""
    if isinstance(x, numbers.Integral) and not isinstance(x, bool) and abs(int(x)) >= 10**width:
        return f"an integer of {digits(int(x)):,} digits"
    try:
        text = repr(x)
    except ValueError:  # a container holding an int too long to write out
        return f"a {type(x).__name__}"
    return text if len(text) <= width else text[: width - 1] + "…"


def digits(n: int) -> int:
    """How many decimal digits ``abs(n)`` has, without writing it out."""
    n = abs(n)
    count = max(1, int(n.bit_length() * LOG10_2))
    while 10**count <= n:
        count += 1
    while count > 1 and 10 ** (count - 1) > n:
        count -= 1
    return count
