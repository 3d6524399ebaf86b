"""Labels no SVG can hold as they are (control characters, noncharacters, lone surrogates) are drawn visibly,
as Python's repr writes them, and every SVG and step page stays well-formed; East Asian wide text fits its
box under both engines, measured against the system ``dot``'s own font metrics."""

import json
import os
import re
import shutil
import subprocess
import xml.dom.minidom

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, step_page
from autograd.views.labels import box_width, is_wide, visible

from .svg import read

# Every character XML 1.0 refuses, or that Graphviz would pass through invisibly: C0 controls but tab and
# newline (which draw as a space and a line break), DEL, a C1 control, noncharacters, NUL.
UNDRAWABLE = [
    "a\x1bb",
    *(chr(c) for c in range(1, 32) if chr(c) not in "\t\n"),
    "\x00",
    "\x7f",
    "\x85",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\ufdd0",
]
SURROGATES = ["a\ud800b", "\udfff"]
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\ufdd0\ufffe\uffff\U0010ffff\ud800-\udfff]")


def drawn_sum(labels: list[str], out_label: str) -> tuple[Value, list[Value]]:
    leaves = [Value(float(k + 1), label) for k, label in enumerate(labels)]
    out = autograd.sum(leaves)
    out.label = out_label
    out.backward()
    return out, leaves


def test_visible_writes_what_cannot_be_drawn_as_python_does():
    assert visible("a\x1bb") == "a\\x1bb" and visible("\x00\r") == "\\x00\\r"
    assert visible("\ufffe") == "\\ufffe" and visible("\ud800") == "\\ud800" and visible("\U0010ffff") == "\\U0010ffff"
    kept = "tab\there\nnewline \\x1b {}|<>\"' ∂σ 输出 😀 \u200d"
    assert visible(kept) == kept


CASES = pytest.mark.parametrize(
    "labels, out_label", [(UNDRAWABLE, "out\x1b"), (SURROGATES, "out\ud800")], ids=["controls", "surrogates"]
)


@CASES
def test_undrawable_characters_are_shown_and_every_svg_is_xml(engine, tmp_path, labels, out_label):
    out, leaves = drawn_sum(labels, out_label)
    d = autograd.draw(out, engine=engine)
    svg = d.svg()
    xml.dom.minidom.parseString(svg.encode("utf-8"))
    assert not RAW.search(svg)
    nodes, edges = read(svg)
    ids = {v: f"n{k}" for k, v in enumerate(autograd.nodes(out))}
    for v in leaves:
        assert nodes[ids[v]].texts[0] == repr(v.label)[1:-1]  # "\x1b" drawn as the four characters \x1b
    assert nodes[ids[out]].texts[0] == f"{repr(out_label)[1:-1]} (sum)"
    for suffix in ("svg", "dot"):
        saved = d.save(tmp_path / f"graph.{suffix}")
        assert not RAW.search(saved.read_text(encoding="utf-8"))
    xml.dom.minidom.parse(str(tmp_path / "graph.svg"))


def test_undrawable_characters_in_groups_and_explanations(engine):
    a, b = Value(2.0, "a\x01"), Value(3.0, "b\udc80")
    y = a * b
    y.label = "y\ufffe"
    y.backward()
    d = autograd.explain(y, a).draw(groups={a: "group\x02", y: "group\x02"}, engine=engine)
    svg = d.svg()
    xml.dom.minidom.parseString(svg.encode("utf-8"))
    assert not RAW.search(svg)
    assert "group\\x02" in svg and "∂y\\ufffe/∂a\\x01" in svg  # cluster label, edge tooltip


@CASES
def test_the_step_page_stays_well_formed_and_shows_them(engine, tmp_path, labels, out_label):
    out, _ = drawn_sum(labels[:6], out_label)
    shown = repr(out_label)[1:-1]
    page = step_page(out, forward=True, engine=engine)
    saved = page.save(tmp_path / "steps.html").read_text(encoding="utf-8")
    assert saved == page.html and not RAW.search(page.html)
    svg = page.html[page.html.index("<svg") : page.html.index("</svg>") + len("</svg>")]
    xml.dom.minidom.parseString(svg.encode("utf-8"))
    data = json.loads(re.search(r'id="chainrule-frames">(.*?)</script>', page.html, re.S)[1])
    names = [f["name"] for f in data["frames"]]
    assert shown in names  # the panel shows what the boxes show
    assert f"∂{shown}/∂{repr(labels[0])[1:-1]}" in names
    assert not RAW.search("".join(names + [f["formula"] for f in data["frames"]]))
    assert f"<title>chainrule · backpropagation step by step: {shown}</title>" in page.html
    assert page.frames[0].name == out.label  # the frames keep the names as given; only the page shows them


ANY_CHARACTER = st.one_of(
    st.characters(exclude_categories=()), st.sampled_from(list('\x00\x1b\r\t\n\\"{}|<>&;\ufffe\ud800 '))
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.text(ANY_CHARACTER, max_size=12))
def test_any_label_gives_well_formed_svg(engine, label):
    y = Value(1.5, label) * 2
    y.label = label
    y.backward()
    svg = autograd.draw(y, engine=engine).svg()
    xml.dom.minidom.parseString(svg.encode("utf-8"))
    assert not RAW.search(svg)


# ----- East Asian wide text ---------------------------------------------------------------------
CJK = ["输出y", "权重 w₁", "入力データ", "한국어 라벨", "全角ＡＢＣ１２３", "mixed 中文 and Latin text"]


def cjk_graph() -> Value:
    x, w = Value(0.5, CJK[2]), Value(-1.25, CJK[1])
    h = (w * x + Value(0.1, CJK[3])).tanh()
    h.label = CJK[4]
    y = (h * Value(2.0, CJK[5])).sigmoid()
    y.label = CJK[0]
    y.backward()
    return y


def measured_by_dot(source: str) -> dict[str, list[tuple[str, float]]]:
    """Each node's text lines with their widths in pt as the system dot measures them (pango, real fonts)."""
    done = subprocess.run(["dot", "-Tjson"], input=source.encode("utf-8"), capture_output=True, check=True)
    nodes = {}
    for obj in json.loads(done.stdout)["objects"]:
        if "nodes" not in obj and "_ldraw_" in obj:
            nodes[obj["name"]] = [(op["text"], op["width"]) for op in obj["_ldraw_"] if op["op"] == "T"]
    return nodes


def box_widths(svg: str) -> dict[str, float]:
    """Each node's outline width in pt, from its SVG polygon, rounded-box path or ellipse."""
    widths = {}
    for node in xml.dom.minidom.parseString(svg.encode("utf-8")).getElementsByTagName("g"):
        if node.getAttribute("class") != "node":
            continue
        title = node.getElementsByTagName("title")[0].firstChild.data
        for tag, attribute in (("path", "d"), ("polygon", "points")):
            for shape in node.getElementsByTagName(tag):
                xs = [float(x) for x in re.findall(r"(-?[\d.]+),-?[\d.]+", shape.getAttribute(attribute))]
                widths[title] = max(xs) - min(xs)
        for ellipse in node.getElementsByTagName("ellipse"):
            widths[title] = 2 * float(ellipse.getAttribute("rx"))
    return widths


def assert_wide_text_fits(d: autograd.Drawing, wide_only: bool = True) -> list[str]:
    """Every line of a box holding wide text (``wide_only``; else of every box), as wide as dot measures it
    with the system's fonts (the ones a browser draws the SVG with), fits 4 pt inside the box's outline;
    returns the boxes' first lines."""
    if shutil.which("dot") is None:  # the measure: CI installs it, and the engine fixture fails there anyway
        (pytest.fail if os.environ.get("CI") else pytest.skip)("no system dot to measure the text with")
    widths = box_widths(d.svg())
    measured = measured_by_dot(d.source).items()
    boxes = [(node, lines) for node, lines in measured if not wide_only or any(map(is_wide, lines[0][0]))]
    for node, lines in boxes:
        for text, width in lines:
            assert width + 2 * 4 <= widths[node], f"{text!r} ({width:.1f} pt) does not fit in {widths[node]:.1f} pt"
    return sorted(lines[0][0] for _, lines in boxes)


def test_east_asian_wide_text_fits_its_box(engine):
    heads = assert_wide_text_fits(autograd.draw(cjk_graph(), engine=engine))
    assert heads == sorted([f"{CJK[0]} (sigmoid)", f"{CJK[4]} (tanh)", *CJK[1:4], CJK[5]])


def test_east_asian_wide_text_fits_a_collapsed_box(engine):
    x, w, b = Value(0.5, "x"), Value(-1.25, "w"), Value(0.1, "b")
    h = (w * x + b).tanh()
    h.label = "h"
    h.backward()
    group = "第一层 · 第一层的第一个隐藏神经元（双曲正切）"  # the only wide text: the collapsed box's title
    groups = {h: group, h.parents[0]: group, h.parents[0].parents[0]: group}
    d = autograd.draw(h, groups=groups, collapse=True, engine=engine)
    assert assert_wide_text_fits(d) == ["第一层的第一个隐藏神经元（双曲正切）"]


def test_latin_text_fits_its_box_whatever_font_draws_it(engine):
    t, y = Value(0.9, "t"), Value(0.3, "y")
    loss = 0.5 * (t - y.sigmoid()) ** 2 + abs(t * y).sin()
    loss.backward()
    heads = assert_wide_text_fits(autograd.draw(loss, engine=engine), wide_only=False)
    assert "sigmoid1 (sigmoid)" in heads and len(heads) == 10


def test_box_width_for_any_text():
    assert box_width([], 11) is None
    latin = float(box_width(["x (tanh)", "data 0.5", "grad 1"], 11))
    assert latin > float(box_width(["x", "grad 1"], 11))  # the widest line decides
    one, two = float(box_width(["输出"], 11)), float(box_width(["输出输出"], 11))
    assert two - one == pytest.approx(2 * 11 / 72, abs=0.01)  # a wide character is 1 em
    assert float(box_width(["输出", "a much longer Latin line"], 11)) > float(box_width(["输出", "a"], 11))
