"""Activation functions a(s) and their derivatives a′(s)  (the lecture's slides "活性化関数として使われる関数の例" and
"活性化関数 a(s) の微分 a’(s)").

    | name     | a(s)                                  | a′(s)                  |
    |----------|---------------------------------------|------------------------|
    | sigmoid  | σ(s) = 1 / (1 + e^(−s))               | σ(s)(1 − σ(s))         |
    | tanh     | tanh s = (e^s − e^(−s))/(e^s + e^(−s))| 1 − tanh²s             |
    | relu     | R(s) = max(0, s)                      | 1 (s > 0), 0 (s ≤ 0)   |
    | step     | 1 (s ≥ 0), 0 (s < 0)                  | 0                      |
    | identity | s                                     | 1                      |

The first three are the slides'; the slides say "etc.", so the step function
(the classic threshold unit: it fires when w1x1 + … + wnxn reaches θ) and the
identity are added.

ReLU′(0): ReLU has no derivative at s = 0, but being convex it has a
subdifferential there, the interval [0, 1]; any value in it is a valid
subgradient.  We take R′(0) = 0, the lower end: a unit whose input is exactly
0 counts as "off" (no signal flows back through it), which is also what
PyTorch, TensorFlow and Deep Learning from Scratch do, so numbers here match
theirs.

The step function's derivative is 0 wherever it exists (everywhere but s = 0,
where it does not exist; we return 0 there too).  So backpropagation sends
nothing back through a step unit: that is why learning needed smooth
activations.

Every derivative takes an optional y = a(s): for sigmoid and tanh the
derivative is cheaper from y (σ′ = y(1 − y), tanh′ = 1 − y²), and the forward
pass has y already.

Select by name:  activation("sigmoid"), activation("relu"), …
"""

import numpy as np

from ._checks import one_of


def sigmoid(s):
    """σ(s) = 1 / (1 + e^(−s)).

    Computed as exp(−log(1 + e^(−s))) with numpy.logaddexp, which never
    overflows: σ(−1000) = 0 and σ(1000) = 1 with no warning, and small values
    such as σ(−30) ≈ 9.36e−14 keep full relative precision.
    """
    return np.exp(-np.logaddexp(0.0, -np.asarray(s, dtype=float)))


def sigmoid_derivative(s, y=None):
    """σ′(s) = σ(s)(1 − σ(s));  pass y = σ(s) if you have it."""
    if y is None:
        y = sigmoid(s)
    return y * (1.0 - y)


def tanh(s):
    """tanh s = (e^s − e^(−s)) / (e^s + e^(−s))."""
    return np.tanh(s)


def tanh_derivative(s, y=None):
    """tanh′(s) = 1 − tanh²s;  pass y = tanh s if you have it."""
    if y is None:
        y = np.tanh(s)
    return 1.0 - y * y


def relu(s):
    """R(s) = max(0, s)."""
    return np.maximum(s, 0.0)


def relu_derivative(s, y=None):
    """R′(s) = 1 (s > 0), 0 (s < 0); at s = 0 we take R′(0) = 0 (see module doc)."""
    return (np.asarray(s) > 0.0).astype(float)


def step(s):
    """Step function: 1 (s ≥ 0), 0 (s < 0) — the unit fires once wᵀx reaches 0,
    i.e. once w1x1 + … + wnxn reaches the threshold θ."""
    return (np.asarray(s) >= 0.0).astype(float)


def step_derivative(s, y=None):
    """0 for every s ≠ 0 (and we return 0 at s = 0, where it does not exist)."""
    return np.zeros_like(np.asarray(s, dtype=float))


def identity(s):
    """a(s) = s."""
    return np.asarray(s, dtype=float)


def identity_derivative(s, y=None):
    """a′(s) = 1."""
    return np.ones_like(np.asarray(s, dtype=float))


class Activation:
    """An activation function a and its derivative a′, with its slide formula.

    >>> a = activation("sigmoid")
    >>> float(a(0.0)), float(a.derivative(0.0))
    (0.5, 0.25)
    """

    __slots__ = ("name", "a", "_derivative", "formula")

    def __init__(self, name, a, derivative, formula):
        self.name = name
        self.a = a
        self._derivative = derivative
        self.formula = formula

    def __call__(self, s):
        """y = a(s)."""
        return self.a(s)

    def derivative(self, s, y=None):
        """a′(s); y = a(s) may be passed to save recomputing it."""
        return self._derivative(s, y)

    def __repr__(self):
        return f"activation({self.name!r})  # {self.formula}"


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative,
                          "σ(s) = 1/(1 + e^(−s)),  σ′(s) = σ(s)(1 − σ(s))"),
    "tanh": Activation("tanh", tanh, tanh_derivative,
                       "tanh s,  tanh′(s) = 1 − tanh²s"),
    "relu": Activation("relu", relu, relu_derivative,
                       "R(s) = max(0, s),  R′(s) = 1 (s > 0), 0 (s ≤ 0)"),
    "step": Activation("step", step, step_derivative,
                       "1 (s ≥ 0), 0 (s < 0),  derivative 0"),
    "identity": Activation("identity", identity, identity_derivative,
                           "a(s) = s,  a′(s) = 1"),
}


def activation(name):
    """The Activation called `name` (sigmoid, tanh, relu, step, identity).

    An Activation object is passed through unchanged; an unknown name raises
    a ValueError listing the valid ones.
    """
    if isinstance(name, Activation):
        return name
    return one_of(name, ACTIVATIONS, "activation")
