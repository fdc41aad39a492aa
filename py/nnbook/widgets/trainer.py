"""The Python half of the trainer widget (chapter 7; reused by the playground,
chapter 9): the lecture's learning algorithm (LECTURE.md §7), run a few
iterations at a time so a page can draw E live.

    1. prepare the (input, answer) pairs and w0; k = 0
    2. the outputs (z1, z2) for every input with w_k
    3. each e_p and their sum E
    4. stop if E < ε; else the gradient Δw_k by backpropagation
    5. w_{k+1} = w_k + η Δw_k;  k = k + 1;  go to 2

A Run is step 1 (the settings make the network and w0) plus nnbook's own
generator nnbook.train_iter (steps 2–5), pulled one state at a time: the
numbers are exactly those of ``nnbook.train`` with the same settings, so a
cell (or a test in CPython) can check the widget.

Page variables (the names can be changed with the widget options net=, x=, run=):

    net        the trainer's network (an nnbook.Network), trained in place: a
               cell sees the trained network.  Start, Step, Reset and a change
               of settings put the trainer's network here (whatever a cell put
               there); if a cell changed its weights in place, Start or Step
               trains on from those weights, starting again at k = 0.
    x          an image of 12 pixels (0/1), which the widget's drawing grid
               shows and sets (the same variable as chapter 3's widgets).
    training   the Run: training.settings (a dict; change it in a cell and the
               widget follows, starting again at k = 0), training.k,
               training.E (E(w_0), …, E(w_k)), training.net, training.message,
               training.advance(n), training.reset().  After a change of
               settings the run starts again (a new `net`) when the widget next
               looks, or at once with print(training) or training.advance(n).

Settings (SETTINGS holds the defaults; Network(seed=0) trained with them is
chapter 3's "trained" preset):

    activation  a of the hidden layer: "sigmoid", "tanh" or "relu"
    output      a of the output layer: "sigmoid" (z between 0 and 1, as on the
                slides) or "identity" (linear, z = s)
    hidden      the number of hidden units (1 … 10 in the widget)
    method      "sd" (steepest descent, fixed η) or "armijo" (η by the Armijo
                rule, η0 = 1); also "momentum", "adagrad", "adam"
    lr          η, for every method but Armijo
    init        w0: "small_uniform", "xavier" (Glorot) or "he"
    seed        the seed of w0's random numbers
    epsilon     ε: stop when E < ε
    max_iter    stop at this k at the latest
    data        "slides" (the slides' nine images) or "letters" (the training
                half of nnbook.data.letters())

The widget calls ``request(globals(), json_text)`` once per round; it returns
a JSON-ready dict (non-finite numbers as None; see ``request``).
"""

import json
import math
import random
import time

import numpy as np

from .. import data as _data
from ..activations import ACTIVATIONS as _ACTIVATIONS
from ..data import verdict
from ..network import Network
from ..training import train_iter
from .network_state import default_image

SETTINGS = {"activation": "sigmoid", "output": "sigmoid", "hidden": 3, "method": "sd",
            "lr": 2.0, "init": "xavier", "seed": 0, "epsilon": 0.01, "max_iter": 5000,
            "data": "slides"}
"""The defaults: Network(sizes=(12, 3, 2), seed=0) (sigmoid, Xavier) trained by
steepest descent with η = 2 until E < ε = 0.01; it converges at k = 131."""

ACTIVATIONS = ("sigmoid", "tanh", "relu")
"""The widget's choices for the hidden layer (a cell may set any of nnbook's)."""
OUTPUTS = ("sigmoid", "identity")
"""The widget's choices for the output layer (a cell may set any of nnbook's)."""
METHODS = ("sd", "armijo", "momentum", "adagrad", "adam")
INITS = ("small_uniform", "xavier", "he")
DATA = ("slides", "letters")
MAX_HIDDEN = 100

MESSAGES = {
    "en": {
        "choice": "training.settings[{key!r}] should be one of {choices}; got {value!r}",
        "int": "training.settings[{key!r}] should be a whole number from {lo} to {hi}; got {value!r}",
        "positive": "training.settings[{key!r}] should be a number > 0; got {value!r}",
        "unknown": "training.settings has no setting {key!r}; the settings are {keys}",
        "settings": "training.settings should be a dict; got {what}",
        "net": ("{name} should be an nnbook.Network with 12 inputs, one hidden layer and "
                "2 outputs, e.g. {name} = nnbook.Network(seed=0); got {what}"),
        "x": "{name} should be 12 pixels x1 … x12 (0 or 1); got {what}",
    },
    "ja": {
        "choice": "training.settings[{key!r}] は {choices} のどれかにしてください ({value!r} になっています)",
        "int": "training.settings[{key!r}] は {lo} から {hi} までの整数にしてください ({value!r} になっています)",
        "positive": "training.settings[{key!r}] は 0 より大きい数にしてください ({value!r} になっています)",
        "unknown": "training.settings に {key!r} という設定はありません。設定は {keys} です",
        "settings": "training.settings は dict にしてください ({what} になっています)",
        "net": ("{name} は入力 12・隠れ層 1 つ・出力 2 の nnbook.Network にしてください "
                "(例: {name} = nnbook.Network(seed=0))。いまは {what} です"),
        "x": "{name} は 12 個の画素 x1 … x12 (0 か 1) にしてください ({what} になっています)",
    },
}


class SettingsError(ValueError):
    """A setting the trainer cannot use (the message says which and why)."""


def _say(lang, message, **kw):
    return MESSAGES.get(lang, MESSAGES["en"])[message].format(**kw)


def check_settings(settings, lang="en"):
    """The settings completed with the defaults and checked; raises SettingsError."""
    if not isinstance(settings, dict):
        raise SettingsError(_say(lang, "settings", what=type(settings).__name__))
    out = dict(SETTINGS)
    for key, value in settings.items():
        if key not in SETTINGS:
            raise SettingsError(_say(lang, "unknown", key=key, keys=", ".join(SETTINGS)))
        out[key] = value
    for key, choices in (("activation", tuple(_ACTIVATIONS)), ("output", tuple(_ACTIVATIONS)),
                         ("method", METHODS),
                         ("init", INITS), ("data", DATA)):
        if out[key] not in choices:
            raise SettingsError(_say(lang, "choice", key=key, choices=", ".join(choices),
                                     value=out[key]))
    for key, lo, hi in (("hidden", 1, MAX_HIDDEN), ("seed", 0, 2**32 - 1), ("max_iter", 0, 10**7)):
        value = out[key]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
            raise SettingsError(_say(lang, "int", key=key, lo=lo, hi=hi, value=out[key]))
        out[key] = int(value)
    for key in ("lr", "epsilon"):
        value = out[key]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
                or not math.isfinite(value) or value <= 0:
            raise SettingsError(_say(lang, "positive", key=key, value=value))
        out[key] = float(value)
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
            "epsilon": s["epsilon"], "max_iter": s["max_iter"]}


def _number(v):
    """A float for JSON: None for NaN and ±inf."""
    v = float(v)
    return v if math.isfinite(v) else None


def _numbers(values):
    return [_number(v) for v in np.ravel(values)]


class Run:
    """One training run: the network made by the settings (step 1), then
    nnbook.train_iter's states (steps 2–5), pulled a few at a time.

        run = Run({"hidden": 3, "lr": 2.0, "seed": 0})
        run.advance(100)            # up to 100 more iterations (fewer if it stops)
        run.k, run.E[-1], run.done, run.message, run.net

    run.E[k] is E(w_k); after advance, run.net holds w_k of the last k.
    """

    _count = random.SystemRandom().randrange(1 << 30)
    """Run numbers go on from a random start, so a restarted Python never reuses one."""

    def __init__(self, settings=None, net=None):
        self.settings = check_settings(dict(settings or {}))
        self._home = None                 # (namespace, name): where the page keeps `net`
        self.restart(net)

    def restart(self, net=None):
        """Step 1 again: a new network from the settings (or `net`, from its
        current weights, which become w0) and k = 0."""
        self.settings = check_settings(self.settings)
        self._built = dict(self.settings)
        if net is not None:
            problem = _network_problem(net)
            if problem is not None:
                raise SettingsError(_say("en", "net", name="net", what=problem))
            self.settings.update(hidden=net.sizes[1], activation=net.layers[0].activation.name,
                                 output=net.layers[-1].activation.name)
            self._built = dict(self.settings)
            self.adopted = True
        else:
            net = build_network(self.settings)
            self.adopted = False
        self.net = net
        self.X, self.T, self.labels = dataset(self.settings["data"])
        self.w0 = net.w
        self.reset()
        if self._home is not None:
            namespace, name = self._home
            namespace[name] = self.net

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
        self.k = 0
        self.E, self.eta = [], []
        self.state = None
        self._states = train_iter(self.net, self.X, self.T, seed=self.settings["seed"],
                                  **train_options(self.settings))
        self._pull()                                  # k = 0: E(w0)

    def _pull(self):
        self.state = next(self._states)
        self.k = self.state.k
        self.E.append(self.state.E)
        if self.state.k > 0:
            self.eta.append(self.state.eta)

    @property
    def done(self):
        return self.state.done

    @property
    def message(self):
        """nnbook's words for how the run ended ("" while it runs)."""
        return self.state.message

    def advance(self, steps=1, budget_ms=None):
        """Up to `steps` more iterations (steps 2–5 each), fewer if the run
        stops (E < ε, diverged, k = max_iter) or, with budget_ms, when that
        many milliseconds have passed (at least one iteration is done).
        Returns how many were done."""
        self._fresh()
        done = 0
        start = time.perf_counter()
        while done < steps and not self.state.done:
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
        return not np.array_equal(self.net._w, self.state.w, equal_nan=True)

    def outputs(self):
        """(Z, e): the outputs for every training image with w_k, and each e_p."""
        with np.errstate(all="ignore"):
            Z = self.net._forward(self.X).Y[-1]
            e = 0.5 * ((self.T - Z) ** 2).sum(axis=1)
        return Z, e

    def __repr__(self):
        self._fresh()
        s = self._built
        return (f"<Run 12-{s['hidden']}-2 {s['activation']}/{s['output']}, {s['method']}"
                f"{'' if s['method'] == 'armijo' else ' η=%g' % s['lr']}, {s['init']} seed "
                f"{s['seed']}: k = {self.k}, E = {self.E[-1]:.6g}"
                f"{', ' + self.message if self.message else ''}>")


def _network_problem(value):
    """None if `value` is a network the trainer can train, else a description."""
    if not isinstance(value, Network):
        return type(value).__name__
    if len(value.sizes) != 3 or value.sizes[0] != 12 or value.sizes[2] != 2:
        return f"a network with sizes {value.sizes}"
    if not np.all(np.isfinite(value._w)):
        return "a network with a weight that is NaN or inf"
    return None


def _pixels(value):
    try:
        x = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return x if x.shape == (12,) and np.all(np.isfinite(x)) else None


def sync(ns, settings=None, net="net", run="training", lang="en", acting=False):
    """Make the page's Run current, and return it.

    Creates the Run if the page has none (from `settings`; it puts its network
    into `net` unless the page has a `net` already) and starts again from the
    settings if a cell changed training.settings (then `net` is the new
    network).  With acting=True (Start, Step): if a cell changed the weights
    of the trainer's network in place, the run starts again from those
    weights (k = 0); and `net` is the trainer's network again, whatever a
    cell put there."""
    current = ns.get(run)
    if not isinstance(current, Run):
        current = Run(settings)
        ns[run] = current
        ns.setdefault(net, current.net)
        current._home = (ns, net)
        return current
    current._home = (ns, net)
    if current.stale():
        current.settings = check_settings(current.settings, lang)
        current.restart()
        ns[net] = current.net
    elif acting:
        if current.touched():
            current.restart(current.net)
        ns[net] = current.net
    return current


def _probe(network, x):
    trace = network.trace(x)
    z = _numbers(trace.z)
    return {"x": _numbers(x), "h": [_numbers(v) for v in trace.h[:-1]], "z": z,
            "verdict": verdict(trace.z) if all(v is not None for v in z) else None}


def payload(r, since=0, run_id=None, full=False, probe=None):
    """What the widget draws, JSON-ready:

        id            the run's number (changes on reset / restart)
        k, E, E_text  the current k, E(w_k) (None if not finite) and E as text
        from, E_new   E(w_from), …, E(w_k): the values the widget lacks
                      (from = since if run_id is this run's id, else 0)
        eta           η of the last step (Armijo: the accepted η)
        done, converged, diverged, message   how the run ended (nnbook's words)
        adopted       True if the run started from weights a cell set
        settings      the settings
        sizes, w      the network and its flat w (slides' order)
        Z, e, verdicts  per training image: (z1, z2), e_p and the verdict
        X, T, labels  the training images (with full=True, or when the run is new to the widget)
        probe         {x, h, z, verdict} for the page's image x, or None
        python_ms     (request only) how long this round took in Python
    """
    start = since if run_id == r.id else 0
    Z, e = r.outputs()
    out = {
        "id": r.id, "k": r.k, "E": _number(r.E[-1]), "E_text": repr(float(r.E[-1])),
        "from": start, "E_new": _numbers(r.E[start:]),
        "eta": _number(r.state.eta) if r.state.eta is not None else None,
        "done": r.state.done, "converged": r.state.converged, "diverged": r.state.diverged,
        "message": r.message, "adopted": r.adopted, "settings": dict(r._built),
        "sizes": list(r.net.sizes), "w": _numbers(r.net._w),
        "Z": [_numbers(z) for z in Z], "e": _numbers(e),
        "verdicts": [verdict(z) if np.all(np.isfinite(z)) else None for z in Z],
        "probe": probe, "error": None,
    }
    if full or run_id != r.id:
        out.update(X=[_numbers(x) for x in r.X], T=[_numbers(t) for t in r.T],
                   labels=list(r.labels))
    return out


def _usable_settings(r):
    """The run's settings if they are valid, else the ones it was built with."""
    try:
        return check_settings(r.settings)
    except SettingsError:
        return dict(r._built)


def request(ns, req="{}", net="net", x="x", run="training", lang="en"):
    """One round of the widget, in order: change settings, reset, take a new
    x, advance; then return payload(...).

    req (a dict or its JSON text):
        initial     settings for a Run made now (the page has none yet)
        settings    {key: value, …}: change settings (a change starts again at k = 0)
        reset       true: a new network from the settings (w0), k = 0, into `net`
        x           12 pixels: the page's x becomes this image
        steps       advance up to this many iterations (0: none)
        budget_ms   … but stop after this many milliseconds (at least one iteration)
        since, run  the widget has E(w_0) … E(w_{since−1}) of run number `run`
        full        true: include the images X, T, labels
    An unusable setting or `net` gives the payload of the last good run with
    "error" set (or {"error": …} if there is none).
    """
    started = time.perf_counter()
    if isinstance(req, str):
        req = json.loads(req)
    error = None
    r = ns.get(run) if isinstance(ns.get(run), Run) else None
    try:
        if req.get("settings"):
            if r is None:
                r = Run(check_settings({**(req.get("initial") or {}), **req["settings"]}, lang))
                ns[run] = r
            else:
                r.settings = check_settings({**_usable_settings(r), **req["settings"]}, lang)
                r.restart()
            ns[net] = r.net
        if req.get("reset") and r is not None:
            r.settings = _usable_settings(r)
            r.restart()                          # w0 from the settings again, k = 0
            ns[net] = r.net
        steps = int(req.get("steps") or 0)
        r = sync(ns, req.get("initial"), net, run, lang, acting=steps > 0)
        if req.get("x") is not None:
            ns[x] = np.array(req["x"], dtype=float)
        if steps > 0:
            r.advance(steps, req.get("budget_ms"))
    except (SettingsError, ValueError, TypeError, KeyError) as exc:
        error = str(exc)
        r = ns.get(run) if isinstance(ns.get(run), Run) else None
        if r is None:
            return {"error": error}
    if x not in ns:
        ns[x] = default_image()
    pixels = _pixels(ns[x])
    probe = _probe(r.net, pixels) if pixels is not None else {
        "error": _say(lang, "x", name=x, what=type(ns[x]).__name__)}
    out = payload(r, int(req.get("since") or 0), req.get("run"), bool(req.get("full")), probe)
    out["error"] = error
    out["python_ms"] = (time.perf_counter() - started) * 1000
    return out
