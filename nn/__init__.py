"""Neural networks built from ``autograd.Value`` nodes: neurons, layers, MLPs, losses, optimisers, training."""

from . import init
from .layer import Layer
from .mlp import MLP
from .module import Module
from .neuron import Neuron

__all__ = ["Module", "Neuron", "Layer", "MLP", "init"]
