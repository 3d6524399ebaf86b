"""The one check of ``explain``'s arguments, in either mode: ``Explanation`` and ``ForwardExplanation`` both call
``explained``, so a bad argument fails before anything is built, with the same message whichever mode is asked for."""

from __future__ import annotations

import numbers
from collections.abc import Iterable

from ..engine.value import Value, expect_value
from .language import language
from .vocabulary import Vocabulary


def explained(
    output: Value,
    wrt: Value,
    params: Iterable[Value] | None,
    max_paths: float,
    vocabulary: Vocabulary | None,
    lang: str | None,
) -> Vocabulary:
    """Check explain's arguments and return the vocabulary it speaks: ``vocabulary`` (or the graph's), renumbered
    with ``wrt`` among the variables when ``wrt`` is none and leads to none, so its paths are numbered too."""
    expect_value(output, "explain", "a Value as its output")
    expect_value(wrt, "explain", "a Value as wrt")
    if isinstance(max_paths, bool) or not isinstance(max_paths, numbers.Real) or not max_paths >= 0:
        raise ValueError(f"explain: max_paths must be a number >= 0, got {max_paths!r}")
    language(lang)  # a bad language fails here, not when printed
    n = vocabulary if vocabulary is not None else Vocabulary(output, params)
    if not n.numbers(wrt):
        n = Vocabulary(output, [*n.variables, wrt])
    n.names.setdefault(wrt, wrt.label or f"{wrt.data:.4g}")
    return n
