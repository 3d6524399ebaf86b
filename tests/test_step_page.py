"""``step_page``: one frame per backward step (after the forward pass if asked), self-contained, escaped."""

import json
import re
import warnings
from html.parser import HTMLParser

import pytest

import autograd
from autograd import Value, backward_steps, step_page, topological_order
from nn.demo import seed_network

NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


class Tags(HTMLParser):
    """Start tags with their attributes, and the text of each <script>, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def script_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="chainrule-frames">(.*?)</script>', html, re.S)
    return json.loads(m[1])


def svg_ids(html: str) -> set[str]:
    return {a["id"] for tag, a in Tags(html).tags if tag == "g" and "id" in a}


def test_one_frame_per_backward_step_with_the_engines_grads():
    model, E = seed_network()  # E.backward() has run: .grad is the engine's answer
    page = step_page(E, model=model)
    steps = list(backward_steps(E))
    topo = topological_order(E)
    assert len(page) == len(steps) == 17 and len(topo) == 21  # no steps into the fixed i1, i2, b1, b2
    for frame, step in zip(page.frames, steps):
        assert frame.kind == "backward" and frame.node is step.node
        assert frame.node_id == f"n{topo.index(step.node)}"
        assert frame.value == step.grad == step.node.grad
        assert frame.text == f"{step.grad:.6g}" and frame.formula == step.formula
        assert frame.edges == tuple(f"en{topo.index(t.child)}_{t.index}" for t in step.terms)
    third = page.frames[3]
    assert (third.name, third.text) == ("∂E_total/∂net_o1", "0.138499")
    assert third.formula == "∂E_total/∂net_o1 = R3 · ∂E_total/∂out_o1 = 0.1868 × 0.7414 = 0.1385"
    assert third.edges == ("en17_0",) and third.inputs == ("n17",)  # out_o1 = sigmoid(net_o1)

    data = script_data(page.html)
    assert [f["node"] for f in data["frames"]] == [f.node_id for f in page.frames]
    assert [f["value"] for f in data["frames"]] == [f.text for f in page.frames]
    ids = svg_ids(page.html)
    assert {f.node_id for f in page.frames} <= ids and {e for f in page.frames for e in f.edges} <= ids
    w1 = next(v for v in topo if v.label == "w1")
    assert data["nodes"][f"n{topo.index(w1)}"]["grad"] == "grad 0.0004386"  # seed 004: 0.000438568


def test_params_give_the_steps_of_backward_steps_with_params():
    model, E = seed_network()
    params = model.parameters()
    page = step_page(E, params, model=model)
    assert [(f.node, f.value) for f in page.frames] == [(s.node, s.grad) for s in backward_steps(E, params)]
    assert len(page) == 19
    i1 = next(v for v in topological_order(E) if v.label == "i1")
    assert script_data(page.html)["nodes"][f"n{topological_order(E).index(i1)}"]["grad_at"] is None


def test_forward_frames_come_first_one_per_computed_node():
    model, E = seed_network()
    page = step_page(E, model=model, forward=True)
    interior = [v for v in topological_order(E) if v._edges]
    assert len(page) == len(interior) + len(list(backward_steps(E))) == 9 + 17
    forward = page.frames[:9]
    assert all(f.kind == "forward" for f in forward) and [f.node for f in forward] == interior
    assert [f.value for f in forward] == [v.data for v in interior]
    assert forward[0].formula == "net_h1 = w1·i1 + w2·i2 + b1 = 0.3775"
    assert forward[1].formula == "out_h1 = sigmoid(net_h1) = 0.5933"
    assert page.frames[9].kind == "backward" and page.frames[9].node is E
    nodes = script_data(page.html)["nodes"]
    assert nodes[forward[0].node_id]["data_at"] == 0 and nodes[forward[0].node_id]["grad_at"] == 9 + 11


def test_every_box_knows_the_frames_that_complete_its_data_and_grad():
    model, E = seed_network()
    page = step_page(E, model=model, forward=True)
    nodes = script_data(page.html)["nodes"]
    words = autograd.vocabulary(E)
    assert set(nodes) == {words.ids[v] for v in words.topo}
    for v in words.topo:
        line = nodes[words.ids[v]]
        data_at, grad_at = line["data_at"], line["grad_at"]
        if v._edges:  # computed by the forward frame data_at, a leaf known from the start
            assert page.frames[data_at].kind == "forward" and page.frames[data_at].node is v
        else:
            assert data_at == -1
        if grad_at is None:  # a leaf that is no variable gets no backward frame (b1, b2, i1, i2 here)
            assert not v._edges and v not in words.grads and line["grad"] == f"grad {v.grad:.4g}"
        else:
            frame = page.frames[grad_at]
            assert frame.kind == "backward" and frame.node is v and frame.value == v.grad
            assert line["grad"] == f"grad {v.grad:.4g}"  # seed 004's numbers: backward() ran in seed_network
        assert line["data"] == f"data {v.data:.4g}"


def test_backward_need_not_have_run():
    x, w = Value(0.5, "x"), Value(-2.0, "w")
    y = (w * x).tanh()
    y.label = "y"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = step_page(y, forward=True)
        assert step_page(y, check_grads=True).html == step_page(y).html  # the page never checks .grad
    assert {v.grad for v in autograd.nodes(y)} == {0.0}  # set for the layout only, then put back
    assert ">grad 0.21</text>" in page.html  # boxes drawn for the grads they will show (∂y/∂w = 0.21)
    y.backward()
    assert [f.value for f in page.frames[2:]] == [v.grad for v in (y, y.parents[0], w, x)]
    assert page.frames[0].formula == "mul1 = w * x = -1"


HOSTILE = ["</script><b>x", "<!-- c", "a & b \"q\" 'q'", "]]> {{svg}} ${x}", "\u2028line"]


def hostile_page(labels: list[str], out_label: str):
    out = autograd.sum([Value(float(k + 1), label) for k, label in enumerate(labels)])
    out.label = out_label
    return step_page(out, forward=True)


def test_hostile_labels_stay_text():
    page = hostile_page(HOSTILE, "</script><script>alert(1)</script>")
    plain = hostile_page([f"x{k}" for k in range(len(HOSTILE))], "out")
    tags = Tags(page.html)
    assert [t for t, _ in tags.tags] == [t for t, _ in Tags(plain.html).tags]  # not one element more or less
    assert len(tags.scripts[1]) > 1000  # the whole program, not cut short by a label
    names = [f["name"] for f in script_data(page.html)["frames"]]
    assert names[0] == "</script><script>alert(1)</script>"
    assert all(f"∂{names[0]}/∂{label}" in names for label in HOSTILE)
    assert "<title>chainrule · backpropagation step by step: &lt;/script&gt;" in page.html


def test_nothing_is_fetched():
    model, E = seed_network()
    html = step_page(E, model=model, forward=True).html
    assert set(re.findall(r"https?://[^\s\"'<>]*", html)) <= NAMESPACES
    assert not re.search(r"\b(src|href|xlink:href)\s*=", html)
    assert not re.search(r"@import|url\(|<!DOCTYPE svg|<\?xml", html)


def test_both_engines_give_the_page(engine):
    model, E = seed_network()
    page = step_page(E, model=model, engine=engine)
    assert len(page) == 17
    ids = svg_ids(page.html)
    assert {f.node_id for f in page.frames} <= ids and {e for f in page.frames for e in f.edges} <= ids
    assert "R3 = 0.1868" in page.html  # edges named as in explain


def test_save_repr_and_notebook(tmp_path):
    model, E = seed_network()
    page = step_page(E, model=model)
    path = page.save(tmp_path / "steps.html")
    assert path.read_text(encoding="utf-8") == page.html
    assert repr(page) == "<StepPage: 17 backward frames; .save('steps.html')>"
    frame = page._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert "<script" not in frame and "&lt;script" in frame


def test_collapse_is_refused():
    model, E = seed_network()
    with pytest.raises(ValueError, match="collapse"):
        step_page(E, model=model, collapse=True)


def test_a_graph_too_big_to_step_through_says_so():
    x = Value(0.5, "x")
    y = x
    for _ in range(600):
        y = y * 1.01  # one node each: the number is folded into the op
    with pytest.raises(ValueError, match=r"step_page: 601 nodes is more than max_nodes=500, one frame each"):
        step_page(y)
    assert len(step_page(y, max_nodes=None, edge_labels=False)) == 601


def test_forward_frames_use_the_drawing_digits():
    x, w = Value(0.5, "x"), Value(-2.123456, "w")
    y = (w * x).tanh()
    page = step_page(y, forward=True, digits=6)
    assert page.frames[0].formula == "mul1 = w * x = -1.06173"
