"""Neural networks built from ``autograd.Value`` nodes: neurons, layers, MLPs, losses, optimisers, training."""

from . import callbacks, data, init, losses, optim
from .callbacks import Callback, EarlyStopping
from .gradient_flow import GradientFlow, gradient_flow
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
from .metrics import accuracy, confusion_matrix, predict
from .mlp import MLP
from .module import Module
from .neuron import Neuron
from .optim import SGD, Adam
from .plots import plot_decision_boundary
from .train import History, evaluate, fit

__all__ = [
    "Module",
    "Neuron",
    "Layer",
    "MLP",
    "SGD",
    "Adam",
    "fit",
    "History",
    "evaluate",
    "Callback",
    "EarlyStopping",
    "gradient_flow",
    "GradientFlow",
    "plot_decision_boundary",
    "predict",
    "accuracy",
    "confusion_matrix",
    "callbacks",
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
