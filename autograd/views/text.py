"""A text view of a graph for terminals: an indented tree with op, data, grad and edge derivatives."""

from __future__ import annotations

from ..engine.value import Value


def _name(v: Value) -> str:
    return v.label or ("leaf" if not v._edges else "·")


def tree(root: Value, digits: int = 4, max_lines: int = 500) -> str:
    """The graph of ``root`` as text; each line shows a node, each indent an edge labelled ∂child/∂parent.
    A node reached a second time is printed once and then referred to ("see above")."""
    fmt = f".{digits}g"
    lines: list[str] = []
    shown: set[int] = set()
    stack: list[tuple[Value, str, str, str]] = [(root, "", "", "")]
    while stack:
        if len(lines) >= max_lines:
            lines.append(f"... (stopped at max_lines={max_lines})")
            break
        node, lead, branch, edge = stack.pop()
        op = f" [{node.op}]" if node._edges else ""
        again = id(node) in shown and node._edges
        line = f"{lead}{branch}{edge}{_name(node)}{op} data={node.data:{fmt}} grad={node.grad:{fmt}}"
        lines.append(line + ("  (see above)" if again else ""))
        if again:
            continue
        shown.add(id(node))
        child_lead = lead + ("│  " if branch == "├─ " else "   " if branch else "")
        e = node._edges
        n = len(e) // 2
        for i in reversed(range(n)):
            last = i == n - 1
            stack.append((e[2 * i], child_lead, "└─ " if last else "├─ ", f"∂={e[2 * i + 1]:{fmt}} "))
    return "\n".join(lines)
