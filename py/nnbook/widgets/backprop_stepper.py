"""Python half of the backprop stepper (js/widgets/backprop-stepper.mjs), chapter 6: for one image
x and teacher t, every number of backpropagation (forward values, δ, the slides' 8 + 39 gradients by
nnbook.backprop.slide_gradient, the numerical gradient beside them), computed once per change of
net, x or t (names set by the widget's options); the widget then steps through them alone."""

import json

import numpy as np

from .. import data as _data
from ..backprop import slide_gradient
from ..network import Network, forward_one_image
from . import network_state
from .common import WidgetProblem, finite_list, language, problem, say

MESSAGES = {
    "en": {
        "net": "{name} should be an nnbook.Network with 12 inputs, one hidden layer and 2 outputs, "
               "e.g. {name} = nnbook.Network(seed=0); it is {what}",
        "t": "{name} should be the teacher signal (t1, t2): 2 finite numbers, "
             "e.g. {name} = (1, 0) for a C; {detail}",
        "got": "it has {n} values",
        "not_numbers": "it is a {what}",
        "not_finite": "it contains NaN or inf",
        "slide": "there are nine slide images, 1 … 9; got {n}",
        "op": "unknown widget change {op}",
    },
    "ja": {
        "net": "{name} は入力 12 個・隠れ層 1 つ・出力 2 個の nnbook.Network にしてください "
               "(例: {name} = nnbook.Network(seed=0))。いまは {what} です",
        "t": "{name} は教師信号 (t1, t2)、有限の数 2 個にしてください (例: C なら {name} = (1, 0))。{detail}",
        "got": "いまは {n} 個です",
        "not_numbers": "いまは {what} 型です",
        "not_finite": "NaN か inf が入っています",
        "slide": "スライドの画像は 1 … 9 の 9 枚です。{n} はありません",
        "op": "不明な変更です: {op}",
    },
}


def teachers():
    """The teacher signals offered (nnbook.data): {"C": [1, 0], "T": [0, 1], "neither": [0, 0]}."""
    out = {letter: [float(v) for v in t] for letter, t in _data.TEACHER.items()}
    out["neither"] = [float(v) for v in _data.NEITHER]
    return out


def defaults():
    """What the page shows before Python answers (the build writes it in)."""
    return {"slides": network_state.slides(), "teachers": teachers(),
            "x": finite_list(network_state.default_image())}


def slide_number(x):
    """The number (1 … 9) of the slide image equal to x, or None."""
    pixels = np.asarray(x, dtype=float).ravel()
    return next((n for n, slide in enumerate(_data.slide_images().X, 1)
                 if slide.shape == pixels.shape and np.array_equal(slide, pixels)), None)


def default_teacher(x):
    """t for an image x: the slide image's teacher signal if x is one, else (0, 0)."""
    n = slide_number(x)
    return np.array(_data.NEITHER) if n is None else _data.slide_images().T[n - 1].copy()


def ensure(ns, net="net", x="x", t="t"):
    """Create net, x (as chapter 3's widgets do) and t if the page has none yet."""
    network_state.ensure(ns, net, x)
    if t not in ns:
        ns[t] = default_teacher(ns[x])


def _teacher(value, name, lang):
    """value as 2 finite floats (a new array), else a WidgetProblem."""
    try:
        v = np.array(value, dtype=float).ravel()
    except (TypeError, ValueError):
        v, detail = None, say(MESSAGES, lang, "not_numbers", what=type(value).__name__)
    else:
        detail = (say(MESSAGES, lang, "got", n=v.size) if v.shape != (2,)
                  else None if np.all(np.isfinite(v)) else say(MESSAGES, lang, "not_finite"))
    if detail:
        raise problem(MESSAGES, lang, "t", name=name, detail=detail)
    return v


def _check(ns, net, x, t, lang):
    """(network, pixels, teacher) checked, or WidgetProblem with a message for the reader."""
    network = ns[net]
    if (not isinstance(network, Network) or len(network.layers) != 2
            or network.sizes[0] != 12 or network.sizes[-1] != 2):
        what = repr(network) if isinstance(network, Network) else f"a {type(network).__name__}"
        raise problem(MESSAGES, lang, "net", name=net, what=what)
    return (network_state.network(network, net, lang), network_state.image(ns[x], x, lang=lang),
            _teacher(ns[t], t, lang))


def trace(ns, net="net", x="x", t="t", lang="en"):
    """Everything the steps show, JSON-ready: the network (sizes, names, w, activations), x, t,
    slide, s_H, h, s, z, e, a′ (a_prime_H, a_prime), Σ_j δ_j w_ij (back), the gradient and the
    numerical one; or `error` (what is wrong) without them."""
    lang = language(lang)
    ensure(ns, net, x, t)
    out = {"error": None}
    try:
        network, pixels, teacher = _check(ns, net, x, t, lang)
    except WidgetProblem as exc:
        out["error"] = str(exc)
        return out
    hidden, output = network.layers
    (s_H, s), (h, z) = forward_one_image(network, pixels)
    s_H, s, h, z = (np.array(v) for v in (s_H, s, h, z))
    a_prime_H = hidden.activation.derivative(s_H, h)
    a_prime = output.activation.derivative(s, z)
    back = output.W @ ((z - teacher) * a_prime)           # Σ_j δ_j w_ij, δ_j = (z_j − t_j) a′(s_j)
    gradient = slide_gradient(network, pixels, teacher, forward=([list(s_H), list(s)],
                                                                 [list(h), list(z)]))
    numerical = network.numerical_gradient(pixels, teacher)
    out.update(
        sizes=list(network.sizes), names=network.names(), w=finite_list(network._w),
        activations=[hidden.activation.name, output.activation.name],
        x=finite_list(pixels), t=finite_list(teacher), slide=slide_number(pixels),
        s_H=finite_list(s_H), h=finite_list(h), s=finite_list(s), z=finite_list(z),
        e=float(0.5 * np.sum((teacher - z) ** 2)),
        a_prime_H=finite_list(a_prime_H), a_prime=finite_list(a_prime),
        back=finite_list(back), gradient=finite_list(gradient), numerical=finite_list(numerical))
    return out


def apply(ns, changes=(), net="net", x="x", t="t", lang="en"):
    """Carry out the widget's changes in order ({"slide": n}, {"x": pixels}, {"pixel": k, "value": v},
    {"t": [t1, t2]}; always new arrays), then trace(ns); a change that fails stops there, its message in "error"."""
    lang = language(lang)
    ensure(ns, net, x, t)
    try:
        for change in changes:
            if "slide" in change:
                n = int(change["slide"])
                if not 1 <= n <= 9:
                    raise problem(MESSAGES, lang, "slide", n=n)
                X, T, _ = _data.slide_images()
                ns[x], ns[t] = X[n - 1].copy(), T[n - 1].copy()
            elif "x" in change:
                ns[x] = network_state.image(change["x"], x, lang=lang)
            elif "pixel" in change:
                pixels = network_state.image(ns[x], x, lang=lang)
                pixels[int(change["pixel"]) - 1] = float(change["value"])
                ns[x] = pixels
            elif "t" in change:
                ns[t] = _teacher(change["t"], t, lang)
            else:
                raise problem(MESSAGES, lang, "op", op=json.dumps(change))
    except (ValueError, KeyError, TypeError) as exc:
        out = trace(ns, net, x, t, lang)
        out["error"] = str(exc)
        return out
    return trace(ns, net, x, t, lang)


def sync(ns, changes=(), net="net", x="x", t="t", lang="en", first=False):
    """The widget's entry point: apply(…); the first answer also brings the slides and teachers."""
    out = apply(ns, changes, net, x, t, lang)
    if first:
        out.update(slides=network_state.slides(), teachers=teachers())
    return out
