"""The supervised learning algorithm  (the lecture's slide "機械学習のアルゴリズム").

    1. Prepare enough (input, answer) pairs.  Generate the initial solution
       w0 (the units' initial values).  k = 0.
    2. From every input (x1 … x12) compute the outputs (z1, z2) with w_k.
    3. From the answers (t1, t2) and the outputs compute each e_p and their
       sum E.
    4. If E is small enough (E < ε), stop.  Otherwise compute the gradient
       Δw_k by backpropagation.
    5. Update by the gradient method: w_{k+1} = w_k + η Δw_k;  k = k + 1;
       go to step 2.

Step 1 is Network(…, seed=…) (the initial solution) and the data.
train_iter runs steps 2–5 and yields a State after step 3 of every
iteration, so a page can draw E live and stop whenever it likes:

    for state in nnbook.train_iter(net, X, T, lr=2.0, epsilon=0.01):
        plot(state.k, state.E)

train(...) runs the same loop to the end and returns a History.

Stopping: E < ε (converged), k = max_iter (the iteration limit), or E not
finite (diverged).

Divergence: if E becomes inf or NaN — almost always because η is too large —
train_iter yields a last State with diverged=True and a message suggesting a
smaller η, and stops; it does not raise, so a live page can show the message.
train(...) raises TrainingDiverged (a ValueError) with that message, unless
raise_on_divergence=False, in which case the History is flagged diverged.

Everything random (the initial w0, dropout masks) comes from a seeded
numpy.random.Generator: the same seeds give the same numbers.
"""

import numpy as np

from . import backprop as _backprop
from ._checks import as_images, as_teacher, say
from .network import forward_one_image, total_error
from .optimizers import Armijo
from .optimizers import optimizer as _optimizer
from .regularization import check_dropout, weight_decay_gradient, weight_decay_penalty


LECTURE_RUN = {"seed": 0, "optimizer": "sd", "lr": 2.0, "epsilon": 0.01, "max_iter": 5000}
"""The lecture's reference run: Network(seed=LECTURE_RUN["seed"]) (12-3-2, sigmoid,
Xavier) on the slides' nine images, steepest descent with η = 2 until E < ε = 0.01,
at most 5000 iterations (it converges at k = 131).  The widgets' defaults, the
"trained" preset and the chapters' runs are this one run:

    net = nnbook.Network(seed=LECTURE_RUN["seed"])
    nnbook.train(net, X, T, **lecture_options())
"""


def lecture_options(**changes):
    """LECTURE_RUN as keyword arguments of train / train_iter (all but the seed of w0),
    with `changes` on top: train(net, X, T, **lecture_options(lr=0.5))."""
    return {**{k: v for k, v in LECTURE_RUN.items() if k != "seed"}, **changes}


class TrainingDiverged(ValueError):
    """Training stopped because E became inf or NaN; η (lr) was too large.

    .history holds the History up to that point.
    """

    def __init__(self, message, history=None):
        super().__init__(message)
        self.history = history


class State:
    """One iteration k of the algorithm, after step 3.

        k          iteration number (w_k has had k updates)
        E          the total error E(w_k) = Σ e_p  (with dropout: of the plain network)
        objective  what the method minimises: E + λ/2 Σ w_kj² (equal to E without weight decay)
        w          a copy of w_k
        eta        the step size η of the step w_{k−1} → w_k (None at k = 0)
        trials     for Armijo: the Trial(η, E, accepted) list of that step
        done       True on the last state; then converged / diverged say why, and
        message    says it in words
    """

    __slots__ = ("k", "E", "objective", "w", "eta", "trials", "converged", "diverged",
                 "done", "message")

    def __init__(self, k, E, objective, w, eta, trials, converged, diverged, done, message):
        self.k, self.E, self.objective, self.w = k, E, objective, w
        self.eta, self.trials = eta, trials
        self.converged, self.diverged, self.done, self.message = converged, diverged, done, message

    def __repr__(self):
        flag = " converged" if self.converged else " diverged" if self.diverged else ""
        return f"<State k={self.k} E={self.E:.6g}{flag}>"


class History:
    """The record of a training run (what train returns).

        E           [E(w_0), E(w_1), …]
        eta         [η of each step] (Armijo: the accepted η; fixed methods: lr)
        iterations  the last k
        w           the final w (copy)
        converged, diverged, message   how it ended
    """

    def __init__(self):
        self.E, self.eta = [], []
        self.iterations = 0
        self.w = None
        self.converged = self.diverged = False
        self.message = ""

    def as_dict(self):
        """Plain floats and lists (for JSON or a page)."""
        return {"E": list(self.E), "eta": list(self.eta), "iterations": self.iterations,
                "w": [float(v) for v in self.w], "converged": self.converged,
                "diverged": self.diverged, "message": self.message}

    def __repr__(self):
        return say(f"<History {self.iterations} iterations, E = {self.E[-1]:.6g}: {self.message}>",
                   f"<History 反復 {self.iterations} 回、E = {self.E[-1]:.6g}: {self.message}>")


def train_iter(net, X, T, optimizer="sd", lr=None, epsilon=0.01, max_iter=1000,
               weight_decay=0.0, dropout=0.0, rng=None, seed=None, method="vectorised"):
    """Run the learning algorithm (steps 2–5) on net, yielding a State at every k.

    net           a Network; its w is updated in place (w_0 is its current w)
    X, T          images (P, n) and teacher signals (P, m)
    optimizer     a name ("sd", "armijo", "momentum", "adagrad", "adam") or an
                  optimiser object; lr sets its η (default: the class's)
    epsilon       stop when E < ε
    max_iter      stop when k reaches this
    weight_decay  λ: minimise E + λ/2 Σ w_kj² (thresholds not decayed)
    dropout       p: inverted dropout on the hidden units while training
    rng, seed     Generator for the dropout masks (default: net.rng)
    method        "vectorised" (fast) or "per_image" (the slides' loops)

    The states share nothing with each other: collecting them is safe.
    """
    X, single = as_images(X, net.sizes[0])
    T = as_teacher(T, X.shape[0], net.sizes[-1], single)
    opt = _optimizer(optimizer, **({} if lr is None else {"lr": lr}))
    line_search = isinstance(opt, Armijo)
    dropout = check_dropout(dropout)
    if dropout and line_search:
        raise ValueError("expected dropout = 0 with the Armijo line search: it needs a "
                         "deterministic E, and dropout makes E random")
    if dropout and method != "vectorised":
        raise ValueError("expected method='vectorised' with dropout (the per-image "
                         "version implements the slides' formulas without dropout)")
    if method not in ("vectorised", "per_image"):
        raise ValueError(f"unknown method {method!r}; expected 'vectorised' or 'per_image'")
    if not (isinstance(max_iter, (int, np.integer)) and max_iter >= 0):
        raise ValueError(f"expected max_iter to be an integer ≥ 0; got {max_iter!r}")
    if rng is None:
        rng = np.random.default_rng(seed) if seed is not None else net.rng
    lam = float(weight_decay)
    if lam < 0:
        raise ValueError(f"expected weight_decay λ ≥ 0; got {weight_decay}")
    w, is_weight = net._w, net.is_weight           # the live flat vector
    params = {"w": w}

    def objective_at(v):                           # for the line search: E(v) (+ decay)
        w[:] = v
        E = total_error(net._forward(X).Y[-1], T)
        return E + weight_decay_penalty(w, lam, is_weight) if lam else E

    cache = forwards = None                        # step 2's forward pass, for step 4

    def outputs_and_error():
        """Steps 2 and 3: the outputs z with w_k, each e_p and their sum E."""
        nonlocal cache, forwards
        if method == "vectorised":
            cache = net._forward(X, dropout, rng)
            Z = cache.Y[-1] if not dropout else net._forward(X).Y[-1]
            E = total_error(Z, T)
        else:
            forwards = [forward_one_image(net, x) for x in X]
            E = 0.0
            for (_, h), t in zip(forwards, T):
                z = h[-1]
                E += sum((float(t[j]) - z[j]) ** 2 for j in range(len(z))) / 2
        objective = E + weight_decay_penalty(w, lam, is_weight) if lam else E
        return E, objective

    def gradient_step(objective):
        """Step 4: ∇E by backpropagation (reusing step 2's forward pass);
        step 5: w_{k+1} = w_k + η Δw_k.  Returns (η, Armijo trials or None)."""
        if method == "vectorised":
            g = _backprop.backprop(net, cache, T)
        else:
            g = _backprop.gradient_per_image(net, X, T, forwards)
        if lam:
            g += weight_decay_gradient(w, lam, is_weight)
        if line_search:
            w[:] = opt.step(w.copy(), objective_at, g, E_w=objective)
            return opt.eta, opt.trials
        opt.update(params, {"w": g})
        return getattr(opt, "lr", None), None

    k, eta, trials = 0, None, None
    while True:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            E, objective = outputs_and_error()

        # Step 4: stop if E < ε (or at the iteration limit, or if it diverged).
        diverged = not np.isfinite(objective)
        converged = (not diverged) and E < epsilon
        done = diverged or converged or k >= max_iter
        message = ""
        if diverged:
            if isinstance(eta, (int, float)):
                advice = say(f"η = {eta:g} is too large; try a smaller η, e.g. lr={eta / 10:g}",
                             f"η = {eta:g} は大きすぎます。lr={eta / 10:g} のように小さな η を試してください")
            else:
                advice = say("the step size η is too large; try a smaller η (lr)",
                             "ステップ幅 η が大きすぎます。小さな η (lr) を試してください")
            message = say(f"training diverged at iteration k = {k}: E = {E} is not finite. {advice}",
                          f"反復 k = {k} で学習が発散しました。E = {E} は有限ではありません。{advice}")
        elif converged:
            message = say(f"converged: E = {E:.4g} < ε = {epsilon:g} at k = {k}",
                          f"収束しました: k = {k} で E = {E:.4g} < ε = {epsilon:g}")
        elif done:
            message = say(f"stopped at the iteration limit k = {max_iter} with "
                          f"E = {E:.4g} (not yet < ε = {epsilon:g})",
                          f"反復の上限 k = {max_iter} で止めました。E = {E:.4g} "
                          f"(まだ ε = {epsilon:g} を下回っていません)")
        yield State(k, E, objective, w.copy(), eta, trials, converged, diverged, done, message)
        if done:
            return
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            eta, trials = gradient_step(objective)
        k += 1


def train(net, X, T, optimizer="sd", lr=None, epsilon=0.01, max_iter=1000, weight_decay=0.0,
          dropout=0.0, rng=None, seed=None, method="vectorised", callback=None,
          raise_on_divergence=True):
    """Run the learning algorithm to the end; returns a History.

    Arguments as train_iter.  callback(state) is called at every k; if it
    returns False, training stops there.  If E becomes inf or NaN, raises
    TrainingDiverged (or, with raise_on_divergence=False, returns the History
    with diverged=True and the message).
    """
    history = History()
    state = None
    for state in train_iter(net, X, T, optimizer, lr, epsilon, max_iter, weight_decay,
                            dropout, rng, seed, method):
        history.E.append(state.E)
        if state.k > 0:
            history.eta.append(state.eta)
        if callback is not None and callback(state) is False and not state.done:
            state.message = f"stopped by the callback at k = {state.k} with E = {state.E:.4g}"
            break
    history.iterations = state.k
    history.w = state.w
    history.converged, history.diverged = state.converged, state.diverged
    history.message = state.message
    if state.diverged and raise_on_divergence:
        raise TrainingDiverged(state.message, history)
    return history
