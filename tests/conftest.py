import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "chainrule",
    deadline=None,
    max_examples=int(os.environ.get("CHAINRULE_HYPOTHESIS_EXAMPLES", "60")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("chainrule")
