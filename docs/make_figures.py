"""Regenerate the pictures README.md shows: ``python docs/make_figures.py``. They are rendered with the
in-process WebAssembly Graphviz, which every install has, so ``tests/test_figures.py`` can check they are
current by drawing them again."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nn.demo import seed_drawing, seed_network  # noqa: E402

HERE = Path(__file__).resolve().parent


def figures() -> dict[str, str]:
    """{file name under docs/: SVG text}."""
    model, E = seed_network()
    return {"seed_network.svg": seed_drawing(model, E, engine="wasm").svg()}


if __name__ == "__main__":
    for name, svg in figures().items():
        (HERE / name).write_text(svg, encoding="utf-8")
        print(f"wrote docs/{name}")
