"""Gradient methods  (the lecture's slides "反復数値計算（勾配法）" and "補足":
勾配法の選択と step size の決め方).

The lecture's update is

    w_{k+1} = w_k + η Δw_k     (k = 0, 1, 2, …)

with a descent direction Δw_k and a step size η.  Every method here is a
small class with one method, update(params, grads), that changes the
parameters in place, and creates whatever state it needs (velocities,
averages) on its first call — the shape of Deep Learning from Scratch's
common/optimizer.py, so swapping methods is one line:

    opt = nnbook.optimizer("adam", lr=0.01)
    opt.update(net.params, net.grads(X, T))

`params` and `grads` are dicts of arrays with the same keys (DLfS style;
net.params is {"w": the flat vector}) or simply two arrays.

    SteepestDescent  Δw = −∇E,  η fixed                          ("sd")
    Armijo           Δw = −∇E,  η by Armijo backtracking         ("armijo")
    Momentum         v ← αv − η∇E,  w ← w + v                    ("momentum")
    AdaGrad          h ← h + ∇E⊙∇E,  w ← w − η ∇E/(√h + ε)      ("adagrad")
    Adam             bias-corrected moments, see Adam            ("adam")

Armijo needs E itself, not only ∇E, so it has a different method:
step(w, E, grad) → new w.
"""

import numpy as np

from ._checks import one_of


def _pairs(params, grads):
    """(key, parameter array, gradient array) for a dict or a single array."""
    if isinstance(params, dict):
        return [(key, params[key], grads[key]) for key in params]
    return [(None, params, grads)]


class SteepestDescent:
    """Steepest descent (最急降下法) with a fixed step size η (default η = 1):

        w_{k+1} = w_k + η Δw_k,   Δw_k = −∇E(w_k)
    """

    def __init__(self, lr=1.0):
        self.lr = lr

    def update(self, params, grads):
        for _, w, g in _pairs(params, grads):
            w -= self.lr * g


class Momentum:
    """Momentum: a velocity v that remembers past steps (α: how much).

        v ← α v − η ∇E,    w ← w + v          (v = 0 at the start)
    """

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(w) for key, w, _ in _pairs(params, grads)}
        for key, w, g in _pairs(params, grads):
            v = self.v[key]
            v *= self.momentum
            v -= self.lr * g
            w += v


class AdaGrad:
    """AdaGrad (adaptive gradient): each parameter's step shrinks with the
    squared gradients it has seen.

        h ← h + ∇E ⊙ ∇E,    w ← w − η ∇E / (√h + ε)      (h = 0 at the start, ε = 1e-8)
    """

    def __init__(self, lr=0.01, eps=1e-8):
        self.lr, self.eps = lr, eps
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(w) for key, w, _ in _pairs(params, grads)}
        for key, w, g in _pairs(params, grads):
            h = self.h[key]
            h += g * g
            w -= self.lr * g / (np.sqrt(h) + self.eps)


class Adam:
    """Adam (Kingma & Ba 2015, Algorithm 1), with bias correction as in the paper:

        t ← t + 1
        m ← β1 m + (1 − β1) ∇E              (first moment, m = 0 at the start)
        v ← β2 v + (1 − β2) ∇E ⊙ ∇E         (second moment, v = 0 at the start)
        m̂ = m / (1 − β1^t),   v̂ = v / (1 − β2^t)
        w ← w − η m̂ / (√v̂ + ε)

    Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8.  Because m and v start at 0 they
    are too small in the first steps; dividing by (1 − β^t) corrects that.
    Deep Learning from Scratch folds the correction into the step size,
    η_t = η √(1 − β2^t)/(1 − β1^t), with ε added to √v instead of √v̂ — the
    same when ε = 0, slightly different otherwise.  This is the paper's form.
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        self.m = self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(w) for key, w, _ in _pairs(params, grads)}
            self.v = {key: np.zeros_like(w) for key, w, _ in _pairs(params, grads)}
        self.t += 1
        for key, w, g in _pairs(params, grads):
            m, v = self.m[key], self.v[key]
            m[...] = self.beta1 * m + (1.0 - self.beta1) * g
            v[...] = self.beta2 * v + (1.0 - self.beta2) * (g * g)
            m_hat = m / (1.0 - self.beta1 ** self.t)
            v_hat = v / (1.0 - self.beta2 ** self.t)
            w -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class Trial:
    """One step size tried by the Armijo line search: η, E(w + η d), accepted?"""

    __slots__ = ("eta", "E", "accepted")

    def __init__(self, eta, E, accepted):
        self.eta, self.E, self.accepted = eta, E, accepted

    def __iter__(self):
        return iter((self.eta, self.E, self.accepted))

    def __repr__(self):
        return f"Trial(eta={self.eta:g}, E={self.E:.6g}, accepted={self.accepted})"


def armijo_step(E, w, g, E_w=None, eta0=1.0, beta=0.5, c=1e-4, max_trials=50):
    """The Armijo rule (直線探索): the step size η along d = −∇E(w).

    Try η = η0, βη0, β²η0, … and accept the first that decreases E enough:

        E(w + η d) ≤ E(w) + c η ∇E(w)ᵀd        (here ∇Eᵀd = −‖∇E‖² < 0)

    Constants: η0 = 1, β = 0.5 (halve each time), c = 1e-4 (accept any
    decrease that is at least 1/10000 of what the slope promises), at most 50
    trials.  E is a function of the flat vector; E_w = E(w) if already known.

    Returns (η, trials), trials being the list of Trial(η, E, accepted).  If
    no η passes (∇E ≈ 0, or rounding noise dominates), η = 0: stay put.
    """
    d = -g
    slope = float(g @ d)                      # ∇Eᵀd
    E0 = E(w) if E_w is None else E_w
    trials = []
    eta = eta0
    for _ in range(max_trials):
        E_try = float(E(w + eta * d))
        accepted = bool(E_try <= E0 + c * eta * slope)    # False for NaN
        trials.append(Trial(eta, E_try, accepted))
        if accepted:
            return eta, trials
        eta *= beta
    return 0.0, trials


class Armijo:
    """Steepest descent with the Armijo backtracking line search.

        d = −∇E(w),   w_{k+1} = w_k + η d,   η = armijo_step(…)  (see there)

    Constants: lr = η0 = 1.0, beta = 0.5, c = 1e-4, max_trials = 50.
    After each step, .eta is the accepted η and .trials the list of
    Trial(η, E, accepted) that were tried, so a page can show them.
    """

    def __init__(self, lr=1.0, beta=0.5, c=1e-4, max_trials=50):
        self.lr, self.beta, self.c, self.max_trials = lr, beta, c, max_trials
        self.eta = None
        self.trials = []

    def step(self, w, E, grad, E_w=None):
        """The next point w + η d, d = −grad, with η from the Armijo rule.

        w: flat vector; E: function of a flat vector; grad = ∇E(w).
        """
        self.eta, self.trials = armijo_step(E, w, grad, E_w, self.lr, self.beta, self.c,
                                            self.max_trials)
        return w - self.eta * grad

    def update(self, params, grads):
        raise TypeError(
            "Armijo needs the error function as well as the gradient: call "
            "step(w, E, grad), where E(w) gives the error at a flat vector w"
        )


OPTIMIZERS = {
    "sd": SteepestDescent,
    "steepest_descent": SteepestDescent,
    "sgd": SteepestDescent,
    "gd": SteepestDescent,
    "armijo": Armijo,
    "momentum": Momentum,
    "adagrad": AdaGrad,
    "adam": Adam,
}


STEP_SIZES = {"sd": 2.0, "armijo": 1.0, "momentum": 0.2, "adagrad": 0.5, "adam": 0.1}
"""A good step size η for each method on the book's C/T network (12-3-2, the
slides' nine images, Xavier seed 0, E < 0.01 within 5000 iterations): sd 2 (the
slides' η, k = 131), momentum 0.2 (k = 128), AdaGrad 0.5 (k = 341), Adam 0.1
(k = 232); Armijo's is its first trial η0 = 1.  The trainer and the playground set
η to it when the method changes; chapter 8's optimiser race runs with it.  (The classes' own defaults are the usual ones of Deep
Learning from Scratch, e.g. Adam's lr = 0.001, which needs far more iterations here.)"""


def step_size(name):
    """STEP_SIZES of a method by any of its names (aliases included)."""
    cls = one_of(name, OPTIMIZERS, "optimiser")
    return next(STEP_SIZES[key] for key in STEP_SIZES if OPTIMIZERS[key] is cls)


def optimizer(name, **options):
    """A gradient method by name: optimizer("adam", lr=0.01).

    Names: sd (= steepest_descent, sgd, gd), armijo, momentum, adagrad, adam.
    Options are the class's: lr, and momentum / eps / beta1, beta2 / beta, c.
    An optimiser object is passed through unchanged.
    """
    if not isinstance(name, str):
        if hasattr(name, "update"):
            return name
    cls = one_of(name, OPTIMIZERS, "optimiser")
    return cls(**options)
