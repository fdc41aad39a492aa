"""The initial solution w0  (the lecture's slides "機械学習のアルゴリズム",
step 1, and "補足": 初期解 w0 の生成).

Each initialiser draws the weights of one layer, a matrix W of shape
(n_in, n_out) with W[k−1, j−1] = w_kj, from a numpy.random.Generator, so the
same seed gives the same w0.  Thresholds θ start at 0 whatever the
initialiser: the random weights already make the units differ (break the
symmetry), and θ = 0 puts every unit's switching point at s = 0.

    small_uniform   w_kj ~ U(−r, r), r = 0.5          (the simple choice)
    xavier_glorot   w_kj ~ N(0, σ²), σ = √(2/(n_in + n_out))   Glorot & Bengio's variance
                    (their paper draws it from a uniform distribution)
    xavier_dlfs     w_kj ~ N(0, σ²), σ = √(1/n_in)    "Xavier" in Deep Learning from Scratch
    he              w_kj ~ N(0, σ²), σ = √(2/n_in)    He et al. 2015, for ReLU

The lecture recommends Xavier for sigmoid/tanh and He for ReLU.  Which
"Xavier"?  The textbook teaches Glorot's variance 2/(n_in + n_out) (the name
"xavier" means it), drawn from a normal distribution.  Glorot & Bengio (2010)
draw from a uniform distribution with that same variance,
U(−√(6/(n_in + n_out)), √(6/(n_in + n_out))); only the variance matters for
the argument, and a normal draw lets Xavier and He be compared directly.
Keeping the signal's size steady going forwards asks for variance 1/n_in;
keeping the gradient's size steady going backwards asks for 1/n_out.  Unless
n_in = n_out no single variance does both, so Glorot takes a compromise
between the two, 2/(n_in + n_out) (the harmonic mean of 1/n_in and
1/n_out); Keras/PyTorch call it Xavier/Glorot too.  DLfS's √(1/n_in) keeps
only the forward condition; it is here as "xavier_dlfs" so a page can compare
them.

"auto" (the Network default) follows the lecture: He for ReLU layers,
Xavier (Glorot) for every other activation.
"""

import numpy as np

from ._checks import one_of


def small_uniform(n_in, n_out, rng, r=0.5):
    """w_kj ~ U(−r, r), small random numbers of either sign (r = 0.5)."""
    return rng.uniform(-r, r, size=(n_in, n_out))


def xavier_glorot(n_in, n_out, rng):
    """w_kj ~ N(0, σ²),  σ = √(2/(n_in + n_out)): Glorot & Bengio's (2010) variance,
    drawn from a normal distribution (the paper draws from a uniform one)."""
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))


def xavier_dlfs(n_in, n_out, rng):
    """w_kj ~ N(0, σ²),  σ = √(1/n_in)  (the "Xavier" of Deep Learning from Scratch)."""
    return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))


def he(n_in, n_out, rng):
    """w_kj ~ N(0, σ²),  σ = √(2/n_in)  (He et al. 2015, for ReLU)."""
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


INITIALIZERS = {
    "small_uniform": small_uniform,
    "uniform": small_uniform,
    "xavier": xavier_glorot,
    "glorot": xavier_glorot,
    "xavier_glorot": xavier_glorot,
    "xavier_dlfs": xavier_dlfs,
    "he": he,
}


def initializer(name, activation_name="sigmoid"):
    """The initialiser called `name`; "auto" picks He for relu, else Xavier (Glorot).

    A callable f(n_in, n_out, rng) is passed through unchanged.
    """
    if callable(name):
        return name
    if isinstance(name, str) and name.strip().lower() == "auto":
        return he if activation_name == "relu" else xavier_glorot
    return one_of(name, {**INITIALIZERS, "auto": None}, "initialiser")
