"""中文 throughout: every view's lang="zh" output uses the glossary's words, tables line up by display width
(a CJK character takes two columns), and the global switch (set_language, CHAINRULE_LANG) reaches every view."""

from __future__ import annotations

import re

import pytest

import autograd
from autograd import Value
from autograd.shell.cli import main
from autograd.views.language import GLOSSARY, LANGUAGES, display_width, language, pad, set_language, word


@pytest.fixture(autouse=True)
def english_default(monkeypatch):
    monkeypatch.delenv("CHAINRULE_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


def graph():
    """权重·x + 偏置 through a sigmoid, then the seeds' 总误差 against a target of 0.01."""
    w, x, b = Value(0.15, "权重"), Value(0.05, "x", requires_grad=False), Value(0.35, "偏置")
    net = w * x + b
    net.label = "net"
    out = net.sigmoid()
    out.label = "输出"
    E = (out - 0.01) ** 2 * 0.5
    E.label = "E_total"
    E.backward()
    return E, w, b


def columns(line: str) -> list[int]:
    """The display column where each cell of a table line starts (cells are separated by two or more spaces)."""
    return [display_width(line[: m.start()]) for m in re.finditer(r"(?:(?<=  )|^)\S", line)]


def assert_aligned(lines: list[str], cells: int) -> None:
    starts = [columns(line)[:cells] for line in lines]
    assert all(len(s) == cells for s in starts), lines
    assert all(s == starts[0] for s in starts), "\n".join(lines)


def test_display_width_and_pad():
    assert display_width("权重") == 4 and display_width("w5") == 2 and display_width("ｗ５") == 4
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert pad("权重", 6) == "权重  " and pad("权重", 6, ">") == "  权重" and pad("权重", 3) == "权重"


def test_every_row_of_the_glossary_has_every_language():
    assert set(LANGUAGES) == {"en", "zh"}
    missing = [key for key, row in GLOSSARY.items() if set(row) != set(LANGUAGES) or not all(row.values())]
    assert missing == []
    assert [word(k, "zh") for k in ("total error", "chain rule", "backpropagation", "learning rate", "bias")] == [
        "总误差",
        "链式法则",
        "反向传播",
        "学习率",
        "偏置",
    ]


def test_explain_in_chinese():
    E, w, _ = graph()
    ex = autograd.explain(E, w, lang="zh")
    text = str(ex)
    assert "1 条路径" in text and "path" not in text
    head, *rows = text.split("\n\n")[1].splitlines()
    assert head.split() == ["R#", "边", "公式", "值"]
    assert_aligned([head, *rows], 4)
    assert any("∂输出/∂net      输出·(1 - 输出)" in r for r in rows) and ex.value == pytest.approx(w.grad)
    tex = ex._repr_latex_()
    assert tex.splitlines()[1] == "% 链式法则：1 条路径，每个 R 是一个局部导数"
    assert str(autograd.explain(E, w)).split("\n\n")[1].split()[:4] == ["R#", "edge", "formula", "value"]


def test_explain_totals_and_many_paths_in_chinese():
    x = Value(2.0, "输入")
    a = x * 3.0
    a.label = "加权"
    y = a.tanh() + a.sigmoid() + x
    y.label = "输出"
    y.backward()
    ex = autograd.explain(y, x, lang="zh")
    assert "3 条路径" in str(ex) and "路径： R1" in str(ex)
    assert "超过 max_paths=1" in str(autograd.explain(y, x, max_paths=1, lang="zh"))
    table = ex.table(full=True)
    lines = str(table).splitlines()
    assert_aligned(lines, 4)
    assert display_width(lines[0].split("公式")[0]) == columns(lines[1])[2]


def test_tree_in_chinese_lines_up():
    E, w, _ = graph()
    text = autograd.tree(E, lang="zh")
    assert "值=" in text and "梯度=" in text and "data=" not in text
    lines = text.splitlines()
    inputs = [line for line in lines if " mul1 " in line or "偏置 " in line]
    assert len(inputs) == 2
    # the two inputs of net hang at one display column, below a parent named 输出 (two columns a character)
    assert len({display_width(re.match(r"[│ ├└─]*", line)[0]) for line in inputs}) == 1
    assert f"梯度={w.grad:.4g}" in next(line for line in lines if "权重 " in line)
    assert "……（在 max_lines=2 处停止）" in autograd.tree(E, max_lines=2, lang="zh")


def test_step_page_in_chinese():
    E, _, _ = graph()
    page = autograd.step_page(E, lang="zh").html
    assert '<html lang="zh">' in page
    for text in ("◀ 上一步", "下一步 ▶", "反向传播逐步演示", "橙色", "局部导数", '"frame": "帧"', '"gradient": "梯度"'):
        assert text in page, text
    english = autograd.step_page(E).html
    assert '<html lang="en">' in english and "◀ Prev" in english and "上一步" not in english


def test_cli_table_lines_up_in_display_width(capsys):
    assert main(["draw", "权重*x", "--set", "权重=1", "--set", "x=2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "out = 2" and lines[2].split() == ["variable", "value", "∂out/∂variable"]
    assert_aligned(lines[2:5], 3)
    assert main(["draw", "权重*x", "--set", "权重=1", "--set", "x=2", "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:5] == ["变量  值  ∂out/∂变量", "权重  1   2", "x     2   1"]
    assert_aligned(lines[2:5], 3)


def test_cli_explain_in_chinese(capsys, monkeypatch):
    monkeypatch.setenv("CHAINRULE_LANG", "zh")
    assert main(["explain", "权重*x + 权重", "--set", "权重=1", "--set", "x=2", "--wrt", "权重"]) == 0
    out = capsys.readouterr().out
    assert "∂out/∂权重 = 3  (2 条路径)" in out
    table = out.split("\n\n")[-1].splitlines()
    assert table[0].split() == ["R#", "边", "公式", "值"]
    assert_aligned(table, 4)
    assert main(["explain", "x*y", "--set", "x=1", "--set", "y=2", "--wrt", "x", "--lang", "en"]) == 0
    assert "(1 path)" in capsys.readouterr().out


def test_cli_bad_language(capsys, monkeypatch):
    assert main(["draw", "x", "--set", "x=1", "--lang", "fr"]) == 2
    assert "--lang: language must be one of 'en', 'zh', got 'fr'" in capsys.readouterr().err
    monkeypatch.setenv("CHAINRULE_LANG", "klingon")
    assert main(["draw", "x", "--set", "x=1"]) == 2
    err = capsys.readouterr().err
    assert "CHAINRULE_LANG must be one of 'en', 'zh', got 'klingon'" in err and "Traceback" not in err


def test_set_language_switches_every_view():
    E, w, _ = graph()
    autograd.set_language("zh")
    assert language() == "zh"
    assert "条路径" in str(autograd.explain(E, w)) and "梯度=" in autograd.tree(E)
    assert "上一步" in autograd.step_page(E).html
    assert "path" in str(autograd.explain(E, w, lang="en"))  # lang= wins for one call
    autograd.set_language(None)
    assert language() == "en" and "grad=" in autograd.tree(E)


def test_environment_variable(monkeypatch):
    E, w, _ = graph()
    monkeypatch.setenv("CHAINRULE_LANG", "zh_CN.UTF-8")
    assert language() == "zh" and "值=" in autograd.tree(E)
    autograd.set_language("en")  # set_language wins over the environment
    assert "data=" in autograd.tree(E)


@pytest.mark.parametrize("bad", ["fr", "", "中文", 3, None])
def test_bad_language_is_a_clear_error(bad, monkeypatch):
    E, w, _ = graph()
    if bad is None:
        monkeypatch.setenv("CHAINRULE_LANG", "fr")
        with pytest.raises(ValueError, match="CHAINRULE_LANG must be one of 'en', 'zh', got 'fr'"):
            autograd.tree(E)
        return
    with pytest.raises(ValueError, match="language must be one of 'en', 'zh'"):
        autograd.set_language(bad)
    assert language() == "en"  # nothing half-changed
    for view in (lambda: autograd.explain(E, w, lang=bad), lambda: autograd.tree(E, lang=bad)):
        with pytest.raises(ValueError, match=re.escape(repr(bad))):
            view()
    with pytest.raises(ValueError, match="language must be one of"):
        autograd.step_page(E, lang=bad)
