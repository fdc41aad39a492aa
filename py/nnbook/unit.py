"""The basic unit  (the lecture's slide "基本ユニットと入力から出力までの伝達（計算）").

A unit has n inputs x1 … xn, a weight wi per input, a threshold θ and one
output y:

    s = w1 x1 + w2 x2 + … + wn xn − θ = wᵀx,     y = a(s)
    w = (w1, w2, …, wn, θ)ᵀ,     x = (x1, x2, …, xn, −1)ᵀ

Writing the threshold as the last weight, on an input that is always −1, turns
"weighted sum minus threshold" into one dot product.  Every unit of a Network
computes exactly this; network.py does it for a whole layer and a whole batch
of images at once.
"""

import numpy as np

from .activations import activation as _activation


def extended_input(x):
    """x = (x1, x2, …, xn, −1)ᵀ: the inputs with −1 appended for the threshold."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"expected the unit's inputs as a vector (x1 … xn); got shape {x.shape}")
    return np.append(x, -1.0)


def weighted_sum(w, x):
    """s = w1 x1 + … + wn xn − θ = wᵀx,  with w = (w1 … wn, θ) and x = (x1 … xn, −1).

    `w` has n + 1 entries (the weights, then θ); `x` has the n inputs.
    """
    w = np.asarray(w, dtype=float)
    x = extended_input(x)
    if w.shape != x.shape:
        n = x.shape[0] - 1
        raise ValueError(
            f"expected w = (w1 … w{n}, θ) with {n + 1} entries for {n} inputs; got shape {w.shape}"
        )
    return float(w @ x)


def unit_output(w, x, activation="sigmoid"):
    """y = a(s), s = wᵀx: the output of one unit."""
    return float(_activation(activation)(weighted_sum(w, x)))
