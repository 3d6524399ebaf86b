"""chainrule's scalar autograd engine: ``Value`` nodes whose edges carry local derivatives."""

from .anomaly import detect_anomaly, first_nonfinite
from .draw import Drawing, StaleGradWarning, draw
from .explain import Explanation, explain
from .fused import dot, sum
from .grad import grad
from .gradcheck import GradcheckResult, check_edges, gradcheck
from .graph import Edge, edges, nodes, topological_order, zero_grad
from .ops import Op
from .render import RenderError
from .step_page import Frame, StepPage, step_page
from .steps import Step, backward_steps
from .text import tree
from .value import Value

__all__ = [
    "Value",
    "Op",
    "sum",
    "dot",
    "grad",
    "gradcheck",
    "check_edges",
    "GradcheckResult",
    "detect_anomaly",
    "first_nonfinite",
    "topological_order",
    "nodes",
    "edges",
    "Edge",
    "zero_grad",
    "tree",
    "explain",
    "Explanation",
    "backward_steps",
    "step_page",
    "StepPage",
    "Frame",
    "draw",
    "Drawing",
    "StaleGradWarning",
    "RenderError",
    "Step",
]
__version__ = "0.1.0"
