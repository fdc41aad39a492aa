"""The init-histograms widget's Python half (chapter 8): the initial solution
w0 and the signal it lets through.

A deep stack of `layers` layers of 100 units, all with one activation,
weights drawn by one initialiser (thresholds θ = 0), fed 200 random inputs
x ~ N(0, 1); the outputs h of every layer, as histograms, and what they say
(the verdict). Computed with nnbook's own Network, initialisers and
activations, so a cell (or a test in CPython) with the same settings and seed
gets the same numbers. The menus are nnbook's registries: every activation
of ``nnbook.activations.ACTIVATIONS``, every initialiser of
``nnbook.initializers.INITIALIZERS`` (one name each), and two fixed σ that
show what goes wrong without a rule (Deep Learning from Scratch, §6.2).

Shared with the cells:
    init_demo     settings, a dict (read and written; a cell may change it):
                  {"activation": one of activations(), "init": one of inits(),
                   "layers": 1 … 10, "seed": int ≥ 0}
    init_outputs  [h of layer 1, …, h of the last layer], arrays (200, 100)  (written)
    init_net      the nnbook.Network that made them                     (written)
"""

import math

import numpy as np

from ..activations import ACTIVATIONS
from ..activations import activation as _activation
from ..initializers import INITIALIZERS, he, small_uniform, xavier_dlfs, xavier_glorot
from ..network import Network
from .common import brief, finite, first_names, language, problem, whole_number

MESSAGES = {
    "en": {
        "init_dict": "`init_demo` should be a dict such as {example}; got {what}",
        "activation": "init_demo['activation'] should be one of {choices}; got {value!r}",
        "init": "init_demo['init'] should be one of {choices}; got {value!r}",
        "layers": "init_demo['layers'] should be a whole number from 1 to {max}; got {value!r}",
        "seed": "init_demo['seed'] should be a whole number ≥ 0; got {value!r}",
    },
    "ja": {
        "init_dict": "`init_demo` は {example} のような辞書にしてください。実際は {what} です",
        "activation": "init_demo['activation'] は {choices} のどれかにしてください。実際は {value!r} です",
        "init": "init_demo['init'] は {choices} のどれかにしてください。実際は {value!r} です",
        "layers": "init_demo['layers'] は 1 から {max} までの整数にしてください。実際は {value!r} です",
        "seed": "init_demo['seed'] は 0 以上の整数にしてください。実際は {value!r} です",
    },
}

UNITS = 100             # units per layer (and inputs)
SAMPLES = 200           # random inputs x ~ N(0, 1)
BINS = 20
MAX_LAYERS = 10
#: the histogram's range of h per activation; ReLU: exact zeros are counted
#: apart, the bars show 0 < h ≤ 4, and larger values are counted as "over".
#: An activation not named here gets the range of its outputs.
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 4.0)}
DEFAULTS = {"activation": "sigmoid", "init": "xavier", "layers": 5, "seed": 0}
#: σ of w_kj per initialiser of nnbook, for a layer n_in → n_out (the chapter's table)
_RULES = {
    small_uniform: lambda n_in, n_out: 0.5 / math.sqrt(3.0),
    xavier_glorot: lambda n_in, n_out: math.sqrt(2.0 / (n_in + n_out)),
    xavier_dlfs: lambda n_in, n_out: math.sqrt(1.0 / n_in),
    he: lambda n_in, n_out: math.sqrt(2.0 / n_in),
}
FIXED = {"normal_1": 1.0, "normal_0.01": 0.01}


def fixed_normal(sigma):
    """An initialiser w_kj ~ N(0, σ²) with a fixed σ, whatever the layer's size."""
    def draw(n_in, n_out, rng):
        return rng.normal(0.0, sigma, size=(n_in, n_out))
    draw.__name__ = f"normal_{sigma:g}"
    return draw


def activations():
    """The activation menu: every activation of nnbook's registry."""
    return list(ACTIVATIONS)


def inits():
    """The initialiser menu: the two fixed σ, then each initialiser of nnbook's
    registry under its first name (aliases such as "glorot" left out)."""
    return list(FIXED) + first_names(INITIALIZERS)


def defaults():
    """What the widget shows before Python answers (the build puts it into the page):
    the default settings and the menus of nnbook's registries."""
    return {"settings": dict(DEFAULTS), "activations": activations(), "inits": inits(),
            "max_layers": MAX_LAYERS}


def init_draw(name):
    """The initialiser f(n_in, n_out, rng) called `name` (one of inits())."""
    return fixed_normal(FIXED[name]) if name in FIXED else INITIALIZERS[name]


def init_sigma(name, n_in, n_out):
    """The standard deviation of w_kj the initialiser draws from, for a layer n_in → n_out
    (FIXED's σ or _RULES'; None for an initialiser whose rule the chapter does not give)."""
    if name in FIXED:
        return FIXED[name]
    rule = _RULES.get(INITIALIZERS[name])
    return None if rule is None else rule(n_in, n_out)


def layer_outputs(activation="sigmoid", init="xavier", layers=5, seed=0, units=UNITS,
                  samples=SAMPLES):
    """The deep stack's outputs for random inputs x ~ N(0, 1): (net, X, trace), trace.s[l]
    and trace.h[l] per layer. Thresholds are 0 (nnbook's rule), so s = Σ_k w_kj h_k."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, units))
    net = Network(sizes=(units,) * (layers + 1), activation=activation, init=init_draw(init),
                  rng=rng)
    return net, X, net.forward(X, return_all=True)


def histogram_range(activation, hs):
    """RANGES[activation], or for another activation the range of its outputs hs."""
    if activation in RANGES:
        return RANGES[activation]
    lo = min(float(np.min(h)) for h in hs)
    hi = max(float(np.max(h)) for h in hs)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = -1.0, 1.0
    return (lo, hi) if hi > lo else (lo - 0.5, lo + 0.5)


def layer_histogram(h, activation, span):
    """Counts of one layer's outputs h over `span`: {"counts", "edges", "zeros", "over",
    "under"}; for ReLU the exact zeros are counted apart and the bars hold the h > 0."""
    lo, hi = span
    values = np.asarray(h, dtype=float).ravel()
    zeros = 0
    if activation == "relu":
        zeros = int(np.count_nonzero(values == 0.0))
        values = values[values > 0.0]
    counts, edges = np.histogram(values, bins=BINS, range=(lo, hi))
    return {"counts": counts.tolist(), "edges": edges.tolist(), "zeros": zeros,
            "over": int(np.count_nonzero(values > hi)), "under": int(np.count_nonzero(values < lo))}


def verdict(activation, layers):
    """What the per-layer numbers say (the rules the chapter's text explains):
    "saturated", "collapsed", "vanishing", "exploding" or "healthy"."""
    first, last = layers[0], layers[-1]
    deep = len(layers) > 1
    ratio = last["std"] / first["std"] if first["std"] else math.inf
    if activation == "sigmoid":
        if last["derivative"] < 0.12:
            return "saturated"
        return "collapsed" if last["std"] < 0.05 else "healthy"
    if activation == "tanh":
        if last["derivative"] < 0.4:
            return "saturated"
        if last["std"] < 0.05 or (deep and ratio < 0.25):
            return "vanishing"
        return "healthy"
    if activation != "relu" and last["derivative"] < 0.12:
        return "saturated"                    # a′ ≈ 0 (the step function): nothing flows back
    if last["std"] > 10 or (deep and ratio > 2):
        return "exploding"
    if last["std"] < 0.01 or (deep and ratio < 0.5):
        return "vanishing"
    return "healthy"


def report(activation="sigmoid", init="xavier", layers=5, seed=0):
    """Everything the widget draws, for the settings given (and the net, X, trace behind it)."""
    net, X, trace = layer_outputs(activation, init, layers, seed)
    a = _activation(activation)
    span = histogram_range(activation, trace.h)
    out = []
    for l, (s, h) in enumerate(zip(trace.s, trace.h)):
        layer = net.layers[l]
        hist = layer_histogram(h, activation, span)
        sigma = init_sigma(init, layer.n_in, layer.n_out)
        hist.update({
            "layer": l + 1,
            "sigma": None if sigma is None else finite(sigma),   # σ of the rule
            "w_std": finite(layer.W.std()),                       # σ of the weights drawn
            "mean": finite(h.mean()),
            "std": finite(h.std()),
            "min": finite(h.min()),
            "max": finite(h.max()),
            "derivative": finite(a.derivative(s, h).mean()),     # mean a′(s)
        })
        out.append(hist)
    numbers = [{k: (math.inf if L[k] is None else L[k]) for k in ("std", "derivative")} for L in out]
    return net, X, trace, {
        "settings": {"activation": activation, "init": init, "layers": layers, "seed": seed},
        "activations": activations(), "inits": inits(), "max_layers": MAX_LAYERS,
        "units": UNITS, "samples": SAMPLES, "range": list(span), "layers": out,
        "verdict": verdict(activation, numbers)}


def settings(ns, change=None, lang="en"):
    """The namespace's `init_demo` (validated, with defaults filled in), after `change`."""
    lang = language(lang)
    current = ns.get("init_demo")
    if current is None:
        current = ns["init_demo"] = dict(DEFAULTS)
    if not isinstance(current, dict):
        raise problem(MESSAGES, lang, "init_dict", example=DEFAULTS, what=brief(current))
    if change:
        current.update(change)
    for key, value in DEFAULTS.items():
        current.setdefault(key, value)
    if current["activation"] not in activations():
        raise problem(MESSAGES, lang, "activation", choices=activations(),
                      value=current["activation"])
    if current["init"] not in inits():
        raise problem(MESSAGES, lang, "init", choices=inits(), value=current["init"])
    layers = whole_number(current["layers"], 1, MAX_LAYERS)
    if layers is None:
        raise problem(MESSAGES, lang, "layers", max=MAX_LAYERS, value=current["layers"])
    seed = whole_number(current["seed"], 0, 2 ** 32 - 1)
    if seed is None:
        raise problem(MESSAGES, lang, "seed", value=current["seed"])
    return {"activation": current["activation"], "init": current["init"], "layers": layers,
            "seed": seed}


_CACHE = {"key": None, "outputs": None, "result": None}


def sync(ns, change=None, lang="en"):
    """The widget's one entry point: apply `change` to `init_demo`, compute (or
    reuse, if nothing changed) and write init_outputs / init_net; the report."""
    s = settings(ns, change, lang)
    key = (s["activation"], s["init"], s["layers"], s["seed"], tuple(activations()), tuple(inits()))
    if _CACHE["key"] == key and ns.get("init_outputs") is _CACHE["outputs"]:
        return _CACHE["result"]
    net, _, trace, result = report(**s)
    ns["init_net"] = net
    ns["init_outputs"] = trace.h
    _CACHE.update(key=key, outputs=trace.h, result=result)
    return result
