"""Label text for Graphviz: shown as written, and valid in any SVG or HTML page.

* ``visible``: characters no SVG or HTML page can hold, or that would draw as nothing (control characters
  but tab and newline, lone surrogates, noncharacters such as U+FFFE), written as Python's repr writes them:
  ``"a\\x1bb"`` draws as ``a\\x1bb``. XML 1.0 refuses most of them, and UTF-8 cannot encode a surrogate.
* ``dot_label``: lines as one plain-text DOT label (``&``, ``\\`` and ``"`` escaped, never HTML).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p << 16 | 0xFFFE)}{chr(p << 16 | 0xFFFF)}" for p in range(17))
_UNDRAWABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


def visible(text: str) -> str:
    """``text`` with each control character (but tab and newline), lone surrogate and noncharacter written
    as Python's repr writes it (``\\x1b``, ``\\r``, ``\\ud800``, ``\\ufffe``); everything else as it is."""
    return _UNDRAWABLE.sub(lambda m: repr(m[0])[1:-1], text)


def dot_label(lines: Iterable[str]) -> str:
    """Lines as one DOT label that shows exactly this text (made ``visible``): ``&`` (Graphviz reads
    entities), backslashes and quotes escaped, and never taken as HTML."""
    import graphviz

    escaped = (visible(line).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"') for line in lines)
    return graphviz.nohtml("\\n".join(escaped))
