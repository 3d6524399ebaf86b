"""README.md stays true: its REPL session runs as written, and CI runs its test command."""

import doctest
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced_after(marker: str) -> str:
    block = re.search(re.escape(marker) + r"\s*```\w*\n(.*?)```", README, re.S)
    assert block, f"README.md has no code block after {marker}"
    return block.group(1).strip()


def test_repl_session_runs_as_written():
    for session in re.findall(r"```python\n(>>> .*?)```", README, re.S):
        test = doctest.DocTestParser().get_doctest(session, {}, "README", "README.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        assert runner.failures == 0 and runner.tries > 0


def test_ci_runs_exactly_the_readme_test_command():
    command = fenced_after("<!-- test-command -->")
    assert "pip install -e '.[test" in command and "pytest" in command
    extract = re.search(r"^cmd=\$\((.*)\)$", (ROOT / ".ci/run").read_text(), re.M).group(1)
    got = subprocess.run(["bash", "-c", extract], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert got.strip() == command


def test_main_command_runs_the_demo_module():
    assert fenced_after("<!-- main-command -->").endswith("python -m nn.demo")
