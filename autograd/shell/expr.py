"""Expressions typed as text (``"sigmoid(w1*x1 + b)"``) turned into chainrule graphs, safely.

The text is parsed with ``ast.parse(text, mode="eval")`` and only a whitelist of node kinds is
accepted: int and float literals, variable names, binary ``+ - * / **``, unary ``-`` and ``+``, and
calls of the engine's functions (``exp log tanh sigmoid relu sin cos abs``, ``autograd.engine.ops.FUNCTIONS``)
with one positional argument. The text is never evaluated as
Python; all arithmetic, constants included, happens on ``Value`` floats, so ``9**9**9`` overflows
with a clean error instead of building a huge int. Anything else raises ``ExpressionError`` whose
one-line message names what was refused and its column.

Graph shape. Each variable is one leaf labelled with its name (``x*x`` has two edges into the leaf
``x``, so ∂/∂x = 2x). A number is folded into the op it is an operand of, as in Python (``0.5 * x`` and
``x**2`` are one-edge nodes ``*0.5`` and ``**2``; ``2*3`` is the number 6); interior nodes are left
unlabelled, so every view names them by their op (``mul1``, ``sigmoid1``).
"""

from __future__ import annotations

import ast
import math
import numbers
import operator
import re
import warnings
from collections.abc import Callable, Mapping, Sequence

from ..engine import ops
from ..engine.value import Value

MAX_LENGTH = 10_000  # characters of text
MAX_DEPTH = 100  # nested operations (parentheses alone do not count)
MAX_NODES = 1_000  # numbers, names, operators and calls

FUNCTIONS: dict[str, Callable[[Value], Value]] = {name: getattr(Value, name) for name in ops.FUNCTIONS}
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_REFUSED_BINARY = {
    ast.MatMult: "@",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
}
_REFUSED = {  # node kind -> how a message calls it
    ast.Attribute: "attribute access",
    ast.Subscript: "subscript",
    ast.Slice: "slice",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "generator expression",
    ast.Compare: "comparison",
    ast.BoolOp: "'and'/'or'",
    ast.IfExp: "conditional expression",
    ast.List: "list",
    ast.Tuple: "tuple",
    ast.Set: "set",
    ast.Dict: "dict",
    ast.JoinedStr: "f-string",
    ast.NamedExpr: "assignment (:=)",
    ast.Starred: "starred argument",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}
_FUNCTION_LIST = ", ".join(FUNCTIONS)


class ExpressionError(ValueError):
    """Text that is not an allowed expression, or values it cannot be evaluated with; one-line message."""


class Expression:
    """A validated expression: ``text``, its variable ``names`` (in order of first appearance), and
    ``evaluate(values)`` which builds a fresh graph each call. Make one with ``parse(text)``."""

    def __init__(self, text: str, tree: ast.expr, names: tuple[str, ...]) -> None:
        self.text = text
        self.names = names
        self._tree = tree

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def evaluate(self, values: Mapping[str, float]) -> tuple[Value, dict[str, Value]]:
        """The output node and the leaf of each variable (labelled with its name, in ``names`` order).
        ``values`` must give every variable and nothing else (an unused name is most likely a typo).
        Math errors (log of 0, division by zero, overflow) become ``ExpressionError`` with the column."""
        missing = [n for n in self.names if n not in values]
        if missing:
            raise ExpressionError(f"no value for {_listing(missing)}")
        unused = [n for n in values if n not in self.names]
        if unused:
            raise ExpressionError(f"{_listing(unused)} not in the expression (its variables: {_listing(self.names)})")
        leaves = {}
        for name in self.names:
            x = values[name]
            if not isinstance(x, numbers.Real) or not math.isfinite(x):
                raise ExpressionError(f"value of {name} must be a finite real number, got {x!r:.40}")
            leaves[name] = Value(float(x), name)
        return _fixed(_Evaluator(self.text, leaves).visit(self._tree)), leaves


def parse(text: str) -> Expression:
    """Check ``text`` against the whitelist and limits and return it as an ``Expression``."""
    if not isinstance(text, str):
        raise TypeError(f"parse needs a str, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text):,} characters long, more than the limit of {MAX_LENGTH:,}")
    lead = len(text) - len(text.lstrip(" \t"))  # eval mode refuses leading indentation
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text[lead:], mode="eval").body
    except SyntaxError as e:
        raise _syntax_error(text, lead, e) from None
    except ValueError as e:  # Python 3.10: null bytes
        raise ExpressionError(f"syntax error: {e}") from None
    except (RecursionError, MemoryError):
        raise ExpressionError(f"expression is nested too deeply (the limit is {MAX_DEPTH} levels)") from None
    names = _Validator(text, lead).check(tree)
    return Expression(text, tree, names)


_TOO_MANY_DIGITS = re.compile(r"value has (\d+) digits")
_BAD_LITERAL = re.compile(r"invalid \w+ literal")
_NUMBER_THEN_NAME = re.compile(r"(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([A-Za-z_]\w*)")


def _syntax_error(text: str, lead: int, e: SyntaxError) -> ExpressionError:
    """Python's SyntaxError of ``text`` (parsed after ``lead`` blanks) in this module's words: columns
    from 1, an expression cut short said to end too soon, a number run into a name said to be one."""
    end = text.rstrip()
    if not end:
        return ExpressionError("syntax error: the expression is empty")
    digits = _TOO_MANY_DIGITS.search(e.msg)
    if digits:
        return ExpressionError(f"syntax error: a number of {digits[1]} digits is too large for a float")
    if not e.offset or not e.lineno:  # Python says column 0 when the text ended where more was needed
        line = end.count("\n") + 1
        column = len(end.rsplit("\n", 1)[-1]) + 1
        if e.msg != "invalid syntax":
            return ExpressionError(f"syntax error: {e.msg}")
        return ExpressionError(
            f"syntax error {_where(text, line, column)}: the expression ends too soon, after {end[-1]!r}"
        )
    column = e.offset + (lead if e.lineno == 1 else 0)
    if _BAD_LITERAL.fullmatch(e.msg):  # "invalid decimal literal": Python's name for 2x or 1.5e
        bad = _bad_number(text, e.lineno, column)
        if bad is not None:
            return bad
    return ExpressionError(f"syntax error {_where(text, e.lineno, column)}: {e.msg}")


def _bad_number(text: str, line: int, column: int) -> ExpressionError | None:
    """The word of digits and letters around ``column`` that Python could not read as a number."""
    source = text.split("\n")[line - 1]
    part = lambda i: 0 <= i < len(source) and (source[i].isalnum() or source[i] in "_.")
    start = stop = column - 1
    while part(start - 1):
        start -= 1
    while part(stop):
        stop += 1
    word = source[start:stop]
    if not word:
        return None
    split = _NUMBER_THEN_NAME.fullmatch(word)
    hint = f"; to multiply, write {split[1]}*{split[2]}" if split else ""
    return ExpressionError(f"syntax error {_where(text, line, start + 1)}: {word!r} is not a number or a name{hint}")


def _listing(names: Sequence[object]) -> str:
    return ", ".join(map(str, names)) if names else "none"


def _where(text: str, line: int, column: int) -> str:
    return f"at column {column}" if "\n" not in text else f"at line {line}, column {column}"


class _Located:
    """Column numbers (1-based characters) of AST nodes of ``text`` parsed after ``lead`` characters."""

    def __init__(self, text: str, lead: int) -> None:
        self.text, self.lead = text, lead
        self.lines = text[lead:].split("\n")

    def char(self, line: int, byte_col: int) -> int:
        chars = len(self.lines[line - 1].encode()[:byte_col].decode(errors="replace"))
        return chars + 1 + (self.lead if line == 1 else 0)

    def where(self, node: ast.AST, end: bool = False) -> str:
        if end:
            return _where(self.text, node.end_lineno, self.char(node.end_lineno, node.end_col_offset))
        return _where(self.text, node.lineno, self.char(node.lineno, node.col_offset))

    def operator(self, node: ast.BinOp, symbol: str) -> str:
        """Where ``symbol`` sits between the operands (parentheses and spaces may come first)."""
        left, right = node.left, node.right
        if left.end_lineno == right.lineno:
            line = self.lines[left.end_lineno - 1].encode()
            gap = line[left.end_col_offset : right.col_offset]
            at = gap.find(symbol.encode())
            if at >= 0:
                return _where(self.text, left.end_lineno, self.char(left.end_lineno, left.end_col_offset + at))
        return self.where(node)

    def snippet(self, node: ast.AST) -> str:
        source = ast.get_source_segment(self.text[self.lead :], node) or ""
        return repr(source if len(source) <= 40 else source[:37] + "...")


class _Validator(_Located):
    def refuse(self, what: str, node: ast.AST, where: str | None = None) -> ExpressionError:
        return ExpressionError(f"{what} is not allowed {where or self.where(node)}: {self.snippet(node)}")

    def check(self, tree: ast.expr) -> tuple[str, ...]:
        """The variable names of ``tree`` in order of first appearance, or ExpressionError at the first
        refused node (pre-order, left to right). Iterative, so depth is measured before any recursion."""
        names: dict[str, None] = {}
        count = 0
        stack: list[tuple[ast.expr, int]] = [(tree, 1)]
        while stack:
            node, depth = stack.pop()
            count += 1
            if count > MAX_NODES:
                raise ExpressionError(f"expression has more than {MAX_NODES:,} numbers, names and operations")
            if depth > MAX_DEPTH:
                raise ExpressionError(
                    f"expression nests operations more than {MAX_DEPTH} deep {self.where(node)} "
                    f"(a chain of more than {MAX_DEPTH} terms such as x1 + x2 + … counts as that deep)"
                )
            children = self.children(node)
            if isinstance(node, ast.Name):
                names[node.id] = None
            stack.extend((c, depth + 1) for c in reversed(children))
        return tuple(names)

    def children(self, node: ast.expr) -> list[ast.expr]:
        """The operands of an allowed node; ExpressionError for a refused one."""
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise ExpressionError(f"{node.id} is a function: call it as {node.id}(...) {self.where(node)}")
            return []
        if isinstance(node, ast.BinOp):
            kind = type(node.op)
            if kind not in _BINARY:
                symbol = _REFUSED_BINARY.get(kind, kind.__name__)
                raise self.refuse(f"operator {symbol}", node, self.operator(node, symbol))
            return [node.left, node.right]
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                symbol = {ast.Not: "not", ast.Invert: "~"}.get(type(node.op), type(node.op).__name__)
                raise self.refuse(f"operator {symbol}", node)
            return [node.operand]
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Attribute):
            raise self.refuse("attribute access", node, self.where(node.value, end=True))
        if isinstance(node, ast.Subscript):
            raise self.refuse("subscript", node, self.where(node.value, end=True))
        raise self.refuse(_REFUSED.get(type(node), type(node).__name__), node)

    def number(self, node: ast.Constant) -> list[ast.expr]:
        x = node.value
        if type(x) not in (int, float):
            kind = {str: "string", bytes: "bytes", bool: str(x), complex: "complex number"}.get(type(x), repr(x))
            raise self.refuse(kind, node)
        try:
            finite = math.isfinite(float(x))
        except OverflowError:
            finite = False
        if not finite:
            raise ExpressionError(f"number {self.snippet(node)} {self.where(node)} is too large for a float")
        return []

    def call(self, node: ast.Call) -> list[ast.expr]:
        func = node.func
        if not isinstance(func, ast.Name):
            self.children(func)  # a refused kind (attribute, lambda, …) explains itself
            raise self.refuse("calling anything but a function name", node)
        if func.id not in FUNCTIONS:
            raise ExpressionError(
                f"unknown function {func.id!r} {self.where(func)} (the functions are {_FUNCTION_LIST})"
            )
        if node.keywords:
            raise self.refuse("keyword argument", node.keywords[0])
        starred = [a for a in node.args if isinstance(a, ast.Starred)]
        if starred:
            raise self.refuse("starred argument", starred[0])
        if len(node.args) != 1:
            raise ExpressionError(f"{func.id} takes exactly one argument, got {len(node.args)} {self.where(func)}")
        return [node.args[0]]


class _Evaluator(_Located):
    """Builds the graph of a validated tree from the variables' leaves (depth ≤ MAX_DEPTH, so recursion is safe)."""

    def __init__(self, text: str, leaves: dict[str, Value]) -> None:
        super().__init__(text, len(text) - len(text.lstrip(" \t")))
        self.leaves = leaves

    def visit(self, node: ast.expr) -> Value | float:
        """The node's Value, or a plain float where the text is numbers only (``2*3``): a number operand is
        folded into its op, as in Python (``0.5 * x`` is one node)."""
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            return self.leaves[node.id]
        if isinstance(node, ast.UnaryOp):
            x = self.visit(node.operand)
            if isinstance(node.op, ast.UAdd):
                return x
            return self.checked(lambda: -_fixed(x), node, plain=isinstance(x, float))
        if isinstance(node, ast.Call):
            x = self.visit(node.args[0])
            return self.checked(lambda: FUNCTIONS[node.func.id](_fixed(x)), node, plain=isinstance(x, float))
        symbol = _BINARY[type(node.op)]
        a, b = self.visit(node.left), self.visit(node.right)
        plain = isinstance(a, float) and isinstance(b, float)
        return self.checked(lambda: _BINARY_OPS[symbol](_fixed(a) if plain else a, b), node, symbol, plain)

    def checked(
        self, make: Callable[[], Value], node: ast.expr, symbol: str = "", plain: bool = False
    ) -> Value | float:
        """``make()``, with the engine's math errors (and a silent ±inf) as ExpressionError at the node;
        its float when ``plain`` (numbers only)."""
        where = self.operator(node, symbol) if symbol else self.where(node)
        try:
            out = make()
        except (ArithmeticError, ValueError) as e:
            raise ExpressionError(f"{e} {where}") from None
        if not math.isfinite(out.data):
            written = out._op.expression([repr(p.data) for p in out.parents])
            raise ExpressionError(f"{written} gives {out.data!r}, not a finite float {where}")
        return out.data if plain else out


def _fixed(x: Value | float) -> Value:
    """A number as a fixed leaf (not a variable), so its arithmetic gets the engine's checks and messages."""
    return Value(x, requires_grad=False) if isinstance(x, float) else x


_BINARY_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "**": operator.pow}
