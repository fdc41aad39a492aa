"""The Python half of chapter 3's widgets: pixel-grid, network-view, weight-editor.

The three widgets share two variables of the page's namespace (their names
can be changed with the widget options ``net=…`` and ``x=…``):

    net   an nnbook.Network (the slides' 12-3-2 network on chapter 3's page)
    x     the current image: 12 numbers, the pixels x1 … x12 row by row (0 or 1)

A cell that changes ``net["w_11"]`` or ``x`` changes what the widgets show,
and a widget that changes them changes what the next cell sees.  If they do
not exist yet, the widgets create them: ``net = nnbook.Network(seed=0)`` and
``x`` = the first C of the slides.

Every widget calls one function, ``apply(namespace, ops)``: it carries out a
list of changes in order and returns ``state(namespace)``, a JSON-ready dict
with everything the widgets draw (the same numbers nnbook computes: the tests
call these functions in CPython and compare).

Reading the outputs (the verdict)
---------------------------------
The slides read (z1, z2) = (1, 0) as C, (0, 1) as T and (0, 0) as neither.
The outputs of a sigmoid are never exactly 0 or 1, so each z_j is rounded at
the threshold 0.5 first (z_j ≥ 0.5 counts as 1):

    rounded (1, 0) → "C",   (0, 1) → "T",   (0, 0) or (1, 1) → "neither"

(1, 1) — both outputs high — is not in the slides' table; it is no clear
answer, so it counts as neither.
"""

import json

import numpy as np

from .. import data as _data
from ..network import Network
from ..training import train

THRESHOLD = 0.5
"""z_j ≥ THRESHOLD counts as 1 when reading (z1, z2)."""

TRAINING = {"seed": 0, "optimizer": "sd", "lr": 2.0, "epsilon": 0.01, "max_iter": 5000}
"""How the "trained" preset is made: Network(seed=0) trained on the slides' nine
images by steepest descent with η = 2 until E < ε = 0.01."""

_trained = {}  # the "trained" preset, computed once per session


def rounded(z):
    """(z1, z2) rounded at 0.5: each z_j ≥ 0.5 becomes 1, else 0."""
    return [int(float(v) >= THRESHOLD) for v in z]


def verdict(z):
    """What the outputs (z1, z2) say: "C", "T" or "neither" (rule: module doc)."""
    r = rounded(z)
    if r == [1, 0]:
        return "C"
    if r == [0, 1]:
        return "T"
    return "neither"


def default_image():
    """The first C of the slides (011/100/100/011), as 12 floats."""
    return _data.slide_images().X[0].copy()


def trained_w():
    """The "trained" preset: the flat w of Network(seed=0) trained on the slides'
    nine images (see TRAINING), and its History; computed once, then cached."""
    if "w" not in _trained:
        X, T, _ = _data.slide_images()
        net = Network(sizes=(12, 3, 2), seed=TRAINING["seed"])
        history = train(net, X, T, optimizer=TRAINING["optimizer"], lr=TRAINING["lr"],
                        epsilon=TRAINING["epsilon"], max_iter=TRAINING["max_iter"])
        _trained["w"] = net.w
        _trained["E"] = float(history.E[-1])
        _trained["iterations"] = int(history.iterations)
    return _trained["w"].copy()


def preset_w(which, seed=None, sizes=(12, 3, 2)):
    """The flat w of a preset: "zero" (all 0), "random" (Network(seed=seed)'s
    initial w: Xavier weights, thresholds 0) or "trained" (trained_w())."""
    if which == "zero":
        return np.zeros(sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])))
    if which == "random":
        return Network(sizes=sizes, seed=seed).w
    if which == "trained":
        if tuple(sizes) != (12, 3, 2):
            raise ValueError(f"the trained preset is for the 12-3-2 network; net has sizes {tuple(sizes)}")
        return trained_w()
    raise ValueError(f"unknown preset {which!r}; expected 'zero', 'random' or 'trained'")


def ensure(ns, net="net", x="x"):
    """Create the shared variables if the page has none yet."""
    if net not in ns:
        ns[net] = Network(sizes=(12, 3, 2), seed=0)
    if x not in ns:
        ns[x] = default_image()


def _check_net(value, name):
    if not isinstance(value, Network):
        return None, (f"{name} should be an nnbook.Network, e.g. {name} = nnbook.Network(seed=0); "
                      f"it is a {type(value).__name__}")
    if not np.all(np.isfinite(value._w)):
        return None, f"{name} has a weight that is NaN or inf; set it to a number"
    return value, None


def _check_image(value, name, n):
    try:
        pixels = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        return None, f"{name} should be {n} numbers (the pixels x1 … x{n}); it is {type(value).__name__}"
    if pixels.shape != (n,):
        return None, f"{name} should be {n} numbers (the pixels x1 … x{n}); it has {pixels.size}"
    if not np.all(np.isfinite(pixels)):
        return None, f"{name} contains NaN or inf; pixels are 0 or 1"
    return pixels, None


def _floats(v):
    return [float(u) for u in np.ravel(v)]


def state(ns, net="net", x="x"):
    """Everything the widgets show, as a JSON-ready dict:

        sizes, names, w, is_weight     the network (names and w in the slides' order)
        activations                    a's name per non-input layer
        x                              the image (12 floats) or None
        s, h                           per non-input layer: s (sᴴ, then s) and a(s) (h, then z)
        z, rounded, verdict            the outputs, rounded at 0.5, and what they say
        error                          None, or what is wrong with net or x (then the
                                       values that cannot be computed are None)
        net_name, x_name               the variables' names
    """
    ensure(ns, net, x)
    out = {"net_name": net, "x_name": x, "sizes": None, "names": None, "w": None,
           "is_weight": None, "activations": None, "x": None, "s": None, "h": None,
           "z": None, "rounded": None, "verdict": None, "error": None}
    network, problem = _check_net(ns[net], net)
    if problem:
        out["error"] = problem
        return out
    out.update(sizes=list(network.sizes), names=network.names(), w=_floats(network._w),
               is_weight=[bool(b) for b in network.is_weight],
               activations=[layer.activation.name for layer in network.layers])
    pixels, problem = _check_image(ns[x], x, network.sizes[0])
    if problem:
        out["error"] = problem
        return out
    trace = network.trace(pixels)
    z = _floats(trace.z)
    out.update(x=_floats(pixels), s=[_floats(v) for v in trace.s],
               h=[_floats(v) for v in trace.h], z=z)
    if len(z) == 2:
        out.update(rounded=rounded(z), verdict=verdict(z))
    return out


def apply(ns, ops=(), net="net", x="x"):
    """Carry out the widgets' changes, in order, then return state(ns).

    ops is a list (or its JSON text) of dicts:
        {"x": [12 numbers]}                   x = that image (a float array)
        {"pixel": k, "value": 0 or 1}         set pixel x_k (k = 1 … 12)
        {"params": {name: value, …}}          net[name] = value for each
        {"preset": "zero"|"random"|"trained", "seed": n}   net.w = that preset
    A change that fails (a bad name, a value that is not a number) stops there;
    the state then carries the error message.
    """
    if isinstance(ops, str):
        ops = json.loads(ops)
    ensure(ns, net, x)
    info = None
    try:
        for op in ops:
            if "x" in op:
                ns[x] = np.array(op["x"], dtype=float)
            elif "pixel" in op:
                pixels, problem = _check_image(ns[x], x, 12)
                if problem:
                    raise ValueError(problem)
                pixels = pixels.copy()
                pixels[int(op["pixel"]) - 1] = float(op["value"])
                ns[x] = pixels
            elif "params" in op:
                network, problem = _check_net(ns[net], net)
                if network is None:
                    raise ValueError(problem)
                for name, value in op["params"].items():
                    network[name] = value
            elif "preset" in op:
                network, problem = _check_net(ns[net], net)
                if network is None:
                    raise ValueError(problem)
                network.w = preset_w(op["preset"], op.get("seed"), network.sizes)
                if op["preset"] == "trained":
                    info = {"E": _trained["E"], "iterations": _trained["iterations"]}
            else:
                raise ValueError(f"unknown widget change {op!r}")
    except (ValueError, KeyError, TypeError) as exc:
        out = state(ns, net, x)
        out["error"] = str(exc)
        return out
    out = state(ns, net, x)
    if info:
        out["trained"] = info
    return out
