"""The initial solution w0  (LECTURE.md §7 step 1 and §8).

Each initialiser draws the weights of one layer, a matrix W of shape
(n_in, n_out) with W[k−1, j−1] = w_kj, from a numpy.random.Generator, so the
same seed gives the same w0.  Thresholds θ start at 0 whatever the
initialiser: the random weights already make the units differ (break the
symmetry), and θ = 0 puts every unit's switching point at s = 0.

    small_uniform   w_kj ~ U(−r, r), r = 0.5          (the simple choice)
    xavier_glorot   w_kj ~ N(0, σ²), σ = √(2/(n_in + n_out))   Glorot & Bengio 2010
    xavier_dlfs     w_kj ~ N(0, σ²), σ = √(1/n_in)    "Xavier" in Deep Learning from Scratch
    he              w_kj ~ N(0, σ²), σ = √(2/n_in)    He et al. 2015, for ReLU

The lecture recommends Xavier for sigmoid/tanh and He for ReLU.  Which
"Xavier"?  The textbook teaches Glorot's √(2/(n_in + n_out)) (the name
"xavier" means it): it is the original paper's, it keeps the size of the
signal steady going forwards *and* of the gradient going backwards (it
averages the two conditions √(1/n_in) and √(1/n_out)), and it is what
Keras/PyTorch call Xavier/Glorot.  DLfS's √(1/n_in) keeps only the forward
condition; it is here as "xavier_dlfs" so a page can compare them.

"auto" (the Network default) follows the lecture: He for ReLU layers,
Xavier (Glorot) for every other activation.
"""

import numpy as np

from ._checks import one_of


def small_uniform(n_in, n_out, rng, r=0.5):
    """w_kj ~ U(−r, r), small random numbers of either sign (r = 0.5)."""
    return rng.uniform(-r, r, size=(n_in, n_out))


def xavier_glorot(n_in, n_out, rng):
    """w_kj ~ N(0, σ²),  σ = √(2/(n_in + n_out))  (Glorot & Bengio 2010)."""
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
