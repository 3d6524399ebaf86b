import xml.etree.ElementTree as ET

from nn import demo
from tests.draw.svg import texts_of


def test_demo_reproduces_the_seed_and_trains(capsys, tmp_path):
    svg = tmp_path / "seed.svg"
    demo.main(["--svg", str(svg)])  # no progress bar: the step lines below are the demo's one account of training
    out, err = capsys.readouterr()
    assert f"wrote {svg}: the graph" in out
    texts = texts_of(ET.fromstring(svg.read_text(encoding="utf-8")))
    assert {"R1 = 0.7414", "R3 = 0.1868", "R5 = 0.5933", "w5", "grad 0.08217"} <= set(texts)
    assert "E_total = 0.298371109" in out
    assert out.count("✓") == 9 and "✗" not in out  # E_total and w1..w8 against seed 004
    assert "∂E_total/∂w5  = +0.082167041" in out  # Mazur's ∂E/∂w5
    assert "step  99: loss" in out and "accuracy 100%" in out.split("step  99")[1]
    assert err == ""  # no tqdm bar on stderr for the same loop


def test_seed_network_reads_like_the_seeds():
    model, E = demo.seed_network()
    assert E.label == "E_total"
    labels = {p.label for p in model.parameters()}
    assert labels == {"w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"}
    groups = model.groups()
    assert groups[model.layers[1].neurons[0].net] == "layer 2 · neuron o1"
