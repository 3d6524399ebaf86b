"""The forms of an explanation: plain text, LaTeX, table; names of unlabelled nodes; edge cases."""

import re

import pytest

import autograd
from autograd import Value, explain

from .seed_network import network


def test_text_shows_the_factored_form_and_the_paths():
    n = network()
    ex = explain(n["E"], n["w1"], params=n["w"])
    text = str(ex)
    assert text.splitlines()[0] == "∂E/∂w1 = 0.0004385677345  (2 paths)"
    assert "R13 = ∂E/∂out_h1 = R1·R3·R9 + R2·R4·R10 = 0.7414 × 0.1868 × 0.4 + (-0.2171) × 0.1755 × 0.5" in text
    assert "∂E/∂w1 = R13·R15·R17 = 0.03635 × 0.2413 × 0.05 = 0.0004386" in text
    assert "paths: R1·R3·R9·R15·R17 + R2·R4·R10·R15·R17" in text
    assert repr(ex) == text


def test_table_rows_and_text():
    n = network()
    table = explain(n["E"], n["w5"], params=n["w"]).table()
    assert [(r.r, r.edge, r.formula) for r in table] == [
        ("R1", "∂E/∂out_o1", "out_o1 - target_o1"),
        ("R3", "∂out_o1/∂net_o1", "out_o1·(1 - out_o1)"),
        ("R5", "∂net_o1/∂w5", "out_h1"),
    ]
    lines = str(table).splitlines()
    assert lines[0].split() == ["R#", "edge", "formula", "value"]
    assert lines[3].split() == ["R5", "∂net_o1/∂w5", "out_h1", f"{n['out_h1'].data:.6g}"]
    assert len({line.index("formula" if i == 0 else table[i - 1].formula) for i, line in enumerate(lines)}) == 1


def _balanced(tex: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\[{}]|[{}]", tex):
        if m[0] in "{}":
            depth += 1 if m[0] == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def _bare_specials(tex: str) -> str:
    """Characters special in LaTeX math, neither escaped nor markup (a subscript of 2+ characters needs braces)."""
    body = re.sub(r"(?m)^% [^\n]*$", "", tex.removeprefix("$$").removesuffix("$$"))  # explain's comment line
    body = re.sub(r"\\[%&#$_{}\\]|\\\\|&=|\\[A-Za-z]+|[_^]\{|[_^][A-Za-z0-9](?![A-Za-z0-9])", "", body)
    return "".join(c for c in body if c in "%#$_^~&")


def test_latex_of_the_seed():
    n = network()
    tex = explain(n["E"], n["w1"], params=n["w"])._repr_latex_()
    assert tex.startswith("$$\\begin{aligned}\n") and tex.endswith("\n\\end{aligned}$$")
    assert r"\frac{\partial E}{\partial w_1} &= R_{13} \cdot R_{15} \cdot R_{17}" in tex
    assert r"R_{13} = \frac{\partial E}{\partial \mathrm{out}_{h1}} &= R_1 \cdot R_3 \cdot R_9" in tex
    assert r"R_3 &= \frac{\partial \mathrm{out}_{o1}}{\partial \mathrm{net}_{o1}} = " in tex
    assert r"\mathrm{out}_{o1}\,(1 - \mathrm{out}_{o1}) = 0.1868" in tex  # Sigmoid's own LaTeX
    assert r"\mathrm{out}_{o1} - \mathrm{target}_{o1}" in tex
    assert r"\left(-0.2171\right)" in tex
    assert _balanced(tex) and _bare_specials(tex) == ""


def test_latex_escapes_awkward_labels():
    x = Value(2.0, "x%&#$~^{}\\ y_a_b")
    y = (x * Value(3.0, "k_{2}")).tanh()
    y.label = "100%"
    tex = explain(y, x)._repr_latex_()
    assert _balanced(tex) and _bare_specials(tex) == ""
    assert r"\mathrm{x\%\&\#\$\sim \wedge \{\}\backslash \ y}_{a\_b}" in tex


@pytest.mark.parametrize(
    "make, formula_tex",
    [
        (lambda a, b: a**b, r"b\,a^{b - 1}"),
        (lambda a, b: a**0.5 + b, r"0.5\,a^{-0.5}"),
        (lambda a, b: a**2 + b, r"2\,a"),
        (lambda a, b: a.tanh() + b, r"1 - \mathrm{tanh}_1^{2}"),
        (lambda a, b: a.relu() + b, r"[a > 0]"),
        (lambda a, b: a / b, r"\frac{1}{b}"),
        (lambda a, b: a.log() + b, r"\frac{1}{a}"),
        (lambda a, b: a.sin() + b, r"\cos a"),
        (lambda a, b: a.cos() + b, r"-\sin a"),
        (lambda a, b: abs(a) + b, r"\operatorname{sgn} a"),
        (lambda a, b: a * 3 + b, r"= 3 = 3"),
    ],
)
def test_latex_of_builtin_formulas(make, formula_tex):
    a, b = Value(1.5, "a"), Value(2.0, "b")
    tex = explain(make(a, b), a)._repr_latex_()
    assert formula_tex in tex
    assert _balanced(tex) and _bare_specials(tex) == ""


def test_latex_of_a_logarithm_in_a_formula():
    a, b = Value(1.5, "a"), Value(2.0, "b")
    tex = explain(a**b, b)._repr_latex_()
    assert r"\mathrm{pow}_1\,\ln a = 0.9123" in tex


def test_unlabelled_nodes_are_named_by_op_and_constants_by_value():
    a = Value(3.0, "a")
    y = (a * 2).relu() + a * 2
    ex = explain(y, a)
    assert [(r.edge, r.formula) for r in ex.table()] == [
        ("∂add1/∂relu1", "1"),
        ("∂add1/∂mul2", "1"),
        ("∂relu1/∂mul1", "[mul1 > 0]"),
        ("∂mul2/∂a", "2"),
        ("∂mul1/∂a", "2"),
    ]
    assert ex.value == 4.0


def test_a_generated_name_skips_labels_already_taken():
    a = Value(1.0, "a")
    first = a * 3
    first.label = "mul1"
    y = first * a
    assert explain(y, a).names[y] == "mul2"


def test_a_shared_label_is_numbered():
    x1, x2 = Value(1.0, "x"), Value(2.0, "x")
    ex = explain(x1 * x2, x2)
    assert (ex.names[x1], ex.names[x2]) == ("x#1", "x#2")
    assert ex.table()[0].formula == "x#1"


def test_wrt_the_output_itself():
    y = Value(2.0, "y").tanh()
    y.label = "t"
    ex = explain(y, y)
    assert (ex.value, ex.path_count, ex.paths) == (1.0, 1, [[]])
    assert str(ex).splitlines()[1] == "  ∂t/∂t = 1"


def test_wrt_not_in_the_graph():
    y, x = Value(2.0, "y") * 3, Value(1.0, "x")
    ex = explain(y, x)
    assert (ex.value, ex.path_count, ex.paths, ex.table()) == (0.0, 0, [], [])
    assert str(ex).splitlines()[1] == "  ∂mul1/∂x = 0"


def test_an_operand_used_twice_is_two_paths():
    a = Value(3.0, "a")
    y = a * a
    y.label = "y"
    ex = explain(y, a)
    assert [[e.index for e in p] for p in ex.paths] == [[0], [1]]
    assert ex.value == 6.0 and ex.factored[0].terms == (("R1",), ("R2",))


def test_what_a_renderer_reads():
    """An R name for every edge, the edges on the paths to wrt, and the totals' R names."""
    n = network()
    ex = explain(n["E"], n["w1"], params=n["w"])
    all_edges = {(e.child, e.index): e for e in autograd.edges(n["E"])}
    assert set(ex.r_names) <= set(all_edges)
    assert ex.on_paths == {(e.child, e.index) for p in ex.paths for e in p}
    assert ex.total_names == {n["out_h1"]: "R13", n["out_h2"]: "R14"}
    labelled = {(all_edges[k].child.label, all_edges[k].parent.label) for k in ex.on_paths}
    assert labelled == {
        ("E", "out_o1"), ("E", "out_o2"), ("out_o1", "net_o1"), ("out_o2", "net_o2"),
        ("net_o1", "out_h1"), ("net_o2", "out_h1"), ("out_h1", "net_h1"), ("net_h1", "w1"),
    }  # fmt: skip


def test_a_long_total_does_not_widen_the_formula_column():
    x = Value(0.5, "x")
    h = x.tanh()
    y = autograd.sum([h * k for k in range(1, 9)]).sigmoid()  # h: a total of eight terms, too long to align
    table = explain(y, x).table()
    lines = str(table).splitlines()
    at = lines[0].index("value")
    assert [line[at:] == f"{row.value:.6g}" for line, row in zip(lines[1:], table)] == [
        len(row.formula) <= 40 for row in table
    ]
    assert sum(len(row.formula) > 40 for row in table) == 1


class _Shout(autograd.Op):
    """y = x·2, whose formula is written from the operand's name (as nn's losses derive target names)."""

    name = "shout"

    def forward(self, x):
        return 2 * x

    def derivatives(self, x, out):
        return (2.0,)

    def formulas(self, names, out):
        return (f"{names[0].upper()}/{names[0]}",)


def test_latex_formula_comes_from_the_ops_own_text():
    a = Value(1.5, "a_b")
    ex = explain(_Shout()(a), a)
    assert ex.table()[0].formula == "A_B/a_b"
    assert r"= A_B/a_b = 2" in ex._repr_latex_()


def test_latex_names_keep_long_words_whole_and_subscript_what_the_seeds_subscript():
    from autograd.views import latex

    assert latex.name("cross_entropy") == r"\mathrm{cross\_entropy}"
    assert latex.name("E_total") == "E_{total}" and latex.name("out_h1") == r"\mathrm{out}_{h1}"
    assert latex.formula("(softmax(z1, z2)_1 - 0)/1", ["z1", "z2"]) == r"(\mathrm{softmax}(z_1, z_2)_{1} - 0)/1"


def test_the_old_name_numbering_still_works_with_a_deprecation_warning():
    x = Value(2.0, "x")
    y = x * x
    y.backward()
    e = explain(y, x)
    with pytest.warns(DeprecationWarning, match="Explanation.vocabulary"):
        assert e.numbering is e.vocabulary
