"""The layout shows the architecture: engine below, views above, the shell on top; no import cycles;
``import autograd`` and ``import nn`` load no renderer; old module paths still import, with a warning."""

import ast
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"engine": 0, "views": 1, "shell": 2}


def imports_of(path: Path, lazy: bool = True) -> set[str]:
    """The autograd modules a file imports (relative imports resolved), as dotted names; ``lazy=False``:
    only those imported when the module loads (not inside functions, not for type checkers)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for i in ast.walk(tree) if _type_checking(i) for b in i.body for n in ast.walk(b)}
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    in_functions = {id(n) for f in ast.walk(tree) if isinstance(f, functions) for n in ast.walk(f) if n is not f}
    for node in ast.walk(tree):
        if id(node) in typing_only or (not lazy and id(node) in in_functions):
            continue
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            found |= {name} | {f"{name}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m.startswith("autograd")}


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_arrows_run_shell_to_views_to_engine_never_back():
    for path in (ROOT / "autograd").rglob("*.py"):
        mine = layer(".".join(path.relative_to(ROOT).with_suffix("").parts))
        if mine is None:
            continue
        for module in imports_of(path):
            theirs = layer(module)
            assert theirs is None or theirs <= mine, f"{path.relative_to(ROOT)} imports {module}"


def test_no_import_cycles():
    files = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
        for p in (ROOT / "autograd").rglob("*.py")
    }
    graph = {m: {i for i in imports_of(p, lazy=False) if i in files and i != m} for m, p in files.items()}
    graph = {m: {i for i in deps if not m.startswith(i + ".") and i != "autograd"} for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in graph[m]:
            assert state.get(d) != 1, f"import cycle: {' → '.join([*path, m, d])}"
            if d not in state:
                visit(d, [*path, m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def test_importing_autograd_and_nn_loads_no_view_machinery():
    code = "import autograd, nn, sys; print(sorted(m for m in sys.modules if 'graphviz' in m or 'wasmtime' in m))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    code = "import autograd, sys; autograd.draw; print(any('autograd.views.draw' == m for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"  # and the view loads on first use


@pytest.mark.parametrize(
    "old, name",
    [
        ("autograd.value", "new_node"),
        ("autograd.ops", "Op"),
        ("autograd.explain", "node_names"),
        ("autograd.draw", "StaleGradWarning"),
        ("autograd.expr", "parse"),
        ("autograd.cli", "main"),
    ],
)
def test_old_module_paths_still_import_with_a_deprecation_warning(old, name):
    code = f"import warnings; warnings.simplefilter('error'); from {old} import {name}"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and "DeprecationWarning" in done.stderr and "moved to autograd." in done.stderr
    code = f"import warnings; warnings.simplefilter('ignore'); from {old} import {name}; print({name}.__module__)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip().startswith("autograd.")


def test_autograd_draw_stays_the_function_after_its_old_module_is_imported():
    import autograd
    from autograd import Value

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        __import__("autograd.draw")
    x = Value(2.0, "x")
    y = x * 3
    y.backward()
    assert autograd.draw(y).node_count == 2


def test_no_two_views_import_each_other_even_lazily():
    views = {p.stem: imports_of(p) for p in (ROOT / "autograd" / "views").glob("*.py")}
    for a, deps in views.items():
        for b in views:
            if a != b and f"autograd.views.{b}" in deps:
                assert f"autograd.views.{a}" not in views[b], f"views {a} and {b} import each other"
