"""The neuron explorer's Python half (nnbook.widgets.neuron_explorer).

Oracles: the unit's formula written out by hand, nnbook.activations, and
truth tables of the logic gates."""

import itertools
import json
import math

import numpy as np
import pytest

import nnbook
from nnbook.widgets import neuron_explorer as nw

SIGMOID = lambda s: 1 / (1 + math.exp(-s))  # noqa: E731


def test_describe_computes_s_and_y_from_the_formula():
    r = nw.describe({"x": [0.3, 0.8], "w": [1.2, -0.7, 0.4], "activation": "sigmoid"})
    s = 1.2 * 0.3 + (-0.7) * 0.8 - 0.4          # s = w1 x1 + w2 x2 − θ
    assert r["s"] == pytest.approx(s, abs=1e-15)
    assert r["y"] == pytest.approx(SIGMOID(s), rel=1e-15)
    assert r["x"] == [0.3, 0.8] and r["w"] == [1.2, -0.7, 0.4] and r["activation"] == "sigmoid"


@pytest.mark.parametrize("name", nw.NEURON_ACTIVATIONS)
def test_describe_agrees_with_nnbook_for_every_activation(name):
    w, x = [0.5, -1.5, -0.25], [1.0, 0.4]
    r = nw.describe({"x": x, "w": w, "activation": name})
    assert r["s"] == nnbook.weighted_sum(w, x)
    assert r["y"] == nnbook.unit_output(w, x, name)
    for row in r["table"]:
        assert row["s"] == nnbook.weighted_sum(w, row["x"])
        assert row["y"] == nnbook.unit_output(w, row["x"], name)


def test_truth_table_lists_every_binary_input_in_order():
    rows = nw.truth_table([1, 1, 1.5])
    assert [r["x"] for r in rows] == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert [r["y"] for r in rows] == [0, 0, 0, 1]
    assert [r["x"] for r in nw.truth_table([-1, -0.5])] == [[0], [1]]


@pytest.mark.parametrize("gate, outputs", [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("NOT", [1, 0])])
def test_presets_compute_their_gate(gate, outputs):
    r = nw.describe(nw.PRESETS[gate])
    assert [row["y"] for row in r["table"]] == outputs
    assert r["gate"] == ("NOT x1" if gate == "NOT" else gate)


def test_gate_names_cover_all_sixteen_functions_of_two_inputs():
    names = {nw.gate_name(list(bits)) for bits in itertools.product([0.0, 1.0], repeat=4)}
    assert None not in names and len(names) == 16
    assert nw.gate_name([0, 1, 1, 0]) == "XOR" and nw.gate_name([1, 0, 0, 0]) == "NOR"


def test_gate_name_is_none_when_outputs_are_not_zero_or_one():
    r = nw.describe({"x": [1, 1], "w": [1, 1, 1.5], "activation": "sigmoid"})
    assert r["gate"] is None


def test_describe_result_is_plain_json():
    r = nw.describe(nw.default_neuron())
    assert json.loads(json.dumps(r, allow_nan=False)) == r


def test_numpy_inputs_are_accepted():
    r = nw.describe({"x": np.array([1, 0]), "w": np.array([1.0, 1.0, 0.5]), "activation": "step"})
    assert r["x"] == [1.0, 0.0] and isinstance(r["x"][0], float) and r["gate"] == "OR"


@pytest.mark.parametrize("bad, says", [
    (5, "should be a dict"),
    ({"w": [1, 2, 3]}, "missing ['x']"),
    ({"x": [1, 2, 3], "w": [1, 2, 3, 4]}, "1 or 2 inputs"),
    ({"x": [1, 2], "w": [1, 2]}, "should be 3 numbers"),
    ({"x": [1, "a"], "w": [1, 2, 3]}, "list of numbers"),
    ({"x": [1, float("nan")], "w": [1, 2, 3]}, "finite"),
    ({"x": [1, 2], "w": [1, 2, 3], "activation": "softmax"}, "one of step, sigmoid"),
])
def test_bad_neuron_says_what_was_expected(bad, says):
    with pytest.raises(ValueError) as info:
        nw.describe(bad)
    assert says in str(info.value)




def test_the_menu_is_nnbooks_activations_with_step_first():
    assert nw.NEURON_ACTIVATIONS[0] == "step"
    assert sorted(nw.NEURON_ACTIVATIONS) == sorted(nnbook.activations.ACTIVATIONS)


def test_sync_creates_the_variable_once_and_writes_only_when_told():
    ns = {}
    r = nw.sync(ns, var="unit", unit={"x": [1, 0], "w": [1, 1, 0.5], "activation": "step"})
    assert ns["unit"] == {"x": [1.0, 0.0], "w": [1.0, 1.0, 0.5], "activation": "step"}
    assert r["gate"] == "OR" and r["activations"] == list(nw.NEURON_ACTIVATIONS)
    assert r["presets"] == nw.PRESETS
    json.dumps(r, allow_nan=False)
    # a read keeps what a cell set; a write replaces it
    ns["unit"] = {"x": [0], "w": [-1, -0.5]}
    assert nw.sync(ns, var="unit", unit=nw.default_neuron())["gate"] == "NOT x1"
    assert nw.sync(ns, var="unit", unit=nw.default_neuron(), write=True)["gate"] == "AND"
    assert ns["unit"] == nw.normalise(nw.default_neuron())


def test_sync_says_what_is_wrong_in_the_pages_language():
    ns = {"neuron": {"x": [1, 0, 1], "w": [1, 1, 1, 1]}}
    with pytest.raises(nw.WidgetProblem, match="1 or 2 inputs"):
        nw.sync(ns)
    with pytest.raises(nw.WidgetProblem, match="入力 1 個か 2 個"):
        nw.sync(ns, lang="ja")
    with pytest.raises(nw.WidgetProblem, match="variable name"):
        nw.sync({}, var="not a name")
