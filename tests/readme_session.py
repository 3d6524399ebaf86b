"""Run README.md's Python blocks of one session in this fresh interpreter, in order, in one namespace.

tests/test_readme.py passes this file's text to ``python -c`` (so the working directory, a temporary
folder, is the first entry of ``sys.path``, not tests/) and the blocks as JSON on stdin:
``[{"kind": "doctest" | "script", "line": first line of the code in README.md, "source": ...}]``.
A doctest block fails on any failed example; a script block on any exception. Line numbers in
tracebacks and doctest reports are those of README.md.
"""

import doctest
import json
import sys


def run(blocks: list[dict]) -> int:
    """Run the blocks; 0 when every one passed, 1 at the first that did not (its report on stdout)."""
    namespace = {"__name__": "__main__"}
    for block in blocks:
        name = f"the block at line {block['line']} of README.md"
        if block["kind"] == "doctest":
            test = doctest.DocTestParser().get_doctest(block["source"], namespace, name, "README.md", block["line"] - 1)
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
            runner.run(test, clear_globs=False)
            namespace.update(test.globs)  # the DocTest ran in a copy of the namespace
            if runner.failures or not runner.tries:
                print(f"{name}: {runner.failures} of {runner.tries} examples failed")
                return 1
        else:
            code = compile("\n" * (block["line"] - 1) + block["source"], "README.md", "exec")
            exec(code, namespace)
    return 0


if __name__ == "__main__":
    sys.exit(run(json.load(sys.stdin)))
