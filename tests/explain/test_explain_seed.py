"""``explain`` on the seeds' network: seed 004's R1…R20 term for term, Mazur's numbers, PyTorch float64.

Seed 004 numbers only the edges that lead to the weights w1…w8, so its table is ``params=w``.
"""

import pytest
import torch

import autograd
from autograd import explain

from .seed_network import INPUTS, TARGETS, WEIGHTS, network

# Seed 004's draft table, transcribed: R name → (∂child, ∂parent, formula in the op's notation)
SEED_004 = {
    "R1": ("E", "out_o1", "out_o1 - target_o1"),
    "R2": ("E", "out_o2", "out_o2 - target_o2"),
    "R3": ("out_o1", "net_o1", "out_o1·(1 - out_o1)"),
    "R4": ("out_o2", "net_o2", "out_o2·(1 - out_o2)"),
    "R5": ("net_o1", "w5", "out_h1"),
    "R6": ("net_o1", "w6", "out_h2"),
    "R7": ("net_o2", "w7", "out_h1"),
    "R8": ("net_o2", "w8", "out_h2"),
    "R9": ("net_o1", "out_h1", "w5"),
    "R10": ("net_o2", "out_h1", "w7"),
    "R11": ("net_o1", "out_h2", "w6"),
    "R12": ("net_o2", "out_h2", "w8"),
    "R13": ("E", "out_h1", "R1·R3·R9 + R2·R4·R10"),
    "R14": ("E", "out_h2", "R1·R3·R11 + R2·R4·R12"),
    "R15": ("out_h1", "net_h1", "out_h1·(1 - out_h1)"),
    "R16": ("out_h2", "net_h2", "out_h2·(1 - out_h2)"),
    "R17": ("net_h1", "w1", "i1"),
    "R18": ("net_h1", "w2", "i2"),
    "R19": ("net_h2", "w3", "i1"),
    "R20": ("net_h2", "w4", "i2"),
}
# Mazur's forward values and gradients (printed to 9 decimals); his updated weights wᵢ⁺ = wᵢ − 0.5·∂E/∂wᵢ
OUT = {"out_h1": 0.593269992, "out_h2": 0.596884378, "out_o1": 0.75136507, "out_o2": 0.772928465}
DELTA_O = {"net_o1": 0.138498562, "net_o2": -0.038098236}
UPDATED = (0.149780716, 0.19956143, 0.24975114, 0.29950229, 0.35891648, 0.408666186, 0.511301270, 0.561370121)


def r_products(paths, ex):
    return [[ex.r_names[(e.child, e.index)] for e in path] for path in paths]


def test_w5_is_R1_R3_R5():
    n = network()
    ex = explain(n["E"], n["w5"], params=n["w"])
    assert [tuple(t.terms) for t in ex.factored] == [(("R1", "R3", "R5"),)]
    assert r_products(ex.paths, ex) == [["R1", "R3", "R5"]]
    assert ex.path_count == 1
    assert ex.value == pytest.approx(0.082167041, abs=1e-9)
    row = {r.r: r for r in ex.table()}
    assert [r.formula for r in row.values()] == ["out_o1 - target_o1", "out_o1·(1 - out_o1)", "out_h1"]
    assert row["R1"].value == pytest.approx(OUT["out_o1"] - TARGETS[0], abs=1e-9)
    assert row["R3"].value == pytest.approx(0.186815602, abs=1e-9)
    assert row["R5"].value == pytest.approx(OUT["out_h1"], abs=1e-9)


def test_out_h1_is_R13_the_sum_of_two_paths():
    n = network()
    ex = explain(n["E"], n["out_h1"], params=n["w"])
    (total,) = ex.factored
    assert (total.node, total.r, total.terms) == (n["out_h1"], "R13", (("R1", "R3", "R9"), ("R2", "R4", "R10")))
    assert r_products(ex.paths, ex) == [["R1", "R3", "R9"], ["R2", "R4", "R10"]]
    assert ex.value == pytest.approx(0.036350306, abs=1e-9)
    assert total.value == ex.value


def test_w1_is_R13_R15_R17_with_R13_factored():
    n = network()
    ex = explain(n["E"], n["w1"], params=n["w"])
    assert [(t.node, t.r, t.terms) for t in ex.factored] == [
        (n["out_h1"], "R13", (("R1", "R3", "R9"), ("R2", "R4", "R10"))),
        (n["w1"], "", (("R13", "R15", "R17"),)),
    ]
    assert r_products(ex.paths, ex) == [["R1", "R3", "R9", "R15", "R17"], ["R2", "R4", "R10", "R15", "R17"]]
    assert ex.value == pytest.approx(0.000438568, abs=1e-9)
    assert ex.factored[0].value == pytest.approx(0.036350306, abs=1e-9)
    row = {r.r: r for r in ex.table()}
    assert sorted(row, key=lambda r: int(r[1:])) == ["R1", "R2", "R3", "R4", "R9", "R10", "R13", "R15", "R17"]
    assert row["R15"].value == pytest.approx(0.241300709, abs=1e-9)
    assert row["R17"].value == INPUTS[0]


def test_full_table_is_seed_004_term_for_term():
    n = network()
    rows = explain(n["E"], n["w1"], params=n["w"]).table(full=True)
    got = {r.r: (r.edge.removesuffix(" (total)"), r.formula) for r in rows}
    assert got == {r: (f"∂{child}/∂{parent}", formula) for r, (child, parent, formula) in SEED_004.items()}


def test_full_table_values_from_mazur():
    n = network()
    value = {r.r: r.value for r in explain(n["E"], n["w1"], params=n["w"]).table(full=True)}
    o1, o2, h1, h2 = OUT["out_o1"], OUT["out_o2"], OUT["out_h1"], OUT["out_h2"]
    expected = {
        "R1": o1 - TARGETS[0], "R2": o2 - TARGETS[1], "R3": o1 * (1 - o1), "R4": o2 * (1 - o2),
        "R5": h1, "R6": h2, "R7": h1, "R8": h2,
        "R9": WEIGHTS[4], "R10": WEIGHTS[6], "R11": WEIGHTS[5], "R12": WEIGHTS[7],
        "R13": WEIGHTS[4] * DELTA_O["net_o1"] + WEIGHTS[6] * DELTA_O["net_o2"],
        "R14": WEIGHTS[5] * DELTA_O["net_o1"] + WEIGHTS[7] * DELTA_O["net_o2"],
        "R15": h1 * (1 - h1), "R16": h2 * (1 - h2),
        "R17": INPUTS[0], "R18": INPUTS[1], "R19": INPUTS[0], "R20": INPUTS[1],
    }  # fmt: skip
    assert value == pytest.approx(expected, abs=2e-9)


@pytest.mark.parametrize("k", range(8))
def test_every_weight_against_mazur_and_backward(k):
    n = network()
    n["E"].backward()
    w = n["w"][k]
    ex = explain(n["E"], w, params=n["w"])
    assert ex.value == w.grad
    assert ex.value == pytest.approx((WEIGHTS[k] - UPDATED[k]) / 0.5, abs=2e-8)
    assert sum(_product(p) for p in ex.paths) == pytest.approx(ex.value, rel=1e-12)


def _product(path):
    out = 1.0
    for e in path:
        out *= e.local
    return out


def test_against_torch_float64():
    n = network()
    n["E"].backward()
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in (("i1", 0.05), ("i2", 0.10))}
    t |= {f"w{k + 1}": torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in enumerate(WEIGHTS)}
    t |= {"b1": torch.tensor(0.35, dtype=torch.float64, requires_grad=True)}
    t |= {"b2": torch.tensor(0.60, dtype=torch.float64, requires_grad=True)}
    out_h1 = torch.sigmoid(t["w1"] * t["i1"] + t["w2"] * t["i2"] + t["b1"])
    out_h2 = torch.sigmoid(t["w3"] * t["i1"] + t["w4"] * t["i2"] + t["b1"])
    out_h1.retain_grad()
    out_o1 = torch.sigmoid(t["w5"] * out_h1 + t["w6"] * out_h2 + t["b2"])
    out_o2 = torch.sigmoid(t["w7"] * out_h1 + t["w8"] * out_h2 + t["b2"])
    (0.5 * ((TARGETS[0] - out_o1) ** 2 + (TARGETS[1] - out_o2) ** 2)).backward()
    for name in [*t, "out_h1"]:
        expected = out_h1.grad.item() if name == "out_h1" else t[name].grad.item()
        assert explain(n["E"], n[name]).value == pytest.approx(expected, rel=1e-12, abs=1e-15), name


def test_same_params_share_one_numbering():
    n = network()
    a, b = explain(n["E"], n["w5"]), explain(n["E"], n["w1"])
    assert a.r_names == b.r_names and a.total_names == b.total_names
    assert set(a.r_names) == {(e.child, e.index) for e in autograd.edges(n["E"])}


def test_default_numbering_covers_biases_and_inputs_too():
    """Without params every leaf counts: the bias edges come in level 3 between w6 and w7 (grouped by b2)."""
    n = network()
    ex = explain(n["E"], n["b2"])
    assert [tuple(t.terms) for t in ex.factored] == [(("R1", "R3", "R7"), ("R2", "R4", "R8"))]
    assert ex.value == pytest.approx(DELTA_O["net_o1"] + DELTA_O["net_o2"], abs=2e-9)
    w5 = explain(n["E"], n["w5"])
    assert [tuple(t.terms) for t in w5.factored] == [(("R1", "R3", "R5"),)]
