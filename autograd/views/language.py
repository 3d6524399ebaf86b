"""The words chainrule writes for a learner, in one glossary: a language is one column of ``GLOSSARY``.

English is the default; ``set_language("zh")`` (or the environment variable ``CHAINRULE_LANG``) switches every
view at once, and each view also takes ``lang=`` for one call.
"""

from __future__ import annotations

import os
import unicodedata

LANGUAGES = ("en", "zh")

# key → {language: text}. Keep one block per view; a third language is one more entry in each row.
GLOSSARY: dict[str, dict[str, str]] = {
    # ----- the seeds' own terms -----
    "total error": {"en": "total error", "zh": "总误差"},
    "chain rule": {"en": "chain rule", "zh": "链式法则"},
    "backpropagation": {"en": "backpropagation", "zh": "反向传播"},
    "learning rate": {"en": "learning rate", "zh": "学习率"},
    "bias": {"en": "bias", "zh": "偏置"},
    "weight": {"en": "weight", "zh": "权重"},
    "input": {"en": "input", "zh": "输入"},
    "output": {"en": "output", "zh": "输出"},
    "target": {"en": "target", "zh": "目标值"},
    "gradient": {"en": "gradient", "zh": "梯度"},
    "value": {"en": "value", "zh": "值"},
    "local derivative": {"en": "local derivative", "zh": "局部导数"},
    # ----- exercise -----
    "exercise": {"en": "Exercise", "zh": "练习"},
    "exercise term": {"en": "term", "zh": "项"},
    "exercise what": {"en": "what it is", "zh": "含义"},
    "exercise your answer": {"en": "your answer", "zh": "你的答案"},
    "exercise instructions": {
        "en": "Work each term out by hand, then check your numbers: {call}; .hint(name) gives a term's formula.",
        "zh": "先手算每一项，再检查你的数：{call}；.hint(名称) 给出该项的公式。",
    },
    "exercise right": {"en": "{name} = {given}: right", "zh": "{name} = {given}：正确"},
    "exercise wrong": {
        "en": "{name}: you wrote {given}, which is not right.",
        "zh": "{name}：你写的是 {given}，不对。",
    },
    "exercise hint": {"en": "Hint: {hint}", "zh": "提示：{hint}"},
    "exercise off the path": {
        "en": "{name} names an edge of this graph that is not on the way to {what}; its terms are",
        "zh": "{name} 是这个图的一条边，但不在求 {what} 的路径上；它的项是",
    },
    "exercise unanswered": {"en": "{name}: not answered yet", "zh": "{name}：尚未作答"},
    "exercise all right": {"en": "All {n} answers are right.", "zh": "{n} 个答案全部正确。"},
    "exercise check": {"en": "Check", "zh": "检查"},
    "exercise blank": {
        "en": "Nothing answered yet: replace each None by your number.",
        "zh": "还没有作答：把每个 None 换成你算出的数。",
    },
    "exercise summary": {"en": "{right} of {n} right.", "zh": "{n} 个中答对 {right} 个。"},
    "exercise unknown": {
        "en": "{name!r} is not a term of {what}; its terms are",
        "zh": "{name!r} 不是 {what} 的项；它的项是",
    },
    "exercise did you mean": {"en": " (did you mean {name}?)", "zh": "（你是不是想写 {name}？）"},
    "exercise not a number": {
        "en": "the answer for {name} must be a number (or None), got {got}",
        "zh": "{name} 的答案必须是数（或 None），得到的是 {got}",
    },
    "exercise not finite": {
        "en": "the answer for {name} must be a finite number, got {got}",
        "zh": "{name} 的答案必须是有限的数，得到的是 {got}",
    },
    "exercise not a dict": {
        "en": "check takes answers as keywords or one dict of name → number, got a {got}",
        "zh": "check 的答案应是关键字参数或一个 名称 → 数 的字典，得到的是 {got}",
    },
    "exercise no answers": {
        "en": "check needs at least one answer, e.g. check(total=0.5); the terms are {names}",
        "zh": "check 至少需要一个答案，例如 check(total=0.5)；可用的项是 {names}",
    },
    "exercise bad rtol": {
        "en": "rtol must be a number ≥ 0, got {got}",
        "zh": "rtol 必须是 ≥ 0 的数，得到的是 {got}",
    },
}

_chosen: str | None = None


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(map(repr, LANGUAGES))}, got {lang!r}")
    return lang


def set_language(lang: str | None) -> None:
    """Choose the language of every view from now on (``None``: back to ``CHAINRULE_LANG`` or English)."""
    global _chosen
    _chosen = None if lang is None else _check(lang)


def language(lang: str | None = None) -> str:
    """The language a view writes in: ``lang`` if given, else ``set_language``'s, ``CHAINRULE_LANG``, or "en"."""
    if lang is not None:
        return _check(lang)
    if _chosen is not None:
        return _chosen
    env = os.environ.get("CHAINRULE_LANG", "").strip().lower()
    return env if env in LANGUAGES else "en"


def word(key: str, lang: str | None = None) -> str:
    """The glossary's text for ``key`` in ``lang`` (English where a language lacks it)."""
    row = GLOSSARY[key]
    return row.get(language(lang)) or row["en"]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and fullwidth characters count two, combining marks 0."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` display columns (``align`` "<", ">" or "^")."""
    gap = max(0, width - display_width(text))
    if align == ">":
        return " " * gap + text
    if align == "^":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap
