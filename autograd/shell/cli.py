"""``chainrule``, the command line: type an expression, get its value, every gradient and its graph.

    chainrule draw "sigmoid(w1*x1 + b)" --set w1=0.15 --set x1=0.05 --set b=0.35 -o graph.svg
    chainrule explain "sigmoid(w1*x1 + b)" --set w1=0.15 --set x1=0.05 --set b=0.35 --wrt w1

Bad input (an expression, a ``--set``, an option) prints one line ``chainrule: error: …`` on stderr and
exits with 2; a picture that cannot be rendered or written exits with 1. No traceback either way.
"""

from __future__ import annotations

import argparse
import ast
import math
import re
import shlex
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..views.draw import draw
from ..views.explain import Explanation
from ..views.language import LANGUAGES, display_width, language, pad, phrase, word
from ..views.render import FORMATS, RenderError, engine_for
from ..views.vocabulary import Vocabulary
from .expr import FUNCTIONS, ExpressionError, parse

MINUS = "an expression that starts with '-' needs a space before it (\" -x*y\") or to come last, after '--'"
EPILOG = MINUS.capitalize() + "."


class CommandError(Exception):
    """A failure to report as one line on stderr, with the exit code to return (2: bad input, 1: rendering)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print the usage and exit
        if "EXPR" in message:  # argparse took an expression like -x*y for an option
            message += f"; {MINUS}"
        elif "COMMAND" in message:
            message = _no_command(message)
        raise CommandError(f"{message} (see '{self.prog} --help')")


_INVALID_CHOICE = re.compile(r"invalid choice: (.+?) \(choose from")


def _no_command(message: str) -> str:
    """argparse's complaint about the command, with a hint at ``draw`` and ``explain`` when what stood
    there was an expression (``chainrule "x*y"``) or nothing."""
    choice = _INVALID_CHOICE.search(message)
    if choice is None:  # no command at all
        return f"{message} (draw or explain, e.g. chainrule draw EXPR --set NAME=VALUE …)"
    try:
        word = str(ast.literal_eval(choice[1]))
    except (ValueError, SyntaxError):
        word = choice[1]
    if word.isidentifier():  # a mistyped command, most likely: argparse's list of choices says it
        return message
    q = shlex.quote(word)
    return (
        f"{word!r} is not a command (draw, explain); to evaluate an expression, put a command before it: "
        f"chainrule draw {q} --set NAME=VALUE … or chainrule explain {q} --set NAME=VALUE …"
    )


def _digits(text: str) -> int:
    if not (text.strip().isdecimal() and text.strip().isascii() and 1 <= int(text) <= 17):
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 17, got {text!r}")
    return int(text)


def _language(text: str) -> str:
    try:
        return language(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "expression", metavar="EXPR", help=f"e.g. 'sigmoid(w*x + b)'; functions: {', '.join(FUNCTIONS)}"
    )
    common.add_argument(
        "--set", metavar="NAME=VALUE", action="append", default=[], help="a variable's value (one --set per variable)"
    )
    common.add_argument("--name", help="the output's label (default: out)")
    common.add_argument(
        "--lang", type=_language, help=f"words of the output: {', '.join(LANGUAGES)} (default: $CHAINRULE_LANG or en)"
    )
    parser = _Parser(
        prog="chainrule", allow_abbrev=False, description="Evaluate an expression, backpropagate, show every gradient."
    )
    parser.add_argument("--version", action="version", version=f"chainrule {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    about = "print the value and every gradient, and draw the graph with -o"
    sub = commands.add_parser(
        "draw", parents=[common], help=about, description=about, epilog=EPILOG, allow_abbrev=False
    )
    sub.add_argument("-o", "--output", metavar="FILE", help="write the graph; format by suffix: .svg .png .pdf .dot")
    sub.add_argument("--wrt", metavar="NAME", help="highlight the paths to this variable in the picture")
    sub.add_argument("--engine", choices=["dot", "wasm"], help="Graphviz: system dot or in-process WebAssembly")
    sub.add_argument("--rankdir", choices=["LR", "TB"], help="layout direction (default LR)")
    sub.add_argument("--digits", metavar="N", type=_digits, help="significant digits in the picture (default 4)")
    sub.set_defaults(run=_draw)
    about = "print every chain-rule term of ∂output/∂variable, R1, R2, … named as in autograd.explain"
    sub = commands.add_parser(
        "explain", parents=[common], help=about, description=about, epilog=EPILOG, allow_abbrev=False
    )
    sub.add_argument("--wrt", metavar="NAME", help="the variable to explain (default: each in turn)")
    sub.set_defaults(run=_explain)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    try:
        args = _parser().parse_args(argv)
        if args.lang is None:
            args.lang = _language_from_env()
        args.run(args)
        return 0
    except CommandError as e:
        print(f"chainrule: error: {' '.join(str(e).splitlines())}", file=sys.stderr)
        return e.code
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else 0


class _Graph:
    """The parsed expression evaluated at the ``--set`` values and backpropagated."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.lang = args.lang
        try:
            expression = parse(args.expression)
        except ExpressionError as e:
            raise CommandError(str(e)) from None
        names = expression.names
        values = _values(args.set)
        missing = [n for n in names if n not in values]
        if missing:
            raise CommandError(f"no value for {', '.join(missing)}: give each with --set NAME=VALUE")
        unused = [n for n in values if n not in names]
        if unused:
            have = ", ".join(names) or "none"
            raise CommandError(f"--set {', '.join(unused)}: not in the expression (its variables: {have})")
        if args.wrt is not None and args.wrt not in names:
            raise CommandError(
                f"--wrt {args.wrt}: not a variable of the expression (its variables: {', '.join(names)})"
            )
        name = _output_name(args.name, names)
        try:
            self.root, self.leaves = expression.evaluate(values)
        except ExpressionError as e:
            raise CommandError(str(e)) from None
        if self.root.label not in self.leaves:  # the expression `x` is the leaf x itself: keep its name
            self.root.label = name
        self.root.backward()
        self.words = Vocabulary(self.root)  # every leaf of an expression is a variable
        self.name = self.words.names[self.root]

    def table(self) -> str:
        """The output's value, then each variable's value and gradient, aligned; names from the vocabulary."""
        names, variable = self.words.names, word("variable", self.lang)
        rows = [(variable, word("value", self.lang), f"∂{names[self.root]}/∂{variable}")]
        rows += [(names[v], f"{v.data:.9g}", f"{v.grad:.9g}") for v in self.leaves.values()]
        widths = [max(display_width(r[k]) for r in rows) for k in range(2)]
        lines = [f"{self.name} = {self.root.data:.9g}"]
        if self.leaves:
            lines += [""] + [f"{pad(r[0], widths[0])}  {pad(r[1], widths[1])}  {r[2]}" for r in rows]
        return "\n".join(lines)


def _language_from_env() -> str:
    """``$CHAINRULE_LANG``'s language (or the global one); a bad value is bad input, said before any work."""
    try:
        return language()
    except ValueError as e:
        raise CommandError(str(e)) from None


def _values(settings: list[str]) -> dict[str, float]:
    """``--set NAME=VALUE`` options as a dict; CommandError for a malformed, duplicate or non-finite one."""
    values: dict[str, float] = {}
    for setting in settings:
        name, eq, text = setting.partition("=")
        name = unicodedata.normalize("NFKC", name.strip())  # as Python normalizes identifiers
        if not eq:
            raise CommandError(f"--set {setting}: expected NAME=VALUE, e.g. --set {name or 'x'}=0.5")
        if not name.isidentifier():
            raise CommandError(f"--set {setting}: {name!r} is not a variable name")
        if name in FUNCTIONS:
            raise CommandError(f"--set {setting}: {name} is a function, not a variable")
        if name in values:
            raise CommandError(f"--set {name} given twice")
        try:
            x = float(text)
        except ValueError:
            raise CommandError(f"--set {setting}: {text.strip()!r} is not a number") from None
        if not math.isfinite(x):
            raise CommandError(f"--set {setting}: the value must be finite")
        values[name] = x
    return values


def _output_name(name: str | None, names: Sequence[str]) -> str:
    """``--name``, or ``out`` (``out_``, … if the expression has a variable of that name)."""
    if name is None:
        name = "out"
        while name in names:
            name += "_"
        return name
    if name in names:
        raise CommandError(f"--name {name}: that is a variable of the expression; pick another name")
    if not name or not name.isprintable():
        raise CommandError(f"--name {name!r}: the label must be printable text")
    return name


def _draw(args: argparse.Namespace) -> None:
    if args.output is not None:
        suffix = Path(args.output).suffix.lstrip(".").lower()
        if suffix not in FORMATS:
            known = ", ".join("." + f for f in FORMATS)
            raise CommandError(f"-o {args.output}: cannot tell the format from the suffix; use one of {known}")
        try:  # a bad $CHAINRULE_RENDERER, or no renderer for this format, is said before any work
            if suffix != "dot":
                engine_for(suffix, args.engine)
        except ValueError as e:
            raise CommandError(str(e)) from None
        except RenderError as e:
            raise CommandError(f"cannot write {args.output}: {e}", code=1) from None
    graph = _Graph(args)
    print(graph.table())
    if args.output is None:
        return
    options = {"engine": args.engine, "rankdir": args.rankdir, "digits": args.digits}
    options = {k: v for k, v in options.items() if v is not None}
    wrt = graph.leaves[args.wrt] if args.wrt else None
    try:  # max_nodes=None: parse() already bounds the graph's size
        path = draw(graph.words, wrt=wrt, max_nodes=None, **options).save(args.output)
    except RenderError as e:
        raise CommandError(f"cannot write {args.output}: {e}", code=1) from None
    except OSError as e:
        raise CommandError(f"cannot write {args.output}: {e.strerror or e}", code=1) from None
    print(phrase("wrote", args.lang, path=path))


def _explain(args: argparse.Namespace) -> None:
    graph = _Graph(args)
    if not graph.leaves:
        raise CommandError("the expression has no variables to explain")
    print(f"{graph.name} = {graph.root.data:.9g}")
    for name in [args.wrt] if args.wrt else graph.leaves:
        print()
        print(Explanation(graph.root, graph.leaves[name], vocabulary=graph.words, lang=args.lang))
