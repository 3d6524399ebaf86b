"""README.md stays true: every Python block runs as written, and CI runs its test command."""

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced_after(marker: str) -> str:
    block = re.search(re.escape(marker) + r"\s*```\w*\n(.*?)```", README, re.S)
    assert block, f"README.md has no code block after {marker}"
    return block.group(1).strip()


PYTHON = {"python", "py", "python3", "pycon"}
CONTINUES = "<!-- continues -->"


def python_sessions(text: str) -> list[list[dict]]:
    """README's Python blocks grouped into sessions: a block whose fence has ``<!-- continues -->`` on the
    line before it (blank lines between allowed) continues the previous Python block's session; any
    other starts a new one. Each block: kind (``doctest`` when it starts with ``>>>``), line, source."""
    sessions: list[list[dict]] = []
    lines = text.split("\n")
    marker_at = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == CONTINUES:
            marker_at = i + 1
        elif line.lstrip().startswith("```"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].lstrip().startswith("```")), None)
            assert end is not None, f"README.md line {i + 1}: a code block that never ends"
            if (line.lstrip()[3:].split() or [""])[0].lower() in PYTHON:
                source = textwrap.dedent("\n".join(lines[i + 1 : end])) + "\n"  # a block in a list is indented
                kind = "doctest" if source.lstrip().startswith(">>>") else "script"
                block = {"kind": kind, "line": i + 2, "source": source}
                if marker_at is not None:
                    assert sessions, f"README.md line {marker_at}: {CONTINUES} before the first Python block"
                    sessions[-1].append(block)
                else:
                    sessions.append([block])
            else:
                assert marker_at is None, f"README.md line {marker_at}: {CONTINUES} before a block that is not Python"
            marker_at = None
            i = end
        elif line.strip() and marker_at is not None:
            raise AssertionError(f"README.md line {marker_at}: {CONTINUES} must come right before a Python block")
        i += 1
    return sessions


SESSIONS = python_sessions(README)


def test_readme_has_python_blocks_of_both_kinds():
    kinds = {block["kind"] for session in SESSIONS for block in session}
    assert kinds == {"doctest", "script"}


@pytest.mark.parametrize("session", SESSIONS, ids=[f"line {s[0]['line']}" for s in SESSIONS])
def test_every_python_block_runs_as_written_in_a_fresh_interpreter(session, tmp_path):
    """Each session runs in a new interpreter whose working directory is a temporary folder, so files
    the blocks write land there; a block that needs a name it never defines fails here."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    env["MPLBACKEND"] = "Agg"
    runner = (ROOT / "tests" / "readme_session.py").read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", runner],
        input=json.dumps(session),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"README.md from line {session[0]['line']}:\n{done.stdout}{done.stderr}"
    assert done.stderr == "", f"README.md from line {session[0]['line']} warns:\n{done.stderr}"


@pytest.mark.parametrize(
    "text, sessions",
    [
        ("```python\na = 1\n```\n\n<!-- continues -->\n```python\nprint(a)\n```\n", [[2, 7]]),
        ("```python\na = 1\n```\n```sh\nls\n```\n```python\n>>> 1\n1\n```\n", [[2], [8]]),
        ("- a list item:\n\n  ```python\n  a = 1\n  ```\n  <!-- continues -->\n  ```py\n  print(a)\n  ```\n", [[4, 8]]),
    ],
)
def test_python_sessions_follow_the_continues_marker(text, sessions):
    assert [[block["line"] for block in s] for s in python_sessions(text)] == sessions


@pytest.mark.parametrize(
    "text",
    [
        "<!-- continues -->\n```python\na = 1\n```\n",
        "```python\na = 1\n```\n<!-- continues -->\n```sh\nls\n```\n",
        "```python\na = 1\n```\n<!-- continues -->\nsome words\n```python\nb = 2\n```\n",
    ],
)
def test_a_misplaced_continues_marker_is_an_error(text):
    with pytest.raises(AssertionError, match="continues"):
        python_sessions(text)


def test_ci_runs_exactly_the_readme_test_command():
    command = fenced_after("<!-- test-command -->")
    assert "pip install -e '.[test" in command and "pytest" in command
    extract = re.search(r"^cmd=\$\((.*)\)$", (ROOT / ".ci/run").read_text(), re.M).group(1)
    got = subprocess.run(["bash", "-c", extract], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert got.strip() == command


def test_main_command_runs_the_demo_module():
    assert fenced_after("<!-- main-command -->").endswith("python -m nn.demo")


def test_the_shell_section_says_where_the_install_put_chainrule():
    """After the README's install, `chainrule` is in the virtualenv's bin, not on PATH: say so where it is shown."""
    venv = re.search(r"python3 -m venv (\S+)", fenced_after("<!-- main-command -->")).group(1)
    before_the_command = README.split("## From the shell", 1)[1].split("<!-- shell-command -->", 1)[0]
    assert f"{venv}/bin/chainrule" in before_the_command and f"source {venv}/bin/activate" in before_the_command


def test_the_torch_note_beside_the_test_command_is_one_you_can_act_on():
    """The test command takes torch from the index pip is set up with; on Linux PyPI's is the CUDA build.
    The README says so and gives the CPU-only install as its own command, pinned as the test extra pins it."""
    pin = re.search(r'"torch==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    command = fenced_after("<!-- test-command -->")
    venv = re.search(r"python3 -m venv (\S+)", command).group(1)
    note = README.split("<!-- test-command -->", 1)[1].split("\n## ", 1)[0]
    cpu = re.search(r"`(\S+) install torch==(\S+) --index-url (\S+)`", note)
    assert cpu, "no CPU-only torch install beside the test command"
    assert cpu[1] == f"{venv}/bin/pip" and cpu[2] == pin and cpu[3].endswith("/cpu")
    assert "CUDA" in note and "does not pick" not in README
