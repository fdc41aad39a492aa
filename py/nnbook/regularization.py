"""Against overfitting: weight decay and dropout  (the lecture's slide "補足": 過学習 overfitting への対処).

Weight decay adds a penalty on large weights to the total error:

    E_λ(w) = E(w) + λ/2 Σ w_kj²,        ∂E_λ/∂w_kj = ∂E/∂w_kj + λ w_kj

The sum runs over the weights w_kj only; the thresholds θ_j are not decayed.
Why: overfitting shows as large weights — a unit that reacts sharply to single
pixels.  A threshold only moves the point where a unit switches on; pulling it
towards 0 does not make the unit smoother, it just forces every switching
point to s = 0 whatever the data need.  (Deep Learning from Scratch decays
only its W as well, and so does the usual practice; Goodfellow et al. §7.1.)

Dropout switches each hidden unit off at random while training, with
probability p, so no unit can rely on a particular other one.  We use
*inverted* dropout: a unit that stays on has its output multiplied by
1/(1 − p) during training,

    h̃_i = m_i h_i,   m_i = 1/(1 − p) with probability 1 − p, else 0,

so the expected value of h̃_i is h_i and at test time the network is used
exactly as it is — no switch, no rescaling.  Deep Learning from Scratch
instead keeps outputs unscaled while training and multiplies by (1 − p) at
test time; both give the same expected signal, but the inverted form keeps
the trained network a plain network: net.forward, net.error and every
widget see the same w with no "test mode" to remember.  Only hidden units
are dropped, never the inputs x_k or the outputs z_j.
"""


def weight_decay_penalty(w, lam, is_weight):
    """λ/2 Σ w_kj²  over the weights (is_weight marks them; thresholds θ excluded)."""
    weights = w[is_weight]
    return 0.5 * lam * float(weights @ weights)


def weight_decay_gradient(w, lam, is_weight):
    """λ w_kj for each weight, 0 for each threshold θ_j."""
    return lam * (w * is_weight)


def check_dropout(p):
    """Return p if it is a valid dropout probability, 0 ≤ p < 1."""
    p = float(p)
    if not 0.0 <= p < 1.0:
        raise ValueError(f"expected a dropout probability p with 0 ≤ p < 1; got {p}")
    return p


def dropout_mask(shape, p, rng):
    """Inverted-dropout mask: m = 1/(1 − p) with probability 1 − p, else 0."""
    return (rng.random(shape) >= p) * (1.0 / (1.0 - p))
