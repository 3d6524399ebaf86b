"""``autograd.exercise``: the learner's numbers for seed 004's terms marked right or wrong, with the formula
(never the value) as a hint, in English and Chinese; bad answers refused with errors naming the valid terms."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import autograd
from autograd import Value
from nn.demo import seed_network

# Mazur's "A Step by Step Backpropagation Example" (seed 004's R names), as printed there
MAZUR = {"R1": 0.74136507, "R3": 0.186815602, "R5": 0.593269992, "total": 0.082167041}
MAZUR_W1 = {"R13": 0.036350306, "R15": 0.241300709, "R17": 0.05, "total": 0.000438568}


@pytest.fixture
def seed():
    model, E = seed_network()
    return E, {p.label: p for p in model.parameters()}


def test_the_terms_are_seed_004s_and_their_answers_mazurs_numbers(seed):
    E, w = seed
    ex = autograd.exercise(E, w["w5"])
    assert ex.names == ("R1", "R3", "R5", "total")
    assert {r: ex.answer(r) for r in MAZUR} == pytest.approx(MAZUR, rel=1e-8)
    assert ex.answer("total") == w["w5"].grad
    ex1 = autograd.exercise(E, w["w1"])
    assert ex1.names == ("R1", "R2", "R3", "R4", "R9", "R10", "R13", "R15", "R17", "total")
    assert {r: ex1.answer(r) for r in MAZUR_W1} == pytest.approx(MAZUR_W1, rel=1e-6)


def test_right_answers_within_the_tolerance_are_truthy(seed):
    E, w = seed
    ex = autograd.exercise(E, w["w1"])
    result = ex.check(R13=0.03635, R15=0.2413, total=0.0004386)
    assert result and result.right == ["R13", "R15", "total"] and not result.wrong
    assert str(result).endswith("All 3 answers are right.")
    assert ex.check({"R13": 0.03635}, total=0.0004386)  # a dict and keywords
    assert ex.check(R17=0.05) and ex.check(R17=0.05005) and not ex.check(R17=0.05006)  # rel. 1e-3


def test_wrong_answers_name_the_term_the_number_and_the_formula_not_the_value(seed):
    E, w = seed
    ex = autograd.exercise(E, w["w1"])
    result = ex.check(R13=0.0363, R15=0.2413, total=0.000438)  # rounded to 3 digits: 1.4e-3 off
    assert not result and result.wrong == ["R13", "total"] and result.right == ["R15"]
    text = str(result)
    assert "R13: you wrote 0.0363" in text and "R1·R3·R9 + R2·R4·R10" in text
    assert "total: you wrote 0.000438" in text and "∂E_total/∂w1 = R13·R15·R17" in text
    assert "0.03635" not in text and "0.0004386" not in text and "0.000438568" not in text
    assert ex.check(R13=0.0363, total=0.000438, rtol=5e-3)
    wrong = autograd.exercise(E, w["w5"]).check(R1=0.7414, R3=0.25, R5=0.5933, total=0.08217)
    assert wrong.wrong == ["R3"] and "Hint: ∂out_o1/∂net_o1 = out_o1·(1 - out_o1)" in str(wrong)


def test_hint_gives_the_formula_and_answer_the_value(seed):
    E, w = seed
    ex = autograd.exercise(E, w["w1"])
    assert ex.hint("R13") == "∂E_total/∂out_h1 = R1·R3·R9 + R2·R4·R10"
    assert ex.hint("R1") == "∂E_total/∂out_o1 = out_o1 - target_o1"
    assert ex.hint("R17") == "∂net_h1/∂w1 = i1"
    assert ex.hint("total") == "∂E_total/∂w1 = R13·R15·R17"
    assert ex.answer("R17") == 0.05


def test_blanks_are_not_answered_yet(seed):
    E, w = seed
    ex = autograd.exercise(E, w["w5"])
    result = ex.check(R1=None, total=None)
    assert not result and result.unanswered == ["R1", "total"]
    assert "R1: not answered yet" in str(result)
    assert str(result).endswith("Nothing answered yet: replace each None by your number.")
    assert not ex.check(R1=0.7414, total=None)  # one blank left: not done yet


@pytest.mark.parametrize(
    "answers, error, words",
    [
        ({"R99": 1.0}, ValueError, ["'R99' is not a term of ∂E_total/∂w5", "R1, R3, R5, total"]),
        ({"Total": 1.0}, ValueError, ["'Total'", "did you mean total?"]),
        ({"R13": 1.0}, ValueError, ["R13 names an edge of this graph that is not on the way to ∂E_total/∂w5"]),
        ({"R1": "0.74"}, TypeError, ["the answer for R1 must be a number (or None), got '0.74'"]),
        ({"R1": True}, TypeError, ["got True"]),
        ({"R1": Value(0.74)}, TypeError, ["R1 must be a number"]),
        ({"R1": float("nan")}, ValueError, ["finite number, got nan"]),
        ({}, ValueError, ["at least one answer", "R1, R3, R5, total"]),
    ],
)
def test_bad_answers_are_refused_naming_the_valid_terms(seed, answers, error, words):
    E, w = seed
    with pytest.raises(error) as info:
        autograd.exercise(E, w["w5"]).check(answers)
    assert all(piece in str(info.value) for piece in words), str(info.value)


def test_bad_arguments_are_refused(seed):
    E, w = seed
    ex = autograd.exercise(E, w["w5"])
    with pytest.raises(ValueError, match="rtol must be a number ≥ 0, got -1"):
        ex.check(R1=0.74, rtol=-1)
    with pytest.raises(TypeError, match="one dict of name → number, got a list"):
        ex.check([0.74])
    with pytest.raises(ValueError, match="'R0' is not a term"):
        ex.hint("R0")
    with pytest.raises(ValueError, match="language must be one of"):
        autograd.exercise(E, w["w5"], lang="fr")
    with pytest.raises(TypeError):
        autograd.exercise(0.5, w["w5"])


def test_feedback_in_chinese(seed):
    E, w = seed
    ex = autograd.exercise(E, w["w5"], lang="zh")
    text = str(ex.check(R1=0.7414, R3=0.25, total=None))
    assert "✓ R1 = 0.7414：正确" in text and "R3：你写的是 0.25，不对。" in text and "提示：" in text
    assert "total：尚未作答" in text and "3 个中答对 1 个。" in text
    assert str(ex.check(R1=0.7414)).endswith("1 个答案全部正确。")
    assert str(ex).startswith("练习：") or str(ex).startswith("练习: ")
    autograd.set_language("zh")
    try:
        assert "正确" in str(autograd.exercise(E, w["w5"]).check(R1=0.7414))
    finally:
        autograd.set_language(None)


def test_the_form_and_the_result_are_well_formed_html_with_labels_escaped():
    hostile = ["</script><b>x", "a\"b'c", "{|<>}", "ctl\x1bz"]
    leaves = [Value(0.5 + k, label) for k, label in enumerate(hostile)]
    out = leaves[0] * leaves[1] + leaves[2].tanh() * leaves[3]
    out.label = "</form>"
    out.backward()
    ex = autograd.exercise(out, leaves[0])
    for page in (ex._repr_html_(), ex.check({r: 1.0 for r in ex.names})._repr_html_()):
        root = ET.fromstring(page)  # well-formed XML: nothing the labels hold escaped the markup
        assert "</script>" not in page and "<b>x" not in page and "\x1b" not in page
        assert "∂</form>/∂</script><b>x" in "".join(root.itertext())  # the labels, shown as written
    form = ET.fromstring(ex._repr_html_())
    assert [i.get("name") for i in form.iter("input")] == list(ex.names)
    assert [lab.text for lab in form.iter("label")] == list(ex.names)
    zh = ET.fromstring(autograd.exercise(out, leaves[0], lang="zh")._repr_html_())
    assert "你的答案" in "".join(zh.itertext())


def test_the_widget_checks_what_is_typed(seed, capsys):
    """ipywidgets comes with the notebooks extra, which the test command installs."""
    E, w = seed
    form = autograd.exercise(E, w["w5"]).widget()
    boxes = [c for c in form.children if c.__class__.__name__ == "Text"]
    button = next(c for c in form.children if c.__class__.__name__ == "Button")
    assert [b.description for b in boxes] == ["R1", "R3", "R5", "total"] and button.description == "Check"
    boxes[0].value, boxes[3].value = "0.7414", " 0.08 "
    button.click()
    shown = capsys.readouterr().out
    assert "✓ R1 = 0.7414: right" in shown and "total: you wrote 0.08" in shown and "R3: not answered yet" in shown
    boxes[1].value = "abc"
    button.click()
    assert "the answer for R3 must be a number (or None), got 'abc'" in capsys.readouterr().out
