"""Chapter 8, techniques for learning: the Python half of three widgets
(LECTURE.md §8).  Everything is computed with nnbook's own initialisers,
optimisers and training loop, so a cell (or a test in CPython) that calls
nnbook with the same settings and seed gets the same numbers.

``init-histograms``   the initial solution w0 and the signal it lets through
    A deep stack of `layers` layers of 100 units, all with one activation,
    weights drawn by one initialiser (thresholds θ = 0), fed 200 random
    inputs x ~ N(0, 1); the outputs h of every layer, as histograms.

        init_demo     settings, a dict (read and written; a cell may change it):
                      {"activation": "sigmoid" | "tanh" | "relu",
                       "init": one of INIT_CHOICES, "layers": 1 … 10, "seed": int}
        init_outputs  [h of layer 1, …, h of the last layer], arrays (200, 100)  (written)
        init_net      the nnbook.Network that made them                     (written)

``optimizer-race``    steepest descent, Momentum, AdaGrad and Adam side by side
    On the 2-D function f(x, y) = x²/20 + y² (Deep Learning from Scratch,
    ch. 6) from (−7, 2), and on the C/T data (slide_images(), 12-3-2,
    sigmoid, Network(seed=0) for every method, so all start from the same w0).

        race          a Race (read and written): race.lr, race.lr_path (η per
                      method), race.k, race.E[method], race.path[method],
                      race.nets[method], race.run(n), race.reset(),
                      race.first_below(ε)

``overfitting``       training and test error on nnbook.data.letters()
    A 12-H-2 sigmoid network (Network(seed=0)) trained by Adam (η = 0.03) on
    the training set, with weight decay λ and dropout p; E on the training
    and on the test set after every iteration.

        overfit       an Overfit (read and written): .hidden, .weight_decay,
                      .dropout (settings), .k, .E_train, .E_test, .net,
                      .accuracy(), .run(n), .reset()

Each widget calls one function here per round (init_sync, race_sync,
overfit_sync); each returns a JSON-ready dict (non-finite numbers as None).
"""

import math

import numpy as np

from .. import data
from ..activations import activation as _activation
from ..initializers import initializer as _initializer
from ..network import Network
from ..optimizers import optimizer as _optimizer
from ..training import train_iter

# ---- messages (the page's language) -----------------------------------------------------------

MESSAGES = {
    "en": {
        "init_dict": "`init_demo` should be a dict such as {example}; got {what}",
        "activation": "init_demo['activation'] should be one of {choices}; got {value!r}",
        "init": "init_demo['init'] should be one of {choices}; got {value!r}",
        "layers": "init_demo['layers'] should be a whole number from 1 to {max}; got {value!r}",
        "seed": "init_demo['seed'] should be a whole number ≥ 0; got {value!r}",
        "race": "`race` should be a Race (from nnbook.widgets.techniques import Race; "
                "race = Race()); got {what}",
        "lr": "race.{which}[{method!r}] should be a number η > 0; got {value!r}",
        "overfit": "`overfit` should be an Overfit (from nnbook.widgets.techniques import "
                   "Overfit; overfit = Overfit()); got {what}",
        "hidden": "overfit.hidden should be a whole number from 1 to {max}; got {value!r}",
        "weight_decay": "overfit.weight_decay should be a number λ ≥ 0; got {value!r}",
        "dropout": "overfit.dropout should be a number p with 0 ≤ p < 1; got {value!r}",
        "overfit_lr": "overfit.lr should be a number η > 0; got {value!r}",
    },
    "ja": {
        "init_dict": "`init_demo` は {example} のような辞書にしてください。実際は {what} です",
        "activation": "init_demo['activation'] は {choices} のどれかにしてください。実際は {value!r} です",
        "init": "init_demo['init'] は {choices} のどれかにしてください。実際は {value!r} です",
        "layers": "init_demo['layers'] は 1 から {max} までの整数にしてください。実際は {value!r} です",
        "seed": "init_demo['seed'] は 0 以上の整数にしてください。実際は {value!r} です",
        "race": "`race` は Race にしてください (from nnbook.widgets.techniques import Race; "
                "race = Race())。実際は {what} です",
        "lr": "race.{which}[{method!r}] は η > 0 の数にしてください。実際は {value!r} です",
        "overfit": "`overfit` は Overfit にしてください (from nnbook.widgets.techniques import "
                   "Overfit; overfit = Overfit())。実際は {what} です",
        "hidden": "overfit.hidden は 1 から {max} までの整数にしてください。実際は {value!r} です",
        "weight_decay": "overfit.weight_decay は λ ≥ 0 の数にしてください。実際は {value!r} です",
        "dropout": "overfit.dropout は 0 ≤ p < 1 の数にしてください。実際は {value!r} です",
        "overfit_lr": "overfit.lr は η > 0 の数にしてください。実際は {value!r} です",
    },
}


class SettingsProblem(ValueError):
    """Settings the widget cannot use; the message is in the page's language."""


def _say(lang, key, **fields):
    table = MESSAGES.get(lang, MESSAGES["en"])
    return table[key].format(**fields)


def _what(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _finite(v):
    """A float for JSON: None for inf/NaN (json.dumps(allow_nan=False) refuses them)."""
    v = float(v)
    return v if math.isfinite(v) else None


def _whole(value, lo, hi):
    """value as an int in [lo, hi], or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)) or (isinstance(value, float) and value.is_integer()):
        v = int(value)
        return v if lo <= v <= hi else None
    return None


def _positive(value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    v = float(value)
    return v if math.isfinite(v) and v > 0 else None


# ==== 1. init-histograms ===========================================================================

def fixed_normal(sigma):
    """An initialiser w_kj ~ N(0, σ²) with a fixed σ, whatever the layer's size."""
    def draw(n_in, n_out, rng):
        return rng.normal(0.0, sigma, size=(n_in, n_out))
    draw.__name__ = f"normal_{sigma:g}"
    return draw


#: the initialisers the widget offers.  nnbook's four, and two fixed σ that
#: show what goes wrong without a rule (Deep Learning from Scratch, §6.2).
INIT_CHOICES = ("normal_1", "normal_0.01", "small_uniform", "xavier", "xavier_dlfs", "he")
ACTIVATION_CHOICES = ("sigmoid", "tanh", "relu")
UNITS = 100             # units per layer (and inputs)
SAMPLES = 200           # random inputs x ~ N(0, 1)
BINS = 20
MAX_LAYERS = 10
#: the histogram's range of h per activation; ReLU: exact zeros are counted
#: apart, the bars show 0 < h ≤ 4, and larger values are counted as "over".
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 4.0)}
INIT_DEFAULTS = {"activation": "sigmoid", "init": "xavier", "layers": 5, "seed": 0}


def init_draw(name):
    """The initialiser f(n_in, n_out, rng) called `name` (one of INIT_CHOICES)."""
    if name == "normal_1":
        return fixed_normal(1.0)
    if name == "normal_0.01":
        return fixed_normal(0.01)
    return _initializer(name)


def init_sigma(name, n_in, n_out):
    """The standard deviation of w_kj the initialiser draws from, for a layer n_in → n_out.

        normal_1: 1,  normal_0.01: 0.01,  small_uniform U(−0.5, 0.5): 0.5/√3,
        xavier (Glorot): √(2/(n_in + n_out)),  xavier_dlfs: √(1/n_in),  he: √(2/n_in)
    """
    return {
        "normal_1": 1.0,
        "normal_0.01": 0.01,
        "small_uniform": 0.5 / math.sqrt(3.0),
        "xavier": math.sqrt(2.0 / (n_in + n_out)),
        "xavier_dlfs": math.sqrt(1.0 / n_in),
        "he": math.sqrt(2.0 / n_in),
    }[name]


def layer_outputs(activation="sigmoid", init="xavier", layers=5, seed=0, units=UNITS,
                  samples=SAMPLES):
    """The deep stack's outputs for random inputs: (net, X, trace).

        rng = numpy.random.default_rng(seed)
        X   = rng.standard_normal((samples, units))            the inputs x ~ N(0, 1)
        net = Network(sizes=(units,) * (layers + 1), activation, init, rng=rng)
        trace = net.forward(X, return_all=True)                trace.s[l], trace.h[l]

    Thresholds are 0 (nnbook's rule), so s = Σ_k w_kj h_k for every unit.
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, units))
    net = Network(sizes=(units,) * (layers + 1), activation=activation, init=init_draw(init),
                  rng=rng)
    return net, X, net.forward(X, return_all=True)


def layer_histogram(h, activation):
    """Counts of one layer's outputs h: {"counts", "edges", "zeros", "over", "under"}.

    numpy.histogram over RANGES[activation] with BINS bins; for ReLU the exact
    zeros are counted apart ("zeros") and the bars hold the h > 0.
    """
    lo, hi = RANGES[activation]
    values = np.asarray(h, dtype=float).ravel()
    zeros = 0
    if activation == "relu":
        zeros = int(np.count_nonzero(values == 0.0))
        values = values[values > 0.0]
    counts, edges = np.histogram(values, bins=BINS, range=(lo, hi))
    return {"counts": counts.tolist(), "edges": edges.tolist(), "zeros": zeros,
            "over": int(np.count_nonzero(values > hi)), "under": int(np.count_nonzero(values < lo))}


def init_report(activation="sigmoid", init="xavier", layers=5, seed=0):
    """Everything the widget draws, for the settings given (and the net, X, trace behind it)."""
    net, X, trace = layer_outputs(activation, init, layers, seed)
    a = _activation(activation)
    out = []
    for l, (s, h) in enumerate(zip(trace.s, trace.h)):
        layer = net.layers[l]
        hist = layer_histogram(h, activation)
        hist.update({
            "layer": l + 1,
            "sigma": init_sigma(init, layer.n_in, layer.n_out),   # σ of the rule
            "w_std": float(layer.W.std()),                        # σ of the weights drawn
            "mean": _finite(h.mean()),
            "std": _finite(h.std()),
            "min": _finite(h.min()),
            "max": _finite(h.max()),
            "derivative": _finite(a.derivative(s, h).mean()),      # mean a′(s)
        })
        out.append(hist)
    return net, X, trace, {"settings": {"activation": activation, "init": init,
                                        "layers": layers, "seed": seed},
                           "units": UNITS, "samples": SAMPLES, "range": list(RANGES[activation]),
                           "layers": out}


def init_settings(ns, changes=None, lang="en"):
    """The namespace's `init_demo` (validated, with defaults filled in), after `changes`."""
    current = ns.get("init_demo")
    if current is None:
        current = dict(INIT_DEFAULTS)
        ns["init_demo"] = current
    if not isinstance(current, dict):
        raise SettingsProblem(_say(lang, "init_dict", example=INIT_DEFAULTS, what=_what(current)))
    if changes:
        current.update(changes)
    for key, value in INIT_DEFAULTS.items():
        current.setdefault(key, value)
    s = current
    if s["activation"] not in ACTIVATION_CHOICES:
        raise SettingsProblem(_say(lang, "activation", choices=list(ACTIVATION_CHOICES),
                                   value=s["activation"]))
    if s["init"] not in INIT_CHOICES:
        raise SettingsProblem(_say(lang, "init", choices=list(INIT_CHOICES), value=s["init"]))
    layers = _whole(s["layers"], 1, MAX_LAYERS)
    if layers is None:
        raise SettingsProblem(_say(lang, "layers", max=MAX_LAYERS, value=s["layers"]))
    seed = _whole(s["seed"], 0, 2 ** 32 - 1)
    if seed is None:
        raise SettingsProblem(_say(lang, "seed", value=s["seed"]))
    return {"activation": s["activation"], "init": s["init"], "layers": layers, "seed": seed}


_INIT_CACHE = {"key": None, "outputs": None, "result": None}


def init_sync(ns, changes=None, lang="en"):
    """One round of the init-histograms widget: apply `changes` to `init_demo`,
    compute (or reuse, if nothing changed) and write init_outputs / init_net."""
    try:
        s = init_settings(ns, changes, lang)
    except SettingsProblem as problem:
        return {"problem": str(problem)}
    key = (s["activation"], s["init"], s["layers"], s["seed"])
    cache = _INIT_CACHE
    if cache["key"] == key and ns.get("init_outputs") is cache["outputs"]:
        return cache["result"]
    net, _, trace, result = init_report(**s)
    ns["init_net"] = net
    ns["init_outputs"] = trace.h
    cache.update(key=key, outputs=trace.h, result=result)
    return result


# ==== 2. optimizer-race ============================================================================

RACE_METHODS = ("sd", "momentum", "adagrad", "adam")
#: η on the C/T network (12-3-2, sigmoid, slide_images): each reaches E < 0.01
#: in about 130–340 iterations from Network(seed=0).
RACE_LR = {"sd": 2.0, "momentum": 0.2, "adagrad": 0.5, "adam": 0.1}
#: η on f(x, y) = x²/20 + y²: the values of Deep Learning from Scratch's figure 6-8.
PATH_LR = {"sd": 0.95, "momentum": 0.1, "adagrad": 1.5, "adam": 0.3}
PATH_START = (-7.0, 2.0)
PATH_LIMIT = 1e6        # a path this far out has diverged: it stops
RACE_MAX_ITER = 1000
RACE_EPSILON = 0.01


def f2d(p):
    """f(x, y) = x²/20 + y²: a long valley along x, its minimum at (0, 0)."""
    x, y = p
    return x * x / 20.0 + y * y


def f2d_gradient(p):
    """∇f(x, y) = (x/10, 2y)."""
    x, y = p
    return np.array([x / 10.0, 2.0 * y])


class Race:
    """Four gradient methods side by side, one iteration at a time.

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

    methods = RACE_METHODS

    def __init__(self, lr=None, lr_path=None, max_iter=RACE_MAX_ITER, seed=0):
        self.lr = dict(RACE_LR, **(lr or {}))
        self.lr_path = dict(PATH_LR, **(lr_path or {}))
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


def _check_lr(table, which, lang):
    for m in RACE_METHODS:
        if _positive(table.get(m)) is None:
            raise SettingsProblem(_say(lang, "lr", which=which, method=m, value=table.get(m)))


def race_sync(ns, command=None, have=None, lang="en"):
    """One round of the optimizer-race widget.

    command   None (report), {"run": n} (n more iterations), {"reset": True},
              {"lr": {method: η}, "lr_path": {method: η}} (new η: back to k = 0)
    have      {"generation": g, "k": k}: what the widget has drawn; the answer
              holds only the newer points if g is still the race's generation
    """
    race = ns.get("race")
    if race is None:
        race = ns["race"] = Race()
    if not isinstance(race, Race):
        return {"problem": _say(lang, "race", what=_what(race))}
    command = command or {}
    if command.get("lr"):
        race.lr.update({m: float(v) for m, v in command["lr"].items() if m in RACE_METHODS})
    if command.get("lr_path"):
        race.lr_path.update({m: float(v) for m, v in command["lr_path"].items() if m in RACE_METHODS})
    try:
        _check_lr(race.lr, "lr", lang)
        _check_lr(race.lr_path, "lr_path", lang)
    except SettingsProblem as problem:
        return {"problem": str(problem)}
    if command.get("reset") or race.changed:
        race.reset()
    if command.get("run"):
        race.run(command["run"])
    start = 0
    if have and have.get("generation") == race.generation and 0 <= have.get("k", -1) <= race.k:
        start = have["k"] + 1
    first = race.first_below(RACE_EPSILON)
    return {
        "generation": race.generation,
        "k": race.k,
        "from": start,
        "max_iter": race.max_iter,
        "epsilon": RACE_EPSILON,
        "done": race.done,
        "lr": dict(race.lr),
        "lr_path": dict(race.lr_path),
        "start": list(PATH_START),
        "methods": {
            m: {"E": [_finite(E) for E in race.E[m][start:]],
                "path": [[_finite(x), _finite(y)] for x, y in race.path[m][start:]],
                "last_E": _finite(race.E[m][-1]),
                "last_point": [_finite(v) for v in race.path[m][-1]],
                "first_below": first[m],
                "diverged": race.diverged[m],
                "path_diverged": race.path_diverged[m]}
            for m in RACE_METHODS
        },
    }


# ==== 3. overfitting ===============================================================================

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


def _check_overfit(o, lang):
    if _whole(o.hidden, 1, MAX_HIDDEN) is None:
        raise SettingsProblem(_say(lang, "hidden", max=MAX_HIDDEN, value=o.hidden))
    lam = o.weight_decay
    if isinstance(lam, bool) or not isinstance(lam, (int, float, np.integer, np.floating)) \
            or not math.isfinite(lam) or lam < 0:
        raise SettingsProblem(_say(lang, "weight_decay", value=lam))
    p = o.dropout
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)) \
            or not (0 <= p < 1):
        raise SettingsProblem(_say(lang, "dropout", value=p))
    if _positive(o.lr) is None:
        raise SettingsProblem(_say(lang, "overfit_lr", value=o.lr))


def overfit_sync(ns, command=None, have=None, lang="en"):
    """One round of the overfitting widget.

    command   None (report), {"set": {"hidden", "weight_decay", "dropout"}} (new
              settings: the next run starts again from k = 0), {"train": True}
              (start again from k = 0 now), {"run": n} (n more iterations)
    have      {"generation": g, "k": k}, as for race_sync
    """
    o = ns.get("overfit")
    if o is None:
        o = ns["overfit"] = Overfit()
    if not isinstance(o, Overfit):
        return {"problem": _say(lang, "overfit", what=_what(o))}
    command = command or {}
    for key, value in (command.get("set") or {}).items():
        if key in ("hidden", "weight_decay", "dropout"):
            setattr(o, key, value)
    try:
        _check_overfit(o, lang)
    except SettingsProblem as problem:
        return {"problem": str(problem)}
    if command.get("train"):
        o.reset()
    if command.get("run"):
        o.run(command["run"])
    start = 0
    if have and have.get("generation") == o.generation and 0 <= have.get("k", -1) <= o.k:
        start = have["k"] + 1
    acc = o.accuracy()
    (Xtr, _, _), (Xte, _, _) = letters()
    finite = [E if math.isfinite(E) else math.inf for E in o.E_test]
    best = int(np.argmin(finite))
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
        "E_train": [_finite(E) for E in o.E_train[start:]],
        "E_test": [_finite(E) for E in o.E_test[start:]],
        "last": {"E_train": _finite(o.E_train[-1]), "E_test": _finite(o.E_test[-1])},
        "best_test": {"k": best, "E": _finite(o.E_test[best])},
        "accuracy": {"train": list(acc["train"]), "test": list(acc["test"])},
    }
