from nn import demo


def test_demo_reproduces_the_seed_and_trains(capsys):
    demo.main(["--quiet"])
    out, err = capsys.readouterr()
    assert "E_total = 0.298371109" in out
    assert out.count("✓") == 9 and "✗" not in out  # E_total and w1..w8 against seed 004
    assert "∂E_total/∂w5  = +0.082167041" in out  # Mazur's ∂E/∂w5
    assert "step  99: loss" in out and "accuracy 100%" in out.split("step  99")[1]
    assert err == ""


def test_seed_network_reads_like_the_seeds():
    model, E = demo.seed_network()
    assert E.label == "E_total"
    labels = {p.label for p in model.parameters()}
    assert labels == {"w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"}
    groups = model.groups()
    assert groups[model.layers[1].neurons[0].net] == "layer 2 · neuron o1"
