"""Python half of the neuron-explorer widget (js/widgets/neuron-explorer.mjs):
one unit with one or two inputs, s = wᵀx with x = (x1 … xn, −1), y = a(s),
and the unit's truth table over the inputs 0 and 1.

The widget shares the page variable (``neuron`` unless the page says var=)

    neuron = {"x": [x1, x2], "w": [w1, w2, θ], "activation": "step"}

(one input: "x": [x1], "w": [w1, θ]) and shows what :func:`sync` returns.
Every number comes from nnbook.activations and nnbook.unit, so what the
widget shows is what a cell computes.
"""

import itertools

import numpy as np

from ..activations import ACTIVATIONS
from ..activations import activation as _activation
from ..unit import weighted_sum
from .common import WidgetProblem, language, problem  # noqa: F401  (WidgetProblem: what sync raises)

# The explorer's menu: nnbook's activations, the step function first (the
# chapter starts with the threshold unit).
NEURON_ACTIVATIONS = ("step",) + tuple(name for name in ACTIVATIONS if name != "step")

# Presets: a single unit with the step activation computing a logic gate.
# AND fires only when both inputs are 1 (1 + 1 ≥ 1.5), OR when either is
# (1 ≥ 0.5), NOT when its one input is 0 (−0 ≥ −0.5 but −1 < −0.5).
PRESETS = {
    "AND": {"x": [1.0, 1.0], "w": [1.0, 1.0, 1.5], "activation": "step"},
    "OR": {"x": [1.0, 0.0], "w": [1.0, 1.0, 0.5], "activation": "step"},
    "NOT": {"x": [0.0], "w": [-1.0, -0.5], "activation": "step"},
}

# The Boolean function a truth table computes, by its outputs for the inputs
# (0,0), (0,1), (1,0), (1,1) — or (0), (1) for one input.
GATES_2 = {
    (0, 0, 0, 0): "0", (1, 1, 1, 1): "1",
    (0, 0, 0, 1): "AND", (0, 1, 1, 1): "OR", (1, 1, 1, 0): "NAND", (1, 0, 0, 0): "NOR",
    (0, 1, 1, 0): "XOR", (1, 0, 0, 1): "XNOR",
    (0, 0, 1, 1): "x1", (0, 1, 0, 1): "x2", (1, 1, 0, 0): "NOT x1", (1, 0, 1, 0): "NOT x2",
    (0, 0, 1, 0): "x1 AND NOT x2", (0, 1, 0, 0): "NOT x1 AND x2",
    (1, 0, 1, 1): "x1 OR NOT x2", (1, 1, 0, 1): "NOT x1 OR x2",
}
GATES_1 = {(0, 0): "0", (1, 1): "1", (0, 1): "x1", (1, 0): "NOT x1"}

MESSAGES = {
    "en": {
        "dict": 'neuron should be a dict like {{"x": [1, 0], "w": [1.0, 1.0, 1.5], '
                '"activation": "step"}}; got {kind}',
        "keys": "neuron needs the keys 'x' and 'w'; missing {missing}",
        "numbers": "neuron[{what!r}] should be a list of numbers; got {value!r}",
        "length": "neuron[{what!r}] should be {want}; got {value!r}",
        "count": "{length} numbers",
        "finite": "neuron[{what!r}] should hold finite numbers; got {value!r}",
        "inputs": "the explorer shows a unit with 1 or 2 inputs; neuron['x'] has {n}",
        "activation": "neuron['activation'] should be one of {names}; got {name!r}",
        "var": "not a Python variable name: {var!r}",
    },
    "ja": {
        "dict": 'neuron は {{"x": [1, 0], "w": [1.0, 1.0, 1.5], "activation": "step"}} '
                "のような辞書にしてください。実際は {kind} です",
        "keys": "neuron にはキー 'x' と 'w' が要ります。足りないキー: {missing}",
        "numbers": "neuron[{what!r}] は数のリストにしてください。実際は {value!r} です",
        "length": "neuron[{what!r}] は {want}にしてください。実際は {value!r} です",
        "count": "{length} 個の数",
        "finite": "neuron[{what!r}] には有限の数を入れてください。実際は {value!r} です",
        "inputs": "エクスプローラーが表示できるのは入力 1 個か 2 個のユニットです。neuron['x'] には {n} 個あります",
        "activation": "neuron['activation'] は {names} のどれかにしてください。実際は {name!r} です",
        "var": "Python の変数名ではありません: {var!r}",
    },
}


def default_neuron():
    """The explorer's starting unit: AND, with inputs (1, 1)."""
    return {key: list(value) if isinstance(value, list) else value
            for key, value in PRESETS["AND"].items()}


def defaults():
    """What the widget shows before Python answers (the build puts it into the page):
    the menu of activations, the presets and the starting unit with all it computes
    (s, y, the truth table, the gate), so the diagram is drawn at once."""
    return {"activations": list(NEURON_ACTIVATIONS), "presets": PRESETS, "unit": describe(default_neuron())}


def _numbers(values, what, lang, length=None):
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise problem(MESSAGES, lang, "numbers", what=what, value=values) from None
    if array.ndim != 1 or (length is not None and array.shape[0] != length):
        if length is None:
            raise problem(MESSAGES, lang, "numbers", what=what, value=values)
        want = MESSAGES[lang]["count"].format(length=length)
        raise problem(MESSAGES, lang, "length", what=what, want=want, value=values)
    if not np.all(np.isfinite(array)):
        raise problem(MESSAGES, lang, "finite", what=what, value=values)
    return [float(v) for v in array]


def normalise(neuron, lang="en"):
    """The unit as {"x": [...], "w": [...], "activation": name}, checked.

    n = 1 or 2 inputs; w has n + 1 entries (the weights, then θ).  A bad value
    raises a WidgetProblem (a ValueError) that says, in ``lang``, what was expected.
    """
    lang = language(lang)
    if not isinstance(neuron, dict):
        raise problem(MESSAGES, lang, "dict", kind=type(neuron).__name__)
    missing = [key for key in ("x", "w") if key not in neuron]
    if missing:
        raise problem(MESSAGES, lang, "keys", missing=missing)
    x = _numbers(neuron["x"], "x", lang)
    if len(x) not in (1, 2):
        raise problem(MESSAGES, lang, "inputs", n=len(x))
    w = _numbers(neuron["w"], "w", lang, len(x) + 1)
    name = neuron.get("activation", "step")
    if name not in NEURON_ACTIVATIONS:
        raise problem(MESSAGES, lang, "activation", names=", ".join(NEURON_ACTIVATIONS), name=name)
    return {"x": x, "w": w, "activation": name}


def gate_name(outputs):
    """The name of the Boolean function with these outputs, or None.

    outputs: y for the inputs 0/1 in the order (0,0), (0,1), (1,0), (1,1)
    (or (0), (1) for one input).  None unless every output is exactly 0 or 1.
    """
    if not all(y in (0.0, 1.0) for y in outputs):
        return None
    key = tuple(int(y) for y in outputs)
    return (GATES_2 if len(key) == 4 else GATES_1).get(key)


def truth_table(w, activation="step"):
    """[{"x": [x1, x2], "s": s, "y": y}, …] for every input of 0s and 1s."""
    a = _activation(activation)
    n = len(w) - 1
    rows = []
    for x in itertools.product((0.0, 1.0), repeat=n):
        s = weighted_sum(w, x)
        rows.append({"x": list(x), "s": s, "y": float(a(s))})
    return rows


def describe(neuron, lang="en"):
    """Everything the explorer shows for the unit `neuron`.

    >>> r = describe({"x": [1, 1], "w": [1, 1, 1.5], "activation": "step"})
    >>> r["s"], r["y"], r["gate"]
    (0.5, 1.0, 'AND')
    """
    unit = normalise(neuron, lang)
    s = weighted_sum(unit["w"], unit["x"])
    y = float(_activation(unit["activation"])(s))
    table = truth_table(unit["w"], unit["activation"])
    return {**unit, "s": s, "y": y, "table": table,
            "gate": gate_name([row["y"] for row in table])}


def sync(ns, var="neuron", unit=None, write=False, lang="en"):
    """The widget's entry point: ``ns[var] = normalise(unit)`` when the reader
    moved a control (``write``) or the page has no such variable yet; then
    :func:`describe` of the variable, with the explorer's menu (``activations``)
    and ``presets``."""
    lang = language(lang)
    if not str(var).isidentifier():
        raise problem(MESSAGES, lang, "var", var=var)
    if write or var not in ns:
        ns[var] = normalise(default_neuron() if unit is None else unit, lang)
    return {**describe(ns[var], lang), "activations": list(NEURON_ACTIVATIONS), "presets": PRESETS}
