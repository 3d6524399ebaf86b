"""The words chainrule writes for a learner, in one glossary: a language is one column of ``GLOSSARY``.

English is the default; ``set_language("zh")`` (or the environment variable ``CHAINRULE_LANG``) switches every
view at once, and each view also takes ``lang=`` for one call.
"""

from __future__ import annotations

import os
import re
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
    # ----- explain -----
    "R#": {"en": "R#", "zh": "R#"},
    "edge": {"en": "edge", "zh": "边"},
    "formula": {"en": "formula", "zh": "公式"},
    "(total)": {"en": " (total)", "zh": "（总和）"},
    "path": {"en": "{n} path", "zh": "{n} 条路径"},
    "paths": {"en": "{n} paths", "zh": "{n} 条路径"},
    "paths:": {"en": "paths:", "zh": "路径："},
    "more paths": {"en": " + … ({n} more in .paths)", "zh": " + …（另有 {n} 条，见 .paths）"},
    "too many paths": {
        "en": "{count}: more than max_paths={max}, not listed; the factored form is complete",
        "zh": "{count}：超过 max_paths={max}，未逐条列出；上面的分解式是完整的",
    },
    "latex head": {
        "en": "chain rule: {count}, each R a local derivative",
        "zh": "链式法则：{count}，每个 R 是一个局部导数",
    },
    # ----- tree -----
    "data=": {"en": "data=", "zh": "值="},
    "grad=": {"en": "grad=", "zh": "梯度="},
    "see above": {"en": "  (see above)", "zh": "  （见上）"},
    "stopped": {"en": "... (stopped at max_lines={n})", "zh": "……（在 max_lines={n} 处停止）"},
    # ----- step page -----
    "page title": {
        "en": "chainrule · backpropagation step by step: {name}",
        "zh": "chainrule · 反向传播逐步演示：{name}",
    },
    "prev": {"en": "◀ Prev", "zh": "◀ 上一步"},
    "next": {"en": "Next ▶", "zh": "下一步 ▶"},
    "prev tip": {"en": "previous step (←)", "zh": "上一步（←）"},
    "next tip": {"en": "next step (→)", "zh": "下一步（→）"},
    "step": {"en": "step", "zh": "步骤"},
    "frame": {"en": "frame", "zh": "帧"},
    "forward": {"en": "forward", "zh": "前向传播"},
    "backward": {"en": "backward", "zh": "反向传播"},
    "phase gradient": {"en": "gradient", "zh": "梯度"},
    "phase value": {"en": "value", "zh": "值"},
    "legend": {
        "en": '<b class="current">orange</b>: this step\'s node ·\n'
        '<b class="term">red</b>: the edges it reads (backward: grad = Σ local × upstream) ·\n'
        '<b class="upstream">blue</b>: the nodes those come from · <i>grad ?</i>: not computed yet',
        "zh": '<b class="current">橙色</b>：这一步的节点 ·\n'
        '<b class="term">红色</b>：它读取的边（反向传播：梯度 = Σ 局部导数 × 上游梯度） ·\n'
        '<b class="upstream">蓝色</b>：这些边来自的节点 · <i>grad ?</i>：尚未计算',
    },
    # ----- cli -----
    "variable": {"en": "variable", "zh": "变量"},
    "wrote": {"en": "wrote {path}", "zh": "已写入 {path}"},
    # ----- forward mode -----
    "forward mode": {"en": "forward mode", "zh": "前向模式"},
    "one pass up from": {"en": "one pass up from {wrt}", "zh": "从 {wrt} 向上一遍"},
    "paths, read from": {"en": "paths, read from {wrt}", "zh": "各路径，从 {wrt} 读起"},
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
    "live.loss_after": {"en": "after {k} steps: {loss}", "zh": "{k} 步后：{loss}"},
    "live.exercise": {"en": "exercise: derive ∂output/∂", "zh": "练习：推导 ∂输出/∂"},
    "live.exercise_off": {"en": "(off)", "zh": "（关闭）"},
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
        "zh": "{node}（{op}）：本页面不认识这个运算，节点保持 Python 算出的数值；它上游的控件已停用。",
    },
    "live.frozen_control": {"en": "disabled: it feeds a frozen node", "zh": "已停用：它连到一个冻结的节点"},
    "live.not_a_control": {
        "en": "{name} has no control (not a variable or input)",
        "zh": "{name} 没有控件（不是变量或输入）",
    },
    "live.not_a_number": {"en": "{name}: not a finite number", "zh": "{name}：不是有限的数"},
    "live.no_node": {"en": "no node named {name}", "zh": "没有名为 {name} 的节点"},
}

_chosen: str | None = None


def _check(lang: object, source: str = "language") -> str:
    """``lang`` as one of LANGUAGES: case and a region ("zh-CN", "zh_CN.UTF-8") do not matter."""
    code = re.split(r"[-_.@]", lang.strip().lower(), maxsplit=1)[0] if isinstance(lang, str) else None
    if code not in LANGUAGES:
        raise ValueError(f"{source} must be one of {', '.join(map(repr, LANGUAGES))}, got {lang!r}")
    return code


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
    env = os.environ.get("CHAINRULE_LANG", "").strip()
    return _check(env, "the environment variable CHAINRULE_LANG") if env else "en"


def word(key: str, lang: str | None = None) -> str:
    """The glossary's text for ``key`` in ``lang`` (English where a language lacks it)."""
    row = GLOSSARY[key]
    return row.get(language(lang)) or row["en"]


def phrase(key: str, lang: str | None = None, **fields: object) -> str:
    """``word(key, lang)`` with its ``{fields}`` filled in (``phrase("paths", n=2)`` → "2 paths")."""
    return word(key, lang).format(**fields)


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
