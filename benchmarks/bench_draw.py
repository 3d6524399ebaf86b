"""Drawing MLP(2, [16, 16, 1]) on one point: chainrule's collapsed and full views against a micrograd-style
drawing of micrograd 0.1.0's graph (a record box per Value and a box per op, as micrograd's trace_graph
notebook draws), each rendered to SVG by both engines in one run.

Run: ``python benchmarks/bench_draw.py`` (needs micrograd==0.1.0, from the `test` extra; `dot` optional).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_nn import micrograd_nodes  # noqa: E402  (this folder is on sys.path when run as a script)

import autograd  # noqa: E402
import nn  # noqa: E402
from autograd import Value  # noqa: E402
from autograd.views.render import render  # noqa: E402

try:
    import graphviz
    import micrograd.engine
    import micrograd.nn
except ImportError:
    sys.exit("bench_draw: needs micrograd==0.1.0 and graphviz (the 'test' extra)")


COLD = """
import time
start = time.perf_counter()
import autograd, nn
model = nn.MLP(2, [16, 16, 1], seed=1337)
out = model([0.5, -0.3])
out.backward()
autograd.draw(out, model=model, collapse=True, engine="wasm").svg()
print(f"{time.perf_counter() - start:.3f}")
"""


def micrograd_style_dot(root) -> tuple[str, int]:
    """micrograd's picture of its own graph: a record node "{ data | grad }" per Value, an op node per op."""
    order = micrograd_nodes(root)
    g = graphviz.Digraph(graph_attr={"rankdir": "LR"})
    for v in order:
        g.node(str(id(v)), label=f"{{ data {v.data:.4f} | grad {v.grad:.4f} }}", shape="record")
        if v._op:
            g.node(str(id(v)) + v._op, label=v._op)
            g.edge(str(id(v)) + v._op, str(id(v)))
        for p in v._prev:
            g.edge(str(id(p)), str(id(v)) + v._op)
    count = len(order) + sum(1 for v in order if v._op)
    return g.source, count


def timed(make, repeat: int = 5) -> tuple[float, float, object]:
    """(best, median) seconds of ``make()`` and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = make()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def main() -> None:
    engines = ["wasm"] + (["dot"] if shutil.which("dot") else [])
    start = time.perf_counter()
    render("digraph { a }", "svg", "wasm")  # load the WebAssembly module once, outside the timings
    load = time.perf_counter() - start
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, as the timings above
    cold = subprocess.run(
        [sys.executable, "-c", COLD], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    model = nn.MLP(2, [16, 16, 1], seed=1337)
    out = model([Value(0.5, "x1"), Value(-0.3, "x2")])
    out.backward()
    mg_model = micrograd.nn.MLP(2, [16, 16, 1])
    mg_out = mg_model([micrograd.engine.Value(0.5), micrograd.engine.Value(-0.3)])
    mg_out.backward()
    mg_source, mg_nodes = micrograd_style_dot(mg_out)
    print(f"Python {sys.version.split()[0]}; MLP(2, [16, 16, 1]) on one point; draw + render to SVG, best of 5")
    print(
        f"(WebAssembly Graphviz loaded in {load:.2f} s; a new process, import to the collapsed SVG with the "
        f"wasm engine: {cold} s; micrograd's graph: {len(micrograd_nodes(mg_out))} Values)"
    )
    print("| view | engine | nodes drawn | SVG size | time (best, median) |")
    print("| --- | --- | --- | --- | --- |")
    for engine in engines:
        for name, options in (("chainrule collapsed", {"collapse": True}), ("chainrule full", {})):
            best, median, svg = timed(lambda e=engine, o=options: autograd.draw(out, model=model, engine=e, **o).svg())
            count = autograd.draw(out, model=model, **options).node_count
            print(f"| {name} | {engine} | {count} | {len(svg) / 1e6:.2f} MB | {best:.3f} s ({median:.3f} s) |")
        best, median, svg = timed(lambda e=engine: render(mg_source, "svg", e))
        print(f"| micrograd-style | {engine} | {mg_nodes} | {len(svg) / 1e6:.2f} MB | {best:.3f} s ({median:.3f} s) |")


if __name__ == "__main__":
    main()
