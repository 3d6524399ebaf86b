"""``draw`` read back from the SVG each engine writes: one box per Value, one edge per operand with its
local derivative, the wrt paths highlighted exactly, hostile labels shown as written."""

import math
import re

import pytest

import autograd
import nn
from autograd import Value
from autograd.views.draw import EDGE_LABELS_UP_TO, FILLS, HIGHLIGHT
from nn.demo import seed_network

from ..explain.seed_network import network
from .svg import read


def operand_edges(root):
    return [(child, i) for child in autograd.nodes(root) for i in range(len(child.parents))]


def paths_to(root, target):
    """Every path from ``root`` down to ``target`` as (child, operand index) edges, by brute force."""
    found, stack = [], [(root, [])]
    while stack:
        node, path = stack.pop()
        if node is target:
            found.append(path)
        for i, p in enumerate(node.parents):
            stack.append((p, path + [(node, i)]))
    return found


def drawn(root, engine, **options):
    d = autograd.draw(root, engine=engine, **options)
    ids = {v: f"n{k}" for k, v in enumerate(autograd.nodes(root))}
    return d, ids, *read(d.svg())


def test_one_box_per_value_and_one_edge_per_operand(engine):
    a, b = Value(3.0, "a"), Value(-2.0, "b")
    c = a + a
    d = c * b
    e = (d / a).tanh() + 2**b
    e.label = "e"
    e.backward()
    _, ids, nodes, edges = drawn(e, engine)
    topo = autograd.nodes(e)
    assert sorted(nodes) == sorted(ids.values()) and len(nodes) == len(topo)
    assert len(edges) == sum(len(v.parents) for v in topo)
    assert {f"e{ids[c]}_0", f"e{ids[c]}_1"} <= set(edges)  # a + a: two edges a → c
    assert edges[f"e{ids[c]}_0"].title == edges[f"e{ids[c]}_1"].title == f"{ids[a]}->{ids[c]}"
    words = autograd.vocabulary(e)
    for child, i in operand_edges(e):
        shape = edges[f"e{ids[child]}_{i}"]
        assert shape.title == f"{ids[child.parents[i]]}->{ids[child]}"
        assert shape.texts == [f"{words.r_names[(child, i)]} = {child.local_grads[i]:.4g}"]  # every leaf is a variable
    assert nodes[ids[a]].texts == ["a", "data 3", f"grad {a.grad:.4g}"]
    assert nodes[ids[e]].texts == ["e (+)", f"data {e.data:.4g}", "grad 1"]
    assert nodes[ids[e.parents[1]]].texts[0] == "pow1 (2**)"  # 2**b: the number is folded into the op
    assert nodes[ids[e.parents[0]]].texts[0] == "tanh1 (tanh)"  # unlabelled: named as every view names it
    k = Value(2.0, requires_grad=False)
    f = k * a
    f.backward()
    _, ids, nodes, _ = drawn(f, engine)
    assert nodes[ids[k]].texts == ["2"]  # a constant leaf shows only its value


def test_seed_network_edges_are_the_local_derivatives(engine):
    model, E = seed_network()
    _, ids, nodes, edges = drawn(E, engine, model=model)
    by_label = {v.label: v for v in autograd.nodes(E)}
    out_o1, net_o1 = by_label["out_o1"], by_label["net_o1"]
    assert edges[f"e{ids[E]}_0"].texts == ["R1 = 0.7414"]  # ∂E/∂out_o1 = out_o1 − target_o1
    assert edges[f"e{ids[out_o1]}_0"].texts == ["R3 = 0.1868"]  # ∂out_o1/∂net_o1 = out_o1(1 − out_o1)
    assert edges[f"e{ids[net_o1]}_0"].texts == ["R5 = 0.5933"]  # ∂net_o1/∂w5 = out_h1
    assert nodes[ids[by_label["w5"]]].texts == ["w5", "data 0.4", "grad 0.08217"]
    assert nodes[ids[E]].texts[1:] == ["data 0.2984", "grad 1"]


@pytest.mark.parametrize("target", ["w5", "w1", "out_h1", "i2"])
def test_wrt_highlights_exactly_the_paths(engine, target):
    model, E = seed_network()
    wrt = next(v for v in autograd.nodes(E) if v.label == target)
    _, ids, nodes, edges = drawn(E, engine, model=model, wrt=wrt)
    on_paths = {key for path in paths_to(E, wrt) for key in path}
    red = {key for key in operand_edges(E) if edges[f"e{ids[key[0]]}_{key[1]}"].stroke == HIGHLIGHT}
    assert red == on_paths and len(on_paths) >= 3
    on_path_nodes = {wrt} | {c for c, _ in on_paths}
    assert {v for v in autograd.nodes(E) if nodes[ids[v]].stroke == HIGHLIGHT} == on_path_nodes


def test_focus_draws_only_the_paths(engine):
    model, E = seed_network()
    w1 = next(v for v in autograd.nodes(E) if v.label == "w1")
    d, ids, nodes, edges = drawn(E, engine, model=model, wrt=w1, focus=True)
    on_paths = {key for path in paths_to(E, w1) for key in path}
    assert len(paths_to(E, w1)) == 2
    assert set(edges) == {f"e{ids[c]}_{i}" for c, i in on_paths}
    assert {t for t in nodes} == {ids[v] for v in {w1} | {c for c, _ in on_paths}}
    assert d.node_count == len(nodes) == 8  # E, out_o1, out_o2, net_o1, net_o2, out_h1, net_h1, w1


def test_explanation_edges_carry_seed_004_R_names(engine):
    n = network()
    n["E"].backward()
    ex = autograd.explain(n["E"], n["w1"], params=n["w"])
    d = ex.draw(engine=engine)
    ids = {v: f"n{k}" for k, v in enumerate(autograd.nodes(n["E"]))}
    _, edges = read(d.svg())
    label = lambda child, i: edges[f"e{ids[child]}_{i}"].texts[0]  # noqa: E731
    assert label(n["E"], 0) == "R1 = 0.7414"
    assert label(n["out_o1"], 0) == "R3 = 0.1868"
    assert label(n["net_o1"], 2) == "R9 = 0.4"  # ∂net_o1/∂out_h1 = w5
    assert label(n["net_h1"], 0) == "R17 = 0.05"  # ∂net_h1/∂w1 = i1
    for key, r in ex.r_names.items():
        assert label(*key) == f"{r} = {ex.vocabulary.value(r):.4g}"
    red = {key for key in operand_edges(n["E"]) if edges[f"e{ids[key[0]]}_{key[1]}"].stroke == HIGHLIGHT}
    assert red == ex.on_paths == {key for path in paths_to(n["E"], n["w1"]) for key in path}


HOSTILE = [
    "{",
    "}",
    "|",
    "<b>bold</b>",
    "<x>",
    '"',
    "\\",
    "a\\nb",
    "{a|b}",
    "∂σδ",
    "<<>>",
    '\\"',
    "end\\",
    "&amp; &lt;",
    "]]>",
    "x\ny",
    "  two  spaces",
    "</svg>",
]


def test_any_label_renders_as_written(engine):
    leaves = [Value(float(k + 1), label) for k, label in enumerate(HOSTILE)]
    out = autograd.sum(leaves)
    out.label = "<out|{x}>"
    out.backward()
    _, ids, nodes, edges = drawn(out, engine)
    assert len(nodes) == len(HOSTILE) + 1 and len(edges) == len(HOSTILE)
    for v in leaves:
        lines = v.label.split("\n")
        assert nodes[ids[v]].texts == [*lines, f"data {v.data:.4g}", "grad 1"]
    assert nodes[ids[out]].texts[0] == "<out|{x}> (sum)"


def test_non_finite_nodes_are_marked(engine):
    x = Value(math.inf, "x")
    y = x * 0.0
    y.label = "y"
    w = Value(2.0, "w")
    z = y + w
    z.backward()
    _, ids, nodes, _ = drawn(z, engine, check_grads=False)
    assert nodes[ids[y]].texts == ["y (*0)", "data nan", "grad 1", "⚠ not finite"]  # the number folded into *
    assert nodes[ids[x]].texts[-1] == "⚠ not finite"  # data inf, grad nan
    assert nodes[ids[w]].texts == ["w", "data 2", "grad 1"]


def test_collapsed_boxes_show_net_and_out(engine):
    model = __import__("nn").MLP(2, [4, 3, 1], seed=3)
    x1, x2 = Value(0.5, "x1"), Value(-1.5, "x2")
    out = model([x1, x2])
    out.backward()
    d, ids, nodes, edges = drawn(out, engine, model=model, collapse=True)
    assert d.node_count == len(nodes) == 2 + 4 + 3 + 1
    neuron = model.layers[0].neurons[2]
    box = next(s for s in nodes.values() if s.texts and s.texts[0] == "neuron 1.3")
    assert box.texts == [
        "neuron 1.3",
        f"net_1.3 = {neuron.net.data:.4g}, grad {neuron.net.grad:.4g}",
        f"out_1.3 = {neuron.out.data:.4g}, grad {neuron.out.grad:.4g}",
        "3 parameters",
    ]
    into_box = [e for e in edges.values() if e.title.endswith(f"->{box.title}")]
    words = autograd.vocabulary(out)  # the inputs x1, x2 are variables here: their edges are numbered
    expected = [f"{words.r_names[(neuron.net, 2 + k)]} = {w.data:.4g}" for k, w in enumerate(neuron.w)]
    assert sorted(e.texts[0] for e in into_box) == sorted(expected)  # ∂net/∂x = w
    assert len(edges) == 2 * 4 + 4 * 3 + 3 * 1


def test_rankdir_and_digits():
    a = Value(2.0, "a")
    y = a * 0.1234567
    y.backward()
    d = autograd.draw(y, rankdir="TB", digits=6)
    assert "rankdir=TB" in d.source
    assert "data 0.246913" in d.source and 'label="R1 = 0.123457"' in d.source
    with pytest.raises(ValueError, match="rankdir must be one of LR, TB"):
        autograd.draw(y, rankdir="up")
    with pytest.raises(ValueError, match="digits must be an int from 1 to 17"):
        autograd.draw(y, digits=0)


def test_an_explanation_drawn_with_another_wrt_highlights_that_one(engine):
    n = network()
    n["E"].backward()
    ex = autograd.explain(n["E"], n["w1"], params=n["w"])
    ids = {v: f"n{k}" for k, v in enumerate(autograd.nodes(n["E"]))}
    _, edges = read(autograd.draw(ex, wrt=n["w5"], focus=True, engine=engine).svg())
    red = {key for key in operand_edges(n["E"]) if f"e{ids[key[0]]}_{key[1]}" in edges}
    assert red == {key for path in paths_to(n["E"], n["w5"]) for key in path}
    assert all(edges[f"e{ids[c]}_{i}"].stroke == HIGHLIGHT for c, i in red)
    assert edges[f"e{ids[n['net_o1']]}_0"].texts == ["R5 = 0.5933"]  # still seed 004's names


def test_highlighted_edges_keep_their_R_names_in_a_big_graph(engine):
    model = nn.MLP(2, [16, 16, 1], seed=7)
    out = model([0.3, -0.8])
    out.backward()
    w = model.layers[0].neurons[3].w[1]
    d = autograd.explain(out, w).draw(model=model, engine=engine)
    _, edges = read(d.svg())
    assert d.edge_count > EDGE_LABELS_UP_TO
    red = [e for e in edges.values() if e.stroke == HIGHLIGHT]
    assert len(red) == 1 + 1 + 16 + 16 + 16  # w → net_1.4 → out_1.4 ⇉ 16 nets → 16 outs ⇉ net_3.1 (the output)
    assert all(re.fullmatch(r"R\d+ = \S+", e.texts[0]) for e in red)
    assert sum(1 for e in edges.values() if e.texts) == len(red)  # the other edges are too many to label


def test_layers_and_neurons_are_nested_clusters():
    model, E = seed_network()
    d = autograd.draw(E, model=model)
    by_label = {v.label: f"n{k}" for k, v in enumerate(autograd.nodes(E))}
    inside, stack = {}, []
    for line in d.source.splitlines():  # which cluster labels enclose each node statement
        line = line.strip()
        if line.startswith("subgraph cluster_"):
            stack.append(None)
        elif stack and stack[-1] is None and line.startswith("color=") and "label=" in line:
            stack[-1] = re.search(r'label="([^"]*)"', line)[1]
        elif line == "}" and stack:
            stack.pop()
        elif re.match(r"n\d+ \[", line):
            inside[line.split()[0]] = tuple(stack)
    assert inside[by_label["w5"]] == inside[by_label["out_o1"]] == ("layer 2", "neuron o1")
    assert inside[by_label["net_h2"]] == ("layer 1", "neuron h2")
    assert inside[by_label["b1"]] == ("layer 1",)  # the bias the layer's neurons share (seed 004)
    assert inside[by_label["i1"]] == inside[by_label["E_total"]] == ()


def test_each_kind_of_node_has_its_look(engine):
    model, E = seed_network()
    twice = E * 2.0
    twice.label = "twice"
    autograd.zero_grad(twice)
    twice.backward()
    _, ids, nodes, _ = drawn(twice, engine, model=model)
    by_label = {v.label: ids[v] for v in autograd.nodes(twice)}
    assert nodes[ids[twice]].fill == FILLS["output"]
    assert nodes[by_label["w5"]].fill == FILLS["param"]  # a variable: blue
    assert nodes[by_label["i1"]].fill == nodes[by_label["b2"]].fill == FILLS["input"]  # fixed leaves: green
    assert nodes[by_label["E_total"]].fill == nodes[by_label["net_o1"]].fill == FILLS["op"]
    assert nodes[ids[twice]].texts[0] == "twice (*2)"  # the number is folded into the op
    k = Value(2.0, requires_grad=False)
    three = E * k
    autograd.zero_grad(three)
    three.backward()
    _, ids, nodes, _ = drawn(three, engine, model=model)
    assert nodes[ids[k]].fill == FILLS["const"] and nodes[ids[k]].texts == ["2"]
