"""One graph, one vocabulary: the tree, explain (text, table, LaTeX), backward steps, the drawing, the step
page, the live page and the CLI name every node and number every edge exactly as ``autograd.vocabulary`` does."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

import autograd
import nn
from autograd import Value
from autograd.shell.cli import main
from autograd.shell.expr import parse
from autograd.views import latex
from nn.demo import seed_network

from .draw.svg import read
from .test_live_page import parts
from .test_live_page_browser import box_lines, edge_label, load
from .test_step_page_browser import browser  # noqa: F401 - the fixture


def seeds():
    return seed_network()[1]


def unlabelled():
    t, y = Value(0.9), Value(0.3)
    loss = 0.5 * (t - y) ** 2 + (t * y).tanh()
    loss.backward()
    return loss


def mlp():
    model = nn.MLP(2, [3, 2], activation="tanh", seed=7)
    loss = nn.mse(model([0.5, -1.0]), [0.2, -0.4])
    loss.backward()
    return loss


GRAPHS = {"seeds": seeds, "unlabelled": unlabelled, "mlp": mlp}


def head(v, words):
    """What the first line of a node's box says: its name, and its op for an interior node."""
    return f"{words.names[v]} ({v.op})" if v._edges else words.names[v]


@pytest.mark.parametrize("graph", sorted(GRAPHS))
def test_explain_text_table_and_latex_speak_the_vocabulary(graph):
    root = GRAPHS[graph]()
    words = autograd.vocabulary(root)
    assert words.variables and words.r_names
    for v in words.variables:
        e = autograd.explain(root, v)
        assert e.r_names == words.r_names and e.total_names == words.totals and e.names == words.names
        for row in e.table(full=True):
            item = words.items[row.r]
            if isinstance(item, Value):
                assert row.edge == words.partial(item) + " (total)"
            else:
                child, i = item
                assert row.edge == words.partial(child.parents[i], child)
                assert row.formula == words.formula(item) and row.value == child.local_grads[i]
        text = str(e)
        used = set(re.findall(r"\bR\d+\b", text))
        assert used and used <= set(words.items)
        tex = e._repr_latex_()
        for r in used:
            assert latex.name(r) in tex


@pytest.mark.parametrize("graph", sorted(GRAPHS))
def test_explain_in_forward_mode_speaks_the_vocabulary(graph):
    root = GRAPHS[graph]()
    words = autograd.vocabulary(root)
    for v in words.variables:
        e = autograd.explain(root, v, mode="forward")
        assert e.vocabulary.names == words.names and e.vocabulary.r_names == words.r_names
        assert {r for s in e.steps for _, r in s.terms} == {words.r_names[k] for k in e.on_paths}
        assert all(s.name == words.partial(v, s.node) for s in e.steps)
        text = str(e)
        for r in set(re.findall(r"\bR\d+\b", text)):
            child, i = words.items[r]
            assert f"{r} = {words.partial(child.parents[i], child)} = {words.formula((child, i))} = " in text


@pytest.mark.parametrize("graph", sorted(GRAPHS))
def test_the_drawing_shows_every_name_and_r_name(graph, engine):
    root = GRAPHS[graph]()
    words = autograd.vocabulary(root)
    nodes, edges = read(autograd.draw(root, engine=engine).svg())
    by_id = {shape.id: shape for shape in nodes.values()}
    for v in words.topo:
        box = by_id[words.ids[v]].texts
        assert box[0] == head(v, words)
    for child in words.topo:
        for i, local in enumerate(child.local_grads):
            label = edges[words.edge_id(child, i)].texts
            r = words.r_names.get((child, i))
            assert label == [f"{r} = {local:.4g}" if r else f"{local:.4g}"]
    for v in words.variables:  # every name a formula uses is on some box
        for row in autograd.explain(root, v).table():
            item = words.items[row.r]
            if not isinstance(item, Value):
                child, i = item
                shown = {words.names[p] for p in child.parents} | {words.names[child]}
                assert shown <= {box.texts[0].split(" (")[0] for box in nodes.values()}


@pytest.mark.parametrize("graph", sorted(GRAPHS))
def test_tree_steps_and_step_page_use_the_same_r_names(graph):
    root = GRAPHS[graph]()
    words = autograd.vocabulary(root)
    by_name = {name: v for v, name in words.names.items()}
    numbered = 0
    for line in autograd.tree(root, max_lines=10_000).splitlines():
        m = re.search(r"(R\d+) ∂=\S+ (\S+)", line)
        if m:
            numbered += 1
            child, i = words.items[m[1]]
            assert words.names[child.parents[i]] == m[2] and by_name[m[2]] is child.parents[i]
    assert numbered >= len({k for k in words.r_names})  # a shared node's edges appear once each, at least
    steps = list(autograd.backward_steps(root))
    for step in steps:
        assert step.name == words.partial(step.node) and step.grad == words.grads[step.node]
        for t in step.terms:
            assert t.r == words.r_names[(t.child, t.index)]
    page = autograd.step_page(root, max_nodes=None)
    assert [f.formula for f in page.frames] == [s.formula for s in steps]
    frames = json.loads(re.search(r'id="chainrule-frames">(.*?)</script>', page.html, re.S)[1])["frames"]
    assert [f["edges"] for f in frames] == [[words.edge_id(t.child, t.index) for t in s.terms] for s in steps]


@pytest.mark.parametrize("graph", sorted(GRAPHS))
def test_the_live_page_carries_the_vocabularys_names(graph):
    root = GRAPHS[graph]()
    words = autograd.vocabulary(root)
    svg, data = parts(autograd.live(root).html())
    index = {v: k for k, v in enumerate(words.topo)}
    assert [n["name"] for n in data["nodes"]] == [words.names[v] for v in words.topo]
    for v, n in zip(words.topo, data["nodes"]):
        keys = [(v, i) for i in range(len(v.parents))]
        assert n.get("r", []) == [words.r_names.get(k) for k in keys]
        assert n.get("f", []) == [words.formula(k) if k in words.r_names else None for k in keys]
    assert data["totals"] == [[index[v], r, " + ".join(map("·".join, words.terms(v)))] for v, r in words.totals.items()]
    assert data["steps"] == [[index[v], [[index[c], i] for c, i in words.into.get(v, ())]] for v in words.order]
    nodes, edges = read(ET.tostring(svg, encoding="unicode"))
    by_id = {shape.id: shape for shape in nodes.values()}
    assert [by_id[words.ids[v]].texts[0] for v in words.topo] == [head(v, words) for v in words.topo]
    for (child, i), r in words.r_names.items():
        assert edges[words.edge_id(child, i)].texts[0].startswith(f"{r} = ")


def test_the_live_page_shows_the_vocabularys_names_in_a_browser(browser, tmp_path):  # noqa: F811
    model, E = seed_network()
    words = autograd.vocabulary(E)
    load(browser, autograd.live(E, model=model), tmp_path / "live.html")
    browser.execute_script("document.getElementById('terms').open = true")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('#terms-body tr'), (tr) => "
        "Array.from(tr.cells, (td) => td.textContent))"
    )
    table = autograd.explain(E, words.variables[0]).table(full=True)
    assert [row[:3] for row in shown] == [[r.r, r.edge, r.formula] for r in table]
    assert [row[0] for row in shown] == [f"R{k}" for k in range(1, 21)]
    for (child, i), r in words.r_names.items():
        assert edge_label(browser, words.edge_id(child, i)) == f"{r} = {child.local_grads[i]:.4g}"
    for v in words.topo:
        assert box_lines(browser, words.ids[v])[0] == head(v, words)
    names = browser.execute_script("return window.chainrule.names()")
    assert names == [words.names[v] for v in words.topo]
    for k, step in enumerate(autograd.backward_steps(E)):
        browser.execute_script("window.chainrule.backwardStep(arguments[0])", k)
        assert browser.find_element("id", "step-name").text == words.partial(step.node) == step.name


def test_the_seeds_network_reads_r1_to_r20_with_no_arguments():
    model, E = seed_network()
    words = autograd.vocabulary(E)
    w = {p.label: p for p in model.parameters()}
    assert list(words.items) == [f"R{k}" for k in range(1, 21)]
    e1, e5 = autograd.explain(E, w["w1"]), autograd.explain(E, w["w5"])
    assert [t.terms for t in e1.factored] == [(("R1", "R3", "R9"), ("R2", "R4", "R10")), (("R13", "R15", "R17"),)]
    assert e1.factored[0].r == "R13" and e5.factored[-1].terms == (("R1", "R3", "R5"),)
    figure = autograd.draw(E, model=model)
    assert 'label="R13 = 0.03635"' not in figure.source  # totals are no edges
    for r in ("R1 = 0.7414", "R5 = 0.5933", "R17 = 0.05", "R19 = 0.05"):
        assert f'label="{r}"' in figure.source and f'label="{r}"' in e5.draw(model=model).source


def test_the_cli_names_as_the_vocabulary(capsys):
    text = "sigmoid(w1*i1 + w2*i2 + b1)"
    values = {"w1": 0.15, "w2": 0.2, "i1": 0.05, "i2": 0.1, "b1": 0.35}
    assert main(["explain", text, *[f"--set={k}={v}" for k, v in values.items()], "--wrt", "w1"]) == 0
    out = capsys.readouterr().out
    root, leaves = parse(text).evaluate(values)
    root.label = "out"
    words = autograd.vocabulary(root)
    expected = str(autograd.explain(root, leaves["w1"]))
    assert expected in out
    for r, item in words.items.items():
        if not isinstance(item, Value) and re.search(rf"\b{r}\b", expected):
            assert f"{r}  " in out and words.formula(item) in out
