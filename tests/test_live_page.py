"""The live page without a browser: well-formed whatever the labels, every word from the glossary, its ops as
data (built-in, folded, fused, nn's), a custom op frozen, and its errors."""

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

import autograd
import nn
from autograd import Value
from autograd.views.language import GLOSSARY
from nn.demo import seed_network
from tests.test_recompute import Softplus


def parts(page: str) -> tuple[ET.Element, dict]:
    """The drawing's inline SVG parsed as XML, the page's data parsed as JSON; the page has exactly two scripts."""
    assert page.count("<script") == 2 and page.count("</script>") == 2
    start = page.index("<svg", page.index('<div id="graph">'))
    svg = ET.fromstring(page[start : page.index("</svg>", start) + 6])
    data = re.search(r'<script type="application/json" id="chainrule-live">(.*?)</script>', page, re.S)[1]
    return svg, json.loads(data)


def test_the_seed_networks_page_carries_its_ops_and_vocabulary():
    model, E = seed_network()
    page = autograd.live(E, model=model)
    svg, data = parts(page.html())
    words = autograd.vocabulary(E)
    ops = [n["op"] for n in data["nodes"]]
    assert ops.count("dot") == 4 and ops.count("sigmoid") == 4 and ops[-1] == "half_sse"
    assert data["nodes"][-1]["arg"] == [0.01, 0.99] and page.frozen == []
    assert [data["nodes"][k]["name"] for k in data["variables"]] == [f"w{k}" for k in range(1, 9)]
    assert [data["nodes"][k]["name"] for k in data["inputs"]] == ["b1", "b2", "i1", "i2"]
    r_names = [r for n in data["nodes"] for r in n.get("r", ()) if r]
    assert sorted(r_names + [r for _, r, _ in data["totals"]], key=lambda r: int(r[1:])) == list(words.items)
    ids = {e.get("id") for e in svg.iter()}
    assert {words.ids[v] for v in words.topo} <= ids  # every box the script rewrites is drawn
    assert repr(page) == "<LivePage; .save('live.html')>"
    assert 'srcdoc="&lt;!DOCTYPE html&gt;' in page._repr_html_()


def test_folded_numbers_and_nn_ops_are_data():
    x = Value(0.5, "x")
    z = nn.softmax([x * 3, 2 - x, x**2])
    loss = nn.cross_entropy([z[0], x, 1 / x], 1) + nn.l2([x], 0.1)
    _, data = parts(autograd.live(loss).html())
    by_op = {n["op"]: n for n in data["nodes"]}
    folded = [(n["base"], n["k"], n["side"]) for n in data["nodes"] if n["op"] == "folded"]
    assert folded == [("mul", 3.0, 1), ("sub", 2.0, 0), ("pow", 2.0, 1), ("div", 1.0, 0)]
    assert by_op["softmax"]["arg"] == 0 and by_op["softmax_ce"]["arg"] == [[0.0, 1.0, 0.0]]
    assert by_op["l2"]["arg"] == 0.1


def test_a_custom_op_is_frozen():
    a = Value(1.0, "a")
    out = Softplus()(a) * 2
    page = autograd.live(out)
    _, data = parts(page.html())
    assert [n["op"] for n in data["nodes"]] == ["leaf", "frozen", "folded"] and page.frozen == [out.parents[0]]
    assert "1 frozen" in repr(page)


@pytest.mark.parametrize(
    "label", ["</script><script>alert(1)</script>", "a\"b'c{|<>}&amp;", "\x1b\x00\ud800\ufffe", "<!--"]
)
def test_any_label_gives_a_well_formed_page(label, tmp_path):
    x = Value(0.5, label)
    y = (x * 2).tanh()
    y.label = label + "y"
    page = autograd.live(y)
    svg, data = parts(page.html())
    assert data["nodes"][0]["name"] == label.replace("\x1b", "\\x1b").replace("\x00", "\\x00").replace(
        "\ud800", "\\ud800"
    ).replace("\ufffe", "\\ufffe")
    page.save(tmp_path / "p.html").read_bytes().decode("utf-8")  # encodable: no lone surrogate left


def test_every_word_comes_from_the_glossary_in_both_languages():
    keys = [k for k in GLOSSARY if k.startswith("live.")]
    assert keys and all(set(GLOSSARY[k]) == {"en", "zh"} for k in keys)
    model, E = seed_network()
    zh = autograd.live(E, model=model, lang="zh").html()
    assert '<html lang="zh">' in zh and html.escape(GLOSSARY["live.train_run"]["zh"]) in zh
    _, data = parts(zh)
    assert data["text"]["hint"] == "提示"
    with pytest.raises(ValueError, match="language must be one of"):
        autograd.live(E, lang="fr")


def test_collapse_is_refused():
    model, E = seed_network()
    with pytest.raises(ValueError, match="collapse=True is not supported"):
        autograd.live(E, model=model, collapse=True)


def test_the_readme_screenshot_was_taken_of_the_committed_page():
    """docs/live_page.html is current (tests/test_figures.py); the PNG records the SHA-256 of the page it shows."""
    import hashlib
    import struct
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs"
    png = (docs / "live_page.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    texts, at = {}, 8
    while at < len(png):
        (length,), kind = struct.unpack(">I", png[at : at + 4]), png[at + 4 : at + 8]
        if kind == b"tEXt":
            key, _, value = png[at + 8 : at + 8 + length].partition(b"\0")
            texts[key] = value.decode("latin-1")
        at += 12 + length
    want = hashlib.sha256((docs / "live_page.html").read_bytes()).hexdigest()
    assert texts.get(b"chainrule-live-page-sha256") == want, (
        "docs/live_page.png is out of date: run docs/make_figures.py"
    )


def test_params_and_inputs_choose_the_controls_and_wrt_highlights():
    model, E = seed_network()
    w = model.parameters()
    _, data = parts(autograd.live(E, params=w[:2], inputs=[], model=model, wrt=w[0]).html())
    assert [data["nodes"][k]["name"] for k in data["variables"]] == ["w1", "w2"] and data["inputs"] == []
    svg, _ = parts(autograd.live(E, model=model, wrt=w[0]).html())
    words = autograd.vocabulary(E)
    path = next(e for e in svg.iter() if e.get("id") == words.edge_id(*words.items["R17"]))
    assert any(x.get("stroke") == "#d62728" for x in path.iter())  # the highlighted path, drawn once, stays
