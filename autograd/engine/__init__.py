"""The engine: ``Value`` nodes, their ops, graph traversal, backward, ``grad``, forward mode (``jvp``, ``jacobian``,
``hessian``), ``gradcheck``, anomaly mode and fused nodes. It imports nothing from the views or the shell."""

from .anomaly import detect_anomaly, first_nonfinite
from .forward import Cost, Jacobian, Tangents, cost, hessian, jacobian, jvp
from .fused import Dense, dense, dot, dot_values, sum
from .grad import grad
from .gradcheck import GradcheckResult, check_edges, gradcheck
from .graph import Edge, edges, leads_to, nodes, topological_order, zero_grad
from .op import Op
from .recompute import recompute
from .value import Value, gc_paused, inputs, new_node, operand, requires_grad_flags, requires_grad_version

__all__ = [
    "Value",
    "Op",
    "new_node",
    "operand",
    "inputs",
    "gc_paused",
    "requires_grad_flags",
    "requires_grad_version",
    "sum",
    "dot",
    "dot_values",
    "dense",
    "Dense",
    "grad",
    "jvp",
    "jacobian",
    "hessian",
    "cost",
    "Cost",
    "Jacobian",
    "Tangents",
    "gradcheck",
    "check_edges",
    "GradcheckResult",
    "detect_anomaly",
    "first_nonfinite",
    "topological_order",
    "nodes",
    "edges",
    "leads_to",
    "Edge",
    "zero_grad",
    "recompute",
]
