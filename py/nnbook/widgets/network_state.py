"""The page's `net` and `x` as chapter 3's widgets share them (pixel-grid, network-view,
weight-editor; the backprop stepper starts from them too): a helper of their Python halves.

    net   an nnbook.Network (the slides' 12-3-2 network on chapter 3's page)
    x     the current image: 12 numbers, the pixels x1 … x12 row by row (0 or 1)

(names changeable with the widget options ``net=…`` and ``x=…``; created if missing:
Network(seed=0) and the first C of the slides).  ``apply(ns, changes, …)`` carries out
a widget's changes in order and returns ``state(ns, …)``, what the widgets draw.
"""

import numpy as np

from .. import data as _data
from ..network import Network
from ..training import LECTURE_RUN, lecture_options, train
from .common import WidgetProblem, finite_list, language, problem

MESSAGES = {
    "en": {
        "net": "{name} should be an nnbook.Network, e.g. {name} = nnbook.Network(seed=0); it is a {what}",
        "finite": "{name} has a weight that is NaN or inf; set it to a number",
        "x_type": "{name} should be {n} numbers (the pixels x1 … x{n}); it is {what}",
        "x_size": "{name} should be {n} numbers (the pixels x1 … x{n}); it has {size}",
        "x_finite": "{name} contains NaN or inf; pixels are 0 or 1",
        "preset": "unknown preset {which!r}; expected 'zero', 'random' or 'trained'",
        "trained_sizes": "the trained preset is for the 12-3-2 network; {name} has sizes {sizes}",
        "change": "unknown widget change {change!r}",
    },
    "ja": {
        "net": "{name} は nnbook.Network にしてください (例: {name} = nnbook.Network(seed=0))。いまは {what} です",
        "finite": "{name} の重みに NaN か inf があります。数を入れてください",
        "x_type": "{name} は {n} 個の数 (画素 x1 … x{n}) にしてください。いまは {what} です",
        "x_size": "{name} は {n} 個の数 (画素 x1 … x{n}) にしてください。いまは {size} 個です",
        "x_finite": "{name} に NaN か inf が入っています。画素は 0 か 1 です",
        "preset": "不明なプリセットです: {which!r} ('zero'、'random'、'trained' のどれか)",
        "trained_sizes": "学習済みのプリセットは 12-3-2 のネットワーク用です。{name} のサイズは {sizes} です",
        "change": "不明な変更です: {change!r}",
    },
}

_trained = {}  # the "trained" preset, computed once per session


def default_image():
    """The first C of the slides (011/100/100/011), as 12 floats."""
    return _data.slide_images().X[0].copy()


def trained():
    """The "trained" preset: {"w", "E", "iterations"} of nnbook.LECTURE_RUN, the lecture's
    reference run; computed once, then cached."""
    if "w" not in _trained:
        X, T, _ = _data.slide_images()
        net = Network(seed=LECTURE_RUN["seed"])
        history = train(net, X, T, **lecture_options())
        _trained.update(w=net.w, E=float(history.E[-1]), iterations=int(history.iterations))
    return _trained


def trained_w():
    """The flat w of the "trained" preset (a copy of the cached one)."""
    return trained()["w"].copy()


def preset_w(which, seed=None, sizes=(12, 3, 2), name="net", lang="en"):
    """The flat w of a preset: "zero" (all 0), "random" (Network(seed=seed)'s
    initial w: Xavier weights, thresholds 0) or "trained" (trained_w())."""
    if which == "zero":
        return np.zeros_like(Network(sizes=sizes).w)
    if which == "random":
        return Network(sizes=sizes, seed=seed).w
    if which == "trained":
        if tuple(sizes) != (12, 3, 2):
            raise problem(MESSAGES, lang, "trained_sizes", name=name, sizes=tuple(sizes))
        return trained_w()
    raise problem(MESSAGES, lang, "preset", which=which)


def slides():
    """The slides' nine images for the widgets' load buttons: [{n, rows, letter, x, t}]
    (nnbook.data.SLIDE_IMAGES, with their pixels and teacher signals)."""
    X, T, _ = _data.slide_images()
    return [{"n": n, "rows": rows, "letter": letter, "x": [float(v) for v in X[n - 1]],
             "t": [float(v) for v in T[n - 1]]}
            for n, (rows, letter) in enumerate(_data.SLIDE_IMAGES, 1)]


def ensure(ns, net="net", x="x"):
    """Create the shared variables if the page has none yet."""
    if net not in ns:
        ns[net] = Network(sizes=(12, 3, 2), seed=0)
    if x not in ns:
        ns[x] = default_image()


def network(value, name, lang="en"):
    """value if it is a Network with finite weights, else WidgetProblem."""
    if not isinstance(value, Network):
        raise problem(MESSAGES, lang, "net", name=name, what=type(value).__name__)
    if not np.all(np.isfinite(value._w)):
        raise problem(MESSAGES, lang, "finite", name=name)
    return value


def image(value, name, n=12, lang="en"):
    """value as n finite floats (a new array), else WidgetProblem."""
    try:
        pixels = np.array(value, dtype=float).ravel()
    except (TypeError, ValueError):
        raise problem(MESSAGES, lang, "x_type", name=name, n=n, what=type(value).__name__) from None
    if pixels.shape != (n,):
        raise problem(MESSAGES, lang, "x_size", name=name, n=n, size=pixels.size)
    if not np.all(np.isfinite(pixels)):
        raise problem(MESSAGES, lang, "x_finite", name=name)
    return pixels


def state(ns, net="net", x="x", lang="en"):
    """Everything the widgets show, as a JSON-ready dict:

        sizes, names, w, is_weight     the network (names and w in the slides' order)
        activations                    a's name per non-input layer
        x                              the image (12 floats) or None
        s, h                           per non-input layer: s (sᴴ, then s) and a(s) (h, then z)
        z, rounded, verdict            the outputs, rounded at 0.5, and what they say
                                       (nnbook.data.verdict in the page's language)
        error                          None, or what is wrong with net or x (then the
                                       values that cannot be computed are None)
        net_name, x_name               the variables' names
    """
    lang = language(lang)
    ensure(ns, net, x)
    out = {"net_name": net, "x_name": x, "sizes": None, "names": None, "w": None,
           "is_weight": None, "activations": None, "x": None, "s": None, "h": None,
           "z": None, "rounded": None, "verdict": None, "error": None}
    try:
        net_value = network(ns[net], net, lang)
        out.update(sizes=list(net_value.sizes), names=net_value.names(), w=finite_list(net_value._w),
                   is_weight=[bool(b) for b in net_value.is_weight],
                   activations=[layer.activation.name for layer in net_value.layers])
        pixels = image(ns[x], x, net_value.sizes[0], lang)
    except WidgetProblem as exc:
        out["error"] = str(exc)
        return out
    trace = net_value.trace(pixels)
    z = finite_list(trace.z)
    out.update(x=finite_list(pixels), s=[finite_list(v) for v in trace.s],
               h=[finite_list(v) for v in trace.h], z=z)
    if len(z) == 2:
        out.update(rounded=_data.rounded(trace.z), verdict=_data.verdict(trace.z, lang))
    return out


def apply(ns, changes=(), net="net", x="x", lang="en", kinds=("x", "pixel", "params", "preset")):
    """Carry out the widgets' changes, in order, then return state(ns).

    changes is a list of dicts, each one of the kinds allowed:
        {"x": [12 numbers]}                   x = that image (a float array)
        {"pixel": k, "value": 0 or 1}         set pixel x_k (k = 1 … 12)
        {"params": {name: value, …}}          net[name] = value for each
        {"preset": "zero"|"random"|"trained", "seed": n}   net.w = that preset
    Every change makes new arrays for x (never writes into the reader's).  A change
    that fails (a bad name, a value that is not a number) stops there; the state
    then carries the message.  After the "trained" preset the state has
    "trained": {"E", "iterations"}.
    """
    lang = language(lang)
    ensure(ns, net, x)
    info = None
    try:
        for change in changes:
            kind = next((k for k in kinds if k in change), None)
            if kind == "x":
                ns[x] = image(change["x"], x, lang=lang)
            elif kind == "pixel":
                pixels = image(ns[x], x, lang=lang)
                pixels[int(change["pixel"]) - 1] = float(change["value"])
                ns[x] = pixels
            elif kind == "params":
                net_value = network(ns[net], net, lang)
                for name, value in change["params"].items():
                    net_value[name] = value
            elif kind == "preset":
                net_value = network(ns[net], net, lang)
                net_value.w = preset_w(change["preset"], change.get("seed"), net_value.sizes, net, lang)
                if change["preset"] == "trained":
                    info = {"E": _trained["E"], "iterations": _trained["iterations"]}
            else:
                raise problem(MESSAGES, lang, "change", change=change)
    except (ValueError, KeyError, TypeError) as exc:
        out = state(ns, net, x, lang)
        out["error"] = str(exc)
        return out
    out = state(ns, net, x, lang)
    if info:
        out["trained"] = info
    return out
