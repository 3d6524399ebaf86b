"""explain(..., mode="forward"): the same R terms as reverse mode, multiplied from wrt up, in the vocabulary."""

import math
import re

import pytest

import autograd
from autograd import Value, jvp
from autograd.views.language import set_language
from nn.demo import seed_network


@pytest.fixture
def seeds():
    model, E = seed_network()
    return E, {p.label: p for p in model.parameters()}


def test_seed_w1_forward_is_the_reverse_product_read_from_the_other_end(seeds):
    E, w = seeds
    forward, reverse = autograd.explain(E, w["w1"], mode="forward"), autograd.explain(E, w["w1"])
    assert reverse.value == w["w1"].grad  # the same product, multiplied in the other order: equal to rounding
    assert math.isclose(forward.value, reverse.value, rel_tol=1e-15)
    down = ["·".join(reverse.r_names[(e.child, e.index)] for e in p) for p in reverse.paths]
    assert down == ["R1·R3·R9·R15·R17", "R2·R4·R10·R15·R17"]
    assert ["·".join(p) for p in forward.paths] == ["R17·R15·R9·R3·R1", "R17·R15·R10·R4·R2"]
    assert forward.on_paths == reverse.on_paths and forward.path_count == 2
    assert forward.rs() == ["R17", "R15", "R9", "R3", "R10", "R4", "R1", "R2"]
    text = str(forward)
    assert text.splitlines()[0] == "∂E_total/∂w1 = 0.0004385677345  (forward mode: one pass up from w1, 2 paths)"
    assert "  ∂net_h1/∂w1 = R17 = 0.05\n  ∂out_h1/∂w1 = ∂net_h1/∂w1·R15 = 0.05 × 0.2413 = 0.01207\n" in text
    assert (
        "  ∂E_total/∂w1 = ∂out_o1/∂w1·R1 + ∂out_o2/∂w1·R2 = 0.0009016 × 0.7414 + 0.001059 × (-0.2171) = 0.0004386\n"
        in text
    )
    assert "\nR15 = ∂out_h1/∂net_h1 = out_h1·(1 - out_h1) = 0.241301\n" in text
    assert forward.cost == ("forward", 1, 8)


def test_every_step_is_the_tangent_jvp_computes(seeds):
    E, w = seeds
    for name in ("w1", "w4", "w6"):
        forward = autograd.explain(E, w[name], mode="forward")
        assert forward.steps and forward.steps[-1].node is E
        for step in forward.steps:
            assert step.value == jvp(step.node, w[name], 1.0)[0]
            assert step.name == autograd.vocabulary(E).partial(w[name], step.node)
        # and the factors are the local derivatives of the named edges, multiplied in this order
        words = forward.vocabulary
        for step in forward.steps:
            total = sum((forward.tangents[p] if p is not w[name] else 1.0) * words.value(r) for p, r in step.terms)
            assert math.isclose(step.value, total, rel_tol=1e-15)


def test_r_names_are_the_vocabularys_and_the_drawing_highlights_the_same_edges(seeds):
    E, w = seeds
    forward = autograd.explain(E, w["w5"], mode="forward")
    words = autograd.vocabulary(E)
    assert {words.r_names[k] for k in forward.on_paths} == {"R1", "R3", "R5"}
    assert str(forward).splitlines()[-5] == "  paths, read from w5: R5·R3·R1"
    svg = forward.draw().source
    assert svg == autograd.explain(E, w["w5"]).draw().source


def test_latex_writes_each_tangent(seeds):
    E, w = seeds
    tex = autograd.explain(E, w["w1"], mode="forward")._repr_latex_()
    assert tex.startswith("$$\\begin{aligned}\n") and tex.endswith("\n\\end{aligned}$$")
    assert (
        r"\frac{\partial \mathrm{out}_{h1}}{\partial w_1} &= "
        r"\frac{\partial \mathrm{net}_{h1}}{\partial w_1} \cdot R_{15} = 0.01207" in tex
    )
    assert len(re.findall(r" &= ", tex)) == 7


def test_chinese_words_come_from_the_glossary(seeds):
    E, w = seeds
    set_language("zh")
    try:
        text = str(autograd.explain(E, w["w1"], mode="forward"))
    finally:
        set_language(None)
    assert text.splitlines()[0] == "∂E_total/∂w1 = 0.0004385677345  (前向模式: 从 w1 向上一遍, 2 条路径)"
    assert "  各路径，从 w1 读起: R17·R15·R9·R3·R1 + R17·R15·R10·R4·R2" in text
    assert str(autograd.explain(E, w["w1"], mode="forward", lang="zh")) == text  # or for one call
    assert "forward mode" in str(autograd.explain(E, w["w1"], mode="forward", lang="en"))


def test_many_paths_are_counted_not_listed():
    x = Value(0.5, "x")
    y = x
    for _ in range(12):
        y = y * 1.01 + y  # two paths per step: 4096 in all
    forward = autograd.explain(y, x, mode="forward", max_paths=1000)
    assert forward.path_count == 4096 and forward.paths is None
    assert "4096 paths: > max_paths=1000" in str(forward)
    assert math.isclose(forward.value, 2.01**12, rel_tol=1e-13)


def test_an_interior_wrt_and_one_off_the_graph():
    x = Value(0.3, "x")
    u = x.sin()
    u.label = "u"
    y = u * u
    forward = autograd.explain(y, u, mode="forward")
    assert forward.value == 2 * u.data and [s.node for s in forward.steps] == [y]
    other = Value(1.0, "other")
    off = autograd.explain(y, other, mode="forward")
    assert off.value == 0.0 and off.steps == [] and off.path_count == 0


def test_bad_mode_and_bad_arguments():
    x = Value(1.0, "x")
    with pytest.raises(ValueError, match=r"explain: mode must be 'reverse' or 'forward', got 'backward'"):
        autograd.explain(x * 2, x, mode="backward")
    with pytest.raises(TypeError, match=r"explain needs a Value as its output, got float"):
        autograd.explain(math.sin(x), x, mode="forward")


BAD_ARGUMENTS = {  # what explain(y, x, ...) is called with instead, the error, its message
    "output": ({"output": 0.5}, TypeError, r"^explain needs a Value as its output, got float: 0\.5 \(math\.sin\(v\)"),
    "wrt": ({"wrt": 2}, TypeError, r"^explain needs a Value as wrt, got int: 2 \(math\.sin\(v\)"),
    "lang": ({"lang": "fr"}, ValueError, r"^language must be one of 'en', 'zh', got 'fr'$"),
    "max_paths": ({"max_paths": -1}, ValueError, r"^explain: max_paths must be a number >= 0, got -1$"),
    "max_paths text": ({"max_paths": "9"}, ValueError, r"^explain: max_paths must be a number >= 0, got '9'$"),
    "max_paths nan": ({"max_paths": math.nan}, ValueError, r"^explain: max_paths must be a number >= 0, got nan$"),
    "params": ({"params": [1.5]}, TypeError, r"^params needs a Value, got float: 1\.5"),
}


@pytest.mark.parametrize("case", sorted(BAD_ARGUMENTS))
def test_both_modes_refuse_a_bad_argument_with_one_message_before_building_anything(case):
    options, error, message = BAD_ARGUMENTS[case]
    x = Value(1.0, "x")
    y = x * 2
    arguments = {"output": y, "wrt": x} | options
    raised = []
    for mode in ("reverse", "forward"):
        with pytest.raises(error, match=message) as info:
            autograd.explain(**arguments, mode=mode)
        raised.append(str(info.value))
    assert raised[0] == raised[1]  # one check, one message, whichever mode
    assert x.label == "x" and x.grad == 0.0 and y.grad == 0.0


def test_max_paths_may_be_any_number_at_least_zero_in_both_modes():
    x = Value(0.5, "x")
    y = x * x + x  # three paths
    for mode in ("reverse", "forward"):
        assert len(autograd.explain(y, x, mode=mode, max_paths=math.inf).paths) == 3
        assert autograd.explain(y, x, mode=mode, max_paths=0).paths is None
        assert autograd.explain(y, x, mode=mode, max_paths=3.0).path_count == 3
