"""``live``: a self-contained page where every number of a graph can be changed and every value, gradient and
chain-rule term updates in place, with backward stepping, SGD training and an exercise mode.

The graph is drawn once (``autograd.draw``, in its vocabulary); the page carries the graph's ops as data and
recomputes forward, local derivatives and backward in its own JavaScript (``live_page.js``, the same formulas
as ``engine/ops.py`` and nn's losses), rewriting the boxes ``n<k>`` and edges ``e<child>_<i>`` of the SVG.
Ops the JavaScript does not know (a user's ``Op``) stay frozen at Python's numbers, and the leaves upstream of
them get no control. Nothing is fetched: the page works from a file, offline, or in a notebook's iframe.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..engine.op import Folded
from ..engine.ops import ABS, ADD, COS, DIV, DOT, EXP, LOG, MUL, NEG, POW, RELU, SIGMOID, SIN, SUB, SUM, TANH, Dot
from ..engine.value import Value
from ..files import write_atomically
from .draw import draw
from .labels import visible
from .language import GLOSSARY, language
from .step_page import STYLE as STEP_STYLE
from .step_page import ZOOM, _fill, _iframe, _script_json, _svg_size
from .vocabulary import Vocabulary

_BUILTIN = {ADD: "add", SUB: "sub", MUL: "mul", DIV: "div", NEG: "neg", POW: "pow", EXP: "exp", LOG: "log"}
_BUILTIN |= {TANH: "tanh", SIGMOID: "sigmoid", RELU: "relu", SIN: "sin", COS: "cos", ABS: "abs", SUM: "sum", DOT: "dot"}
# nn's ops, known by class (views never import nn): the JavaScript kind and the parameters it needs
_NN = {
    ("nn.losses", "HalfSumSquares"): ("half_sse", "targets"),
    ("nn.losses", "MeanSquaredError"): ("mse", "targets"),
    ("nn.losses", "Hinge"): ("hinge", "targets"),
    ("nn.losses", "BinaryCrossEntropy"): ("bce", "targets"),
    ("nn.losses", "BCEWithLogits"): ("bce_logits", "targets"),
    ("nn.losses", "L2"): ("l2", "alpha"),
    ("nn.softmax", "SoftmaxCrossEntropy"): ("softmax_ce", "targets"),
    ("nn.softmax", "SoftmaxOutput"): ("softmax", "i"),
}
SCRIPTS = ("live_page_ops.js", "live_page.js")  # package data, inlined in this order
SLIDER_SPAN = 2.0  # a control's slider runs over value ± SLIDER_SPAN·max(1, |value|)


class LivePage:
    """The page: ``html()``, ``save(path)``; shows itself in Jupyter (an iframe). ``frozen``: the nodes whose
    op the page cannot recompute."""

    def __init__(self, page: str, height: int, frozen: list[Value]) -> None:
        self._html = page
        self.height = height
        self.frozen = frozen

    def html(self) -> str:
        """The whole page as one HTML document."""
        return self._html

    def save(self, path: str | Path) -> Path:
        """Write the page (UTF-8, atomically) to ``path`` and return it; open it in any browser."""
        return write_atomically(path, self._html.encode("utf-8"))

    def _repr_html_(self) -> str:
        return _iframe(self._html, self.height)

    def __repr__(self) -> str:
        frozen = f", {len(self.frozen)} frozen" if self.frozen else ""
        return f"<LivePage{frozen}; .save('live.html')>"


def live(
    root: Value,
    params: Iterable[Value] | None = None,
    inputs: Iterable[Value] | None = None,
    *,
    lang: str | None = None,
    **draw_options: Any,
) -> LivePage:
    """A live page of ``root``'s graph: a control for each variable (``params``, default every leaf that
    requires grad) and input (``inputs``, default every other labelled leaf); changing one recomputes the page.
    ``draw_options`` go to ``autograd.draw`` (model, wrt, rankdir, digits, engine, …); ``collapse`` is refused."""
    if draw_options.get("collapse"):
        raise ValueError("live draws one box per node (each shows its own numbers): collapse=True is not supported")
    draw_options.pop("check_grads", None)
    lang = language(lang)
    words = Vocabulary(root, params)
    topo = words.topo
    index = {v: k for k, v in enumerate(topo)}
    variables = [v for v in words.variables if v in index and not v._edges]
    if inputs is None:
        inputs = [v for v in topo if not v._edges and v.label and v not in set(variables)]
    inputs = [v for v in inputs if v in index and not v._edges and v not in set(variables)]
    digits = draw_options.get("digits", 4)
    nodes = [_node(v, words, index) for v in topo]
    frozen = [v for v, n in zip(topo, nodes) if n["op"] == "frozen"]
    data = {
        "nodes": nodes,
        "root": index[root],
        "variables": [index[v] for v in variables],
        "inputs": [index[v] for v in inputs],
        "digits": digits,
        "span": SLIDER_SPAN,
        "steps": [[index[v], [[index[c], i] for c, i in words.into.get(v, ())]] for v in words.order],
        "totals": [[index[v], r, _total_formula(words, v)] for v, r in words.totals.items()],
        "text": {key[5:]: row.get(lang) or row["en"] for key, row in GLOSSARY.items() if key.startswith("live.")},
    }
    svg = _drawn(words, digits, draw_options)
    width, height = _svg_size(svg)
    t = data["text"]
    words_of_page = {k: html.escape(v) for k, v in t.items()}
    page = _fill(
        PAGE,
        **words_of_page
        | {
            "lang": lang,
            "title": html.escape(visible(f"chainrule · {t['title']}: {words.names[root]}")),
            "svg": svg,
            "data": _script_json(data),
            "script": "".join((files(__package__) / f).read_text(encoding="utf-8") for f in SCRIPTS),
            "style": STEP_STYLE + (files(__package__) / "live_page.css").read_text(encoding="utf-8"),
            "width": f"{ZOOM * width:.0f}pt",
        },
    )
    return LivePage(page, int(min(1000, max(480, height * 4 / 3 + 320))), frozen)


def _node(v: Value, words: Vocabulary, index: dict[Value, int]) -> dict[str, Any]:
    """A node as the JavaScript reads it: its op's kind and parameters, its parents, its numbers as Python
    computed them (a frozen node keeps them), its name, and each edge's R name."""
    e = v._edges
    node: dict[str, Any] = {"name": visible(words.names[v]), "data": v.data}
    if not e:
        node["op"] = "leaf"
        node["const"] = not v.label and not v.requires_grad
        return node
    node.update(_op(v._op), p=[index[p] for p in e[::2]], d=list(e[1::2]), opname=visible(v.op))
    node["r"] = [words.r_names.get((v, i)) for i in range(len(e) // 2)]
    node["f"] = [visible(words.formula((v, i))) if (v, i) in words.r_names else None for i in range(len(e) // 2)]
    return node


def _op(op: Any) -> dict[str, Any]:
    if isinstance(op, Folded) and op.op in _BUILTIN:
        return {"op": "folded", "base": _BUILTIN[op.op], "k": op.k, "side": op.side}
    if op in _BUILTIN or isinstance(op, Dot):  # a layer's nets share a LayerDot op: dot to the page
        return {"op": _BUILTIN.get(op, "dot")}
    kind = _NN.get((type(op).__module__, type(op).__name__))
    if kind is None or not hasattr(op, kind[1]):
        return {"op": "frozen"}
    return {"op": kind[0], "arg": getattr(op, kind[1])}


def _total_formula(words: Vocabulary, v: Value) -> str:
    return visible(" + ".join("·".join(chain) for chain in words.terms(v)))


def _drawn(words: Vocabulary, digits: int, draw_options: dict[str, Any]) -> str:
    """The drawing as inline SVG, each box laid out for the widest number it may show (the page writes the real
    ones): data and grad are set to that number for the drawing only, then put back."""
    wide = -float("8." + "8" * (digits - 1) + "e-88") if digits > 1 else -8e-88
    saved = [(v, v.data, v.grad) for v in words.topo]
    try:
        for v in words.topo:
            if v._edges or v.label or v.requires_grad:  # a constant's box shows its value, which never changes
                v.data = v.grad = wide
            else:
                v.grad = wide
        svg = draw(words, check_grads=False, **draw_options).svg()
    finally:
        for v, d, g in saved:
            v.data, v.grad = d, g
    return svg[svg.index("<svg") :]


PAGE = """<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{style}}#graph svg { width: {{width}}; }</style>
</head>
<body data-frame="">
<header id="panel">
<div class="controls">
<button id="prev" type="button" title="←">◀ {{prev}}</button>
<input id="slider" type="range" min="0" max="0" step="1" value="0" aria-label="{{step_label}}">
<button id="next" type="button" title="→">{{next}} ▶</button>
<span id="counter"></span>
</div>
<div class="now"><span id="phase"></span><span id="step-name"></span> = <span id="step-value"></span></div>
<div id="step-formula"></div>
<div class="controls train">
<label>{{lr}} <input id="lr" type="number" value="0.5" step="0.01"></label>
<button id="train-step" type="button">{{train_step}}</button>
<label><input id="steps" type="number" value="100" min="1" step="1"></label>
<button id="train-run" type="button">{{train_run}}</button>
<svg id="loss-plot" width="240" height="56" role="img" aria-label="{{loss_plot}}"><polyline points=""/></svg>
<span id="loss-text"></span>
<label class="exercise">{{exercise}}
<select id="exercise-wrt"><option value="">{{exercise_off}}</option></select></label>
<span id="exercise-score"></span>
</div>
<div id="status" role="status"></div>
</header>
<div id="layout">
<aside id="leaves"><h2>{{controls}}</h2><div id="leaf-controls"></div><div id="notes"></div></aside>
<main>
<div id="exercise-form"></div>
<div id="graph">
{{svg}}
</div>
<details id="terms"><summary>{{terms}}</summary>
<table><thead><tr><th>R#</th><th>{{edge}}</th><th>{{formula}}</th><th>{{value}}</th></tr></thead>
<tbody id="terms-body"></tbody></table></details>
</main>
</div>
<script type="application/json" id="chainrule-live">{{data}}</script>
<script>{{script}}</script>
</body>
</html>
"""
