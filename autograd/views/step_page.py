"""``step_page``: backpropagation as a self-contained HTML page to step through, one node per frame.

The graph is drawn once (``autograd.draw``, in the graph's vocabulary: edges named R1, R2, … as in
``explain``) and inlined as SVG; a small inline script restyles it per frame through the SVG ids ``n<k>``
(boxes) and ``e<child>_<i>`` (edges). A backward frame is one ``backward_steps`` step: its node is
highlighted, the edges it sums over (local × upstream) and the nodes upstream are marked, grads not yet
completed read ``grad ?``, and the panel shows the formula and the value. With ``forward=True`` the
forward pass comes first, one frame per computed node. Nothing is fetched: the page works from a file,
offline, or in a notebook's iframe.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from ..engine.value import Value
from ..files import write_atomically
from .draw import draw
from .labels import visible
from .language import language, phrase, word
from .steps import Step, steps_of
from .vocabulary import Vocabulary

SHOWN = ".6g"  # the panel's value: more digits than the boxes, which use draw's ``digits``
ZOOM = 1.5  # a small graph is drawn up to 1.5 × Graphviz's size (large ones shrink to the window)


class Frame(NamedTuple):
    """One frame of the page: a node's data (``forward``) or its completed gradient (``backward``)."""

    kind: str
    node: Value
    node_id: str
    name: str
    value: float
    text: str
    formula: str
    edges: tuple[str, ...]
    inputs: tuple[str, ...]


class StepPage:
    """The page: ``frames``, ``html``, ``save(path)``; ``len()`` frames; shows itself in Jupyter (an iframe)."""

    def __init__(self, frames: list[Frame], html: str, height: int) -> None:
        self.frames = frames
        self.html = html
        self.height = height

    def __len__(self) -> int:
        return len(self.frames)

    def save(self, path: str | Path) -> Path:
        """Write the page (UTF-8, atomically) to ``path`` and return it; open it in any browser."""
        return write_atomically(path, self.html.encode("utf-8"))

    def _repr_html_(self) -> str:
        return _iframe(self.html, self.height)

    def __repr__(self) -> str:
        kinds = [f.kind for f in self.frames]
        forward = f"{kinds.count('forward')} forward + " if "forward" in kinds else ""
        return f"<StepPage: {forward}{kinds.count('backward')} backward frames; .save('steps.html')>"


def step_page(
    root: Value,
    params: Iterable[Value] | None = None,
    *,
    forward: bool = False,
    lang: str | None = None,
    **draw_options: Any,
) -> StepPage:
    """A page stepping through ``root``'s backward pass node by node (``backward_steps(root, params)``),
    after its forward pass if ``forward``. ``draw_options`` go to ``autograd.draw`` (model, rankdir,
    digits, engine, …); ``collapse`` is refused, since every node gets its own frame. The numbers shown
    come from the steps, not from ``.grad``, so backward() need not have run. ``lang``: the controls' and
    captions' language ("en", "zh"; default: the global ``set_language`` / ``CHAINRULE_LANG``)."""
    lang = language(lang)
    if draw_options.get("collapse"):
        raise ValueError("step_page draws one box per node (each has its own frame): collapse=True is not supported")
    draw_options.pop("check_grads", None)  # the page shows the steps' grads, whatever .grad holds
    words = Vocabulary(root, params)
    topo = words.topo
    limit = draw_options.get("max_nodes", 500)
    if limit is not None and len(topo) > limit:
        raise ValueError(
            f"step_page: {len(topo)} nodes is more than max_nodes={limit}, one frame each; step through a smaller "
            "graph (one data point, a smaller model) or pass a larger max_nodes (None: no limit)"
        )
    fmt = f".{draw_options.get('digits', 4)}g"
    frames = [_forward_frame(v, words, fmt) for v in topo if v._edges] if forward else []
    frames += [_backward_frame(s, words) for s in steps_of(words)]
    grads = {f.node: f.value for f in frames if f.kind == "backward"}
    svg = _drawn(words, grads, draw_options)
    nodes = _node_lines(words, frames, grads, fmt)
    script_data = {"frames": [_frame_json(f) for f in frames], "nodes": nodes, "words": _script_words(lang)}
    title = phrase("page title", lang, name=words.names[root])
    width, height = _svg_size(svg)
    page = _fill(
        PAGE,
        title=html.escape(visible(title)),
        svg=svg,
        last=str(len(frames) - 1),
        data=_script_json(script_data),
        script=SCRIPT,
        style=STYLE,
        width=f"{ZOOM * width:.0f}pt",
        **_controls(lang),
    )
    return StepPage(frames, page, int(min(900, max(320, height * 4 / 3 + 190))))  # iframe: drawing + panel


def _controls(lang: str) -> dict[str, str]:
    """The page's fixed words in ``lang``, escaped for HTML (the legend is the glossary's own markup)."""
    keys = {"prev": "prev", "next": "next", "prev_tip": "prev tip", "next_tip": "next tip", "step": "step"}
    parts = {name: html.escape(word(key, lang), quote=True) for name, key in keys.items()}
    return parts | {"lang": lang, "legend": word("legend", lang)}


def _script_words(lang: str) -> dict[str, str]:
    """The words the script writes per frame (counter, phase), in ``lang``."""
    return {
        k.removeprefix("phase "): word(k, lang)
        for k in ("frame", "forward", "backward", "phase gradient", "phase value")
    }


def _drawn(words: Vocabulary, grads: dict[Value, float], draw_options: dict[str, Any]) -> str:
    """The drawing as inline SVG, its boxes laid out for the grads they will show (``.grad`` is set for the
    drawing only, then put back, whatever backward() left there)."""
    saved = {v: v.grad for v in grads}
    try:
        for v, g in grads.items():
            v.grad = g
        svg = draw(words, check_grads=False, **draw_options).svg()
    finally:
        for v, g in saved.items():
            v.grad = g
    return svg[svg.index("<svg") :]  # no XML prolog or DOCTYPE inside HTML


def _forward_frame(v: Value, words: Vocabulary, fmt: str) -> Frame:
    name = words.names[v]
    expr = v._op.expression([words.names[p] for p in v.parents])
    edges = tuple(words.edge_id(v, i) for i in range(len(v.parents)))
    inputs = tuple(dict.fromkeys(words.ids[p] for p in v.parents))
    formula = f"{name} = {expr} = {v.data:{fmt}}"
    return Frame("forward", v, words.ids[v], name, v.data, f"{v.data:{SHOWN}}", formula, edges, inputs)


def _backward_frame(s: Step, words: Vocabulary) -> Frame:
    edges = tuple(words.edge_id(t.child, t.index) for t in s.terms)
    inputs = tuple(dict.fromkeys(words.ids[t.child] for t in s.terms))
    return Frame("backward", s.node, words.ids[s.node], s.name, s.grad, f"{s.grad:{SHOWN}}", s.formula, edges, inputs)


def _node_lines(words: Vocabulary, frames: list[Frame], grads: dict[Value, float], fmt: str) -> dict[str, Any]:
    """Each box's data and grad lines as drawn (the script finds them by their text and rewrites them per frame)
    and the frames at which they become known."""
    data_at = {f.node: k for k, f in enumerate(frames) if f.kind == "forward"}
    grad_at = {f.node: k for k, f in enumerate(frames) if f.kind == "backward"}
    return {
        words.ids[v]: {
            "data": f"data {v.data:{fmt}}",
            "grad": f"grad {grads.get(v, v.grad):{fmt}}",
            "data_at": data_at.get(v, -1),
            "grad_at": grad_at.get(v),
        }
        for v in words.topo
    }


def _frame_json(f: Frame) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "node": f.node_id,
        "name": visible(f.name),  # as the boxes show it: a control character or lone surrogate written out
        "value": f.text,
        "formula": visible(f.formula),
        "edges": f.edges,
        "inputs": f.inputs,
    }


def _script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no ``<``, ``>`` or ``&`` left to end it or start a comment."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _iframe(page: str, height: int) -> str:
    """A whole page inline in a notebook's output: a sandboxed iframe whose scripts run, its size fixed."""
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'style="width: 100%; height: {height}px; border: 1px solid #ddd"></iframe>'
    )


def _fill(template: str, **parts: str) -> str:
    """``{{name}}`` markers replaced in one pass, so no part's text is ever read as a marker."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m[1]], template)


def _svg_size(svg: str) -> tuple[float, float]:
    """The drawing's width and height in pt, as Graphviz wrote them."""
    w, h = (re.search(rf'{side}="([\d.]+)pt"', svg) for side in ("width", "height"))
    return float(w[1]) if w else 600.0, float(h[1]) if h else 450.0


STYLE = """
body { margin: 0; font: 16px/1.4 Helvetica, Arial, sans-serif; color: #222; background: white; }
#panel { position: sticky; top: 0; background: #fafafa; border-bottom: 1px solid #ddd; padding: 10px 18px; }
.controls { display: flex; align-items: center; gap: 12px; }
.controls button { font-size: 15px; padding: 4px 14px; }
#slider { flex: 1; max-width: 520px; }
#counter { color: #555; font-variant-numeric: tabular-nums; }
.now { margin-top: 8px; font-size: 22px; }
#phase { display: inline-block; min-width: 5.5em; font-size: 13px; text-transform: uppercase; color: #777; }
#step-name { font-weight: bold; }
#step-value { font-weight: bold; color: #d62728; font-variant-numeric: tabular-nums; }
#step-formula { margin-top: 4px; font: 17px/1.4 Menlo, Consolas, monospace; color: #333; }
.legend { margin-top: 4px; font-size: 12px; color: #777; }
.legend b.current { color: #ff7f0e; } .legend b.term { color: #d62728; } .legend b.upstream { color: #1f77b4; }
#graph { padding: 8px; text-align: center; }
#graph svg { max-width: 100%; height: auto; max-height: calc(100vh - 190px); }
g.node.current path, g.node.current polygon, g.node.current ellipse {
  stroke: #ff7f0e; stroke-width: 5px; }
g.node.upstream path, g.node.upstream polygon, g.node.upstream ellipse {
  stroke: #1f77b4; stroke-width: 3px; }
g.edge.term path { stroke: #d62728; stroke-width: 3px; }
g.edge.term polygon { stroke: #d62728; fill: #d62728; }
g.edge.term text { fill: #d62728; font-weight: bold; }
g.node text.pending { fill: #aaaaaa; font-style: italic; }
g.node.current text.fresh { fill: #d62728; }
g.node.off { opacity: 0.4; }
"""

SCRIPT = """
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("chainrule-frames").textContent);
  const frames = data.frames;
  const byId = (id) => document.getElementById(id);
  const slider = byId("slider");
  const lines = {};
  for (const [id, n] of Object.entries(data.nodes)) {
    const box = byId(id);
    if (!box) continue;
    const texts = Array.from(box.getElementsByTagName("text"));
    const last = (s) => texts.filter((t) => t.textContent === s).pop() || null;
    lines[id] = { box: box, data: last(n.data), grad: last(n.grad), n: n };
  }
  let current = 0;
  function show(k) {
    current = Math.max(0, Math.min(frames.length - 1, k));
    const f = frames[current];
    for (const cls of ["current", "upstream", "term"]) {
      for (const el of Array.from(document.getElementsByClassName(cls))) el.classList.remove(cls);
    }
    for (const { box, data: d, grad: g, n } of Object.values(lines)) {
      const known = n.data_at <= current;
      const done = n.grad_at !== null && n.grad_at <= current;
      if (d) {
        d.textContent = known ? n.data : "data ?";
        d.classList.toggle("pending", !known);
        d.classList.toggle("fresh", f.kind === "forward" && n.data_at === current);
      }
      if (g) {
        g.textContent = done ? n.grad : n.grad_at === null ? "grad –" : "grad ?";
        g.classList.toggle("pending", !done);
        g.classList.toggle("fresh", n.grad_at === current);
      }
      box.classList.toggle("off", f.kind === "backward" && n.grad_at === null);
    }
    const mark = (ids, cls) => ids.forEach((id) => byId(id) && byId(id).classList.add(cls));
    mark(f.inputs, "upstream");
    mark(f.edges, "term");
    mark([f.node], "current");
    const ofKind = frames.filter((x) => x.kind === f.kind);
    const words = data.words;
    byId("counter").textContent = words.frame + " " + (current + 1) + " / " + frames.length +
      " (" + words[f.kind] + " " + (ofKind.indexOf(f) + 1) + " / " + ofKind.length + ")";
    byId("phase").textContent = f.kind === "backward" ? words.gradient : words.value;
    byId("step-name").textContent = f.name;
    byId("step-value").textContent = f.value;
    byId("step-formula").textContent = f.formula;
    slider.value = String(current);
    byId("prev").disabled = current === 0;
    byId("next").disabled = current === frames.length - 1;
    document.body.setAttribute("data-frame", String(current));
  }
  byId("prev").addEventListener("click", () => show(current - 1));
  byId("next").addEventListener("click", () => show(current + 1));
  slider.addEventListener("input", () => show(Number(slider.value)));
  document.addEventListener("keydown", (e) => {
    if (e.target === slider) return;
    const to = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: frames.length - 1 }[e.key];
    if (to !== undefined) { e.preventDefault(); show(to); }
  });
  show(0);
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{style}}#graph svg { width: {{width}}; }</style>
</head>
<body data-frame="0">
<header id="panel">
<div class="controls">
<button id="prev" type="button" title="{{prev_tip}}">{{prev}}</button>
<input id="slider" type="range" min="0" max="{{last}}" step="1" value="0" aria-label="{{step}}">
<button id="next" type="button" title="{{next_tip}}">{{next}}</button>
<span id="counter"></span>
</div>
<div class="now"><span id="phase"></span><span id="step-name"></span> = <span id="step-value"></span></div>
<div id="step-formula"></div>
<div class="legend">{{legend}}</div>
</header>
<main id="graph">
{{svg}}
</main>
<script type="application/json" id="chainrule-frames">{{data}}</script>
<script>{{script}}</script>
</body>
</html>
"""
