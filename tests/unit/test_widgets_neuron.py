"""The Python half of the chapter 1–2 widgets (nnbook.widgets.neuron).

Oracles: the unit's formula written out by hand, nnbook.activations, and
truth tables of the logic gates."""

import itertools
import json
import math

import numpy as np
import pytest

import nnbook
from nnbook.widgets import neuron as nw

SIGMOID = lambda s: 1 / (1 + math.exp(-s))  # noqa: E731


def test_explore_computes_s_and_y_from_the_formula():
    r = nw.explore({"x": [0.3, 0.8], "w": [1.2, -0.7, 0.4], "activation": "sigmoid"})
    s = 1.2 * 0.3 + (-0.7) * 0.8 - 0.4          # s = w1 x1 + w2 x2 − θ
    assert r["s"] == pytest.approx(s, abs=1e-15)
    assert r["y"] == pytest.approx(SIGMOID(s), rel=1e-15)
    assert r["x"] == [0.3, 0.8] and r["w"] == [1.2, -0.7, 0.4] and r["activation"] == "sigmoid"


@pytest.mark.parametrize("name", nw.NEURON_ACTIVATIONS)
def test_explore_agrees_with_nnbook_for_every_activation(name):
    w, x = [0.5, -1.5, -0.25], [1.0, 0.4]
    r = nw.explore({"x": x, "w": w, "activation": name})
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
    r = nw.explore(nw.PRESETS[gate])
    assert [row["y"] for row in r["table"]] == outputs
    assert r["gate"] == ("NOT x1" if gate == "NOT" else gate)


def test_gate_names_cover_all_sixteen_functions_of_two_inputs():
    names = {nw.gate_name(list(bits)) for bits in itertools.product([0.0, 1.0], repeat=4)}
    assert None not in names and len(names) == 16
    assert nw.gate_name([0, 1, 1, 0]) == "XOR" and nw.gate_name([1, 0, 0, 0]) == "NOR"


def test_gate_name_is_none_when_outputs_are_not_zero_or_one():
    r = nw.explore({"x": [1, 1], "w": [1, 1, 1.5], "activation": "sigmoid"})
    assert r["gate"] is None


def test_explore_result_is_plain_json():
    r = nw.explore(nw.default_neuron())
    assert json.loads(json.dumps(r, allow_nan=False)) == r


def test_numpy_inputs_are_accepted():
    r = nw.explore({"x": np.array([1, 0]), "w": np.array([1.0, 1.0, 0.5]), "activation": "step"})
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
        nw.explore(bad)
    assert says in str(info.value)


def test_curve_samples_a_and_its_derivative_on_a_grid_through_zero():
    c = nw.curve("relu")
    assert len(c["s"]) == 201 and c["s"][0] == -5 and c["s"][-1] == 5
    assert c["s"][100] == 0.0 and c["da"][100] == 0.0           # R′(0) = 0 in nnbook
    a = nnbook.activation("tanh")
    c = nw.curve("tanh")
    assert np.array_equal(c["a"], a(np.array(c["s"])))
    assert np.array_equal(c["da"], a.derivative(np.array(c["s"])))


def test_at_gives_values_at_the_cursor_and_the_curve_only_when_missing():
    r = nw.at({"activation": "sigmoid", "s": 0.0})
    assert (r["a"], r["da"]) == (0.5, 0.25) and "curve" in r
    r = nw.at({"activation": "sigmoid", "s": 2.5}, have=["sigmoid"])
    assert "curve" not in r and r["a"] == pytest.approx(SIGMOID(2.5))


def test_at_clamps_the_cursor_to_the_plot():
    assert nw.at({"activation": "tanh", "s": 12}, have=["tanh"])["s"] == 5.0


@pytest.mark.parametrize("bad, says", [
    ([], "should be a dict"),
    ({"activation": "identity"}, "one of sigmoid, tanh, relu, step"),
    ({"s": "left"}, "should be a number"),
    ({"s": float("inf")}, "finite"),
])
def test_bad_plot_state_says_what_was_expected(bad, says):
    with pytest.raises(ValueError) as info:
        nw.at(bad)
    assert says in str(info.value)
