"""nnbook — the textbook's small neural-network library (pure Python + NumPy).

It follows the lecture's notation (the lecture 知の探究, "神経細胞とニューラルネットワーク"): a unit computes s = wᵀx with
x = (x1 … xn, −1) and w = (w1 … wn, θ), and outputs y = a(s); the example
network is 12-3-2 with hidden outputs h, outputs z, teacher signals t, the
error e per image and the total E = e1 + e2 + ….

    import nnbook
    X, T, labels = nnbook.data.slide_images()
    net = nnbook.Network(sizes=(12, 3, 2), activation="sigmoid", seed=0)
    history = nnbook.train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.01)
    net.forward(X), net.error(X, T), net.gradient(X, T), net["w_5,2^H"]

What is where (one idea per file):

    activations.py     a(s) and a′(s): sigmoid, tanh, relu, step, identity
    unit.py            one unit: s = wᵀx, y = a(s)
    initializers.py    the initial solution w0: small uniform, Xavier (Glorot;
                       and DLfS's √(1/n)), He
    network.py         Network: layers, the flat vector w in the slides' order,
                       parameter names, forward pass, e and E
    forward.py         the forward pass for one image, unit by unit (the slides' loops)
    backprop.py        ∇E by backpropagation (vectorised, and per image with
                       the slides' formulas) and the numerical gradient
    regularization.py  weight decay, inverted dropout
    optimizers.py      gradient methods with update(params, grads): steepest
                       descent, Momentum, AdaGrad, Adam; Armijo line search
    training.py        the learning algorithm, steps 1–5: train_iter, train
    data.py            the slides' nine images; the curated letter set
    display.py         images as text / SVG, the network as an SVG diagram
    selfcheck.py       reference_run(): a fixed run to compare platforms
    bench.py           run(): speed figures (bench/bench_nnbook.py prints them)

nnbook.set_language("ja") writes its messages, reprs and drawings in Japanese
(the book's pages set it for each cell; a notebook's set-up cell does).
"""

from . import data
from ._checks import set_language
from .activations import ACTIVATIONS, Activation, activation
from .backprop import numerical_gradient, relative_error
from .display import Image, network_svg, show
from .initializers import INITIALIZERS, he, initializer, small_uniform, xavier_dlfs, xavier_glorot
from .network import Network, ParameterNameError, forward_one_image
from .optimizers import (OPTIMIZERS, AdaGrad, Adam, Armijo, Momentum, SteepestDescent,
                         armijo_step, optimizer)
from .selfcheck import reference_run
from .training import LECTURE_RUN, History, State, TrainingDiverged, lecture_options, train, train_iter
from .unit import extended_input, unit_output, weighted_sum

__all__ = [
    "ACTIVATIONS", "Activation", "LECTURE_RUN", "AdaGrad", "Adam", "Armijo", "History", "INITIALIZERS",
    "Image", "Momentum", "Network", "OPTIMIZERS", "ParameterNameError", "State",
    "SteepestDescent", "TrainingDiverged", "activation", "armijo_step", "data",
    "extended_input", "forward_one_image", "he", "initializer", "lecture_options", "network_svg",
    "numerical_gradient", "optimizer", "reference_run", "relative_error", "set_language", "show",
    "small_uniform", "train", "train_iter", "unit_output", "weighted_sum", "xavier_dlfs",
    "xavier_glorot",
]
