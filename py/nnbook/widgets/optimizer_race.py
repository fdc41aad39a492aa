"""The optimizer-race widget's Python half (chapter 8): the gradient methods
of nnbook's registry side by side.

On the 2-D function f(x, y) = x²/20 + y² (Deep Learning from Scratch, ch. 6)
from (−7, 2), and on the C/T data (slide_images(), 12-3-2, sigmoid,
Network(seed=0) for every method, so all start from the same w0). The
methods are those of ``nnbook.optimizers.OPTIMIZERS`` that step from the
gradient alone (one name each; Armijo needs E as well): a method added
there joins the race, with the η of its class until the reader sets one.

Shared with the cells:
    race    a Race (read and written): race.lr, race.lr_path (η per method),
            race.k, race.E[method], race.path[method], race.nets[method],
            race.run(n), race.reset(), race.first_below(ε)
"""

import inspect

import numpy as np

from .. import data
from ..network import Network
from ..optimizers import OPTIMIZERS, STEP_SIZES
from ..optimizers import optimizer as _optimizer
from ..training import train_iter
from .common import finite, first_names, first_new, language, page_object, positive_number, problem

MESSAGES = {
    "en": {
        "race": "`race` should be a Race (from nnbook.widgets.optimizer_race import Race; "
                "race = Race()); got {what}",
        "lr": "race.{which}[{method!r}] should be a number η > 0; got {value!r}",
    },
    "ja": {
        "race": "`race` は Race にしてください (from nnbook.widgets.optimizer_race import Race; "
                "race = Race())。実際は {what} です",
        "lr": "race.{which}[{method!r}] は η > 0 の数にしてください。実際は {value!r} です",
    },
}

#: η on the C/T network (12-3-2, sigmoid, slide_images): nnbook's STEP_SIZES; each
#: reaches E < 0.01 in about 130–340 iterations from Network(seed=0).
RACE_LR = {m: STEP_SIZES[m] for m in ("sd", "momentum", "adagrad", "adam")}
#: η on f(x, y) = x²/20 + y²: the values of Deep Learning from Scratch's figure 6-8.
PATH_LR = {"sd": 0.95, "momentum": 0.1, "adagrad": 1.5, "adam": 0.3}
PATH_START = (-7.0, 2.0)
PATH_LIMIT = 1e6        # a path this far out has diverged: it stops
RACE_MAX_ITER = 1000
RACE_EPSILON = 0.01


def _steps_from_gradient(cls):
    """True if the optimiser class updates parameters from their gradient alone."""
    try:
        cls().update(np.zeros(2), np.ones(2))
    except (TypeError, ValueError):
        return False
    return True


def methods():
    """The racing methods: each class of nnbook's optimiser registry under its
    first name ("sd", not its aliases), if it steps from the gradient alone."""
    return [name for name in first_names(OPTIMIZERS) if _steps_from_gradient(OPTIMIZERS[name])]


def default_lr(method, table):
    """η of `method` from `table` (the chapter's), else its class's own default."""
    if method in table:
        return table[method]
    parameter = inspect.signature(OPTIMIZERS[method]).parameters.get("lr")
    lr = None if parameter is None else positive_number(parameter.default)
    return 0.01 if lr is None else lr


def f2d(p):
    """f(x, y) = x²/20 + y²: a long valley along x, its minimum at (0, 0)."""
    x, y = p
    return x * x / 20.0 + y * y


def f2d_gradient(p):
    """∇f(x, y) = (x/10, 2y)."""
    x, y = p
    return np.array([x / 10.0, 2.0 * y])


class Race:
    """The gradient methods side by side, one iteration at a time.

        race = Race()                   η per method: RACE_LR (C/T) and PATH_LR (2-D)
        race.run(100)                   100 more iterations of each (up to max_iter)
        race.k                          iterations done
        race.E["adam"]                  [E(w_0), E(w_1), …] on the C/T data
        race.path["momentum"]           [(x_0, y_0), (x_1, y_1), …] on f(x, y) = x²/20 + y²
        race.nets["sd"]                 the C/T network steepest descent is training
        race.first_below(0.01)          {method: first k with E < 0.01, or None}
        race.lr["adam"] = 0.3           a new η: the next run() starts again from k = 0

    The C/T side is nnbook.train_iter(Network(seed=seed), X, T, optimizer=method,
    lr=race.lr[method], epsilon=0, max_iter=max_iter): exactly what
    nnbook.train gives for the same arguments.  The 2-D side is
    nnbook.optimizer(method, lr=race.lr_path[method]).update(p, ∇f(p)).
    """

    def __init__(self, lr=None, lr_path=None, max_iter=RACE_MAX_ITER, seed=0):
        self.methods = tuple(methods())
        self.lr = {m: default_lr(m, RACE_LR) for m in self.methods}
        self.lr.update(lr or {})
        self.lr_path = {m: default_lr(m, PATH_LR) for m in self.methods}
        self.lr_path.update(lr_path or {})
        self.max_iter = int(max_iter)
        self.seed = seed
        self.generation = 0
        self.reset()

    def reset(self):
        """Back to k = 0 with fresh networks Network(seed) and the current η."""
        X, T, _ = data.slide_images()
        self.generation += 1
        self.k = 0
        self._used = (dict(self.lr), dict(self.lr_path))
        self.nets, self._runs, self.E, self.diverged = {}, {}, {}, {}
        self._optimizers, self._points, self.path, self.path_diverged = {}, {}, {}, {}
        for m in self.methods:
            net = Network(sizes=(12, 3, 2), activation="sigmoid", seed=self.seed)
            run = train_iter(net, X, T, optimizer=m, lr=self.lr[m], epsilon=0.0,
                             max_iter=self.max_iter)
            self.nets[m], self._runs[m] = net, run
            self.E[m] = [next(run).E]
            self.diverged[m] = False
            self._optimizers[m] = _optimizer(m, lr=self.lr_path[m])
            self._points[m] = np.array(PATH_START, dtype=float)
            self.path[m] = [PATH_START]
            self.path_diverged[m] = False
        return self

    @property
    def changed(self):
        """True if some η differs from the ones this run started with."""
        return self._used != (self.lr, self.lr_path)

    @property
    def done(self):
        return self.k >= self.max_iter

    def run(self, n=None):
        """n more iterations of every method (all remaining ones if n is None)."""
        if self.changed:
            self.reset()
        n = self.max_iter - self.k if n is None else min(int(n), self.max_iter - self.k)
        for _ in range(max(0, n)):
            self.k += 1
            for m in self.methods:
                if not self.diverged[m]:
                    state = next(self._runs[m])            # one step, then steps 2–3
                    self.E[m].append(state.E)
                    self.diverged[m] = state.diverged
                if not self.path_diverged[m]:
                    p = self._points[m]
                    self._optimizers[m].update(p, f2d_gradient(p))
                    if not (np.all(np.isfinite(p)) and np.abs(p).max() < PATH_LIMIT):
                        self.path_diverged[m] = True
                    else:
                        self.path[m].append((float(p[0]), float(p[1])))
        return self

    def first_below(self, epsilon=RACE_EPSILON):
        """{method: the first k with E(w_k) < ε, or None}."""
        return {m: next((k for k, E in enumerate(self.E[m]) if E < epsilon), None)
                for m in self.methods}

    def __repr__(self):
        last = ", ".join(f"{m} {self.E[m][-1]:.4g}" for m in self.methods)
        return f"<Race k={self.k}/{self.max_iter}: E = {last}>"


def defaults():
    """What the widget shows before Python answers (the build puts it into the page):
    the methods of the registry, their η on both panels, ε and the iteration limit."""
    race = Race()
    return {"names": list(race.methods), "lr": dict(race.lr), "lr_path": dict(race.lr_path),
            "epsilon": RACE_EPSILON, "max_iter": race.max_iter}


def _check_lr(race, table, which, lang):
    for m in race.methods:
        if positive_number(table.get(m)) is None:
            raise problem(MESSAGES, lang, "lr", which=which, method=m, value=table.get(m))


def sync(ns, command=None, have=None, lang="en"):
    """The widget's one entry point: one round of the race.

    command   None (report), {"run": n} (n more iterations), {"reset": True},
              {"lr": {method: η}, "lr_path": {method: η}} (new η: back to k = 0);
              several at once are done in that order: η, reset, run
    have      what the widget has drawn: the answer holds only the newer points
              (see common.first_new)
    """
    lang = language(lang)
    race = page_object(ns, "race", Race, MESSAGES, lang)
    command = command or {}
    for which in ("lr", "lr_path"):
        table = getattr(race, which)
        table.update({m: v for m, v in (command.get(which) or {}).items() if m in race.methods})
        _check_lr(race, table, which, lang)
    if command.get("reset") or race.changed:
        race.reset()
    if command.get("run"):
        race.run(command["run"])
    start = first_new(have, race)
    first = race.first_below(RACE_EPSILON)
    return {
        "generation": race.generation,
        "k": race.k,
        "from": start,
        "max_iter": race.max_iter,
        "epsilon": RACE_EPSILON,
        "done": race.done,
        "names": list(race.methods),
        "lr": dict(race.lr),
        "lr_path": dict(race.lr_path),
        "start": list(PATH_START),
        "methods": {
            m: {"E": [finite(E) for E in race.E[m][start:]],
                "path": [[finite(x), finite(y)] for x, y in race.path[m][start:]],
                "last_E": finite(race.E[m][-1]),
                "last_point": [finite(v) for v in race.path[m][-1]],
                "first_below": first[m],
                "diverged": race.diverged[m],
                "path_diverged": race.path_diverged[m]}
            for m in race.methods
        },
    }
