"""The pictures README.md embeds are what ``docs/make_figures.py`` draws from the current code."""

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_readme_figures_are_current():
    spec = importlib.util.spec_from_file_location("make_figures", DOCS / "make_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.figures()
    assert figures, "no figures drawn"
    for name, svg in figures.items():
        committed = (DOCS / name).read_text(encoding="utf-8")
        assert committed == svg, f"docs/{name} is out of date: run python docs/make_figures.py"
