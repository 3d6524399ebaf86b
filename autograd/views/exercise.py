"""``exercise``: derive ∂output/∂wrt by hand and be told which terms are wrong. Built on ``explain``: the
terms are the explanation's R names (its ``Vocabulary``) and ``total``; a wrong answer gets its term's
formula as a hint, never its value. Every word goes through the glossary (``lang=``).
"""

from __future__ import annotations

import difflib
import html
import itertools
import math
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any, NamedTuple

from ..engine.value import Value
from .explain import Explanation, _sum
from .labels import visible
from .language import language, word

TOTAL = "total"
_forms = itertools.count(1)  # ids of the forms shown: distinct in a page, the same on every run of a notebook


class Term(NamedTuple):
    """One term to derive: its name (an R name or ``total``), what it is (``∂E/∂out_h1``), formula, value."""

    name: str
    partial: str
    formula: str
    value: float


class Mark(NamedTuple):
    """One checked answer: ``status`` is "right", "wrong" or "unanswered" (``given`` None)."""

    term: Term
    given: float | None
    status: str


class CheckResult:
    """The marks of one ``check``: truthy when every answer given is right and none is left blank;
    ``right``, ``wrong``, ``unanswered`` list the names; ``str()`` is the feedback (formulas, not values)."""

    def __init__(self, marks: list[Mark], rtol: float, lang: str) -> None:
        self.marks, self.rtol, self.lang = marks, rtol, lang
        self.right = [m.term.name for m in marks if m.status == "right"]
        self.wrong = [m.term.name for m in marks if m.status == "wrong"]
        self.unanswered = [m.term.name for m in marks if m.status == "unanswered"]

    def __bool__(self) -> bool:
        return bool(self.right) and not self.wrong and not self.unanswered

    def _lines(self) -> list[str]:
        lang, lines = self.lang, []
        for m in self.marks:
            name = m.term.name
            if m.status == "right":
                lines.append("✓ " + word("exercise right", lang).format(name=name, given=f"{m.given:.6g}"))
            elif m.status == "wrong":
                text = word("exercise wrong", lang).format(name=name, given=f"{m.given:.6g}")
                hint = word("exercise hint", lang).format(hint=f"{m.term.partial} = {m.term.formula}")
                lines.append(f"✗ {text} {hint}")
            else:
                lines.append("… " + word("exercise unanswered", lang).format(name=name))
        total = len(self.marks)
        key = "exercise all right" if self else "exercise summary" if self.right or self.wrong else "exercise blank"
        lines.append(word(key, lang).format(right=len(self.right), n=total))
        return lines

    def __str__(self) -> str:
        return "\n".join(self._lines())

    __repr__ = __str__

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(visible(line))}</li>" for line in self._lines()[:-1])
        summary = html.escape(self._lines()[-1])
        return f'<div class="chainrule-check"><ul>{items}</ul><p><b>{summary}</b></p></div>'


class Exercise:
    """∂output/∂wrt to derive by hand: ``names`` (its R names and ``total``), ``check(...)``, ``hint(r)``,
    ``answer(r)``; shows as a small form in Jupyter."""

    def __init__(self, output: Value, wrt: Value, params: Iterable[Value] | None = None, lang: str | None = None):
        self.lang = None if lang is None else language(lang)
        self.explanation = x = Explanation(output, wrt, params)
        self.vocabulary = n = x.vocabulary
        self.terms: dict[str, Term] = {}
        for row in x.table():
            item = n.items[row.r]
            what = n.partial(item) if isinstance(item, Value) else n.partial(item[0]._edges[2 * item[1]], item[0])
            self.terms[row.r] = Term(row.r, what, row.formula, row.value)
        self.terms[TOTAL] = Term(TOTAL, n.partial(wrt), _sum(n.terms(wrt)), x.value)
        self.names: tuple[str, ...] = tuple(self.terms)

    def _term(self, name: Any) -> Term:
        if name in self.terms:
            return self.terms[name]
        lang = language(self.lang)
        close = difflib.get_close_matches(str(name), self.names, n=1)
        maybe = word("exercise did you mean", lang).format(name=close[0]) if close else ""
        key = "exercise off the path" if name in self.vocabulary.items else "exercise unknown"
        text = word(key, lang).format(name=name, what=self.terms[TOTAL].partial)
        raise ValueError(f"{text} {', '.join(self.names)}{maybe}")

    def hint(self, r: str) -> str:
        """The formula of term ``r`` (an R name or ``total``) in the graph's names: ``∂E_total/∂out_o1 = out_o1 -
        target_o1``."""
        t = self._term(r)
        return f"{t.partial} = {t.formula}"

    def answer(self, r: str) -> float:
        """The value of term ``r`` (an R name or ``total``)."""
        return self._term(r).value

    def check(
        self, answers: Mapping[str, Any] | None = None, /, rtol: float = 1e-3, **more: float | None
    ) -> CheckResult:
        """Mark the learner's numbers (``R13=0.03635``, ``total=…``, or a dict): right when within ``rtol``
        of the value (relative); ``None`` is a blank, marked "not answered yet"."""
        lang = language(self.lang)
        if answers is not None and not isinstance(answers, Mapping):
            raise TypeError(word("exercise not a dict", lang).format(got=type(answers).__name__))
        given = {**(answers or {}), **more}
        if not given:
            raise ValueError(word("exercise no answers", lang).format(names=", ".join(self.names)))
        if isinstance(rtol, bool) or not isinstance(rtol, Real) or not 0 <= rtol < math.inf:
            raise ValueError(word("exercise bad rtol", lang).format(got=repr(rtol)))
        marks = []
        for name, number in given.items():  # every answer is read before any is marked
            term = self._term(name)
            if number is not None and (isinstance(number, bool) or not isinstance(number, Real)):
                raise TypeError(word("exercise not a number", lang).format(name=name, got=repr(number)))
            if number is not None and not math.isfinite(number):
                raise ValueError(word("exercise not finite", lang).format(name=name, got=repr(number)))
            marks.append((term, None if number is None else float(number)))
        out = []
        for term, number in marks:
            if number is None:
                out.append(Mark(term, None, "unanswered"))
            else:
                ok = abs(number - term.value) <= rtol * abs(term.value)
                out.append(Mark(term, number, "right" if ok else "wrong"))
        return CheckResult(out, float(rtol), lang)

    def __str__(self) -> str:
        lang = language(self.lang)
        head = f"{word('exercise', lang)}: {self.terms[TOTAL].partial}"
        rows = [f"  {t.name}: {t.partial}" for t in self.terms.values()]
        call = ", ".join(f"{name}=…" for name in self.names)
        return "\n".join([head, *rows, word("exercise instructions", lang).format(call=f".check({call})")])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        lang = language(self.lang)
        esc = lambda s: html.escape(visible(s), quote=True)
        rows = "".join(
            f'<tr><td><label for="{{uid}}-{k}">{esc(t.name)}</label></td><td>{esc(t.partial)}</td>'
            f'<td><input id="{{uid}}-{k}" name="{esc(t.name)}" type="text" size="12"/></td></tr>'
            for k, t in enumerate(self.terms.values())
        ).replace("{uid}", f"chainrule-exercise-{next(_forms)}")
        call = ", ".join(f"{name}=…" for name in self.names)
        return (
            f'<form class="chainrule-exercise" onsubmit="return false">'
            f"<p><b>{esc(word('exercise', lang))}: {esc(self.terms[TOTAL].partial)}</b></p>"
            f"<table><tr><th>{esc(word('exercise term', lang))}</th><th>{esc(word('exercise what', lang))}</th>"
            f"<th>{esc(word('exercise your answer', lang))}</th></tr>{rows}</table>"
            f"<p>{esc(word('exercise instructions', lang).format(call=f'.check({call})'))}</p></form>"
        )

    def widget(self) -> Any:
        """The form as ipywidgets (a text box per term, a Check button, the feedback below it), for Jupyter."""
        try:
            import ipywidgets as w
        except ImportError as e:
            raise ImportError("Exercise.widget needs ipywidgets: pip install 'chainrule[notebooks]'") from e
        lang = language(self.lang)
        boxes = {t.name: w.Text(description=t.name, placeholder=t.partial) for t in self.terms.values()}
        button, out = w.Button(description=word("exercise check", lang)), w.Output()

        def clicked(_: Any = None) -> None:
            out.clear_output()
            with out:
                given: dict[str, float | None] = {}
                for name, box in boxes.items():
                    text = box.value.strip()
                    try:
                        given[name] = float(text) if text else None
                    except ValueError:
                        print(word("exercise not a number", lang).format(name=name, got=repr(text)))
                        return
                print(self.check(given))

        button.on_click(clicked)
        return w.VBox(
            [
                w.HTML(
                    f"<b>{html.escape(word('exercise', lang))}: {html.escape(visible(self.terms[TOTAL].partial))}</b>"
                ),
                *boxes.values(),
                button,
                out,
            ]
        )


def exercise(output: Value, wrt: Value, params: Iterable[Value] | None = None, lang: str | None = None) -> Exercise:
    """∂output/∂wrt as an exercise: derive its terms (``explain``'s R names and ``total``) by hand, then
    ``.check(R13=…, total=…)``; ``.hint(r)`` gives a term's formula, ``.answer(r)`` its value."""
    return Exercise(output, wrt, params, lang)
