"""Read a drawing's SVG back as data: nodes and edges by the ids ``draw`` gives them, with their texts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import NamedTuple

NS = {"svg": "http://www.w3.org/2000/svg"}


class Shape(NamedTuple):
    id: str
    title: str
    texts: list[str]
    stroke: str
    fill: str


def texts_of(group: ET.Element) -> list[str]:
    """The text lines drawn in an SVG group (Graphviz writes a doubled space as a no-break space)."""
    return [(t.text or "").replace("\xa0", " ") for t in group.iter(f"{{{NS['svg']}}}text")]


def _outline(group: ET.Element, attribute: str) -> str:
    """The stroke or fill of the first shape drawn in the group (a box's outline, an edge's line)."""
    for shape in group.iter():
        if shape.tag.rsplit("}", 1)[-1] in ("path", "polygon", "ellipse") and shape.get(attribute):
            return shape.get(attribute)
    return ""


def read(svg: str) -> tuple[dict[str, Shape], dict[str, Shape]]:
    """({node title: Shape}, {edge id: Shape}) of an SVG written by Graphviz from a ``draw`` DOT."""
    root = ET.fromstring(svg)
    nodes, edges = {}, {}
    for g in root.iter(f"{{{NS['svg']}}}g"):
        kind = g.get("class")
        if kind not in ("node", "edge"):
            continue
        title = g.find("svg:title", NS).text
        shape = Shape(g.get("id"), title, texts_of(g), _outline(g, "stroke"), _outline(g, "fill"))
        if kind == "node":
            nodes[title] = shape
        else:
            edges[shape.id] = shape
    return nodes, edges
