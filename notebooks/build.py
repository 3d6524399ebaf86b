"""Re-execute the teaching notebooks in place, so their saved outputs come from the current code.

    python notebooks/build.py          # every notebook
    python notebooks/build.py 02 04    # the notebooks whose file names start with 02 or 04

The kernel is this interpreter with this checkout first on ``PYTHONPATH``, started in ``notebooks/``.
Code cells tagged ``check`` print the numbers the notebook asserts: tests/test_notebooks.py re-executes
every notebook and compares what those cells print with what is saved.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def names() -> list[str]:
    """The notebooks' names (``01_values_and_the_chain_rule``, …), in order."""
    return sorted(p.stem for p in HERE.glob("[0-9][0-9]_*.ipynb"))


def cleared(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without outputs or execution counts."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def merge_streams(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Join consecutive stream outputs of one name (stdout, stderr) in every code cell, in place.

    The kernel sends a cell's printed text in chunks whose boundaries depend on timing (a flush timer left
    over from an earlier cell can fire between two writes of one ``print``), so the same cell may come back
    as one output or several; joined, what a cell printed is the same text on every run."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged: list[nbformat.NotebookNode] = []
        for out in cell.outputs:
            prev = merged[-1] if merged else None
            if out.output_type == "stream" and prev and prev.output_type == "stream" and prev.name == out.name:
                prev.text += out.text
            else:
                merged.append(out)
        cell.outputs = merged
    return nb


def execute(nb: nbformat.NotebookNode, env: dict[str, str] | None = None, timeout: int = 600) -> nbformat.NotebookNode:
    """Run ``nb`` top to bottom in a fresh kernel of this interpreter (cwd ``notebooks/``, this checkout on
    ``PYTHONPATH``, plus ``env``), joining each cell's consecutive stream chunks (``merge_streams``); a failing
    cell raises ``nbclient.exceptions.CellExecutionError``."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory(prefix="chainrule-kernel-") as tmp:
        spec_dir = Path(tmp, "kernels", "chainrule")
        spec_dir.mkdir(parents=True)
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "chainrule",
            "language": "python",
            "env": {"PYTHONPATH": path, "MPLBACKEND": "module://matplotlib_inline.backend_inline", **(env or {})},
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        ksm = KernelSpecManager(kernel_dirs=[str(spec_dir.parent)], ensure_native_kernel=False)
        km = KernelManager(kernel_name="chainrule", kernel_spec_manager=ksm)
        client = NotebookClient(
            nb, km=km, timeout=timeout, record_timing=False, resources={"metadata": {"path": str(HERE)}}
        )
        client.execute()
    merge_streams(nb)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    return nb


def main(argv: list[str]) -> None:
    chosen = [n for n in names() if not argv or any(n.startswith(a) for a in argv)]
    if not chosen:
        raise SystemExit(f"no notebook starts with {' or '.join(argv)}; there are {', '.join(names())}")
    for name in chosen:
        target = HERE / f"{name}.ipynb"
        nb = execute(cleared(nbformat.read(target, as_version=4)))
        nbformat.write(nb, target)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
