import os
import shutil

import pytest

ENGINES = ["dot", "wasm"]


@pytest.fixture(params=ENGINES)
def engine(request):
    """Each test runs under both renderers; the system `dot` may be missing on a laptop, never in CI."""
    if request.param == "dot" and not shutil.which("dot") and not os.environ.get("CI"):
        pytest.skip("no system `dot` on PATH (CI installs Graphviz)")
    return request.param
