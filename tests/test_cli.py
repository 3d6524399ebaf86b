"""The ``chainrule`` command line: values and gradients printed right, pictures written, and every bad
input refused with one line ``chainrule: error: …`` on stderr, exit code 2, no traceback."""

import importlib
import math
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd.shell.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = "sigmoid(w1*i1 + w2*i2 + b1)"
SEED_SET = ["--set", "w1=0.15", "--set", "w2=0.20", "--set", "i1=0.05", "--set", "i2=0.10", "--set", "b1=0.35"]
HOSTILE = [
    "__import__('os').system('x')",
    "x.__class__",
    "(lambda: 1)()",
    "x[0]",
    "open('f')",
    "exp(x, y)",
    "exp(x=1)",
    "'a'",
    "1 if x else 2",
    "9**9**9",
    "2**10**10",
    "(" * 500 + "x" + ")" * 500,
    "-" * 10000 + "x",
    "x" * 1_000_000,
    "x @ y",
    "x // y",
    "1j",
    "True",
    "[x]",
]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *argv, code=2):
    """The one error line, after checking the exit code, the empty stdout and the line's form."""
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert err.startswith("chainrule: error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


def table(out):
    """{name: (value, grad)} from the printed table, plus the output line's name and value."""
    first, *rest = out.splitlines()
    name, value = first.split(" = ")
    rows = {}
    for line in rest[2:]:
        if not line.strip() or line.startswith("wrote "):
            break
        var, v, g = line.split()
        rows[var] = (float(v), float(g))
    return name, float(value), rows


def test_seed_worked_example_value_and_gradients_by_hand(capsys):
    code, out, err = run(capsys, "draw", SEED, *SEED_SET)
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "out = 0.593269992"
    name, value, rows = table(out)
    net = 0.15 * 0.05 + 0.20 * 0.10 + 0.35
    assert net == pytest.approx(0.3775)
    s = 1 / (1 + math.exp(-net))
    ds = s * (1 - s)  # dσ = s(1 − s) = 0.241300709
    assert value == pytest.approx(s, abs=1e-9) and ds == pytest.approx(0.241300709, abs=1e-9)
    assert list(rows) == ["w1", "i1", "w2", "i2", "b1"]  # order of first appearance
    expected = {"w1": (0.15, ds * 0.05), "i1": (0.05, ds * 0.15), "w2": (0.2, ds * 0.10), "i2": (0.1, ds * 0.20)}
    expected["b1"] = (0.35, ds)
    for var, (v, g) in expected.items():
        assert rows[var][0] == v and rows[var][1] == pytest.approx(g, rel=1e-8)
    assert rows["w1"][1] == pytest.approx(0.0120650354, abs=1e-10)


def test_table_is_aligned_and_output_named(capsys):
    code, out, _ = run(capsys, "draw", SEED, *SEED_SET, "--name", "out_h1")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "out_h1 = 0.593269992" and lines[1] == ""
    assert lines[2].split() == ["variable", "value", "∂out_h1/∂variable"]
    assert len({line.index(line.split()[1]) for line in lines[2:]}) == 1  # the value column lines up
    assert lines[3].split() == ["w1", "0.15", "0.0120650354"]


def test_repeated_variable_is_one_leaf_and_special_cases(capsys):
    _, out, _ = run(capsys, "draw", "x*x + 3*x", "--set", "x=2")
    assert table(out) == ("out", 10.0, {"x": (2.0, 7.0)})
    _, out, _ = run(capsys, "draw", "x*out", "--set", "x=2", "--set", "out=3")
    assert table(out) == ("out_", 6.0, {"x": (2.0, 3.0), "out": (3.0, 2.0)})  # default name steps aside
    _, out, _ = run(capsys, "draw", "x", "--set", "x=2")
    assert out.splitlines()[0] == "x = 2"  # the output is the leaf x itself
    code, out, _ = run(capsys, "draw", "2 + 3*4")
    assert code == 0 and out == "out = 14\n"
    _, out, _ = run(capsys, "draw", " -x*y", "--set", "x=1.5", "--set", "y=2")  # leading space: not an option
    assert table(out) == ("out", -3.0, {"x": (1.5, -2.0), "y": (2.0, -1.5)})
    _, out, _ = run(capsys, "draw", "--set", "x=1.5", "--set", "y=2", "--", "-x*y")
    assert table(out)[1] == -3.0


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t[:24]) for t in HOSTILE])
def test_hostile_expressions_refused(capsys, text):
    err = refused(capsys, "draw", text)  # refused as text, before any talk of missing values
    assert len(err) < 300 and "--set" not in err and "no value" not in err


@pytest.mark.parametrize(
    "text, message",
    [
        ("x.__class__", "attribute access is not allowed at column 2: 'x.__class__'"),
        (
            "open('f')",
            "unknown function 'open' at column 1 (the functions are exp, log, tanh, sigmoid, relu, sin, cos, abs)",
        ),
        ("9**9**9", "**: 9.0 ** 387420489.0 overflows a float at column 2"),
        ("log(x - 1) * y", "log: input must be > 0, got 0.0 at column 1"),
        ("y / (x - 1)", "/: division by zero: 2.0 / 0.0 (node 'y') at column 3"),
    ],
)
def test_refusals_name_what_and_where(capsys, text, message):
    sets = [a for name, given in {"x": "x=1", "y": "y=2"}.items() if name in text for a in ("--set", given)]
    assert refused(capsys, "draw", text, *sets) == f"chainrule: error: {message}\n"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--set", "w1"], "--set w1: expected NAME=VALUE, e.g. --set w1=0.5"),
        (["--set", "w1=abc"], "--set w1=abc: 'abc' is not a number"),
        (["--set", "w1=nan"], "--set w1=nan: the value must be finite"),
        (["--set", "w1=inf"], "--set w1=inf: the value must be finite"),
        (["--set", "w1=1", "--set", "w1=2"], "--set w1 given twice"),
        (["--set", "1w=1"], "--set 1w=1: '1w' is not a variable name"),
        (["--set", "w-1=1"], "--set w-1=1: 'w-1' is not a variable name"),
        (["--set", "exp=1"], "--set exp=1: exp is a function, not a variable"),
        (["--set", "w1=1"], "no value for x1, b: give each with --set NAME=VALUE"),
        (["--set", "w1=1", "--set", "x1=2", "--set", "b=0", "--set", "x2=1"], "--set x2: not in the expression"),
        (["--set", "w1=1", "--set", "x1=2", "--set", "b=0", "--wrt", "w2"], "--wrt w2: not a variable"),
        (["--set", "w1=1", "--set", "x1=2", "--set", "b=0", "--name", "w1"], "--name w1: that is a variable"),
        (["--set", "w1=1", "--set", "x1=2", "--set", "b=0", "--digits", "0"], "--digits: expected a whole number"),
        (["--set", "w1=1", "--set", "x1=2", "--set", "b=0", "--digits", "²"], "--digits: expected a whole number"),
        (["--set", "w1=1", "--set", "x1=2", "--set", "b=0", "--engine", "gpu"], "argument --engine: invalid choice"),
        (["--set", "w1=1", "--set", "x1=2", "--set", "b=0", "-o", "g.txt"], "-o g.txt: cannot tell the format"),
    ],
)
def test_bad_options_refused_with_one_line(capsys, argv, message):
    assert message in refused(capsys, "draw", "tanh(w1*x1 + b)", *argv)


def test_missing_command_expression_and_leading_minus(capsys):
    assert "required: COMMAND" in refused(capsys)
    assert "required: EXPR" in refused(capsys, "draw")
    assert "needs a space before it" in refused(capsys, "draw", "-x*y", "--set", "x=1", "--set", "y=2")
    assert "invalid choice: 'plot'" in refused(capsys, "plot", "x")
    code, out, _ = run(capsys, "draw", "--help")
    assert code == 0 and "--set NAME=VALUE" in out and "--wrt NAME" in out


@pytest.mark.parametrize("engine", [[], ["--engine", "wasm"]])
def test_draw_writes_an_svg_with_the_variable_labels(capsys, tmp_path, engine):
    path = tmp_path / "graph.svg"
    code, out, err = run(capsys, "draw", SEED, *SEED_SET, "-o", str(path), *engine)
    assert code == 0 and err == "" and out.endswith(f"\nwrote {path}\n")
    svg = ET.parse(path).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"w1", "w2", "i1", "i2", "b1", "out (sigmoid)", "data 0.5933"} <= texts


def test_draw_options_reach_the_picture(capsys, tmp_path):
    path = tmp_path / "graph.dot"
    code, _, _ = run(capsys, "draw", SEED, *SEED_SET, "-o", str(path), "--rankdir", "TB", "--digits", "3")
    source = path.read_text()
    assert code == 0 and source.startswith("digraph") and "rankdir=TB" in source
    assert 'label="out (sigmoid)\\ndata 0.593\\n' in source and "0.5933" not in source.split("tooltip")[0]
    plain = (tmp_path / "plain.svg", tmp_path / "wrt.svg")
    run(capsys, "draw", SEED, *SEED_SET, "-o", str(plain[0]))
    run(capsys, "draw", SEED, *SEED_SET, "-o", str(plain[1]), "--wrt", "w1")
    highlight = "#d62728"  # autograd.draw.HIGHLIGHT: the paths to --wrt
    assert highlight not in plain[0].read_text() and highlight in plain[1].read_text()


def test_picture_failures_exit_1_after_the_table(capsys, tmp_path):
    argv = ("draw", "x*y", "--set", "x=1", "--set", "y=2", "-o")
    missing = tmp_path / "no" / "g.svg"
    code, out, err = run(capsys, *argv, str(missing))
    assert code == 1 and out.startswith("out = 2\n")
    assert err == f"chainrule: error: cannot write {missing}: No such file or directory\n"


def test_a_picture_that_cannot_be_made_is_refused_before_any_work(capsys, tmp_path, monkeypatch):
    argv = ("draw", "x*y", "--set", "x=1", "--set", "y=2", "-o")
    code, out, err = run(capsys, *argv, str(tmp_path / "g.png"), "--engine", "wasm")
    assert code == 1 and "writes SVG only" in err and err.count("\n") == 1 and not (tmp_path / "g.png").exists()
    assert out == ""
    monkeypatch.setenv("CHAINRULE_RENDERER", "gpu")
    code, out, err = run(capsys, *argv, str(tmp_path / "g.svg"))
    assert code == 2 and err == "chainrule: error: CHAINRULE_RENDERER must be one of dot, wasm; got 'gpu'\n"
    assert out == ""
    code, out, _ = run(capsys, *argv, str(tmp_path / "g.dot"))  # DOT text needs no renderer
    assert code == 0 and (tmp_path / "g.dot").read_text().startswith("digraph chainrule {")


def test_explain_prints_every_chain_rule_term(capsys):
    code, out, err = run(capsys, "explain", SEED, *SEED_SET, "--wrt", "w1")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "out = 0.593269992" and lines[2] == "∂out/∂w1 = 0.01206503543  (1 path)"
    assert re.search(r"^R\d+\s+∂out/∂add\d\s+out·\(1 - out\)\s+0\.241301$", out, re.M)
    assert re.search(r"^R\d+\s+∂mul1/∂w1\s+i1\s+0\.05$", out, re.M)
    code, out, _ = run(capsys, "explain", "x*x + y", "--set", "x=3", "--set", "y=1")
    assert code == 0 and "∂out/∂x = 6  (2 paths)" in out and "∂out/∂y = 1  (1 path)" in out
    assert "no variables to explain" in refused(capsys, "explain", "2 + 3")


def test_console_script_is_declared_and_resolves_to_main():
    pyproject = (ROOT / "pyproject.toml").read_text()
    entry = re.search(r'^\[project\.scripts\]\nchainrule = "([\w.]+):(\w+)"$', pyproject, re.M)
    assert entry, "pyproject.toml declares no chainrule console script"
    assert getattr(importlib.import_module(entry[1]), entry[2]) is main


def test_python_dash_m_autograd_in_a_subprocess(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "autograd", "draw", SEED, *SEED_SET, "-o", "g.svg"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("out = 0.593269992\n") and (tmp_path / "g.svg").stat().st_size > 1000
    done = subprocess.run(
        [sys.executable, "-m", "autograd", "draw", "x.__class__"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "chainrule: error: attribute access is not allowed at column 2: 'x.__class__'\n"


def test_readme_shell_example_prints_what_it_shows(capsys, tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- shell-command -->\s*```sh\n(.*?)\n```\s*```text\n(.*?)```", readme, re.S)
    assert block, "README.md has no shell example after <!-- shell-command -->"
    program, *argv = shlex.split(block[1])
    assert program == "chainrule"
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert code == 0 and err == "" and out == block[2]
    assert ET.parse(tmp_path / "graph.svg").getroot().tag.endswith("svg")


def test_version_prints_the_package_version(capsys):
    version = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)[1]
    code, out, err = run(capsys, "--version")
    assert (code, out, err) == (0, f"chainrule {version}\n", "")


@pytest.mark.parametrize("argv", [["x*y"], ["x*y", "--set", "x=1"], ["sigmoid(w*x + b)", "--wrt", "w"]])
def test_an_expression_without_a_command_is_pointed_at_draw_and_explain(capsys, argv):
    err = refused(capsys, *argv)
    expression = shlex.quote(argv[0])
    assert f"{argv[0]!r} is not a command (draw, explain); to evaluate an expression, put a command before it" in err
    assert "invalid choice" not in err
    assert f"chainrule draw {expression} --set NAME=VALUE" in err and f"chainrule explain {expression}" in err


def test_no_command_at_all_names_the_commands(capsys):
    err = refused(capsys)
    assert "required: COMMAND (draw or explain, e.g. chainrule draw EXPR --set NAME=VALUE …)" in err
    assert "is not a command" not in refused(capsys, "plot", "x")  # a mistyped command: argparse's choices say it
