"""Python halves of the chapter 1–2 widgets: one unit, and its activation.

neuron-explorer (js/widgets/neuron-explorer.mjs) shares the page variable

    neuron = {"x": [x1, x2], "w": [w1, w2, θ], "activation": "step"}

(one input: "x": [x1], "w": [w1, θ]) and shows what ``explore(neuron)``
returns: s = wᵀx with x = (x1 … xn, −1), y = a(s), and the unit's truth
table over the inputs 0 and 1.

activation-plot (js/widgets/activation-plot.mjs) shares

    activation_plot = {"activation": "sigmoid", "s": 0.0}

and shows ``curve(name)`` (a(s) and a′(s) sampled on [−5, 5]) and
``at(activation_plot)`` (the values at the cursor).

Every number comes from nnbook.activations and nnbook.unit, so what the
widgets show is what a cell computes.
"""

import itertools
import math

import numpy as np

from ..activations import ACTIVATIONS
from ..activations import activation as _activation
from ..unit import weighted_sum

NEURON_ACTIVATIONS = ("step", "sigmoid", "tanh", "relu", "identity")
PLOT_ACTIVATIONS = ("sigmoid", "tanh", "relu", "step")
S_MIN, S_MAX = -5.0, 5.0
SAMPLES_PER_UNIT = 20          # the plot's grid: s = k / 20, so s = 0 is a sample

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


def default_neuron():
    """The explorer's starting unit: AND, with inputs (1, 1)."""
    return {key: list(value) if isinstance(value, list) else value
            for key, value in PRESETS["AND"].items()}


def _finite_list(values, what, length=None):
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"neuron[{what!r}] should be a list of numbers; got {values!r}") from None
    if array.ndim != 1 or (length is not None and array.shape[0] != length):
        want = f"{length} numbers" if length is not None else "a list of numbers"
        raise ValueError(f"neuron[{what!r}] should be {want}; got {values!r}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"neuron[{what!r}] should hold finite numbers; got {values!r}")
    return [float(v) for v in array]


def normalise(neuron):
    """The unit as {"x": [...], "w": [...], "activation": name}, checked.

    n = 1 or 2 inputs; w has n + 1 entries (the weights, then θ).  A bad value
    raises a ValueError that says what was expected.
    """
    if not isinstance(neuron, dict):
        raise ValueError('neuron should be a dict like {"x": [1, 0], "w": [1.0, 1.0, 1.5], '
                         f'"activation": "step"}}; got {type(neuron).__name__}')
    missing = [key for key in ("x", "w") if key not in neuron]
    if missing:
        raise ValueError(f"neuron needs the keys 'x' and 'w'; missing {missing}")
    x = _finite_list(neuron["x"], "x")
    if len(x) not in (1, 2):
        raise ValueError(f"the explorer shows a unit with 1 or 2 inputs; neuron['x'] has {len(x)}")
    w = _finite_list(neuron["w"], "w", len(x) + 1)
    name = neuron.get("activation", "step")
    if name not in NEURON_ACTIVATIONS:
        raise ValueError(f"neuron['activation'] should be one of {', '.join(NEURON_ACTIVATIONS)}; "
                         f"got {name!r}")
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


def explore(neuron):
    """Everything the neuron explorer shows for the unit `neuron`.

    >>> r = explore({"x": [1, 1], "w": [1, 1, 1.5], "activation": "step"})
    >>> r["s"], r["y"], r["gate"]
    (0.5, 1.0, 'AND')
    """
    unit = normalise(neuron)
    s = weighted_sum(unit["w"], unit["x"])
    y = float(_activation(unit["activation"])(s))
    table = truth_table(unit["w"], unit["activation"])
    return {**unit, "s": s, "y": y, "table": table,
            "gate": gate_name([row["y"] for row in table])}


# ---- activation-plot ----------------------------------------------------

def default_plot():
    return {"activation": "sigmoid", "s": 0.0}


def _plot_state(state):
    if not isinstance(state, dict):
        raise ValueError('activation_plot should be a dict like {"activation": "sigmoid", "s": 0.0}; '
                         f"got {type(state).__name__}")
    name = state.get("activation", "sigmoid")
    if name not in PLOT_ACTIVATIONS:
        raise ValueError(f"activation_plot['activation'] should be one of "
                         f"{', '.join(PLOT_ACTIVATIONS)}; got {name!r}")
    try:
        s = float(state.get("s", 0.0))
    except (TypeError, ValueError):
        raise ValueError(f"activation_plot['s'] should be a number; got {state.get('s')!r}") from None
    if not math.isfinite(s):
        raise ValueError(f"activation_plot['s'] should be a finite number; got {s}")
    return name, s


def curve(name):
    """a(s) and a′(s) at s = k/20 for s in [−5, 5] (201 points, s = 0 among them)."""
    a = ACTIVATIONS[name] if name in PLOT_ACTIVATIONS else None
    if a is None:
        raise ValueError(f"no plot for activation {name!r}; choose one of {', '.join(PLOT_ACTIVATIONS)}")
    k = np.arange(int(S_MIN * SAMPLES_PER_UNIT), int(S_MAX * SAMPLES_PER_UNIT) + 1)
    s = k / SAMPLES_PER_UNIT
    return {"activation": name, "s": s.tolist(), "a": a(s).tolist(), "da": a.derivative(s).tolist()}


def at(state, have=()):
    """The values at the cursor: {"activation", "s", "a", "da"}.

    The cursor stays on [−5, 5]; s is clamped to it.  Unless the widget
    already has the function's curve (its name is in `have`), the result
    also holds "curve": curve(name).
    """
    name, s = _plot_state(state)
    s = min(max(s, S_MIN), S_MAX)
    a = ACTIVATIONS[name]
    result = {"activation": name, "s": s, "a": float(a(s)), "da": float(a.derivative(s))}
    if name not in have:
        result["curve"] = curve(name)
    return result
