import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "chainrule",
    deadline=None,
    max_examples=int(os.environ.get("CHAINRULE_HYPOTHESIS_EXAMPLES", "60")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("chainrule")


@pytest.fixture(params=["dot", "wasm"])
def engine(request):
    """Each rendering test runs under both renderers; the system `dot` may be missing on a laptop, never in CI."""
    if request.param == "dot" and not shutil.which("dot") and not os.environ.get("CI"):
        pytest.skip("no system `dot` on PATH (CI installs Graphviz)")
    return request.param
