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
    # ----- forward mode -----
    "forward mode": {"en": "forward mode", "zh": "前向模式"},
    "reverse mode": {"en": "reverse mode", "zh": "反向模式"},
    "one pass up from": {"en": "one pass up from {wrt}", "zh": "从 {wrt} 向上一遍"},
    "1 path": {"en": "1 path", "zh": "1 条路径"},
    "n paths": {"en": "{n} paths", "zh": "{n} 条路径"},
    "paths, read from": {"en": "paths, read from {wrt}", "zh": "各路径，从 {wrt} 读起"},
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
