"""The trainer core's Python half (shared by the trainer and the playground
widgets, not a widget itself): one training run of the lecture's learning
algorithm (the slides "機械学習のアルゴリズム"), pulled a few iterations at a time so a page can
draw E live, and the parts of its answer both widgets draw.

    1. prepare the (input, answer) pairs and w0; k = 0
    2. the outputs (z1, z2) for every input with w_k
    3. each e_p and their sum E
    4. stop if E < ε; else the gradient Δw_k by backpropagation
    5. w_{k+1} = w_k + η Δw_k;  k = k + 1;  go to 2

A Run is step 1 (the settings make the network and w0, or a given network's
weights are w0) plus nnbook's own generator nnbook.train_iter (steps 2–5):
the numbers are exactly those of ``nnbook.train`` with the same settings, so
a cell (or a test in CPython) can check a widget.  When a step diverges (E
is no longer finite) the network is put back at its last finite weights.

The settings of a run and their rules are one schema, SCHEMA (its menus are
nnbook's registries: a new optimiser shows up by itself), checked by one
check_settings and rendered by the kit's one SettingsForm.
"""

import math
import random
import time

import numpy as np

from .. import data as _data
from .._checks import say as in_language
from ..activations import ACTIVATIONS
from ..initializers import INITIALIZERS, initializer
from ..network import Network
from ..optimizers import OPTIMIZERS, step_size
from ..training import LECTURE_RUN, train_iter
from .common import WidgetProblem, brief, finite, finite_list, first_new, real_number, say, whole_number

DATA = ("slides", "letters")


def _names(registry):
    """A registry's names, one per entry (the first of its aliases), in order."""
    seen, names = [], []
    for name, value in registry.items():
        if not any(value is v for v in seen):
            seen.append(value)
            names.append(name)
    return tuple(names)


METHODS = _names(OPTIMIZERS)
"""The gradient methods: nnbook.optimizers.OPTIMIZERS without its aliases."""
INITS = _names(INITIALIZERS)
"""The initialisers: nnbook.initializers.INITIALIZERS without its aliases."""
ACTIVATION_NAMES = tuple(ACTIVATIONS)
"""The activations: nnbook.activations.ACTIVATIONS."""


def _choice(key, choices, default, names):
    return {"key": key, "kind": "choice", "choices": list(choices), "default": default, "label": key, "names": names}


def _int(key, lo, hi, default):
    return {"key": key, "kind": "int", "min": lo, "max": hi, "default": default, "label": key}


def _number(key, lo, hi, default):
    return {"key": key, "kind": "number", "min": lo, "max": hi, "default": default, "label": key}


SCHEMA = (
    _choice("activation", ACTIVATION_NAMES, "sigmoid", "activations"),
    _choice("output", ACTIVATION_NAMES, "sigmoid", "outputs"),
    _int("hidden", 1, 20, 3),
    _choice("method", METHODS, LECTURE_RUN["optimizer"], "methods"),
    _number("lr", 1e-6, 100.0, LECTURE_RUN["lr"]),
    _choice("init", INITS, "xavier", "inits"),
    _int("seed", 0, 2**32 - 1, LECTURE_RUN["seed"]),
    _number("epsilon", 1e-12, 1000.0, LECTURE_RUN["epsilon"]),
    _int("max_iter", 0, 10**6, LECTURE_RUN["max_iter"]),
    _choice("data", DATA, "slides", "datasets"),
)
"""The one settings schema of a training run, for every widget that trains (the
trainer, the playground): each setting's kind, choices (nnbook's registries) or
limits, default (nnbook.training.LECTURE_RUN) and the key of its label and of its
menu's names in js/widgets/kit/settings-form.labels.json.  check_settings
validates with it; the kit's SettingsForm (js/widgets/kit/settings-form.mjs)
renders it (the widgets send it in their defaults and first answer)."""
RULES = {rule["key"]: rule for rule in SCHEMA}
SETTINGS = {rule["key"]: rule["default"] for rule in SCHEMA}
"""The defaults: Network(sizes=(12, 3, 2), seed=0) (sigmoid, Xavier) trained by
steepest descent with η = 2 until E < ε = 0.01 (LECTURE_RUN); it converges at k = 131."""


def suggested_init(activation):
    """The initialiser chapter 8 suggests for a hidden activation: He for ReLU,
    else Xavier (nnbook's initializer("auto", activation))."""
    chosen = initializer("auto", activation)
    return next(name for name in INITS if INITIALIZERS[name] is chosen)


def with_step_size(change):
    """`change` with η set to the new method's step size (nnbook.optimizers.STEP_SIZES)
    when it changes the method and does not set η itself: η = 2 suits steepest
    descent but saturates Adam's network at once."""
    if "method" not in change or "lr" in change or change["method"] not in METHODS:
        return change
    return {**change, "lr": step_size(change["method"])}


STALL_ITERATIONS = 100
"""stalled(): E has fallen by less than a 10⁻⁴th of itself over this many iterations …"""
SATURATED = 0.01
"""… and at least half of the units' values (hidden and output, over all images) have a slope a′(s) below this."""


def stalled(r):
    """True if a run that has not reached ε is stuck on a plateau with saturated units:
    E no longer falls (STALL_ITERATIONS) while most units sit where a′(s) ≈ 0,
    so the gradient has all but vanished.  Reset (new w0) or a smaller η helps."""
    st = r.state
    if st is None or st.converged or st.diverged or len(r.E) <= STALL_ITERATIONS or len(r.X) == 0:
        return False
    E_now, E_then = r.E[-1], r.E[-1 - STALL_ITERATIONS]
    if not (math.isfinite(E_now) and math.isfinite(E_then)) or E_then - E_now > 1e-4 * E_now:
        return False
    with np.errstate(all="ignore"):
        cache = r.net._forward(r.X)
        slopes = [np.abs(layer.activation.derivative(s, y)).ravel()
                  for layer, s, y in zip(r.net.layers, cache.S, cache.Y)]
    slopes = np.concatenate(slopes)
    return bool(np.mean(slopes < SATURATED) >= 0.5)


MESSAGES = {
    "en": {
        "choice": "{name} should be one of {choices}; got {value}",
        "int": "{name} should be a whole number from {lo} to {hi}; got {value}",
        "number": "{name} should be a number from {lo:g} to {hi:g}; got {value}",
        "missing": "{name} is missing",
        "unknown": "{where} has no setting {setting!r}; the settings are {keys}",
        "settings": "{where} should be a dict; got {what}",
        "net": ("{name} should be an nnbook.Network with 12 inputs, one hidden layer and "
                "2 outputs, e.g. {name} = nnbook.Network(seed=0); got {what}"),
    },
    "ja": {
        "choice": "{name} は {choices} のどれかにしてください ({value} になっています)",
        "int": "{name} は {lo} から {hi} までの整数にしてください ({value} になっています)",
        "number": "{name} は {lo:g} から {hi:g} までの数にしてください ({value} になっています)",
        "missing": "{name} がありません",
        "unknown": "{where} に {setting!r} という設定はありません。設定は {keys} です",
        "settings": "{where} は dict にしてください ({what} になっています)",
        "net": ("{name} は入力 12・隠れ層 1 つ・出力 2 の nnbook.Network にしてください "
                "(例: {name} = nnbook.Network(seed=0))。いまは {what} です"),
    },
}


class SettingsError(WidgetProblem):
    """A setting the trainer cannot use (the message says which and why)."""


def _refuse(lang, message, **fields):
    return SettingsError(say(MESSAGES, lang, message, **fields))


def check_setting(key, value, lang="en", where="training.settings"):
    """One setting checked with its rule of SCHEMA (an integral float counts as a whole
    number); returns it as an int, float or str, or raises SettingsError."""
    rule = RULES[key]
    name = f'{where}["{key}"]'
    if rule["kind"] == "choice":
        if isinstance(value, str) and value in rule["choices"]:
            return value
        raise _refuse(lang, "choice", name=name, choices=", ".join(rule["choices"]), value=brief(value))
    if rule["kind"] == "int":
        v = whole_number(value, rule["min"], rule["max"])
    else:
        v = real_number(value)
        v = v if v is not None and rule["min"] <= v <= rule["max"] else None
    if v is None:
        raise _refuse(lang, rule["kind"], name=name, lo=rule["min"], hi=rule["max"], value=brief(value))
    return v


def check_settings(settings, lang="en", keys=tuple(RULES), defaults=SETTINGS, where="training.settings",
                   others=False):
    """The settings of `keys` checked with SCHEMA (the one validator of every training
    widget); a key `settings` lacks comes from `defaults` (None: it is refused), and a
    key that is not a setting is refused unless `others` (a playground state's images…).
    Returns a new dict of those keys; raises SettingsError."""
    if not isinstance(settings, dict):
        raise _refuse(lang, "settings", where=where, what=type(settings).__name__)
    if not others:
        for key in settings:
            if key not in keys:
                raise _refuse(lang, "unknown", where=where, setting=key, keys=", ".join(keys))
    out = {}
    for key in keys:
        if key not in settings and defaults is None:
            raise _refuse(lang, "missing", name=f'{where}["{key}"]')
        out[key] = check_setting(key, settings[key] if key in settings else defaults[key], lang, where)
    return out


def dataset(name="slides"):
    """(X, T, labels) of the training images: the slides' nine, or letters()'s training set."""
    if name == "letters":
        return tuple(_data.letters()[0])
    return tuple(_data.slide_images())


def build_network(settings):
    """Step 1's initial solution: Network(sizes=(12, hidden, 2),
    activation=[activation, output], init=init, seed=seed)."""
    s = check_settings(settings)
    return Network(sizes=(12, s["hidden"], 2), activation=[s["activation"], s["output"]],
                   init=s["init"], seed=s["seed"])


def train_options(settings):
    """The keyword arguments of nnbook.train / train_iter for these settings."""
    s = check_settings(settings)
    return {"optimizer": s["method"], "lr": None if s["method"] == "armijo" else s["lr"],
            "epsilon": s["epsilon"], "max_iter": s["max_iter"], "seed": s["seed"]}


def network_problem(value):
    """None if `value` is a network a Run can train, else a description."""
    if not isinstance(value, Network):
        return type(value).__name__
    if len(value.sizes) != 3 or value.sizes[0] != 12 or value.sizes[2] != 2:
        return f"a network with sizes {value.sizes}"
    if not np.all(np.isfinite(value._w)):
        return "a network with a weight that is NaN or inf"
    return None


class Run:
    """One training run: the network made by the settings (step 1), then
    nnbook.train_iter's states (steps 2–5), pulled a few at a time.

        run = Run({"hidden": 3, "lr": 2.0, "seed": 0})
        run.advance(100)            # up to 100 more iterations (fewer if it stops)
        run.k, run.E[-1], run.done, run.message, run.net

    run.E[k] is E(w_k); after advance, run.net holds w_k of the last k (or,
    after a divergence, the last finite weights).  `data` = (X, T, labels)
    trains on those images instead of settings["data"] (the playground's);
    with no images at all the run is done at once, with no E.
    """

    _count = random.SystemRandom().randrange(1 << 30)
    """Run numbers go on from a random start, so a restarted Python never reuses one."""

    def __init__(self, settings=None, net=None, data=None):
        self.settings = check_settings(dict(settings or {}))
        self._data = data
        self._home = None                 # (namespace, name): where the page keeps `net`
        self.restart(net)

    def restart(self, net=None):
        """Step 1 again: a new network from the settings (or `net`, from its
        current weights, which become w0) and k = 0."""
        self.settings = check_settings(self.settings)
        if net is not None:
            why = network_problem(net)
            if why is not None:
                raise _refuse("en", "net", name="net", what=why)
            self.settings.update(hidden=net.sizes[1], activation=net.layers[0].activation.name,
                                 output=net.layers[-1].activation.name)
            self.adopted = True
        else:
            net = build_network(self.settings)
            self.adopted = False
        self._built = dict(self.settings)
        self.net = net
        self.X, self.T, self.labels = self._data if self._data is not None \
            else dataset(self.settings["data"])
        self.w0 = net.w
        self.reset()
        if self._home is not None:
            namespace, name = self._home
            namespace[name] = self.net

    def set_data(self, X, T, labels):
        """Train on these images from now on: a new run from the current weights."""
        self._data = (X, T, list(labels))
        self.restart(self.net)

    def _fresh(self):
        """Start again if a cell changed the settings (and they are valid)."""
        if self.stale():
            try:
                check_settings(self.settings)
            except SettingsError:
                return
            self.restart()

    def reset(self):
        """Back to w0 and k = 0 (the same settings)."""
        Run._count += 1
        self.id = Run._count
        self.net.w = self.w0
        self.good_w = self.net.w
        self.k = 0
        self.E, self.eta = [], []
        self.state = None
        if len(self.X) == 0:
            self._states = None
            return
        self._states = train_iter(self.net, self.X, self.T, **train_options(self.settings))
        self._pull()                                  # k = 0: E(w0)

    def _pull(self):
        self.state = next(self._states)
        if self.state.diverged:
            self.net.w = self.good_w                  # back to the last finite weights
        else:
            self.good_w = self.state.w
        self.k = self.state.k
        self.E.append(self.state.E)
        if self.state.k > 0:
            self.eta.append(self.state.eta)

    @property
    def generation(self):
        """The run's number (common.first_new's generation: a widget's history starts afresh)."""
        return self.id

    @property
    def done(self):
        return self.state is None or self.state.done

    @property
    def message(self):
        """nnbook's words for how the run ended ("" while it runs)."""
        return self.state.message if self.state is not None else ""

    def advance(self, steps=1, budget_ms=None):
        """Up to `steps` more iterations (steps 2–5 each), fewer if the run
        stops (E < ε, diverged, k = max_iter) or, with budget_ms, when that
        many milliseconds have passed (at least one iteration is done).
        Returns how many were done."""
        self._fresh()
        done = 0
        start = time.perf_counter()
        while done < steps and not self.done:
            self._pull()
            done += 1
            if budget_ms is not None and (time.perf_counter() - start) * 1000 >= budget_ms:
                break
        return done

    def stale(self):
        """True if the settings were changed (in a cell) since this run began."""
        return self.settings != self._built

    def touched(self):
        """True if the weights were changed from outside since the last iteration."""
        if self.state is None or self.state.diverged:
            return False
        return not np.array_equal(self.net._w, self.state.w, equal_nan=True)

    def outputs(self):
        """(Z, e): the outputs for every training image with the current weights, and each e_p."""
        if len(self.X) == 0:
            return np.zeros((0, 2)), np.zeros(0)
        with np.errstate(all="ignore"):
            Z = self.net._forward(self.X).Y[-1]
            e = 0.5 * ((self.T - Z) ** 2).sum(axis=1)
        return Z, e

    def __repr__(self):
        self._fresh()
        s = self._built
        E = f"{self.E[-1]:.6g}" if self.E else "—"
        eta = '' if s['method'] == 'armijo' else ' η=%g' % s['lr']
        return in_language(
            f"<Run 12-{s['hidden']}-2 {s['activation']}/{s['output']}, {s['method']}{eta}, "
            f"{s['init']} seed {s['seed']}: k = {self.k}, E = {E}"
            f"{', ' + self.message if self.message else ''}>",
            f"<Run 12-{s['hidden']}-2 {s['activation']}/{s['output']}、{s['method']}{eta}、"
            f"初期値 {s['init']}、シード {s['seed']}: k = {self.k}、E = {E}"
            f"{'、' + self.message if self.message else ''}>")


def wants(T):
    """The verdict each teacher signal asks for ("C", "T", "neither"): nnbook.data.verdict."""
    return [_data.verdict(t) for t in np.asarray(T).reshape(-1, 2)]


def probe(network, x):
    """{x, h, z, verdict}: the image x read by the network (h: each hidden layer's values)."""
    with np.errstate(all="ignore"):
        trace = network.trace(x)
    z = finite_list(trace.z)
    return {"x": finite_list(x), "h": [finite_list(v) for v in trace.h[:-1]], "z": z,
            "verdict": _data.verdict(trace.z) if all(v is not None for v in z) else None}


def run_payload(r, have=None):
    """What both widgets draw of a run, JSON-ready:

        generation    the run's number (changes on reset / restart)
        k, E, E_text  the current k, E(w_k) (None if not finite or no E) and E as text
        from, E_new   E(w_from), …, E(w_k): the values the widget lacks; `have` =
                      {generation, k} is what it has drawn (common.first_new, the
                      protocol of every widget that draws a run in rounds)
        eta           η of the last step (Armijo: the accepted η)
        stalled       E no longer falls and the units are saturated (stalled())
        done, converged, diverged, message   how the run ended (nnbook's words)
        sizes, names, w   the network, net.names() and its flat w (slides' order)
        Z, e, verdicts, wants   per training image: (z1, z2), e_p, the verdict and
                      the verdict its teacher signal asks for
    """
    start = min(first_new(have if isinstance(have, dict) else None, r), len(r.E))
    Z, e = r.outputs()
    st = r.state
    E = r.E[-1] if r.E else None
    return {
        "generation": r.id, "k": r.k, "E": None if E is None else finite(E),
        "E_text": "—" if E is None else repr(float(E)),
        "from": start, "E_new": finite_list(r.E[start:]),
        "eta": finite(st.eta) if st is not None and st.eta is not None else None,
        "stalled": stalled(r),
        "done": r.done, "converged": bool(st and st.converged), "diverged": bool(st and st.diverged),
        "message": r.message,
        "sizes": list(r.net.sizes), "names": r.net.names(), "w": finite_list(r.net._w),
        "Z": [finite_list(z) for z in Z], "e": finite_list(e),
        "verdicts": [_data.verdict(z) if np.all(np.isfinite(z)) else None for z in Z],
        "wants": wants(r.T),
    }
