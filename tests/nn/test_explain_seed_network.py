"""explain() on the seeds' network built with nn (fused dot and loss nodes) reproduces seed 004's table."""

import autograd
from nn.demo import seed_network


def setup():
    model, E = seed_network()
    w = [w for layer in model.layers for n in layer.neurons for w in n.w]
    return model, E, w


def terms(ex, node):
    return next(t.terms for t in ex.factored if t.node is node)


def test_w5_is_r1_r3_r5_with_the_seeds_formulas():
    model, E, w = setup()
    ex = autograd.explain(E, w[4], params=w)
    assert terms(ex, w[4]) == (("R1", "R3", "R5"),)
    rows = {r.r: (r.formula, r.value) for r in ex.table()}
    out_o1, out_h1 = model.layers[1].neurons[0].out, model.layers[0].neurons[0].out
    assert rows["R1"] == ("out_o1 - target_o1", out_o1.data - 0.01)
    assert rows["R3"] == ("out_o1·(1 - out_o1)", out_o1.data * (1 - out_o1.data))
    assert rows["R5"] == ("out_h1", out_h1.data)
    assert ex.value == w[4].grad and abs(ex.value - 0.082167041) < 1e-9


def test_out_h1_and_w1_are_factored_as_in_the_seed():
    model, E, w = setup()
    out_h1 = model.layers[0].neurons[0].out
    ex_h = autograd.explain(E, out_h1, params=w)
    assert terms(ex_h, out_h1) == (("R1", "R3", "R9"), ("R2", "R4", "R10"))
    assert abs(ex_h.value - out_h1.grad) == 0.0
    ex = autograd.explain(E, w[0], params=w)
    assert ex.total_names[out_h1] == "R13"
    assert terms(ex, out_h1) == (("R1", "R3", "R9"), ("R2", "R4", "R10"))
    assert terms(ex, w[0]) == (("R13", "R15", "R17"),)
    assert [(e.child.label, e.parent.label) for e in ex.paths[0]] == [
        ("E_total", "out_o1"),
        ("out_o1", "net_o1"),
        ("net_o1", "out_h1"),
        ("out_h1", "net_h1"),
        ("net_h1", "w1"),
    ]
    assert len(ex.paths) == 2 and ex.value == w[0].grad and abs(ex.value - 0.000438568) < 1e-9
    rows = {r.r: r.formula for r in ex.table()}
    assert (rows["R9"], rows["R10"], rows["R15"], rows["R17"]) == ("w5", "w7", "out_h1·(1 - out_h1)", "i1")


def test_full_numbering_is_the_seeds_r1_to_r20():
    _, E, w = setup()
    ex = autograd.explain(E, w[0], params=w)
    table = {r.r: r.edge for r in ex.table(full=True)}
    seed = {
        "R5": "∂net_o1/∂w5", "R6": "∂net_o1/∂w6", "R7": "∂net_o2/∂w7", "R8": "∂net_o2/∂w8",
        "R11": "∂net_o1/∂out_h2", "R12": "∂net_o2/∂out_h2", "R14": "∂E_total/∂out_h2 (total)",
        "R16": "∂out_h2/∂net_h2", "R18": "∂net_h1/∂w2", "R19": "∂net_h2/∂w3", "R20": "∂net_h2/∂w4",
    }  # fmt: skip
    for r, edge in seed.items():
        assert table[r] == edge
    assert len(table) == 20
