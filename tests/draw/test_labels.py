"""Labels no SVG can hold as they are (control characters, noncharacters, lone surrogates) are drawn visibly,
as Python's repr writes them, and every SVG and step page stays well-formed."""

import json
import re
import xml.dom.minidom

import pytest

import autograd
from autograd import Value, step_page
from autograd.views.labels import visible

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
