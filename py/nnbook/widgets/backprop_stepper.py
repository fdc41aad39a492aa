"""The Python half of the backprop-stepper widget (chapter 6).

The widget steps through backpropagation for one image: first the forward
values s_iᴴ, h_i, s_j, z_j and e, then the 8 output-layer and 39 hidden-layer
gradients in the slides' order (the order of net.w),

    ∂e/∂w_kj  = (z_j − t_j) a′(s_j) h_k
    ∂e/∂θ_j   = −(z_j − t_j) a′(s_j)
    ∂e/∂w_kiᴴ = [(z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2] a′(s_iᴴ) x_k
    ∂e/∂θ_iᴴ  = −[(z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2] a′(s_iᴴ)

each beside the numerical gradient (central differences).  Python computes
everything once per change of the inputs (``trace``); the widget then steps
through the numbers locally.

It shares three variables with the page's cells (names changeable with the
widget options net=…, x=…, t=…):

    net   an nnbook.Network with 12 inputs, one hidden layer and 2 outputs
          (chapter 3's 12-3-2 network; created as Network(seed=0) if missing)
    x     the image: 12 pixels x1 … x12, row by row (created as the slides'
          first C if missing, as in nnbook.widgets.network_state)
    t     the teacher signal (t1, t2) for x: C (1, 0), T (0, 1), neither (0, 0).
          If missing it is created from x: the teacher signal of the slide image
          equal to x, or (0, 0) when x is no slide image.

``sync(ns, changes)`` carries out the widget's changes (a slide image, a pixel,
a teacher signal) and returns ``trace(ns)``; its first answer also carries the
slides' images and the teacher signals the widget offers (nnbook.data).
"""

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
        "finite": "{name} has a weight that is NaN or inf; set it to a number",
        "x": "{name} should be 12 numbers (the pixels x1 … x12); {detail}",
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
        "finite": "{name} の重みに NaN か inf があります。数を入れてください",
        "x": "{name} は 12 個の数 (画素 x1 … x12) にしてください。{detail}",
        "t": "{name} は教師信号 (t1, t2)、有限の数 2 個にしてください (例: C なら {name} = (1, 0))。{detail}",
        "got": "いまは {n} 個です",
        "not_numbers": "いまは {what} 型です",
        "not_finite": "NaN か inf が入っています",
        "slide": "スライドの画像は 1 … 9 の 9 枚です。{n} はありません",
        "op": "不明な変更です: {op}",
    },
}


def teachers():
    """The teacher signals the widget offers, from nnbook.data: {"C": [1, 0],
    "T": [0, 1], "neither": [0, 0]}."""
    out = {letter: [float(v) for v in t] for letter, t in _data.TEACHER.items()}
    out["neither"] = [float(v) for v in _data.NEITHER]
    return out


def defaults():
    """What the widget shows before Python answers (the build puts it into the page):
    the slides' images, the teacher signals and the starting image x."""
    return {"slides": network_state.slides(), "teachers": teachers(),
            "x": finite_list(network_state.default_image())}


def slide_number(x):
    """The number (1 … 9) of the slide image equal to x, or None."""
    X = _data.slide_images().X
    pixels = np.asarray(x, dtype=float).ravel()
    if pixels.shape != (X.shape[1],):
        return None
    for n, slide in enumerate(X, 1):
        if np.array_equal(slide, pixels):
            return n
    return None


def default_teacher(x):
    """t for an image x: the slide image's teacher signal if x is one, else (0, 0)."""
    n = slide_number(x)
    if n is None:
        return np.array(_data.NEITHER)
    return _data.slide_images().T[n - 1].copy()


def ensure(ns, net="net", x="x", t="t"):
    """Create net, x (as chapter 3's widgets do) and t if the page has none yet."""
    network_state.ensure(ns, net, x)
    if t not in ns:
        ns[t] = default_teacher(ns[x])


def _vector(value, n, message, lang):
    """value as n finite floats (a new array), else message(detail): a WidgetProblem."""
    try:
        v = np.array(value, dtype=float).ravel()
    except (TypeError, ValueError):
        raise message(say(MESSAGES, lang, "not_numbers", what=type(value).__name__)) from None
    if v.shape != (n,):
        raise message(say(MESSAGES, lang, "got", n=v.size))
    if not np.all(np.isfinite(v)):
        raise message(say(MESSAGES, lang, "not_finite"))
    return v


def _pixels(value, name, lang):
    return _vector(value, 12, lambda d: problem(MESSAGES, lang, "x", name=name, detail=d), lang)


def _teacher(value, name, lang):
    return _vector(value, 2, lambda d: problem(MESSAGES, lang, "t", name=name, detail=d), lang)


def _check(ns, net, x, t, lang):
    """(network, pixels, teacher) checked, or WidgetProblem with a message for the reader."""
    network = ns[net]
    if (not isinstance(network, Network) or len(network.layers) != 2
            or network.sizes[0] != 12 or network.sizes[-1] != 2):
        what = repr(network) if isinstance(network, Network) else f"a {type(network).__name__}"
        raise problem(MESSAGES, lang, "net", name=net, what=what)
    if not np.all(np.isfinite(network._w)):
        raise problem(MESSAGES, lang, "finite", name=net)
    return network, _pixels(ns[x], x, lang), _teacher(ns[t], t, lang)


def trace(ns, net="net", x="x", t="t", lang="en"):
    """Everything the step-through shows, as a JSON-ready dict.

        sizes, names, w          the network; names and w in the slides' order
        activations              a's name in the hidden and the output layer
        x, t                     the image (12 floats) and the teacher signal (t1, t2)
        slide                    1 … 9 if x is that slide image, else None
        s_H, h                   s_iᴴ and h_i = a(s_iᴴ)  (i = 1, 2, 3)
        s, z                     s_j and z_j = a(s_j)    (j = 1, 2)
        e                        ((t1 − z1)² + (t2 − z2)²)/2
        a_prime_H, a_prime       a′(s_iᴴ) and a′(s_j)
        delta                    δ_j = (z_j − t_j) a′(s_j)
        back                     the slides' bracket for hidden unit i: Σ_j δ_j w_ij
        delta_H                  δ_iᴴ = [Σ_j δ_j w_ij] a′(s_iᴴ)
        gradient                 ∂e/∂w, the 47 values in the order of names, by the
                                 slides' formulas (nnbook.backprop.slide_gradient)
        numerical                the same by central differences (net.numerical_gradient)
        max_abs_difference       max |gradient − numerical|
        error                    None, or what is wrong (then the values are None)
    """
    lang = language(lang)
    ensure(ns, net, x, t)
    out = {"net_name": net, "x_name": x, "t_name": t, "error": None}
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
    delta = (z - teacher) * a_prime                       # δ_j = (z_j − t_j) a′(s_j)
    back = output.W @ delta                               # Σ_j δ_j w_ij, one per hidden unit i
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
        delta=finite_list(delta), back=finite_list(back), delta_H=finite_list(back * a_prime_H),
        gradient=finite_list(gradient), numerical=finite_list(numerical),
        max_abs_difference=float(np.max(np.abs(gradient - numerical))),
    )
    return out


def apply(ns, changes=(), net="net", x="x", t="t", lang="en"):
    """Carry out the widget's changes, in order, then return trace(ns).

    changes is a list of dicts:
        {"slide": n}                       x, t = the slide image n (1 … 9) and its (t1, t2)
        {"x": [12 numbers]}                x = that image
        {"pixel": k, "value": 0 or 1}      set pixel x_k (k = 1 … 12); t stays
        {"t": [t1, t2]}                    t = that teacher signal
    Every change makes new arrays (never writes into the reader's).  A change
    that fails stops there; the result then carries the message.
    """
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
                ns[x] = _pixels(change["x"], x, lang)
            elif "pixel" in change:
                pixels = _pixels(ns[x], x, lang)
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
    """The widget's entry point: apply(ns, changes, …); the first answer (first=True)
    also has "slides" (network_state.slides()) and "teachers" (teachers())."""
    out = apply(ns, changes, net, x, t, lang)
    if first:
        out.update(slides=network_state.slides(), teachers=teachers())
    return out
