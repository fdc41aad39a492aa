"""Python half of the activation-plot widget (js/widgets/activation-plot.mjs):
a(s) and a′(s) sampled on [−5, 5], and the values at the reader's cursor.

The widget shares the page variable (``activation_plot`` unless var=)

    activation_plot = {"activation": "sigmoid", "s": 0.0}

and shows what :func:`sync` returns. The curves and values come from
nnbook.activations, so the plot is what a cell computes.
"""

import math

import numpy as np

from ..activations import ACTIVATIONS
from .common import WidgetProblem, language, problem  # noqa: F401  (WidgetProblem: what sync raises)

# The plot's menu: nnbook's activations but the identity (a straight line,
# nothing to see about its derivative).
PLOT_ACTIVATIONS = tuple(name for name in ACTIVATIONS if name != "identity")
S_MIN, S_MAX = -5.0, 5.0
SAMPLES_PER_UNIT = 20          # the plot's grid: s = k / 20, so s = 0 is a sample

MESSAGES = {
    "en": {
        "dict": 'activation_plot should be a dict like {{"activation": "sigmoid", "s": 0.0}}; got {kind}',
        "activation": "activation_plot['activation'] should be one of {names}; got {name!r}",
        "number": "activation_plot['s'] should be a number; got {value!r}",
        "finite": "activation_plot['s'] should be a finite number; got {value}",
        "curve": "no plot for activation {name!r}; choose one of {names}",
        "var": "not a Python variable name: {var!r}",
    },
    "ja": {
        "dict": 'activation_plot は {{"activation": "sigmoid", "s": 0.0}} のような辞書にしてください。実際は {kind} です',
        "activation": "activation_plot['activation'] は {names} のどれかにしてください。実際は {name!r} です",
        "number": "activation_plot['s'] は数にしてください。実際は {value!r} です",
        "finite": "activation_plot['s'] は有限の数にしてください。実際は {value} です",
        "curve": "活性化関数 {name!r} のグラフはありません。{names} から選んでください",
        "var": "Python の変数名ではありません: {var!r}",
    },
}


def default_plot():
    return {"activation": "sigmoid", "s": 0.0}


def defaults():
    """What the widget shows before Python answers (the build puts it into the page):
    the menu of nnbook's activations and the starting state."""
    return {"activations": list(PLOT_ACTIVATIONS), "state": default_plot()}


def _plot_state(state, lang):
    if not isinstance(state, dict):
        raise problem(MESSAGES, lang, "dict", kind=type(state).__name__)
    name = state.get("activation", "sigmoid")
    if name not in PLOT_ACTIVATIONS:
        raise problem(MESSAGES, lang, "activation", names=", ".join(PLOT_ACTIVATIONS), name=name)
    try:
        s = float(state.get("s", 0.0))
    except (TypeError, ValueError):
        raise problem(MESSAGES, lang, "number", value=state.get("s")) from None
    if not math.isfinite(s):
        raise problem(MESSAGES, lang, "finite", value=s)
    return name, s


def curve(name, lang="en"):
    """a(s) and a′(s) at s = k/20 for s in [−5, 5] (201 points, s = 0 among them)."""
    if name not in PLOT_ACTIVATIONS:
        raise problem(MESSAGES, language(lang), "curve", name=name, names=", ".join(PLOT_ACTIVATIONS))
    a = ACTIVATIONS[name]
    k = np.arange(int(S_MIN * SAMPLES_PER_UNIT), int(S_MAX * SAMPLES_PER_UNIT) + 1)
    s = k / SAMPLES_PER_UNIT
    return {"activation": name, "s": s.tolist(), "a": a(s).tolist(), "da": a.derivative(s).tolist()}


def at(state, have=(), lang="en"):
    """The values at the cursor: {"activation", "s", "a", "da"}.

    The cursor stays on [−5, 5]; s is clamped to it.  Unless the widget
    already has the function's curve (its name is in `have`), the result
    also holds "curve": curve(name).
    """
    lang = language(lang)
    name, s = _plot_state(state, lang)
    s = min(max(s, S_MIN), S_MAX)
    a = ACTIVATIONS[name]
    result = {"activation": name, "s": s, "a": float(a(s)), "da": float(a.derivative(s))}
    if name not in have:
        result["curve"] = curve(name, lang)
    return result


def sync(ns, var="activation_plot", state=None, write=False, have=(), lang="en"):
    """The widget's entry point: ``ns[var] = state`` when the reader moved the
    cursor or chose a function (``write``) or the page has no such variable
    yet; then :func:`at` of the variable, with the plot's menu (``activations``)."""
    lang = language(lang)
    if not str(var).isidentifier():
        raise problem(MESSAGES, lang, "var", var=var)
    if write or var not in ns:
        state = default_plot() if state is None else state
        _plot_state(state, lang)          # a bad state from the page is refused, not shared
        ns[var] = dict(state)
    return {**at(ns[var], have, lang), "activations": list(PLOT_ACTIVATIONS)}
