"""One training run of the lecture's learning algorithm for the trainer and the playground (not a
widget itself): step 1 (the network and w0 from the settings, or a given network) and then
nnbook.train_iter (steps 2-5) pulled a few iterations at a time, so the numbers are exactly
nnbook.train's; the settings' one schema (SCHEMA) and validator (check_settings); the payload
both widgets draw (run_payload)."""

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
    """A registry's names without its aliases, in order."""
    seen, names = [], []
    for name, value in registry.items():
        if not any(value is v for v in seen):
            seen.append(value)
            names.append(name)
    return tuple(names)


METHODS = _names(OPTIMIZERS)
INITS = _names(INITIALIZERS)
ACTIVATION_NAMES = tuple(ACTIVATIONS)


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
"""The settings of a run: kind, choices (nnbook's registries) or limits, default (LECTURE_RUN), and the
keys of its label and menu names in js/widgets/kit/settings-form.labels.json (the form renders it)."""
RULES = {rule["key"]: rule for rule in SCHEMA}
SETTINGS = {rule["key"]: rule["default"] for rule in SCHEMA}


def suggested_init(activation):
    """Chapter 8's initialiser for a hidden activation: nnbook's initializer("auto", …)."""
    chosen = initializer("auto", activation)
    return next(name for name in INITS if INITIALIZERS[name] is chosen)


def with_step_size(change):
    """`change` with η set to a new method's step size (STEP_SIZES) unless it sets η itself."""
    if "method" not in change or "lr" in change or change["method"] not in METHODS:
        return change
    return {**change, "lr": step_size(change["method"])}


STALL_ITERATIONS = 100   # stalled(): E fell by less than 10⁻⁴ of itself over this many iterations …
SATURATED = 0.01         # … and half of the units' values or more have a slope a′(s) below this


def stalled(r):
    """True if a run is stuck on a plateau of saturated units (the gradient all but vanished)."""
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
    """A setting a run cannot use (the message says which and why)."""


def _refuse(lang, message, **fields):
    return SettingsError(say(MESSAGES, lang, message, **fields))


def check_setting(key, value, lang="en", where="training.settings"):
    """One setting checked with its rule (an integral float is a whole number); raises SettingsError."""
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
    """The settings of `keys` checked with SCHEMA, the one validator: a missing key comes from
    `defaults` (None: refused), another key is refused unless `others`.  Raises SettingsError."""
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
    """Step 1's initial network of these settings."""
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
    """One training run: Run(settings).advance(100); run.k, run.E (E(w_0) … E(w_k)), run.done,
    run.message, run.net (after a divergence: the last finite weights).  `data` = (X, T, labels)
    trains on those images instead of settings["data"]; with none the run is done at once."""

    _count = random.SystemRandom().randrange(1 << 30)   # a restarted Python never reuses a number

    def __init__(self, settings=None, net=None, data=None):
        self.settings = check_settings(dict(settings or {}))
        self._data = data
        self._home = None                 # (namespace, name): where the page keeps `net`
        self.restart(net)

    def restart(self, net=None):
        """Step 1 again, k = 0: a new network from the settings, or `net` (its weights become w0)."""
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

    generation = property(lambda self: self.id)   # common.first_new's: a widget's history starts afresh

    @property
    def done(self):
        return self.state is None or self.state.done

    @property
    def message(self):
        """nnbook's words for how the run ended ("" while it runs)."""
        return self.state.message if self.state is not None else ""

    def advance(self, steps=1, budget_ms=None):
        """Up to `steps` more iterations, fewer if the run stops or `budget_ms` have passed (at
        least one is done); returns how many were done."""
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
        """(Z, e): every training image's outputs with the current weights, and its e_p."""
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
    """The verdict each teacher signal asks for."""
    return [_data.verdict(t) for t in np.asarray(T).reshape(-1, 2)]


def probe(network, x):
    """{x, h, z, verdict}: the image x read by the network (h: each hidden layer's values)."""
    with np.errstate(all="ignore"):
        trace = network.trace(x)
    z = finite_list(trace.z)
    return {"x": finite_list(x), "h": [finite_list(v) for v in trace.h[:-1]], "z": z,
            "verdict": _data.verdict(trace.z) if all(v is not None for v in z) else None}


def run_payload(r, have=None):
    """What both widgets draw of a run, JSON-ready: generation (changes on a new run), k, E, E_text;
    from, E_new (E(w_from) … E(w_k): what the widget lacks after `have`, common.first_new); eta,
    stalled, done, converged, diverged, message; sizes, names (net.names()), w; per image Z, e, verdicts, wants."""
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
