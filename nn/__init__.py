"""Neural networks built from ``autograd.Value`` nodes: neurons, layers, MLPs, losses, optimisers, training."""

from . import data, init, losses, optim
from .io import load, save
from .layer import Layer
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    half_sse,
    hinge,
    l2,
    mse,
    softmax,
)
from .mlp import MLP
from .module import Module
from .neuron import Neuron
from .optim import SGD, Adam
from .train import History, fit

__all__ = [
    "Module",
    "Neuron",
    "Layer",
    "MLP",
    "SGD",
    "Adam",
    "fit",
    "History",
    "save",
    "load",
    "half_sse",
    "mse",
    "hinge",
    "cross_entropy",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "softmax",
    "l2",
    "data",
    "init",
    "losses",
    "optim",
]
