"""A text view of a graph for terminals: an indented tree of nodes by their names, op, data and grad, each
edge marked with its R name (where the vocabulary numbers it) and its local derivative."""

from __future__ import annotations

from collections.abc import Iterable

from ..engine.value import Value
from .language import language, phrase, word
from .vocabulary import Vocabulary


def tree(
    root: Value, digits: int = 4, max_lines: int = 500, params: Iterable[Value] | None = None, lang: str | None = None
) -> str:
    """The graph of ``root`` as text; each line shows a node, each indent an edge (``R3 ∂=0.1868``: its R
    name and ∂child/∂parent). A node reached a second time is printed once and then referred to ("see above").
    Names and R names are the graph's vocabulary (variables: ``params``, default every leaf that requires grad);
    the words (data, grad, …) are ``lang``'s (default: the global language)."""
    lang = language(lang)
    data, grad, again_note = word("data=", lang), word("grad=", lang), word("see above", lang)
    words = Vocabulary(root, params)
    fmt = f".{digits}g"
    lines: list[str] = []
    shown: set[int] = set()
    stack: list[tuple[Value, str, str, str]] = [(root, "", "", "")]
    while stack:
        if len(lines) >= max_lines:
            lines.append(phrase("stopped", lang, n=max_lines))
            break
        node, lead, branch, edge = stack.pop()
        op = f" [{node.op}]" if node._edges else ""
        again = id(node) in shown and node._edges
        line = f"{lead}{branch}{edge}{words.names[node]}{op} {data}{node.data:{fmt}} {grad}{node.grad:{fmt}}"
        lines.append(line + (again_note if again else ""))
        if again:
            continue
        shown.add(id(node))
        child_lead = lead + ("│  " if branch == "├─ " else "   " if branch else "")
        e = node._edges
        n = len(e) // 2
        for i in reversed(range(n)):
            last = i == n - 1
            r = words.r_names.get((node, i))
            mark = f"{r} ∂={e[2 * i + 1]:{fmt}} " if r else f"∂={e[2 * i + 1]:{fmt}} "
            stack.append((e[2 * i], child_lead, "└─ " if last else "├─ ", mark))
    return "\n".join(lines)
