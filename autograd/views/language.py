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
    # ----- live page -----
    "live.title": {"en": "live graph", "zh": "实时计算图"},
    "live.prev": {"en": "Prev", "zh": "上一步"},
    "live.next": {"en": "Next", "zh": "下一步"},
    "live.step_label": {"en": "backward step", "zh": "反向传播步骤"},
    "live.all_steps": {"en": "all {n} backward steps done", "zh": "{n} 步反向传播已全部完成"},
    "live.step_of": {"en": "backward step {k} / {n}", "zh": "反向传播第 {k} / {n} 步"},
    "live.output": {"en": "output", "zh": "输出"},
    "live.gradient": {"en": "gradient", "zh": "梯度"},
    "live.lr": {"en": "learning rate", "zh": "学习率"},
    "live.train_step": {"en": "SGD step", "zh": "SGD 一步"},
    "live.train_run": {"en": "run N steps", "zh": "运行 N 步"},
    "live.loss_plot": {"en": "loss by step", "zh": "每步的损失"},
    "live.loss_after": {"en": "after {k} steps: {loss}", "zh": "{k} 步后:{loss}"},
    "live.exercise": {"en": "exercise: derive ∂output/∂", "zh": "练习:推导 ∂输出/∂"},
    "live.exercise_off": {"en": "(off)", "zh": "(关闭)"},
    "live.exercise_score": {"en": "{k} / {n} right", "zh": "答对 {k} / {n}"},
    "live.hint": {"en": "hint", "zh": "提示"},
    "live.controls": {"en": "variables and inputs", "zh": "变量与输入"},
    "live.input": {"en": "input", "zh": "输入"},
    "live.terms": {"en": "every chain-rule term", "zh": "链式法则的每一项"},
    "live.edge": {"en": "edge", "zh": "边"},
    "live.formula": {"en": "formula", "zh": "公式"},
    "live.value": {"en": "value", "zh": "值"},
    "live.total": {"en": "total", "zh": "合计"},
    "live.at_node": {"en": "at node", "zh": "节点"},
    "live.frozen_note": {
        "en": "{node} ({op}): this page does not know its op, so the node keeps Python's numbers; the controls "
        "upstream of it are disabled.",
        "zh": "{node}({op}):本页面不认识这个运算,节点保持 Python 算出的数值;它上游的控件已停用。",
    },
    "live.frozen_control": {"en": "disabled: it feeds a frozen node", "zh": "已停用:它连到一个冻结的节点"},
    "live.not_a_control": {
        "en": "{name} has no control (not a variable or input)",
        "zh": "{name} 没有控件(不是变量或输入)",
    },
    "live.not_a_number": {"en": "{name}: not a finite number", "zh": "{name}:不是有限的数"},
    "live.no_node": {"en": "no node named {name}", "zh": "没有名为 {name} 的节点"},
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
