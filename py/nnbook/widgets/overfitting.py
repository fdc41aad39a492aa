"""The overfitting widget's Python half (chapter 8): training and test error
on nnbook.data.letters().

A 12-H-2 sigmoid network (Network(seed=0)) trained by Adam (η = 0.03) on the
training set, with weight decay λ and dropout p; E on the training and on
the test set after every iteration, with nnbook's own training loop, so a
cell (or a test in CPython) with the same settings gets the same numbers.

Shared with the cells:
    overfit   an Overfit (read and written): .hidden, .weight_decay, .dropout
              (settings), .k, .E_train, .E_test, .net, .accuracy(), .run(n), .reset()
"""

import math

import numpy as np

from .. import data
from ..network import Network
from ..training import train_iter
from .common import finite, first_new, language, page_object, positive_number, problem, real_number, whole_number

MESSAGES = {
    "en": {
        "overfit": "`overfit` should be an Overfit (from nnbook.widgets.overfitting import "
                   "Overfit; overfit = Overfit()); got {what}",
        "hidden": "overfit.hidden should be a whole number from 1 to {max}; got {value!r}",
        "weight_decay": "overfit.weight_decay should be a number λ ≥ 0; got {value!r}",
        "dropout": "overfit.dropout should be a number p with 0 ≤ p < 1; got {value!r}",
        "overfit_lr": "overfit.lr should be a number η > 0; got {value!r}",
    },
    "ja": {
        "overfit": "`overfit` は Overfit にしてください (from nnbook.widgets.overfitting import "
                   "Overfit; overfit = Overfit())。実際は {what} です",
        "hidden": "overfit.hidden は 1 から {max} までの整数にしてください。実際は {value!r} です",
        "weight_decay": "overfit.weight_decay は λ ≥ 0 の数にしてください。実際は {value!r} です",
        "dropout": "overfit.dropout は 0 ≤ p < 1 の数にしてください。実際は {value!r} です",
        "overfit_lr": "overfit.lr は η > 0 の数にしてください。実際は {value!r} です",
    },
}

OVERFIT_LR = 0.03
OVERFIT_ITERATIONS = 1000
MAX_HIDDEN = 30
_LETTERS = None


def letters():
    """nnbook.data.letters() (made once): (train, test)."""
    global _LETTERS
    if _LETTERS is None:
        _LETTERS = data.letters()
    return _LETTERS


def correct(net, X, T):
    """How many images the network reads right: both outputs on the right
    side of 0.5, i.e. round(z_j) = t_j for j = 1, 2 (so (1, 0) means C,
    (0, 1) T, (0, 0) neither, and (1, 1) is always wrong)."""
    Z = net.forward(X)
    return int(np.all((Z > 0.5) == (np.asarray(T) > 0.5), axis=1).sum())


class Overfit:
    """Training and test error of a 12-H-2 network on nnbook.data.letters().

        overfit = Overfit(hidden=30, weight_decay=0.01, dropout=0.2)
        overfit.run()                  all `iterations` (default 1000), or run(n): n more
        overfit.E_train, overfit.E_test   E over the training / test images at k = 0, 1, …
        overfit.accuracy()             {"train": (right, P), "test": (right, P)} now

    Training is nnbook.train_iter(Network(sizes=(12, hidden, 2), seed=seed),
    X_train, T_train, optimizer="adam", lr=lr, epsilon=0, max_iter=iterations,
    weight_decay=λ, dropout=p) (dropout masks from the network's own seeded
    generator); E_test is net.error(X_test, T_test) at the same w_k.
    Changing a setting takes effect at the next reset() (run() resets if needed).
    """

    def __init__(self, hidden=30, weight_decay=0.0, dropout=0.0, lr=OVERFIT_LR,
                 iterations=OVERFIT_ITERATIONS, seed=0):
        self.hidden, self.weight_decay, self.dropout = hidden, weight_decay, dropout
        self.lr, self.iterations, self.seed = lr, iterations, seed
        self.generation = 0
        self.reset()

    def _settings(self):
        return (self.hidden, self.weight_decay, self.dropout, self.lr, self.iterations, self.seed)

    def reset(self):
        """Back to k = 0: a fresh Network(sizes=(12, hidden, 2), seed=seed)."""
        (Xtr, Ttr, _), (Xte, Tte, _) = letters()
        self.generation += 1
        self._used = self._settings()
        self.net = Network(sizes=(12, int(self.hidden), 2), activation="sigmoid", seed=self.seed)
        self._run = train_iter(self.net, Xtr, Ttr, optimizer="adam", lr=self.lr, epsilon=0.0,
                               max_iter=int(self.iterations), weight_decay=self.weight_decay,
                               dropout=self.dropout)
        self.k = 0
        self.E_train, self.E_test = [], []
        self.diverged = False
        self._record(next(self._run))
        return self

    def _record(self, state):
        (_, _, _), (Xte, Tte, _) = letters()
        self.E_train.append(state.E)                  # E of the plain network (no dropout)
        self.E_test.append(self.net.error(Xte, Tte))  # net's w is w_k until the next step
        self.diverged = state.diverged
        self.k = state.k

    @property
    def changed(self):
        return self._used != self._settings()

    @property
    def done(self):
        return self.diverged or self.k >= int(self.iterations)

    def run(self, n=None):
        """n more iterations (all remaining ones if n is None)."""
        if self.changed:
            self.reset()
        todo = int(self.iterations) - self.k if n is None else int(n)
        for _ in range(max(0, todo)):
            if self.done:
                break
            self._record(next(self._run))
        return self

    def accuracy(self):
        """{"train": (right, P), "test": (right, P)} for the network as it is now."""
        (Xtr, Ttr, _), (Xte, Tte, _) = letters()
        return {"train": (correct(self.net, Xtr, Ttr), len(Xtr)),
                "test": (correct(self.net, Xte, Tte), len(Xte))}

    def __repr__(self):
        acc = self.accuracy()["test"]
        return (f"<Overfit 12-{self.hidden}-2, λ = {self.weight_decay:g}, p = {self.dropout:g}: "
                f"k = {self.k}, E_train = {self.E_train[-1]:.4g}, E_test = {self.E_test[-1]:.4g}, "
                f"test {acc[0]}/{acc[1]} right>")


def defaults():
    """What the widget shows before Python answers (the build puts it into the page):
    the sliders' settings, Overfit's own defaults."""
    import inspect
    params = inspect.signature(Overfit).parameters
    return {"settings": {key: params[key].default for key in ("hidden", "weight_decay", "dropout")}}


def _check(o, lang):
    if whole_number(o.hidden, 1, MAX_HIDDEN) is None:
        raise problem(MESSAGES, lang, "hidden", max=MAX_HIDDEN, value=o.hidden)
    lam = real_number(o.weight_decay)
    if lam is None or lam < 0:
        raise problem(MESSAGES, lang, "weight_decay", value=o.weight_decay)
    p = real_number(o.dropout)
    if p is None or not 0 <= p < 1:
        raise problem(MESSAGES, lang, "dropout", value=o.dropout)
    if positive_number(o.lr) is None:
        raise problem(MESSAGES, lang, "overfit_lr", value=o.lr)


def sync(ns, command=None, have=None, lang="en"):
    """The widget's one entry point: one round of training.

    command   None (report), {"set": {"hidden", "weight_decay", "dropout"}} (new
              settings: the next run starts again from k = 0), {"train": True}
              (start again from k = 0 now), {"run": n} (n more iterations);
              several at once are done in that order: set, train, run
    have      what the widget has drawn: the answer holds only the newer points
              (see common.first_new)
    """
    lang = language(lang)
    o = page_object(ns, "overfit", Overfit, MESSAGES, lang)
    command = command or {}
    for key, value in (command.get("set") or {}).items():
        if key in ("hidden", "weight_decay", "dropout"):
            setattr(o, key, value)
    _check(o, lang)
    if command.get("train"):
        o.reset()
    if command.get("run"):
        o.run(command["run"])
    start = first_new(have, o)
    acc = o.accuracy()
    (Xtr, _, _), (Xte, _, _) = letters()
    best = int(np.argmin([E if math.isfinite(E) else math.inf for E in o.E_test]))
    return {
        "generation": o.generation,
        "k": o.k,
        "from": start,
        "iterations": int(o.iterations),
        "done": o.done,
        "diverged": o.diverged,
        "changed": o.changed,
        "settings": {"hidden": o.hidden, "weight_decay": o.weight_decay, "dropout": o.dropout,
                     "lr": o.lr},
        "used": {"hidden": o._used[0], "weight_decay": o._used[1], "dropout": o._used[2],
                 "lr": o._used[3]},
        "sizes": {"train": len(Xtr), "test": len(Xte)},
        "E_train": [finite(E) for E in o.E_train[start:]],
        "E_test": [finite(E) for E in o.E_test[start:]],
        "last": {"E_train": finite(o.E_train[-1]), "E_test": finite(o.E_test[-1])},
        "best_test": {"k": best, "E": finite(o.E_test[best])},
        "accuracy": {"train": list(acc["train"]), "test": list(acc["test"])},
    }
